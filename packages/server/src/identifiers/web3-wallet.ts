import { apiErrors } from '../errors/api-errors.js';
import { decodeBase58 } from './base58.js';

export type Web3Chain = 'ethereum' | 'solana';

export interface NormalizedWeb3Wallet {
  /** As given (trimmed), e.g. an EIP-55 mixed-case address: what the user sees. */
  address: string;
  /**
   * The uniqueness key (named like the other identifiers' keys). Ethereum addresses
   * are hex, so case carries no meaning and the key is lowercase; Solana addresses are
   * base58, where case is part of the value, so there the key is the address itself.
   */
  lower: string;
  chain: Web3Chain;
}

/** What Clerk's web3 strategies sign with: Ethereum-style (MetaMask, Coinbase, OKX, Base) and Solana. */
const ETHEREUM = /^0x[0-9a-fA-F]{40}$/;
/** A Solana address is a 32-byte ed25519 public key in base58: 32 to 44 characters. */
const SOLANA = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;

/**
 * Validates a web3 wallet address. Mixed-case Ethereum addresses are not checked
 * against their EIP-55 checksum: that needs Keccak-256, which node:crypto lacks.
 */
export function normalizeWeb3Wallet(raw: string, paramName = 'web3_wallet'): NormalizedWeb3Wallet {
  const address = raw.trim();
  if (ETHEREUM.test(address)) {
    return { address, lower: address.toLowerCase(), chain: 'ethereum' };
  }
  if (SOLANA.test(address) && decodeBase58(address)?.length === 32) {
    return { address, lower: address, chain: 'solana' };
  }
  throw apiErrors.web3WalletInvalid(paramName);
}

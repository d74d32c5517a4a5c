import { keccak_256 } from '@noble/hashes/sha3.js';
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
 * The EIP-55 form of an Ethereum address: each hex letter is uppercase where the matching
 * nibble of Keccak-256 of the lowercase hex (as ASCII) is 8 or more.
 */
export function toChecksumAddress(address: string): string {
  const hex = address.slice(2).toLowerCase();
  const hash = keccak_256(new TextEncoder().encode(hex));
  let out = '0x';
  for (let i = 0; i < hex.length; i++) {
    const nibble = (hash[i >> 1]! >> (i % 2 === 0 ? 4 : 0)) & 0xf;
    out += nibble >= 8 ? hex[i]!.toUpperCase() : hex[i]!;
  }
  return out;
}

/**
 * Validates a web3 wallet address. An Ethereum address in mixed case carries an EIP-55
 * checksum, which must match (a typo in it is caught); all lowercase or all uppercase
 * carries none and is accepted as is.
 */
export function normalizeWeb3Wallet(raw: string, paramName = 'web3_wallet'): NormalizedWeb3Wallet {
  const address = raw.trim();
  if (ETHEREUM.test(address)) {
    const hex = address.slice(2);
    const mixedCase = hex !== hex.toLowerCase() && hex !== hex.toUpperCase();
    if (mixedCase && toChecksumAddress(address) !== address) {
      throw apiErrors.web3WalletChecksumInvalid(paramName, address);
    }
    return { address, lower: address.toLowerCase(), chain: 'ethereum' };
  }
  if (SOLANA.test(address) && decodeBase58(address)?.length === 32) {
    return { address, lower: address, chain: 'solana' };
  }
  throw apiErrors.web3WalletInvalid(paramName);
}

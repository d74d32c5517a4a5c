/** Why an outbound request failed; `address` is the refused address for `address_not_allowed`. */
export type OutboundFailure = 'address_not_allowed' | 'timeout' | 'network' | 'too_large';

export class OutboundError extends Error {
  constructor(
    readonly kind: OutboundFailure,
    readonly detail: string,
    readonly address?: string,
  ) {
    super(`outbound request failed (${kind}): ${detail}`);
    this.name = 'OutboundError';
  }
}

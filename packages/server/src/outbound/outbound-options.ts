/** How a server's outbound requests behave (`createServer({ outbound })`). */
export interface OutboundOptions {
  /** Default 5 s for the whole exchange. */
  timeoutMs?: number;
  /** Default 64 KiB. */
  maxResponseBytes?: number;
  /** Private and reserved addresses may be reached (`CASTELLAN_OUTBOUND_ALLOW_PRIVATE=1`). */
  allowPrivate?: boolean;
  /** Host names that may resolve to any address (`CASTELLAN_OUTBOUND_ALLOW_HOSTS`, comma-separated). */
  allowHosts?: readonly string[];
}

/**
 * The server's per-address limits (HTTP rate limits, the connection cap), off: a benchmark's
 * hundreds or thousands of bots all come from this machine's loopback, where the product's limits
 * would take them for one abusive client. `bench/soak.ts` keeps the product's limits on.
 */
export const NO_ADDRESS_LIMITS: Record<string, string> = { RATE_LIMIT_SCALE: '0', MAX_CONNECTIONS_PER_ADDRESS: '0' };

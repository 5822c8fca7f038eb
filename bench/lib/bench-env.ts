/**
 * The server's per-address limits (HTTP rate limits, the connection cap), off: a benchmark's
 * hundreds or thousands of bots all come from this machine's loopback, where the product's limits
 * would take them for one abusive client. `bench/soak.ts` keeps the product's limits on.
 */
export const NO_ADDRESS_LIMITS: Record<string, string> = {
  RATE_LIMIT_SCALE: '0',
  MAX_CONNECTIONS_PER_ADDRESS: '0',
  // A launch's guests and anonymous viewers per network, and the seats kept for signed-in
  // attendees (bench:launch's bots are guests, all from loopback).
  LAUNCH_GUESTS_PER_ADDRESS: '0',
  LAUNCH_VIEWERS_PER_ADDRESS: '0',
  LAUNCH_SIGNED_IN_SHARE: '0',
};

import path from 'node:path';
import { z } from 'zod';
import { MarqueError } from '../../protocol/src/errors';

/** Repository root (this file is server/src/config.ts). */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, 'must be a 0x-prefixed 20-byte hex address')
  .transform((value) => value as `0x${string}`);

const envSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(2567),
  /** `npm start` only: ports of the local chain and of the page. */
  CHAIN_PORT: z.coerce.number().int().min(0).max(65535).default(8545),
  CLIENT_PORT: z.coerce.number().int().min(0).max(65535).default(5173),
  DATA_DIR: z.string().default(path.join(REPO_ROOT, '.data')),
  /** `npm start` only: the page from Vite's dev server (`dev`), the built client (`preview`), or none (`none`: no page, no asset build). */
  START_CLIENT: z.enum(['dev', 'preview', 'none']).default('dev'),
  /** `npm start` with `START_CLIENT=preview` only: the built client's folder (`npm run build` writes `client/dist`). */
  CLIENT_DIR: z.string().default(path.join(REPO_ROOT, 'client', 'dist')),
  DATABASE_URL: z.string().url().optional(),
  /** Redis for presence and matchmaking shared by several server processes; unset: in-process. */
  REDIS_URL: z.string().url().optional(),
  /** `host:port` at which clients reach this process directly, when several run behind one address. */
  PUBLIC_ADDRESS: z.string().regex(/^[^\s/:]+(:\d+)?$/, 'must be host:port, without scheme or path').optional(),
  RPC_URL: z.string().url().optional(),
  TWIN_ADDRESS: address.optional(),
  /** `npm run serve`: the other contracts; the chain indexer skips those unset. */
  PASSPORT_ADDRESS: address.optional(),
  PROFILE_ADDRESS: address.optional(),
  EVENT_PASS_ADDRESS: address.optional(),
  /** `npm run serve`: MarquePasskeyAccountFactory, whose inviter must be the relayer; unset: no passkey accounts (their routes answer 503). */
  ACCOUNT_FACTORY_ADDRESS: address.optional(),
  /** Most sponsored passkey batches one account sends in a UTC day. */
  SPONSOR_CALLS_PER_ACCOUNT_PER_DAY: z.coerce.number().int().min(0).max(100_000).default(20),
  /** Most sponsored passkey batches of all accounts together in a UTC day. */
  SPONSOR_CALLS_PER_DAY: z.coerce.number().int().min(0).max(10_000_000).default(2_000),
  /** `npm run serve`: block of the contracts' deployment, where the indexer starts reading. */
  DEPLOYMENT_BLOCK: z.coerce.number().int().min(0).default(0),
  /** Pause between two polls of the chain's head; unset: 250 ms on a local chain (31337), 2 s elsewhere. */
  INDEXER_POLL_MS: z.coerce.number().int().min(10).max(60_000).optional(),
  /** Most blocks one eth_getLogs request covers while the indexer back-fills. */
  INDEXER_BLOCK_RANGE: z.coerce.number().int().min(1).max(1_000_000).default(2_000),
  /**
   * Key of the account that pays for relaying dealers' passport records (0x + 64 hex). Unset: the
   * local chain's deployer relays under `npm start`; elsewhere the relay route answers 503.
   */
  RELAYER_PRIVATE_KEY: z
    .string()
    .regex(/^0x[0-9a-fA-F]{64}$/, 'must be a 0x-prefixed 32-byte hex private key')
    .transform((value) => value as `0x${string}`)
    .optional(),
  PUBLIC_URL: z.string().url().default('http://localhost:5173'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
  SIWE_MAX_AGE_SECONDS: z.coerce.number().int().min(10).max(3600).default(300),
  /**
   * Absolute lifetime of a session from its sign-in (or guest start): refreshing never extends a
   * session past it, after which the visitor signs in again. 12 hours by default.
   */
  SESSION_MAX_AGE_SECONDS: z.coerce.number().int().min(60).max(30 * 86_400).default(43_200),
  /**
   * Origins besides PUBLIC_URL's whose pages may call the API from the browser (CORS), comma-separated
   * (`https://staging.example,https://kiosk.example`). Public reads (twin metadata, glbs, add-ons) are
   * open to every origin regardless.
   */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((list) => list.split(',').map((origin) => origin.trim()).filter(Boolean))
    .pipe(z.array(z.string().url().transform((origin) => new URL(origin).origin))),
  /**
   * How many proxies in front of the server append to X-Forwarded-For. 0 (the default): the client's
   * address is the socket's, and X-Forwarded-For is ignored, as anyone can send it. Behind one
   * reverse proxy set 1, so that per-address limits apply to the visitors, not to the proxy.
   */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /**
   * Most open connections (HTTP and WebSocket) from one address (an IPv6 /64 counts as one); past
   * it a new socket gets 429 and is closed. 0: no cap (benchmarks on loopback). A venue whose
   * visitors share one NAT address needs about three per visitor.
   */
  MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(0).max(1_000_000).default(128),
  /**
   * Multiplies every HTTP rate limit (README "Reliability and limits"): 2 allows twice as many
   * requests, 0 turns rate limiting off (benchmarks that sign in thousands of bots from loopback).
   */
  RATE_LIMIT_SCALE: z.coerce.number().min(0).max(1000).default(1),
  /** Time a client has to send a request's headers (also an idle new connection's life). */
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** Time a client has to send a whole request, headers and body. */
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** How long a kept-alive connection may sit idle between two requests. */
  HTTP_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  /**
   * Guests (sessions without a wallet) one network address (an IPv6 /64 counts as one) may seat on
   * a launch's floor at once; 0: no cap (benchmarks, whose bots share loopback).
   */
  LAUNCH_GUESTS_PER_ADDRESS: z.coerce.number().int().min(0).max(1_000_000).default(4),
  /** Overflow streams of guests and anonymous viewers one network address may hold open at one launch; 0: no cap. */
  LAUNCH_VIEWERS_PER_ADDRESS: z.coerce.number().int().min(0).max(1_000_000).default(8),
  /** Share of a launch's embodied limit kept for signed-in attendees: guests cannot take the last seats. */
  LAUNCH_SIGNED_IN_SHARE: z.coerce.number().min(0).max(1).default(0.2),
  /** `off` turns voice off on this server: rooms answer a voice join with a message, and no forwarder thread starts. */
  VOICE: z.enum(['on', 'off']).default('on'),
  /** Most voices one listener receives at once (the nearest talkers, the stage's first). */
  VOICE_MAX_SPEAKERS: z.coerce.number().int().min(1).max(16).default(6),
  /** Metres beyond which a talker is not heard, nor forwarded. */
  VOICE_RADIUS_M: z.coerce.number().min(1).max(200).default(12),
  /**
   * Address the voice forwarder announces to browsers besides its interfaces': the machine's public
   * address behind NAT. Unset: `127.0.0.1` when HOST is a loopback address, else none.
   */
  VOICE_ICE_ADDRESS: z.ipv4().optional(),
  /** UDP ports the voice forwarder may use, `min-max` (a firewall's opening); unset: any free port. */
  VOICE_UDP_PORTS: z
    .string()
    .regex(/^\d{2,5}-\d{2,5}$/, 'must be min-max, as 40000-40999')
    .transform((range) => range.split('-').map(Number) as [number, number])
    .refine(([min, max]) => min < max && max <= 65535, 'min must be below max, and max at most 65535')
    .optional(),
  /** Mail of the notification centre through this SMTP server (`smtp://user:pass@host:587`, `smtps://…`); unset: mails are kept in the data folder's local outbox (the page `?outbox`). */
  SMTP_URL: z.string().url().optional(),
  /** Sender of the notification centre's mails, also the VAPID contact of its Web Push. */
  MAIL_FROM: z.string().min(3).max(200).default('Marque <news@marque.localhost>'),
  /** Web Push's VAPID key pair (base64url, as web-push makes them); unset: one is made once and kept in the database. */
  VAPID_PUBLIC_KEY: z.string().regex(/^[A-Za-z0-9_-]{80,100}$/, 'must be a base64url P-256 public key').optional(),
  VAPID_PRIVATE_KEY: z.string().regex(/^[A-Za-z0-9_-]{40,50}$/, 'must be a base64url P-256 private key').optional(),
  /** Comma-separated words the chat masks (the default moderator also refuses links and shouting). */
  CHAT_BLOCKED_WORDS: z
    .string()
    .default('')
    .transform((list) => list.split(',').map((word) => word.trim()).filter(Boolean)),
});

/** Environment of the server process, validated. See README "Configuration". */
export type ServerEnv = z.infer<typeof envSchema>;

/**
 * Reads and validates the server's environment variables.
 * @throws MarqueError naming every bad variable and what it must look like.
 */
export function readEnv(env: NodeJS.ProcessEnv = process.env): ServerEnv {
  // `DATABASE_URL=` on a command line means unset, as in most tools.
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new MarqueError('config', `invalid environment variables — fix them and start again`, {
      details: problems,
    });
  }
  return parsed.data;
}

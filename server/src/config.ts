import path from 'node:path';
import { z } from 'zod';
import { REPO_ROOT } from '../../pipelines/src/repo-root';
import { MarqueError } from './errors';

// One definition of the repository root: the pipeline's, which the server builds on.
export { REPO_ROOT };

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
  /** Guests (sessions without a wallet) one network address may seat on a launch's floor at once. */
  LAUNCH_GUESTS_PER_ADDRESS: z.coerce.number().int().min(0).max(10_000).default(4),
  /** Overflow streams of guests and anonymous viewers one network address may hold open at one launch. */
  LAUNCH_VIEWERS_PER_ADDRESS: z.coerce.number().int().min(0).max(10_000).default(8),
  /** Share of a launch's embodied limit kept for signed-in attendees: guests cannot take the last seats. */
  LAUNCH_SIGNED_IN_SHARE: z.coerce.number().min(0).max(1).default(0.2),
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
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new MarqueError(`config: invalid environment variables — fix them and start again`, {
      details: problems,
    });
  }
  return parsed.data;
}

import { randomBytes } from 'node:crypto';
import { RedisDriver } from '@colyseus/redis-driver';
import { RedisPresence } from '@colyseus/redis-presence';
import type { Address } from 'viem';
import { readManifest, type WorldManifest } from '../../pipelines/src/session';
import type { AppServices } from './app.config';
import { SessionTokens } from './auth/session-token';
import { InviteService } from './auth/invites';
import { SiweService } from './auth/siwe';
import { AccessControl, followTransfers } from './access/access-control';
import { ChainFacts } from './access/chain-facts';
import { connectChain } from './chain/chain';
import type { ServerEnv } from './config';
import { openDatabase } from './db/database';
import { blocklistModerator } from './rooms/chat';
import type { DemoWallet } from './http/routes';

/** Where the chain and contracts are, beside the environment. */
export interface ServicesOptions {
  env: ServerEnv;
  rpcUrl: string;
  twinAddress: Address;
  /** Folder of the embedded database; ignored when `DATABASE_URL` is set; absent: in memory. */
  databaseDir?: string;
  demoWallets?: DemoWallet[];
  /** Reads the published assets' manifest; by default the one in client/public/assets. */
  manifest?: () => Promise<WorldManifest | undefined>;
  /** Replaces zones' room policies (tests and the rooms benchmark). */
  policies?: AppServices['policies'];
  /** The marque's contracts beside the twin (from the deployment record); rules that need an absent one refuse. */
  contracts?: Partial<Record<'twin' | 'passport' | 'profile' | 'eventPass', { address: Address; blockNumber: number }>>;
}

/** Opens the database and the chain, and builds the auth services on them. */
export async function createServices(options: ServicesOptions): Promise<AppServices & { close(): Promise<void> }> {
  const { env } = options;
  const chain = await connectChain({ rpcUrl: options.rpcUrl, twinAddress: options.twinAddress });
  const db = await openDatabase({ url: env.DATABASE_URL, dataDir: options.databaseDir });
  // Without a configured secret, tokens live as long as this process: fine for one
  // machine; several processes must share SESSION_SECRET.
  const secret = env.SESSION_SECRET ?? randomBytes(32).toString('hex');
  const tokens = new SessionTokens(secret, env.SESSION_TTL_SECONDS);
  const publicUrl = new URL(env.PUBLIC_URL);
  const siwe = new SiweService(db, (args) => chain.client.verifyMessage(args), {
    domain: publicUrl.host,
    origin: publicUrl.origin,
    chainId: chain.chainId,
    maxAgeSeconds: env.SIWE_MAX_AGE_SECONDS,
  });
  const contracts = {
    twin: options.twinAddress,
    passport: options.contracts?.passport?.address,
    profile: options.contracts?.profile?.address,
    eventPass: options.contracts?.eventPass?.address,
  };
  const access = new AccessControl(new ChainFacts(chain.client, contracts));
  const stopFollowing = followTransfers(
    chain.client,
    [contracts.twin, contracts.profile, contracts.eventPass].filter((a): a is Address => a !== undefined),
    access,
  );
  return {
    db,
    chain,
    tokens,
    siwe,
    invites: new InviteService(db, secret),
    access,
    demoWallets: options.demoWallets,
    moderator: blocklistModerator(env.CHAT_BLOCKED_WORDS),
    manifest: options.manifest ?? (() => readManifest()),
    // Several processes share rooms and matchmaking through Redis; one process needs none.
    ...(env.REDIS_URL ? { presence: new RedisPresence(env.REDIS_URL), driver: new RedisDriver(env.REDIS_URL) } : {}),
    publicAddress: env.PUBLIC_ADDRESS,
    policies: options.policies,
    publicUrl: env.PUBLIC_URL,
    async close() {
      stopFollowing();
      await db.close();
    },
  };
}

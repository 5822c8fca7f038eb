import { randomBytes } from 'node:crypto';
import { LocalPresence, type Presence } from '@colyseus/core';
import { RedisDriver } from '@colyseus/redis-driver';
import { RedisPresence } from '@colyseus/redis-presence';
import type { Address } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import type { WorldManifest } from '../../protocol/src/manifest';
import { PUBLISHED_ASSETS_DIR, readManifest } from '../../protocol/src/read-manifest';
import type { AppServices } from './app.config';
import { SessionTokens } from './auth/session-token';
import { InviteService } from './auth/invites';
import { SiweService } from './auth/siwe';
import { AccessControl } from './access/access-control';
import { ChainFacts } from './access/chain-facts';
import { connectChain } from './chain/chain';
import { EventPassChain } from './chain/event-pass-chain';
import { Relayer } from './chain/relayer';
import { TxQueue } from './chain/tx-queue';
import { createOperations } from './operations/operations';
import { createOwnerInvitation } from './accounts/owner-invitations';
import { RpcGate } from './chain/rpc-gate';
import { probeRedis } from './redis-probe';
import type { ServerEnv } from './config';
import { openDatabase } from './db/database';
import { ChainIndexer } from './indexer/chain-indexer';
import { IndexQueries } from './indexer/index-queries';
import { AttendanceLedger } from './launch/attendance-ledger';
import { EventStore } from './launch/event-store';
import { LaunchService } from './launch/launch-service';
import { ROOM_POLICIES } from './rooms/policies';
import type { LaunchEventInput } from '../../protocol/src/launch-input';
import { OverflowStreams } from './launch/overflow-stream';
import { VisitLog } from './launch/visit-log';
import type { IndexerContracts } from './indexer/indexed-events';
import { blocklistModerator } from './rooms/chat';
import type { DemoWallet } from '../../protocol/src/world-api';
import { createTwinServices, type OffChainSeed, type TwinServices } from './twins/twin-services';
import { httpLimits } from './http/http-guard';
import { VoiceHub } from './voice/voice-hub';
import { passkeyServices } from './accounts/passkey-services';
import { createNotifications } from './notifications/notifications';
import { registerNotificationData } from './notifications/notification-privacy';
import path from 'node:path';
import { PersonalDataRegistry } from './privacy/personal-data';
import { existingSources } from './privacy/existing-sources';
import { ProfileStore } from './profile/profile-store';
import { AnalyticsStore } from './analytics/analytics-store';
import { createJourney } from './journey/journey';
import { Builds } from './builds/builds';

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
  /** Folder of the published glbs the manifest names; by default client/public/assets. */
  assetsDir?: string;
  /**
   * An account the chain's node signs for (the local chain's deployer) that relays dealers'
   * passport records when `RELAYER_PRIVATE_KEY` is unset.
   */
  relayer?: Address;
  /** Off-chain data of what the deployment seeded (ordered configurations, record details), written at start. */
  seed?: OffChainSeed;
  /** A launch to create, hosted by `host`, when the database holds none yet (`npm start`'s demo). */
  demoLaunch?: { event: LaunchEventInput; host: Address };
  /** Replaces zones' room policies (tests and the rooms benchmark). */
  policies?: AppServices['policies'];
  /**
   * Makes the chain durable up to its head (the local chain's state saved to disk); awaited before
   * the database records anything read from the chain. Absent for a real chain, durable by itself.
   */
  chainCheckpoint?: () => Promise<void>;
  /** Signs session tokens and invitations when `SESSION_SECRET` is unset (`npm start` keeps one in its data folder). */
  sessionSecret?: string;
  /** The marque's contracts beside the twin (from the deployment record): the access rules and the chain indexer read them; rules that need an absent one refuse, the indexer skips it. */
  contracts?: IndexerContracts;
  /** MarquePasskeyAccountFactory (owners' passkey accounts); absent: their routes answer 503. */
  accountFactory?: Address;
  /** Folder of the notification centre's local mail outbox (SMTP_URL unset); by default `mail-outbox` beside `databaseDir`; absent both: no mail. */
  mailOutboxDir?: string;
}

/** Opens the database and the chain, and builds the auth services on them. */
export async function createServices(options: ServicesOptions): Promise<AppServices & { close(): Promise<void> }> {
  const { env } = options;
  if (env.REDIS_URL) await probeRedis(env.REDIS_URL);
  const chain = await connectChain({ rpcUrl: options.rpcUrl, twinAddress: options.twinAddress });
  const db = await openDatabase({ url: env.DATABASE_URL, dataDir: options.databaseDir });
  // The chain index (twins, stages, passports, profiles, passes), from each contract's deployment
  // block; without a deployment record the twin is read from the chain's first block.
  const indexer = new ChainIndexer({
    db,
    client: chain.client,
    contracts: { ...options.contracts, twin: options.contracts?.twin ?? { address: options.twinAddress, blockNumber: 0 } },
    pollIntervalMs: env.INDEXER_POLL_MS ?? (chain.chainId === 31337 ? 250 : 2_000),
    maxBlockRange: env.INDEXER_BLOCK_RANGE,
    beforeCommit: options.chainCheckpoint,
  });
  try {
    await indexer.start();
  } catch (error) {
    await indexer.stop();
    await db.close();
    throw error;
  }
  const index = new IndexQueries(db, () => indexer.chainId);
  // Without a configured secret, tokens and invitations live as long as this process (npm start
  // keeps one in its data folder instead); several processes must share SESSION_SECRET.
  const secret = env.SESSION_SECRET ?? options.sessionSecret ?? randomBytes(32).toString('hex');
  const tokens = new SessionTokens(secret, env.SESSION_TTL_SECONDS, env.SESSION_MAX_AGE_SECONDS);
  const publicUrl = new URL(env.PUBLIC_URL);
  const siwe = new SiweService(db, (args) => chain.client.verifyMessage(args), {
    domain: publicUrl.host,
    origin: publicUrl.origin,
    chainId: chain.chainId,
    maxAgeSeconds: env.SIWE_MAX_AGE_SECONDS,
  });
  // Off-chain twin data and the passport relayer (the deployer of a local chain, or RELAYER_PRIVATE_KEY's account).
  const relayerAccount = env.RELAYER_PRIVATE_KEY ? privateKeyToAccount(env.RELAYER_PRIVATE_KEY) : options.relayer;
  const relayer = relayerAccount ? new Relayer({ rpcUrl: options.rpcUrl, chainId: chain.chainId, account: relayerAccount }) : undefined;
  // Every chain write the server makes goes through this one persisted queue (the relayer's account).
  const txQueue = relayer
    ? new TxQueue({ db, relayer, checkpoint: options.chainCheckpoint, pollIntervalMs: chain.chainId === 31337 ? 50 : 1_000 })
    : undefined;
  await txQueue?.start();
  let twins: TwinServices;
  try {
    twins = await createTwinServices({
      db,
      client: chain.client,
      assetsDir: options.assetsDir ?? PUBLISHED_ASSETS_DIR,
      passportAddress: options.contracts?.passport?.address,
      queue: txQueue,
      seed: options.seed,
    });
  } catch (error) {
    await txQueue?.stop();
    await indexer.stop();
    await db.close();
    throw error;
  }
  const contracts = {
    twin: options.twinAddress,
    passport: options.contracts?.passport?.address,
    profile: options.contracts?.profile?.address,
    eventPass: options.contracts?.eventPass?.address,
  };
  // Twins' stages come from the index; every transfer the indexer sees re-checks the members
  // who held the token (the garage's owner who just sold their car is moved out).
  const access = new AccessControl(new ChainFacts(chain.client, contracts, (owner) => index.stagesOf(owner)), ROOM_POLICIES);
  indexer.on('transfer', (transfer) => void access.transferred(transfer.from, transfer.to));
  // Several processes share rooms, matchmaking and launch shows through Redis; one process keeps them in memory.
  const presence: Presence = env.REDIS_URL ? new RedisPresence(env.REDIS_URL) : new LocalPresence();
  // Visits name this process; at start it closes those its dead predecessors left open (a crash).
  // The embedded database is this process's alone; on PostgreSQL its siblings' visits are theirs.
  const visits = new VisitLog(db, {
    instance: env.PUBLIC_ADDRESS ?? (env.PORT ? `${env.HOST}:${env.PORT}` : undefined),
    exclusive: !env.DATABASE_URL,
  });
  await visits.start();
  const ledger = new AttendanceLedger(presence, {
    guestsPerAddress: env.LAUNCH_GUESTS_PER_ADDRESS,
    viewersPerAddress: env.LAUNCH_VIEWERS_PER_ADDRESS,
    signedInShare: env.LAUNCH_SIGNED_IN_SHARE,
  });
  const moderator = blocklistModerator(env.CHAT_BLOCKED_WORDS);
  const launch = new LaunchService({
    store: new EventStore(db),
    visits,
    access,
    presence,
    moderator,
    eventPass: contracts.eventPass && relayer && txQueue ? new EventPassChain(contracts.eventPass, chain.chainId, relayer, txQueue) : undefined,
    ledger,
  });
  // Media on its own thread; the loopback address is announced when the server listens on loopback.
  const voice =
    env.VOICE === 'on'
      ? new VoiceHub({
          maxSpeakers: env.VOICE_MAX_SPEAKERS,
          radius: env.VOICE_RADIUS_M,
          iceAddress: env.VOICE_ICE_ADDRESS ?? (/^(127\.|localhost$|::1$)/.test(env.HOST) ? '127.0.0.1' : undefined),
          portRange: env.VOICE_UDP_PORTS,
        })
      : undefined;
  const invites = new InviteService(db, secret);
  const passkeys = await passkeyServices({ env, chain, db, relayer, txQueue, accountFactory: options.accountFactory, contracts });
  // The brand's operations write through the queue, so they need the relayer's account.
  const operations = txQueue
    ? await createOperations({
        db,
        client: chain.client,
        chainId: chain.chainId,
        contracts,
        queue: txQueue,
        configurations: twins.configurations,
        invites,
        publicUrl: env.PUBLIC_URL,
        launch,
        indexer,
        ownerInvitations: passkeys
          ? async (orderRef) => {
              const invitation = await createOwnerInvitation(passkeys.invitations, { orderRef });
              return { account: invitation.account, url: invitation.url };
            }
          : undefined,
      })
    : undefined;
  for (const dealer of options.seed?.dealers ?? []) await operations?.service.listSeededDealer(dealer);
  passkeys?.invitations.onAccepted(({ invitationId, orderRef, account, acceptedAt }) => {
    operations?.webhooks
      .emit('invitation.accepted', `invitation.accepted:${invitationId}`, { orderRef, account, acceptedAt: acceptedAt.toISOString() })
      .catch((error: unknown) => console.warn(`operations/webhooks: could not record the invitation.accepted event: ${(error as Error).message}`));
  });
  // Every place that keeps something about a person registers here (server/src/privacy): the
  // privacy page lists them, "see everything" exports and "erase" erases through each.
  const personalData = new PersonalDataRegistry(db);
  // Passport verification links and service appointments (server/src/journey).
  const journey = createJourney({
    db,
    index,
    chain: { client: chain.client, chainId: chain.chainId, twinAddress: options.twinAddress, passportAddress: options.contracts?.passport?.address },
    privacy: personalData,
  });
  // The public configurator's builds, and the requests that send one to a dealer (server/src/builds).
  const builds = new Builds(db, { publicUrl: env.PUBLIC_URL });
  personalData.register(Builds.personalDataSource());
  const profiles = new ProfileStore(db);
  const analytics = new AnalyticsStore(db);
  for (const source of [...existingSources(), ...profiles.sources(), analytics.source()]) personalData.register(source);
  // The notification centre: owners hear of their twin's stages (from the index), and other units call notify().
  const notifications = await createNotifications({
    db,
    env,
    mailOutboxDir: options.mailOutboxDir ?? (options.databaseDir ? path.join(path.dirname(options.databaseDir), 'mail-outbox') : undefined),
    indexer,
    index,
  });
  registerNotificationData(personalData, notifications.mailOutboxDir);
  if (options.demoLaunch && (await launch.store.list()).length === 0) await launch.events.create(options.demoLaunch.event, options.demoLaunch.host);
  return {
    db,
    chain,
    tokens,
    siwe,
    invites,
    access,
    indexer,
    index,
    demoWallets: options.demoWallets,
    moderator,
    voice,
    manifest: options.manifest ?? (() => readManifest()),
    presence,
    ...(env.REDIS_URL ? { driver: new RedisDriver(env.REDIS_URL) } : {}),
    launch,
    overflow: new OverflowStreams(launch, tokens),
    publicAddress: env.PUBLIC_ADDRESS,
    policies: options.policies,
    publicUrl: env.PUBLIC_URL,
    rpc: new RpcGate({ rpcUrl: options.rpcUrl, checkpoint: options.chainCheckpoint }),
    http: httpLimits(env),
    twins,
    txQueue,
    operations,
    passkeys,
    personalData,
    privacy: { registry: personalData, profiles, analytics, profileContract: contracts.profile },
    journey,
    builds,
    notifications,
    async close() {
      await notifications.close();
      await operations?.close();
      await txQueue?.stop();
      await voice?.stop();
      await ledger.close();
      await visits.close();
      await indexer.stop();
      await db.close();
    },
  };
}

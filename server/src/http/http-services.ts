import type { PasskeyServices } from '../accounts/passkey-routes';
import type { WorldManifest } from '../../../protocol/src/manifest';
import type { DemoWallet } from '../../../protocol/src/world-api';
import type { AccessControl } from '../access/access-control';
import type { InviteService } from '../auth/invites';
import type { SessionTokens } from '../auth/session-token';
import type { SiweService } from '../auth/siwe';
import type { Chain } from '../chain/chain';
import type { RpcGate } from '../chain/rpc-gate';
import type { TxQueue } from '../chain/tx-queue';
import type { Database } from '../db/database';
import type { ChainIndexer } from '../indexer/chain-indexer';
import type { IndexQueries } from '../indexer/index-queries';
import type { LaunchService } from '../launch/launch-service';
import type { Operations } from '../operations/operations';
import type { TwinServices } from '../twins/twin-services';
import type { HttpLimits } from './http-guard';
import type { Notifications } from '../notifications/notifications';
import type { PersonalDataRegistry } from '../privacy/personal-data';
import type { PrivacyServices } from '../privacy/privacy-services';
import type { Journey } from '../journey/journey';
import type { Builds } from '../builds/builds';

/** What the HTTP API needs. */
export interface HttpServices {
  db: Database;
  chain: Chain;
  siwe: SiweService;
  tokens: SessionTokens;
  invites: InviteService;
  access: AccessControl;
  /** Keeps the chain index current: its health, and waiting for a block; absent in tests that build services by hand. */
  indexer?: ChainIndexer;
  /** Reads of the chain index (twins, stages, passports, profiles, passes); absent with `indexer`. */
  index?: IndexQueries;
  /** Present only on a local chain: its unlocked demo owners, so newcomers can sign in without an extension. */
  demoWallets?: DemoWallet[];
  /** The published assets (what `npm run assets` wrote), to link a twin to its glb. */
  manifest: () => Promise<WorldManifest | undefined>;
  /** Origin visitors open, for absolute links in token metadata. */
  publicUrl: string;
  /** Off-chain twin data (configurations, showcases, record details), the cars' glbs, the passport relayer. */
  twins: TwinServices;
  /** Live launch events: their rooms, routes and shows. */
  launch: LaunchService;
  /** The page's JSON-RPC endpoint to the chain: reads and raw transactions only. */
  rpc: RpcGate;
  /** The one persisted queue of the server's chain writes; absent without a relayer account. */
  txQueue?: TxQueue;
  /** Owners' passkey accounts and their invitations; absent without the account factory or a relayer. */
  passkeys?: PasskeyServices;
  /** The brand's operations (order desk, factory, people, passes, keys, webhooks); absent without a relayer. */
  operations?: Operations;
  /** The notification centre (in the page, Web Push, email); absent in tests that build services by hand. */
  notifications?: Notifications;
  /** Time-outs, connection cap, rate limits, trusted proxies and CORS origins; absent: HTTP_LIMITS_DEFAULTS. */
  http?: HttpLimits;
  /** Every place personal data is kept (server/src/privacy): "see everything" and "erase" go through it; absent in tests that build services by hand. */
  personalData?: PersonalDataRegistry;
  /** Passport verification links and service appointments (server/src/journey); absent in tests that build services by hand. */
  journey?: Journey;
  /** The public configurator's saved builds and requests to dealers (server/src/builds); absent in tests that build services by hand. */
  builds?: Builds;
  /** Consent, the profile's preferences and the brand's analytics (server/src/privacy, profile, analytics); absent: their routes answer 503. */
  privacy?: PrivacyServices;
}

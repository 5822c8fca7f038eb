import type { Address, PublicClient } from 'viem';
import { PassportChain } from '../chain/passport-chain';
import type { TxQueue } from '../chain/tx-queue';
import type { Database } from '../db/database';
import type { ConfigurationCodes } from '../../../protocol/src/twin-api';
import { ConfigurationStore } from './configurations';
import type { DealerInput } from '../../../protocol/src/operations-api';
import type { RecordDetails } from '../../../protocol/src/twin-hashes';
import { PassportDetailsStore } from './passport-details';
import { ShowcaseStore } from './showcases';
import { TwinModels } from './twin-model';

/** What the twin, showcase and passport routes need beside the auth and chain services. */
export interface TwinServices {
  /** Ordered configurations under their hashes. */
  configurations: ConfigurationStore;
  /** Showcase visibility. */
  showcases: ShowcaseStore;
  /** Service records' off-chain details. */
  passportDetails: PassportDetailsStore;
  /** Cars' glbs in a twin's configuration. */
  models: TwinModels;
  /** MarquePassport reads and the record relayer; absent when no passport contract is configured. */
  passport?: PassportChain;
}

/** Off-chain data that goes with what a deployment put on chain (the local demo seed). */
export interface OffChainSeed {
  /** Ordered configurations the seed minted twins with. */
  configurations?: readonly ConfigurationCodes[];
  /** Details of the service records the seed recorded. */
  recordDetails?: readonly RecordDetails[];
  /** Dealers the seed's chain already gave MarquePassport's dealer role, listed by name (an entry staff changed is kept). */
  dealers?: readonly DealerInput[];
}

/** Builds {@link TwinServices} and writes the seed's off-chain data (idempotent). */
export async function createTwinServices(options: {
  db: Database;
  client: PublicClient;
  assetsDir: string;
  passportAddress?: Address;
  queue?: TxQueue;
  seed?: OffChainSeed;
}): Promise<TwinServices> {
  const services: TwinServices = {
    configurations: new ConfigurationStore(options.db),
    showcases: new ShowcaseStore(options.db),
    passportDetails: new PassportDetailsStore(options.db),
    models: new TwinModels(options.assetsDir),
    ...(options.passportAddress
      ? {
          passport: new PassportChain({
            client: options.client,
            passport: options.passportAddress,
            queue: options.queue,
          }),
        }
      : {}),
  };
  for (const codes of options.seed?.configurations ?? []) await services.configurations.record(codes);
  for (const details of options.seed?.recordDetails ?? []) await services.passportDetails.save(details);
  return services;
}

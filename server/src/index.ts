import { readEnv } from './config';
import { lockDataFolder } from './data-folder';
import { MarqueError } from '../../protocol/src/errors';
import { startServer } from './server';

/**
 * `npm run serve`: the server alone, against a chain and contracts that already
 * exist (`RPC_URL`, `TWIN_ADDRESS`; the indexer also reads `PASSPORT_ADDRESS`,
 * `PROFILE_ADDRESS`, `EVENT_PASS_ADDRESS` from `DEPLOYMENT_BLOCK`), e.g. behind a load balancer in production.
 * `npm start` is the one-command local product instead.
 */
async function main() {
  const env = readEnv();
  if (!env.RPC_URL || !env.TWIN_ADDRESS) {
    throw new MarqueError('config', 'npm run serve needs RPC_URL and TWIN_ADDRESS', {
      details: 'set them to your chain and MarqueTwin (npm start writes them to .data/deployment.json), or run npm start for the whole product on one machine',
    });
  }
  // The embedded database is one process's: its folder is locked like npm start's.
  const folder = env.DATABASE_URL ? undefined : await lockDataFolder(env.DATA_DIR);
  const at = (address: `0x${string}` | undefined) => (address ? { address, blockNumber: env.DEPLOYMENT_BLOCK } : undefined);
  const server = await startServer({
    env,
    rpcUrl: env.RPC_URL,
    twinAddress: env.TWIN_ADDRESS,
    contracts: {
      twin: at(env.TWIN_ADDRESS),
      passport: at(env.PASSPORT_ADDRESS),
      profile: at(env.PROFILE_ADDRESS),
      eventPass: at(env.EVENT_PASS_ADDRESS),
    },
    accountFactory: env.ACCOUNT_FACTORY_ADDRESS,
    databaseDir: `${env.DATA_DIR}/db`,
  });
  console.log(`Marque server on ${server.url}`);
  const shutdown = (signal: NodeJS.Signals) => {
    console.log(`Marque server: ${signal} received; closing rooms and connections`);
    void server
      .stop()
      .then(() => folder?.release())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(`Marque server could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

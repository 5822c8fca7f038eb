import { readEnv } from '../config';
import { MarqueError } from '../errors';
import { demoWallets, startLocalStack } from './local-stack';

/**
 * `npm start`: the whole product on embedded defaults. Ctrl-C stops every part,
 * and the chain writes its state so the next start finds balances and tokens.
 */
async function main() {
  const env = readEnv();
  const stack = await startLocalStack({
    chainPort: env.CHAIN_PORT,
    serverPort: env.PORT,
    clientPort: env.CLIENT_PORT,
    dataDir: env.DATA_DIR,
  });
  console.log(`\n  Marque is running: open ${stack.url}\n  Demo wallets (sign in with them): ${demoWallets(stack.deployment).map((o) => o.label).join(', ')}\n  Ctrl-C stops everything.\n`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the page, the server and the chain…`);
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  const message = error instanceof MarqueError || error instanceof Error ? error.message : String(error);
  console.error(`\nMarque could not start: ${message}`);
  if (process.env.DEBUG && error instanceof Error) console.error(error.stack);
  process.exit(1);
});

import { readEnv } from '../config';
import { demoWallets, startLocalStack, type LocalStack } from './local-stack';

/**
 * `npm start`: the whole product on embedded defaults. Ctrl-C stops every part; the chain's state
 * is saved as it changes, so the next start (after Ctrl-C or a crash) finds every balance and token.
 */
async function main() {
  const env = readEnv();
  let failed: string | undefined;
  let stopping = false;
  let stack: LocalStack | undefined;
  stack = await startLocalStack({
    chainPort: env.CHAIN_PORT,
    serverPort: env.PORT,
    clientPort: env.CLIENT_PORT,
    dataDir: env.DATA_DIR,
    client: env.START_CLIENT,
    clientDir: env.CLIENT_DIR,
    // Without a page there is nothing to build the world's assets for.
    buildAssets: env.START_CLIENT !== 'none',
    // Nothing may be written against a chain that is gone: stop, and let the next start go on
    // from the chain's last saved state.
    onFailure: (reason) => {
      failed = reason;
      console.error(`\n${reason}\nMarque stops so that nothing is recorded against a chain that is gone; run npm start again to go on from its last saved state.`);
      if (stack) void shutdown('chain lost', 1);
    },
  });
  console.log(`\n  Marque is running: open ${stack.url}\n  Demo wallets (sign in with them): ${demoWallets(stack.deployment).map((o) => o.label).join(', ')}\n  Ctrl-C stops everything.\n`);

  async function shutdown(signal: string, code = 0) {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the page, the server and the chain…`);
    await stack?.stop();
    process.exit(code);
  }
  if (failed) await shutdown('chain lost', 1);
  // A closed terminal (SIGHUP) stops everything too; its output is gone, so writing to it must not throw.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`\nMarque could not start: ${message}`);
  if (process.env.DEBUG && error instanceof Error) console.error(error.stack);
  process.exit(1);
});

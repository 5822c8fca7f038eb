/**
 * The server process of `bench/rooms.ts`: the product's server (startTestWorld: a local
 * chain, the deployed contracts, PGlite, the real app config) with the museum's policy
 * replaced by one that seats the whole benchmark, interest management on or off. It
 * measures itself (CPU, event-loop delay, RSS) between the parent's `start` and `stop`
 * and answers over the IPC channel. Not run on its own.
 *
 *   argv: --interest on|off --capacity <seats> [--limits product|off]
 *   (`--limits product`: the product's per-address limits, for bench/soak.ts; off by default)
 */
import { parseArgs } from 'node:util';
import { ROOM_POLICIES } from '../../server/src/rooms/policies';
import { DEFAULT_INTEREST } from '../../server/src/rooms/pose-fanout';
import { startTestWorld } from '../../server/src/testing/test-world';
import { NO_ADDRESS_LIMITS } from './bench-env';
import { answerParent, MeasureWindow } from './process-window';
import type { ServerReport } from './rooms-protocol';

async function main() {
  const send = (report: ServerReport) => process.send!(report);
  if (!process.send) throw new Error('rooms-server: run by bench/rooms.ts (it needs the IPC channel)');
  const { values } = parseArgs({ options: { interest: { type: 'string' }, capacity: { type: 'string' }, limits: { type: 'string' } } });
  const capacity = Number(values.capacity ?? 500);
  const interest = values.interest === 'off' ? null : DEFAULT_INTEREST;
  const world = await startTestWorld({
    policies: { museum: { ...ROOM_POLICIES.museum, capacity, interest } },
    env: values.limits === 'product' ? {} : NO_ADDRESS_LIMITS,
  });
  // One second of the booted but empty server: the floor the event-loop figures sit on.
  const idle = new MeasureWindow();
  await new Promise((r) => setTimeout(r, 1000));
  send({ type: 'ready', url: world.server.url, idle: idle.finish() });

  answerParent(world, (sample) => send({ type: 'sample', sample }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

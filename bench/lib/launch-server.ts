/**
 * The server process of `bench/launch.ts`: the product's server (startTestWorld: a local chain,
 * the deployed contracts, PGlite, the real app config) with one public launch event, defined
 * through the API by the brand-team account (account 0), with `--embodied` avatars at most in
 * instances of 50. It measures itself between the parent's `start` and `stop` and answers over
 * the IPC channel. Not run on its own.
 *
 *   argv: --embodied <limit>
 */
import { parseArgs } from 'node:util';
import type { LaunchEvent } from '../../protocol/src/launch';
import { startTestWorld } from '../../server/src/testing/test-world';
import type { LaunchServerReport } from './launch-protocol';
import { NO_ADDRESS_LIMITS } from './bench-env';
import { answerParent } from './process-window';

async function main() {
  if (!process.send) throw new Error('launch-server: run by bench/launch.ts (it needs the IPC channel)');
  const send = (report: LaunchServerReport) => process.send!(report);
  const { values } = parseArgs({ options: { embodied: { type: 'string' } } });
  const world = await startTestWorld({ env: NO_ADDRESS_LIMITS });
  const token = await world.signIn(world.deployment.deployer);
  const response = await fetch(`${world.server.url}/api/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      title: 'Benchmark launch',
      startsAt: new Date(Date.now() + 3_600_000).toISOString(),
      access: { public: true },
      capacityPerInstance: 50,
      embodiedLimit: Math.max(1, Number(values.embodied ?? 1_000)),
      car: { model: 'astrale-2025', configuration: {} },
      videoUrl: '/media/keynote.mp4',
      minimumStaySeconds: 600,
    }),
  });
  if (response.status !== 201) throw new Error(`launch-server: creating the event failed: ${response.status} ${await response.text()}`);
  const event = (await response.json()) as LaunchEvent;
  send({ type: 'ready', url: world.server.url, token, eventId: event.id });

  answerParent(world, (sample) => send({ type: 'sample', sample }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

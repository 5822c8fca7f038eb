/**
 * The server process of `bench/rooms.ts`: the product's server (startTestWorld: a local
 * chain, the deployed contracts, PGlite, the real app config) with the museum's policy
 * replaced by one that seats the whole benchmark, interest management on or off. It
 * measures itself (CPU, event-loop delay, RSS) between the parent's `start` and `stop`
 * and answers over the IPC channel. Not run on its own.
 *
 *   argv: --interest on|off --capacity <seats>
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { ROOM_POLICIES } from '../../server/src/rooms/policies';
import { DEFAULT_INTEREST } from '../../server/src/rooms/pose-fanout';
import { startTestWorld } from '../../server/src/testing/test-world';
import { EVENT_LOOP_RESOLUTION_MS, type ServerCommand, type ServerReport, type ServerSample } from './rooms-protocol';

class Window {
  private readonly started = process.hrtime.bigint();
  private readonly cpu = process.cpuUsage();
  private readonly loop = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });
  private readonly rss: number[] = [process.memoryUsage.rss()];
  private readonly timer = setInterval(() => this.rss.push(process.memoryUsage.rss()), 250);

  constructor() {
    this.loop.enable();
  }

  finish(): ServerSample {
    this.loop.disable();
    clearInterval(this.timer);
    this.rss.push(process.memoryUsage.rss());
    const wallUs = Number(process.hrtime.bigint() - this.started) / 1000;
    const cpu = process.cpuUsage(this.cpu);
    const mb = (bytes: number) => bytes / 2 ** 20;
    return {
      seconds: wallUs / 1e6,
      cpuPercent: ((cpu.user + cpu.system) / wallUs) * 100,
      eventLoopP50Ms: this.loop.percentile(50) / 1e6,
      eventLoopP99Ms: this.loop.percentile(99) / 1e6,
      eventLoopMaxMs: this.loop.max / 1e6,
      rssMaxMB: mb(Math.max(...this.rss)),
      rssMeanMB: mb(this.rss.reduce((a, b) => a + b, 0) / this.rss.length),
    };
  }
}

async function main() {
  const send = (report: ServerReport) => process.send!(report);
  if (!process.send) throw new Error('rooms-server: run by bench/rooms.ts (it needs the IPC channel)');
  const { values } = parseArgs({ options: { interest: { type: 'string' }, capacity: { type: 'string' } } });
  const capacity = Number(values.capacity ?? 500);
  const interest = values.interest === 'off' ? null : DEFAULT_INTEREST;
  const world = await startTestWorld({ policies: { museum: { ...ROOM_POLICIES.museum, capacity, interest } } });
  // One second of the booted but empty server: the floor the event-loop figures sit on.
  const idle = new Window();
  await new Promise((r) => setTimeout(r, 1000));
  send({ type: 'ready', url: world.server.url, idle: idle.finish() });

  let window: Window | undefined;
  process.on('message', (command: ServerCommand) => {
    if (command.type === 'start') window = new Window();
    else if (command.type === 'stop' && window) {
      send({ type: 'sample', sample: window.finish() });
      window = undefined;
    } else if (command.type === 'exit') {
      // A clean exit, so that --cpu-prof writes its profile.
      void world.stop().finally(() => process.exit(0));
    }
  });
  process.on('disconnect', () => void world.stop().finally(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

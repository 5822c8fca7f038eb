/**
 * What a benchmark's server process measures of itself over a window: CPU (process.cpuUsage, in %
 * of one core), event-loop delay (perf_hooks at 1 ms resolution, so an idle loop reads about
 * 1.1 ms) and RSS (sampled every 250 ms: the highest and the mean).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { EVENT_LOOP_RESOLUTION_MS, type ServerCommand, type ServerSample } from './rooms-protocol';

/**
 * A benchmark's server process answering its parent: a measure window from `start` to `stop`
 * (reported through `report`), and `exit` or a lost parent stopping `world` and the process.
 */
export function answerParent(world: { stop(): Promise<void> }, report: (sample: ServerSample) => void): void {
  let window: MeasureWindow | undefined;
  const exit = () => void world.stop().finally(() => process.exit(0));
  process.on('message', (command: ServerCommand) => {
    if (command.type === 'start') window = new MeasureWindow();
    else if (command.type === 'stop' && window) {
      report(window.finish());
      window = undefined;
    } else if (command.type === 'exit') {
      // A clean exit, so that --cpu-prof writes its profile.
      exit();
    }
  });
  process.on('disconnect', exit);
}

/** One process measuring itself from construction to {@link MeasureWindow.finish}. */
export class MeasureWindow {
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

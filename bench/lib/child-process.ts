/**
 * The benchmarks' plumbing: child processes driven over IPC, and the statistics they report.
 */
import type { ChildProcess } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';

/** The machine a benchmark ran on, for its JSON. */
export function machineInfo() {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverageAtStart: loadavg().map((l) => Number(l.toFixed(2))),
  };
}

/** The `p` quantile (0–1) of `values`, nearest rank; NaN for none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.round((sorted.length - 1) * p))]!;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A child process driven over IPC: `next(type)` waits for its next report of that type. */
export class Child<Command, Report extends { type: string }> {
  private readonly queue: Report[] = [];
  private waiter: (() => void) | undefined;
  private exited: string | undefined;
  readonly done: Promise<void>;

  constructor(
    readonly name: string,
    readonly process: ChildProcess,
  ) {
    process.on('message', (report: Report) => {
      this.queue.push(report);
      this.waiter?.();
    });
    this.done = new Promise((resolve) =>
      process.once('exit', (code, signal) => {
        this.exited = `${name} exited (${signal ?? code})`;
        this.waiter?.();
        resolve();
      }),
    );
  }

  send(command: Command): void {
    if (!this.exited) this.process.send(command as object);
  }

  async next<T extends Report['type']>(type: T, timeoutMs: number): Promise<Extract<Report, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.queue.findIndex((r) => r.type === type || r.type === 'error');
      if (index >= 0) {
        const [report] = this.queue.splice(index, 1) as [Report];
        if (report.type === 'error') throw new Error(`${this.name}: ${(report as unknown as { message: string }).message}`);
        return report as Extract<Report, { type: T }>;
      }
      if (this.exited) throw new Error(`${this.exited} before sending "${type}"`);
      if (Date.now() > deadline) throw new Error(`${this.name}: no "${type}" within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
        setTimeout(resolve, 200);
      });
      this.waiter = undefined;
    }
  }

  async stop(command: Command): Promise<void> {
    this.send(command);
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 10_000);
    await this.done;
    clearTimeout(timer);
  }
}

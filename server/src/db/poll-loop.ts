/** Options of {@link PollLoop}. */
export interface PollLoopOptions {
  /** One pass over what is due (deliveries to send, jobs to run); what it answers is not used. */
  pass: () => Promise<unknown>;
  /** How long after a pass the next one runs when nothing asks sooner. */
  pollIntervalMs: number;
  /** Names the loop in its log lines (`notifications/outbox`). */
  unit: string;
  /** Where a failed pass is said; the loop goes on and tries again at the next poll. */
  log: (line: string) => void;
}

/**
 * The loop of work read from tables, as outboxes (notification deliveries, webhooks) and news
 * pollers (appointments, add-ons) run it: one pass at a time, a pass at once when something is
 * queued ({@link kick}), one more right after when a kick came while a pass ran or the pass left
 * work behind ({@link passAgain}), else the next pass after `pollIntervalMs`. What is due is read
 * from the database each pass, so the loop keeps nothing that a restart would lose.
 */
export class PollLoop {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = true;

  constructor(private readonly options: PollLoopOptions) {}

  start(): void {
    this.stopped = false;
    this.kick();
  }

  /** Stops polling and waits for the pass under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Runs a pass now (or right after the one under way), then looks again at the next poll. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.options
      .pass()
      .then(() => undefined)
      .catch((error) => this.options.log(`${this.options.unit}: ${(error as Error).message}; trying again`))
      .finally(() => {
        this.running = undefined;
        if (this.stopped) return;
        if (this.again) {
          this.again = false;
          this.kick();
        } else this.timer = setTimeout(() => this.kick(), this.options.pollIntervalMs);
      });
  }

  /** Asks for one more pass right after the current one (a full batch: more may be due). */
  passAgain(): void {
    this.again = true;
  }
}

/** How long to wait after the `attempts`-th failed attempt: doubling from `retryBaseMs`, at most `maxDelayMs`. */
export function retryDelay(attempts: number, options: { retryBaseMs: number; maxDelayMs: number }): number {
  return Math.min(options.retryBaseMs * 2 ** (attempts - 1), options.maxDelayMs);
}

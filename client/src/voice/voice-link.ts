/**
 * The voice connection's attempts: each has a time-out; a failed or timed-out attempt is retried
 * after a growing pause, a few times, then the link stays `failed` until the visitor tries again.
 * A link that was up and drops starts over with a full set of retries. Plain TypeScript with
 * injected timers, so it is tested with fake ones.
 */
export type VoiceLinkState =
  | { state: 'off' }
  | { state: 'connecting'; attempt: number }
  | { state: 'connected' }
  | { state: 'retrying'; attempt: number; reason: string }
  | { state: 'failed'; reason: string };

/** Tunables of {@link VoiceLink}. */
export interface VoiceLinkOptions {
  /** How long one attempt may take to connect, ms. */
  connectTimeoutMs: number;
  /** Pauses before each retry, ms; their number is the number of retries. */
  retryPausesMs: readonly number[];
}

export const VOICE_LINK_DEFAULTS: VoiceLinkOptions = { connectTimeoutMs: 15_000, retryPausesMs: [1_000, 3_000, 8_000] };

export class VoiceLink {
  state: VoiceLinkState = { state: 'off' };
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    /** Starts attempt number `attempt` (1 for the first): asks the server for a fresh offer. */
    private readonly connect: (attempt: number) => void,
    /** Told every change of {@link state}. */
    private readonly onChange: (state: VoiceLinkState) => void,
    private readonly options: VoiceLinkOptions = VOICE_LINK_DEFAULTS,
  ) {}

  /** Starts connecting (again, with a full set of retries). */
  start(): void {
    this.attempt = 0;
    this.next();
  }

  /** The connection is up. */
  connected(): void {
    if (this.state.state === 'off') return;
    this.clear();
    this.attempt = 0;
    this.set({ state: 'connected' });
  }

  /** The attempt failed, or the connection dropped, for `reason`: retried while retries are left. */
  failed(reason: string): void {
    if (this.state.state === 'off' || this.state.state === 'failed') return;
    this.clear();
    if (this.state.state === 'connected') this.attempt = 0;
    const pause = this.options.retryPausesMs[Math.max(0, this.attempt - 1)];
    if (pause === undefined) return this.set({ state: 'failed', reason });
    this.set({ state: 'retrying', attempt: this.attempt + 1, reason });
    this.timer = setTimeout(() => this.next(), pause);
  }

  /** Voice off: no more attempts. */
  stop(): void {
    this.clear();
    this.attempt = 0;
    this.set({ state: 'off' });
  }

  private next() {
    this.clear();
    this.attempt++;
    this.set({ state: 'connecting', attempt: this.attempt });
    this.timer = setTimeout(() => this.failed(`no connection after ${Math.round(this.options.connectTimeoutMs / 1000)} s`), this.options.connectTimeoutMs);
    this.connect(this.attempt);
  }

  private clear() {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private set(state: VoiceLinkState) {
    this.state = state;
    this.onChange(state);
  }
}

/**
 * Whether this visitor's microphone goes out now. Push-to-talk (the default): while any talk
 * control is held (a key, the on-screen button, a controller button or a pinch). Open mic: while
 * the voice-activity detector hears speech, and a short while after, so words are not clipped.
 * Muting oneself wins over both. Plain TypeScript; the voice client feeds it and reads `sending`.
 */
export type TalkMode = 'push' | 'open';

/** Tunables of {@link TalkControl}. */
export interface TalkControlOptions {
  /** RMS level (0–1) above which the microphone counts as speech in open-mic mode. */
  speechLevel: number;
  /** How long open mic stays on after the level drops, ms. */
  hangMs: number;
}

export const TALK_CONTROL_DEFAULTS: Required<TalkControlOptions> = { speechLevel: 0.02, hangMs: 600 };

export class TalkControl {
  mode: TalkMode = 'push';
  selfMuted = false;
  private readonly held = new Set<string>();
  private lastSpeech = -Infinity;
  private readonly options: Required<TalkControlOptions>;

  constructor(options: Partial<TalkControlOptions> = {}) {
    this.options = { ...TALK_CONTROL_DEFAULTS, ...options };
  }

  /** A talk control (`source`: 'key', 'button', 'vr-left' …) went down or up. */
  hold(source: string, down: boolean): void {
    if (down) this.held.add(source);
    else this.held.delete(source);
  }

  /** Whether any push-to-talk control is held. */
  get pushed(): boolean {
    return this.held.size > 0;
  }

  /** The microphone's level now (open mic's detector). */
  hear(level: number, now: number): void {
    if (level >= this.options.speechLevel) this.lastSpeech = now;
  }

  /** Whether the microphone should be sent at `now`. */
  sending(now: number): boolean {
    if (this.selfMuted) return false;
    if (this.mode === 'push') return this.pushed;
    return now - this.lastSpeech <= this.options.hangMs;
  }
}

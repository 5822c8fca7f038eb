import type Hls from 'hls.js';
import type { ShowState } from '../../../../protocol/src/launch';
import { hasReached, keynoteSeconds } from './show';
import type { ShowFeed } from '../../net/show-feed';

/**
 * Where the keynote stands on this page: `waiting` for its cue; `loading`; `playing`;
 * `blocked` (the browser refused to start it without a tap); `failed` (it could not be
 * loaded: the show goes on without it); `over` (its cue has passed, or it ended).
 */
export type KeynoteState = 'waiting' | 'loading' | 'playing' | 'blocked' | 'failed' | 'over';

/** Tuning of {@link KeynotePlayer}. */
export interface KeynotePlayerOptions {
  /** The server's time now (ms); the video plays at (now − the keynote's cue) seconds. */
  now: () => number;
  /** Off by more than this (s), the video jumps to where the show is. */
  seekThreshold?: number;
  /** Off by less than this (s), it is in step; in between it plays a little faster or slower to catch up. */
  inStep?: number;
  /** How long a load may take before the keynote counts as failed, ms. */
  loadTimeoutMs?: number;
}

const SYNC_EVERY_MS = 1000;

/**
 * The keynote video of a launch, in step with the show: it loads from the countdown on (an
 * HLS playlist through hls.js, fetched only for `.m3u8`, or a plain video file), starts muted
 * (browsers allow that without a tap) at the keynote's cue, and keeps within a fraction of a
 * second of the server's clock: a latecomer starts mid-video. If the video cannot be loaded it
 * says so and the show goes on. The video element is the stage screen's texture source.
 * Plain TypeScript, no React.
 */
export class KeynotePlayer {
  /** The video element the stage screen draws; never attached to the page. */
  readonly video: HTMLVideoElement;
  state: KeynoteState = 'waiting';
  /** Why it failed, in words (`the file was not found or …`), when {@link state} is `failed`. */
  problem: string | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly now: () => number;
  private readonly seekThreshold: number;
  private readonly inStep: number;
  private readonly loadTimeoutMs: number;
  private show: ShowState | undefined;
  private loading: Promise<void> | undefined;
  private hls: Hls | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private loadTimeout: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(
    private readonly url: string,
    { now, seekThreshold = 0.75, inStep = 0.1, loadTimeoutMs = 20_000 }: KeynotePlayerOptions,
  ) {
    this.now = now;
    this.seekThreshold = seekThreshold;
    this.inStep = inStep;
    this.loadTimeoutMs = loadTimeoutMs;
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.crossOrigin = 'anonymous';
    video.preload = 'auto';
    video.addEventListener('error', () => this.fail(mediaError(video.error)));
    video.addEventListener('playing', () => this.setState('playing'));
    video.addEventListener('ended', () => {
      this.stopSync();
      this.setState('over');
    });
    video.addEventListener('volumechange', () => this.emit());
    this.video = video;
  }

  /** Whether the sound is off (it starts off; {@link setMuted} after a tap turns it on). */
  get muted(): boolean {
    return this.video.muted;
  }

  /** Follows the show of `feed`; returns the function that stops following. */
  follow(feed: ShowFeed): () => void {
    const update = () => this.update(feed.show);
    update();
    const off = feed.on('show', update);
    return () => {
      off();
      this.update(undefined);
    };
  }

  /** Turns the sound on or off; also retries a start the browser blocked (this runs on a tap). */
  setMuted(muted: boolean): void {
    this.video.muted = muted;
    if (this.state === 'blocked') this.sync();
    this.emit();
  }

  /** Calls `listener` when the state or the sound changes; returns the unsubscribe function. */
  on(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops the video and lets go of the network. */
  dispose(): void {
    this.disposed = true;
    this.stopSync();
    clearTimeout(this.loadTimeout);
    this.hls?.destroy();
    this.video.pause();
    this.video.removeAttribute('src');
    this.video.load();
  }

  private update(show: ShowState | undefined): void {
    this.show = show;
    if (this.disposed) return;
    // Load ahead from the countdown, so the video is ready when its cue comes.
    if (hasReached(show, 'countdown') && !hasReached(show, 'reveal')) void this.load();
    if (show?.cue === 'keynote') {
      if (this.state === 'waiting') this.setState('loading');
      this.sync();
      if (this.state !== 'over' && this.state !== 'failed') this.timer ??= setInterval(() => this.sync(), SYNC_EVERY_MS);
    } else {
      this.stopSync();
      this.video.pause();
      if (hasReached(show, 'reveal') && this.state !== 'failed') this.setState('over');
    }
  }

  private load(): Promise<void> {
    this.loading ??= (async () => {
      this.loadTimeout = setTimeout(() => {
        if (this.video.readyState < HTMLMediaElement.HAVE_FUTURE_DATA && this.show?.cue === 'keynote') this.fail('it took too long to load');
      }, this.loadTimeoutMs);
      this.video.addEventListener('canplay', () => clearTimeout(this.loadTimeout), { once: true });
      const isPlaylist = /\.m3u8$/i.test(new URL(this.url, location.href).pathname);
      if (!isPlaylist || this.video.canPlayType('application/vnd.apple.mpegurl')) {
        this.video.src = this.url;
        return;
      }
      try {
        const { default: HlsPlayer } = await import('hls.js');
        if (this.disposed) return;
        if (!HlsPlayer.isSupported()) return this.fail('this browser cannot play HLS video');
        const hls = new HlsPlayer();
        hls.on(HlsPlayer.Events.ERROR, (_event, data) => {
          if (data.fatal) this.fail(`the stream failed (${data.details})`);
        });
        hls.loadSource(this.url);
        hls.attachMedia(this.video);
        this.hls = hls;
      } catch (error) {
        this.fail(`the HLS player could not be loaded (${error instanceof Error ? error.message : String(error)})`);
      }
    })();
    return this.loading;
  }

  /** Puts the video where the show is: seeks when far off, nudges its speed when a little off, stops at its end. */
  private sync(): void {
    const at = keynoteSeconds(this.show, this.now());
    if (at === undefined || this.state === 'failed' || this.state === 'over' || this.disposed) return;
    const video = this.video;
    if (Number.isFinite(video.duration) && at >= video.duration) {
      video.pause();
      this.setState('over');
      return;
    }
    if (video.readyState >= HTMLMediaElement.HAVE_METADATA) {
      const drift = video.currentTime - at;
      if (Math.abs(drift) > this.seekThreshold) {
        video.currentTime = at;
        video.playbackRate = 1;
      } else {
        video.playbackRate = Math.abs(drift) <= this.inStep ? 1 : drift > 0 ? 0.95 : 1.05;
      }
    }
    if (video.paused) {
      video.play().catch((error: unknown) => {
        if (error instanceof DOMException && error.name === 'NotAllowedError') this.setState('blocked');
      });
    }
  }

  private stopSync(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private fail(problem: string): void {
    if (this.disposed || this.state === 'failed') return;
    this.problem = problem;
    this.stopSync();
    this.setState('failed');
    console.warn(`launch: the keynote cannot play: ${problem}`);
  }

  private setState(state: KeynoteState): void {
    if (this.state === state) return;
    this.state = state;
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

function mediaError(error: MediaError | null): string {
  switch (error?.code) {
    case MediaError.MEDIA_ERR_NETWORK:
      return 'the network failed while loading it';
    case MediaError.MEDIA_ERR_DECODE:
      return 'it could not be decoded';
    case MediaError.MEDIA_ERR_SRC_NOT_SUPPORTED:
      return 'the file was not found or its format is not supported';
    default:
      return 'the browser could not play it';
  }
}

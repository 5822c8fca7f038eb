import type { ZoneId } from '../shared/manifest';

/** Where a zone stands: its files arriving, its textures and shaders being prepared, shown, or failed. */
export type ZonePhase = 'loading' | 'warming' | 'ready' | 'failed';

/** A zone's loading as the page shows it (the overlay, `window.marque`); replaced on every change. */
export interface ZoneLoadingStatus {
  zone: ZoneId;
  phase: ZonePhase;
  /** Bytes of the zone's files received so far and in all (the manifest's sizes); 0 of 0 before the manifest. */
  received: number;
  total: number;
  /** What failed, in words, when the phase is `failed`. */
  failure?: string;
}

/** A zone once shown: how long its warm-up (texture uploads and shader compiles) took, and what it prepared. */
export interface ZoneReady {
  zone: ZoneId;
  warmMs: number;
  /** Textures uploaded and shader programs the renderer holds at the reveal. */
  textures: number;
  programs: number;
}

/** One published file a zone waits for. */
export interface ZoneFile {
  url: string;
  bytes: number;
}

/** Where the files' loads stand (use-asset's `assetLoads`; passed in, so that the overlay's chunk needs no loader). */
export interface FileLoads {
  get(url: string): { received: number; state: 'loading' | 'loaded' | 'failed'; failure?: string } | undefined;
  subscribe(listener: () => void): () => void;
}

let status: ZoneLoadingStatus | undefined;
let files: readonly ZoneFile[] = [];
let loads: FileLoads | undefined;
let lastReady: ZoneReady | undefined;
let retryHandler: (() => void) | undefined;
let stopWatching: (() => void) | undefined;
const listeners = new Set<() => void>();

function publish(next: ZoneLoadingStatus): void {
  status = next;
  listeners.forEach((listener) => listener());
}

/** Bytes received of the expected files: a file that has loaded counts whole (a cached one sends none). */
function receivedBytes(): number {
  return files.reduce((sum, file) => {
    const load = loads?.get(file.url);
    return sum + (load?.state === 'loaded' ? file.bytes : Math.min(load?.received ?? 0, file.bytes));
  }, 0);
}

/**
 * The zone loading of the world (one at a time): the zone's scene reports its phases here, and
 * the page's overlay and inspection handle read them. Plain TypeScript, so that both sides of the
 * canvas (three's reconciler and the page's DOM) can use it.
 */
export const zoneLoading = {
  /** The current zone's status; undefined before the first zone. */
  get status(): ZoneLoadingStatus | undefined {
    return status;
  },
  /** The last zone that was shown, with its warm-up time (`window.marque.zoneReady`). */
  get ready(): ZoneReady | undefined {
    return lastReady;
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** A zone starts loading: nothing of it is known yet. */
  begin(zone: ZoneId): void {
    stopWatching?.();
    stopWatching = undefined;
    files = [];
    publish({ zone, phase: 'loading', received: 0, total: 0 });
  },
  /** The files the zone waits for (its environment and cars, at the quality's level of detail), and where their loads stand. */
  expect(zone: ZoneId, expected: readonly ZoneFile[], fileLoads: FileLoads): void {
    if (status?.zone !== zone || status.phase !== 'loading') return;
    files = expected;
    loads = fileLoads;
    const total = expected.reduce((sum, file) => sum + file.bytes, 0);
    const update = () => {
      if (status?.zone === zone && status.phase === 'loading') publish({ ...status, received: receivedBytes(), total });
    };
    stopWatching?.();
    stopWatching = fileLoads.subscribe(update);
    update();
  },
  /** Everything has arrived; textures and shaders are being prepared while the zone stays hidden. */
  warming(zone: ZoneId): void {
    if (status?.zone !== zone) return;
    stopWatching?.();
    stopWatching = undefined;
    publish({ ...status, phase: 'warming', received: status.total });
  },
  /** The zone is shown. */
  shown(ready: ZoneReady): void {
    if (status?.zone !== ready.zone) return;
    lastReady = ready;
    publish({ ...status, phase: 'ready' });
  },
  /**
   * The zone (its environment or the manifest) failed with `error`; `retry` loads it again.
   * Returns what failed, in words: the file's failure where one of the zone's files failed.
   */
  failed(zone: ZoneId, error: unknown, retry: () => void): string {
    const failedFile = files.map((file) => loads?.get(file.url)).find((load) => load?.state === 'failed');
    const failure = failedFile?.failure ?? (error instanceof Error ? error.message : String(error));
    if (status?.zone !== zone) return failure;
    stopWatching?.();
    stopWatching = undefined;
    retryHandler = retry;
    publish({ ...status, phase: 'failed', failure });
    return failure;
  },
  /** Tries the failed zone again (the overlay's and the VR panel's "Try again"). */
  retry(): void {
    const handler = retryHandler;
    retryHandler = undefined;
    handler?.();
  },
};

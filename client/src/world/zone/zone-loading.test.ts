import { describe, expect, it } from 'vitest';
import { type FileLoads, zoneLoading } from './zone-loading';

/** Loads as use-asset reports them, set by hand. */
function fakeLoads() {
  const states = new Map<string, { received: number; state: 'loading' | 'loaded' | 'failed'; failure?: string }>();
  const listeners = new Set<() => void>();
  const loads: FileLoads = {
    get: (url) => states.get(url),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const set = (url: string, load: { received: number; state: 'loading' | 'loaded' | 'failed'; failure?: string }) => {
    states.set(url, load);
    listeners.forEach((listener) => listener());
  };
  return { loads, set };
}

describe('zone loading', () => {
  it('counts the bytes received against the manifest’s sizes, a loaded (or cached) file whole', () => {
    const { loads, set } = fakeLoads();
    zoneLoading.begin('factory');
    expect(zoneLoading.status).toMatchObject({ zone: 'factory', phase: 'loading', received: 0, total: 0 });
    set('/assets/car.glb', { received: 0, state: 'loaded' });
    zoneLoading.expect('factory', [{ url: '/assets/hall.glb', bytes: 1000 }, { url: '/assets/car.glb', bytes: 500 }], loads);
    expect(zoneLoading.status).toMatchObject({ received: 500, total: 1500 });
    set('/assets/hall.glb', { received: 250, state: 'loading' });
    expect(zoneLoading.status?.received).toBe(750);
    // More than the manifest's size (a transfer's framing) counts as the whole file, no more.
    set('/assets/hall.glb', { received: 1200, state: 'loading' });
    expect(zoneLoading.status?.received).toBe(1500);
    zoneLoading.warming('factory');
    zoneLoading.shown({ zone: 'factory', warmMs: 12, textures: 4, programs: 9 });
    expect(zoneLoading.status?.phase).toBe('ready');
    expect(zoneLoading.ready).toEqual({ zone: 'factory', warmMs: 12, textures: 4, programs: 9 });
  });

  it('says which file failed and how, and retries once', () => {
    const { loads, set } = fakeLoads();
    zoneLoading.begin('launch');
    zoneLoading.expect('launch', [{ url: '/assets/launch.glb', bytes: 100 }], loads);
    set('/assets/launch.glb', { received: 0, state: 'failed', failure: '/assets/launch.glb answered 500 (Internal Server Error)' });
    let retries = 0;
    const failure = zoneLoading.failed('launch', new Error('Could not load /assets/launch.glb'), () => retries++);
    expect(failure).toBe('/assets/launch.glb answered 500 (Internal Server Error)');
    expect(zoneLoading.status).toMatchObject({ phase: 'failed', failure });
    zoneLoading.retry();
    zoneLoading.retry();
    expect(retries).toBe(1);
  });

  it('ignores reports about a zone the visitor has left', () => {
    zoneLoading.begin('museum');
    zoneLoading.begin('lounge');
    zoneLoading.shown({ zone: 'museum', warmMs: 1, textures: 1, programs: 1 });
    expect(zoneLoading.status).toMatchObject({ zone: 'lounge', phase: 'loading' });
  });
});

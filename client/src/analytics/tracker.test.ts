import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AnalyticsBatch } from '../../../protocol/src/analytics-api';
import { ConsentStore, type ConsentServer } from '../privacy/consent-store';
import { trackMuseum, type MuseumLike } from './museum-tracking';
import { AnalyticsTracker } from './tracker';

function memoryStorage() {
  const items = new Map<string, string>();
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k), items } as unknown as Storage & { items: Map<string, string> };
}

const noServer: ConsentServer = {
  get: () => Promise.reject(new Error('no server')),
  put: () => Promise.reject(new Error('no server')),
};

describe('AnalyticsTracker', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setUp(storage = memoryStorage(), server = noServer) {
    const consent = new ConsentStore(storage, server);
    const batches: Array<{ batch: AnalyticsBatch; token?: string }> = [];
    const tracker = new AnalyticsTracker({
      consent: consent.get,
      subscribe: consent.subscribe,
      token: () => consent.session?.token,
      device: () => 'device-0123456789',
      send: async (batch, token) => void batches.push({ batch, token }),
      flushMs: 1000,
    });
    return { consent, tracker, batches, storage };
  }

  it('keeps and sends nothing before a guest agreed, and nothing after they withdrew', async () => {
    const { consent, tracker, batches, storage } = setUp();
    expect(tracker.track({ kind: 'car-viewed', subject: 'orage-1974' })).toBe(false);
    await consent.choose({ personalisation: false, analytics: true, dealerContact: false });
    expect(JSON.parse(storage.items.get('marque.consent')!)).toMatchObject({ analytics: true });
    expect(tracker.track({ kind: 'car-viewed', subject: 'orage-1974' })).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(batches).toEqual([{ batch: { events: [{ kind: 'car-viewed', subject: 'orage-1974' }], consent: true, device: 'device-0123456789' }, token: undefined }]);
    tracker.track({ kind: 'tour-started' });
    await consent.choose({ personalisation: false, analytics: false, dealerContact: false });
    expect(tracker.pending).toBe(0);
    expect(tracker.track({ kind: 'tour-completed' })).toBe(false);
    await vi.advanceTimersByTimeAsync(5000);
    expect(batches).toHaveLength(1);
  });

  it("a guest's withdrawal erases what their device was counted for", async () => {
    let forgotten = 0;
    const consent = new ConsentStore(memoryStorage(), { ...noServer, forgetDevice: async () => void forgotten++ });
    await consent.choose({ personalisation: false, analytics: true, dealerContact: false });
    expect(forgotten).toBe(0);
    await consent.choose({ personalisation: false, analytics: false, dealerContact: false });
    expect(forgotten).toBe(1);
  });

  it("asks a guest once: the device's answer is read back on the next visit", async () => {
    const storage = memoryStorage();
    const first = new ConsentStore(storage, noServer);
    expect(first.get().answered).toBe(false);
    await first.choose({ personalisation: true, analytics: false, dealerContact: false });
    const next = new ConsentStore(storage, noServer);
    expect(next.get()).toMatchObject({ answered: true, personalisation: true, analytics: false });
  });

  it('a person who answered on this device as a guest is not asked again at sign-in: the answer becomes their account\'s', async () => {
    const storage = memoryStorage();
    storage.setItem('marque.consent', JSON.stringify({ personalisation: true, analytics: false, dealerContact: true }));
    const stored: unknown[] = [];
    const server: ConsentServer = {
      get: async () => ({ personalisation: false, analytics: false, dealerContact: false, answered: false }),
      put: async (_token, consent) => (stored.push(consent), { ...consent, answered: true }),
    };
    const consent = new ConsentStore(storage, server);
    expect(await consent.signIn({ token: 't1', address: '0xabc' })).toMatchObject({ answered: true, personalisation: true, dealerContact: true });
    expect(stored).toEqual([{ personalisation: true, analytics: false, dealerContact: true }]);
    // Nothing answered on the device either: they are asked (the account stays unanswered).
    const fresh = new ConsentStore(memoryStorage(), server);
    expect(await fresh.signIn({ token: 't2', address: '0xdef' })).toMatchObject({ answered: false });
    expect(stored).toHaveLength(1);
  });

  it("a signed-in person's server-side answer counts, not the device's, and events go with their token", async () => {
    const storage = memoryStorage();
    storage.setItem('marque.consent', JSON.stringify({ personalisation: true, analytics: true, dealerContact: true }));
    const server: ConsentServer = {
      get: async () => ({ personalisation: false, analytics: false, dealerContact: false, answered: true }),
      put: async (_token, consent) => ({ ...consent, answered: true }),
    };
    const { consent, tracker, batches } = setUp(storage, server);
    await consent.signIn({ token: 't1', address: '0xabc' });
    expect(tracker.track({ kind: 'zone-visit', zone: 'museum' })).toBe(false);
    await consent.choose({ personalisation: false, analytics: true, dealerContact: false });
    tracker.track({ kind: 'zone-visit', zone: 'museum' });
    await tracker.flush();
    expect(batches).toEqual([{ batch: { events: [{ kind: 'zone-visit', zone: 'museum' }] }, token: 't1' }]);
    consent.signOut();
    expect(consent.get().analytics).toBe(true);
  });

  it('measures the dwell in a zone when the visitor leaves it', async () => {
    const { consent, tracker, batches } = setUp();
    await consent.choose({ personalisation: false, analytics: true, dealerContact: false });
    tracker.enterZone('museum', 1_000);
    tracker.enterZone('garage', 43_400);
    await tracker.flush();
    expect(batches[0]!.batch.events).toEqual([{ kind: 'zone-visit', zone: 'museum', value: 42 }]);
  });

  it('keeps a batch the server could not be reached for, and drops one it refused', async () => {
    const consent = new ConsentStore(memoryStorage(), noServer);
    await consent.choose({ personalisation: false, analytics: true, dealerContact: false });
    let answer: { status: number } | undefined = { status: 0 };
    const sent: AnalyticsBatch[] = [];
    const tracker = new AnalyticsTracker({
      consent: consent.get,
      subscribe: consent.subscribe,
      token: () => undefined,
      device: () => 'device-0123456789',
      send: async (batch) => {
        if (answer) throw Object.assign(new Error('refused'), answer);
        sent.push(batch);
      },
    });
    tracker.track({ kind: 'tour-started' });
    await tracker.flush();
    expect(tracker.pending).toBe(1);
    answer = { status: 403 };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await tracker.flush();
    expect(tracker.pending).toBe(0);
    warn.mockRestore();
    answer = undefined;
    tracker.track({ kind: 'tour-completed' });
    await tracker.flush();
    expect(sent).toEqual([{ events: [{ kind: 'tour-completed' }], consent: true, device: 'device-0123456789' }]);
  });
});

describe('trackMuseum', () => {
  it('records a car looked at, a tour started and a tour completed once', () => {
    let state: ReturnType<MuseumLike['get']> = { stops: [{ kind: 'opening' }, { kind: 'car' }, { kind: 'closing' }] };
    const listeners = new Set<() => void>();
    const museum: MuseumLike = { get: () => state, subscribe: (l) => (listeners.add(l), () => listeners.delete(l)) };
    const events: unknown[] = [];
    trackMuseum(museum, (e) => events.push(e));
    const set = (patch: Partial<typeof state>) => {
      state = { ...state, ...patch };
      for (const l of listeners) l();
    };
    set({ selected: 'orage-1974' });
    set({ selected: 'orage-1974' });
    set({ step: 0 });
    set({ step: 2 });
    set({ step: 2, selected: undefined });
    expect(events).toEqual([
      { kind: 'car-viewed', zone: 'museum', subject: 'orage-1974' },
      { kind: 'tour-started', zone: 'museum' },
      { kind: 'tour-completed', zone: 'museum' },
    ]);
  });
});

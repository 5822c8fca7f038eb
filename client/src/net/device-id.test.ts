import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value), items };
}

describe('deviceId', () => {
  it('makes one random id per browser and keeps it', async () => {
    const storage = memoryStorage();
    vi.stubGlobal('localStorage', storage);
    const { deviceId } = await import('./device-id');
    const id = deviceId();
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(deviceId()).toBe(id);
    expect(storage.items.get('marque.device')).toBe(id);
  });

  it('reads the one kept from an earlier visit, and is absent without storage', async () => {
    vi.stubGlobal('localStorage', memoryStorage({ 'marque.device': 'kept-0123456789abcdef' }));
    expect((await import('./device-id')).deviceId()).toBe('kept-0123456789abcdef');
    vi.resetModules();
    vi.stubGlobal('localStorage', undefined);
    expect((await import('./device-id')).deviceId()).toBeUndefined();
  });
});

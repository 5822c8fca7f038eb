/** Where the page keeps its device id. */
const STORAGE_KEY = 'marque.device';

let cached: string | undefined;

/**
 * This browser's own random id, made once and kept in its local storage: the server counts one
 * person once across tabs and streams by it, and a guest banned from a launch stays banned on
 * this device. It says nothing about the visitor (no fingerprint); clearing the site's data makes
 * a new one. Undefined where there is no storage (a test in Node, storage turned off).
 */
export function deviceId(): string | undefined {
  if (cached) return cached;
  try {
    const storage = globalThis.localStorage;
    if (!storage) return undefined;
    const stored = storage.getItem(STORAGE_KEY);
    if (stored && /^[A-Za-z0-9_-]{16,64}$/.test(stored)) return (cached = stored);
    const made = crypto.randomUUID().replaceAll('-', '');
    storage.setItem(STORAGE_KEY, made);
    return (cached = made);
  } catch {
    return undefined;
  }
}

/** The header API requests carry the device id in (the server's `DEVICE_HEADER`). */
export const DEVICE_HEADER = 'x-marque-device';

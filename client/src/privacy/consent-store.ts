import { NO_CONSENT, type Consent } from '../../../protocol/src/consent';
import type { ConsentView } from '../../../protocol/src/privacy-api';
import { request } from '../net/api';
import { deviceId } from '../net/device-id';

/** Where a guest's answer is kept on this device. */
export const CONSENT_STORAGE_KEY = 'marque.consent';

/** Who the consent is for: a signed-in person (their token), or nobody (a guest on this device). */
export interface ConsentSession {
  token: string;
  address: string;
}

/** Reads and writes the server's copy of a signed-in person's consent. */
export interface ConsentServer {
  get(token: string): Promise<ConsentView>;
  put(token: string, consent: Consent): Promise<ConsentView>;
  /** A guest withdrew analytics: what this device's pseudonym was counted for is erased. */
  forgetDevice?(): Promise<void>;
}

const httpServer: ConsentServer = {
  get: (token) => request<ConsentView>('/api/privacy/consent', { token }),
  put: (token, consent) => request<ConsentView>('/api/privacy/consent', { token, method: 'PUT', body: consent }),
  async forgetDevice() {
    const device = deviceId();
    if (device) await request('/api/privacy/forget-device', { method: 'POST', body: { device } });
  },
};

function readDevice(storage: Storage | undefined): ConsentView {
  try {
    const raw = storage?.getItem(CONSENT_STORAGE_KEY);
    if (!raw) return { ...NO_CONSENT, answered: false };
    const parsed = JSON.parse(raw) as Partial<Consent> & { updatedAt?: string };
    return {
      personalisation: parsed.personalisation === true,
      analytics: parsed.analytics === true,
      dealerContact: parsed.dealerContact === true,
      answered: true,
      updatedAt: parsed.updatedAt,
    };
  } catch {
    return { ...NO_CONSENT, answered: false };
  }
}

/**
 * The person's consent, outside React: a guest's answer is kept on this device (asked once); a
 * signed-in person's lives on the server and is what counts while they are signed in. Everything
 * that profiles or tracks asks {@link ConsentStore.get} first, and hears withdrawals at once.
 */
export class ConsentStore {
  #view: ConsentView;
  #session?: ConsentSession;
  readonly #listeners = new Set<() => void>();

  constructor(
    private readonly storage: Storage | undefined = globalThis.localStorage,
    private readonly server: ConsentServer = httpServer,
  ) {
    this.#view = readDevice(storage);
  }

  get = (): ConsentView => this.#view;

  /** The signed-in person, if any. */
  get session(): ConsentSession | undefined {
    return this.#session;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /**
   * A person signed in: their server-side answer replaces the device's (nothing allowed until it
   * is read). A person who never answered while signed in but did on this device, as a guest, is
   * not asked again: that answer becomes their account's.
   */
  async signIn(session: ConsentSession): Promise<ConsentView> {
    this.#session = session;
    const device = readDevice(this.storage);
    this.#set({ ...NO_CONSENT, answered: true });
    let view = await this.server.get(session.token);
    if (!view.answered && device.answered && this.#session?.token === session.token) {
      view = await this.server.put(session.token, { personalisation: device.personalisation, analytics: device.analytics, dealerContact: device.dealerContact });
    }
    if (this.#session?.token === session.token) this.#set(view);
    return view;
  }

  /** The same person's session got a fresh token. */
  refreshToken(token: string): void {
    if (this.#session) this.#session = { ...this.#session, token };
  }

  /** Signed out: back to this device's answer. */
  signOut(): void {
    this.#session = undefined;
    this.#set(readDevice(this.storage));
  }

  /** The person's choice: on the server when signed in, on this device otherwise (and as the device's answer too). */
  async choose(consent: Consent): Promise<ConsentView> {
    const updatedAt = new Date().toISOString();
    const withdrew = this.#view.analytics && !consent.analytics;
    try {
      this.storage?.setItem(CONSENT_STORAGE_KEY, JSON.stringify({ ...consent, updatedAt }));
    } catch {
      // No storage: the answer lasts for this visit.
    }
    // A withdrawal applies at once, before the server has answered.
    this.#set({ ...this.#view, ...andOf(this.#view, consent), answered: true });
    if (this.#session) {
      const view = await this.server.put(this.#session.token, consent);
      this.#set(view);
      return view;
    }
    const view = { ...consent, answered: true, updatedAt };
    this.#set(view);
    // The server forgets a signed-in person's analytics itself when they withdraw; a guest's device asks.
    if (withdrew) await this.server.forgetDevice?.();
    return view;
  }

  #set(view: ConsentView): void {
    this.#view = view;
    for (const listener of this.#listeners) listener();
  }
}

/** Each purpose allowed only if both allow it (what may run while a change is on its way). */
function andOf(a: Consent, b: Consent): Consent {
  return { personalisation: a.personalisation && b.personalisation, analytics: a.analytics && b.analytics, dealerContact: a.dealerContact && b.dealerContact };
}

/** The page's one consent store. */
export const consent = new ConsentStore();

import type { Preferences, ProfileView } from '../../../protocol/src/privacy-api';
import { request } from '../net/api';
import type { ComfortSettings } from '../world/xr/comfort-settings';

/** What applying preferences touches: the VR comfort store (client/src/world/xr/comfort-settings.ts). */
export interface ComfortTarget {
  set(patch: Partial<ComfortSettings>): void;
}

/** The comfort settings a profile asks for, as the VR layer keeps them (turning is always snap here). */
export function comfortPatch(comfort: Preferences['comfort']): Partial<ComfortSettings> {
  const patch: Partial<ComfortSettings> = {};
  if (comfort?.locomotion) patch.locomotion = comfort.locomotion;
  if (comfort?.vignette !== undefined) patch.vignette = comfort.vignette;
  if (comfort?.seated !== undefined) patch.seated = comfort.seated;
  return patch;
}

/**
 * The signed-in person's profile preferences, outside React: read at sign-in and applied (VR comfort
 * at once; the museum's tour and the language read them here). Empty for guests and for people who
 * did not agree to personalisation. `language` is for the i18n layer to apply.
 */
export class ProfilePreferences {
  #preferences: Preferences = {};
  #loadedFor?: string;
  readonly #listeners = new Set<() => void>();

  constructor(
    private readonly comfort: ComfortTarget,
    private readonly fetchProfile: (token: string) => Promise<ProfileView> = (token) => request<ProfileView>('/api/profile', { token }),
  ) {}

  get = (): Preferences => this.#preferences;

  /** The profile's language, once a signed-in person's preferences are read; undefined otherwise. */
  get language(): Preferences['language'] {
    return this.#preferences.language;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** Reads the person's preferences and applies them; once per session token's person. */
  async signIn(session: { token: string; address: string }): Promise<Preferences> {
    if (this.#loadedFor === session.address) return this.#preferences;
    this.#loadedFor = session.address;
    const profile = await this.fetchProfile(session.token);
    this.apply(profile.preferences);
    return profile.preferences;
  }

  /** New preferences (read, or just saved): comfort applied now, listeners told. */
  apply(preferences: Preferences): void {
    this.#preferences = preferences;
    const patch = comfortPatch(preferences.comfort);
    if (Object.keys(patch).length > 0) this.comfort.set(patch);
    for (const listener of this.#listeners) listener();
  }

  /** Signed out, or personalisation withdrawn: nothing personal is applied any more. */
  clear(): void {
    this.#loadedFor = undefined;
    this.#preferences = {};
    for (const listener of this.#listeners) listener();
  }
}

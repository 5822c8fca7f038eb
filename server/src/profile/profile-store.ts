import type { Address } from 'viem';
import { MarqueError } from '../../../protocol/src/errors';
import {
  NO_CONSENT,
  preferencesSchema,
  type Consent,
  type ConsentView,
  type Preferences,
  type ProfileView,
} from '../../../protocol/src/privacy-api';
import type { Database } from '../db/database';
import { tableSource, type PersonalDataSource } from '../privacy/personal-data';

interface ConsentRow {
  personalisation: boolean;
  analytics: boolean;
  dealer_contact: boolean;
  updated_at: Date;
}

interface PreferencesRow {
  language: string | null;
  comfort: Preferences['comfort'];
  interests: Preferences['interests'];
  contact: Preferences['contact'];
  updated_at: Date;
}

/**
 * A person's consent and the profile's preferences, off chain, keyed by their address. Preferences
 * are kept only while personalisation is agreed to: withdrawing it deletes them at once.
 */
export class ProfileStore {
  constructor(private readonly db: Database) {}

  async consent(address: Address): Promise<ConsentView> {
    const [row] = await this.db.query<ConsentRow>(
      'select personalisation, analytics, dealer_contact, updated_at from consents where address = $1',
      [address.toLowerCase()],
    );
    if (!row) return { ...NO_CONSENT, answered: false };
    return {
      personalisation: row.personalisation,
      analytics: row.analytics,
      dealerContact: row.dealer_contact,
      answered: true,
      updatedAt: new Date(row.updated_at).toISOString(),
    };
  }

  /** Records the person's choices; a purpose withdrawn stops at once (personalisation: preferences deleted). */
  async setConsent(address: Address, consent: Consent): Promise<ConsentView> {
    const key = address.toLowerCase();
    await this.db.transaction(async (tx) => {
      await tx.query(
        `insert into consents (address, personalisation, analytics, dealer_contact, updated_at) values ($1, $2, $3, $4, now())
         on conflict (address) do update set personalisation = $2, analytics = $3, dealer_contact = $4, updated_at = now()`,
        [key, consent.personalisation, consent.analytics, consent.dealerContact],
      );
      if (!consent.personalisation) await tx.query('delete from profile_preferences where address = $1', [key]);
    });
    return this.consent(address);
  }

  async preferences(address: Address): Promise<{ preferences: Preferences; updatedAt?: string }> {
    const [row] = await this.db.query<PreferencesRow>(
      'select language, comfort, interests, contact, updated_at from profile_preferences where address = $1',
      [address.toLowerCase()],
    );
    if (!row) return { preferences: {} };
    const preferences: Preferences = {};
    if (row.language) preferences.language = row.language as Preferences['language'];
    if (row.comfort && Object.keys(row.comfort).length) preferences.comfort = row.comfort;
    if (row.interests && Object.keys(row.interests).length) preferences.interests = row.interests;
    if (row.contact && Object.keys(row.contact).length) preferences.contact = row.contact;
    return { preferences, updatedAt: new Date(row.updated_at).toISOString() };
  }

  /** Replaces the preferences; refused without personalisation consent (nothing is kept then). */
  async setPreferences(address: Address, preferences: Preferences): Promise<ProfileView> {
    const checked = preferencesSchema.parse(preferences);
    const consent = await this.consent(address);
    if (!consent.personalisation) {
      throw new MarqueError('profile', 'preferences are kept only with your consent to personalisation', {
        status: 409,
        reason: 'no-consent',
        details: 'Turn on "Personalisation" on the privacy page first; nothing was kept.',
      });
    }
    await this.db.query(
      `insert into profile_preferences (address, language, comfort, interests, contact, updated_at) values ($1, $2, $3, $4, $5, now())
       on conflict (address) do update set language = $2, comfort = $3, interests = $4, contact = $5, updated_at = now()`,
      [
        address.toLowerCase(),
        checked.language ?? null,
        JSON.stringify(checked.comfort ?? {}),
        JSON.stringify(checked.interests ?? {}),
        JSON.stringify(checked.contact ?? {}),
      ],
    );
    return this.view(address);
  }

  /** The profile as the person's page reads it. */
  async view(address: Address): Promise<ProfileView> {
    const [consent, { preferences, updatedAt }] = await Promise.all([this.consent(address), this.preferences(address)]);
    return { address: address.toLowerCase(), consent, preferences, ...(updatedAt ? { updatedAt } : {}) };
  }

  /** The personal-data sources of consent and preferences. */
  sources(): PersonalDataSource[] {
    return [
      tableSource({
        name: 'consent',
        what: 'Your consent choices (personalisation, analytics, contact by dealers) and when you last changed them.',
        where: "Marque's database, table consents.",
        why: 'To do only what you agreed to, and to show that we did.',
        retention: 'Until you erase your data.',
        table: 'consents',
        column: 'address',
      }),
      tableSource({
        name: 'profile-preferences',
        what: 'Your language, VR comfort settings, interests and how you like to be contacted.',
        where: "Marque's database, table profile_preferences.",
        why: 'Personalisation, with your consent: applied wherever you sign in.',
        retention: 'While personalisation is on; deleted at once when you turn it off or erase your data.',
        table: 'profile_preferences',
        column: 'address',
      }),
    ];
  }
}

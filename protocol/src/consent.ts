/**
 * Consent and the profile's choices as plain values, without their schemas: the page reads these
 * at start (the consent banner, the analytics tracker, the tour's interests), so they must not pull
 * the schema library into the first download. privacy-api.ts validates them and re-exports them.
 */

/** The purposes a person may agree to, each on its own. */
export const CONSENT_PURPOSES = ['personalisation', 'analytics', 'dealerContact'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** A person's consent: every purpose true or false. */
export type Consent = Record<ConsentPurpose, boolean>;

/** What each purpose means, for the consent panel and the privacy page. */
export const CONSENT_TEXT: Readonly<Record<ConsentPurpose, { title: string; text: string }>> = {
  personalisation: {
    title: 'Personalisation',
    text: 'Keep your language, VR comfort settings, interests and contact choices, and apply them wherever you sign in.',
  },
  analytics: {
    title: 'Analytics',
    text: 'Count your visit, pseudonymously, in the figures the brand team sees (zones, tours, cars, launches). Never shown alone.',
  },
  dealerContact: {
    title: 'Contact by dealers',
    text: 'Let a Marque dealer contact you, the way you chose in your profile, about what you asked for.',
  },
};

/** Nothing agreed: where a person has not answered. */
export const NO_CONSENT: Readonly<Consent> = { personalisation: false, analytics: false, dealerContact: false };

/** The profile's languages (the i18n layer applies them). */
export const PROFILE_LANGUAGES = ['en', 'fr', 'de', 'it', 'zh', 'ja'] as const;
export type ProfileLanguage = (typeof PROFILE_LANGUAGES)[number];

/** The eras of the marque's line-up, by decade of model year. */
export const INTEREST_ERAS = ['1950s', '1960s', '1970s', '1980s', '2000s', '2020s'] as const;
export type InterestEra = (typeof INTEREST_ERAS)[number];

/** The era a model year belongs to (its decade). */
export function eraOf(year: number): string {
  return `${Math.floor(year / 10) * 10}s`;
}

/** How a person may be contacted, in the order they prefer. */
export const CONTACT_CHANNELS = ['email', 'phone', 'post', 'in-app'] as const;

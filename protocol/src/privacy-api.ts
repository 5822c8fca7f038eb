import { z } from 'zod';
import { CAR_LINE_UP } from './car-line-up';

/**
 * The profile's preferences and consent, as the server keeps them and the privacy page edits them
 * (`/api/privacy/*`, `/api/profile/*`). Plain schemas; no server or client code.
 */

/** The purposes a person may agree to, each on its own. */
export const CONSENT_PURPOSES = ['personalisation', 'analytics', 'dealerContact'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

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

/** A person's consent: every purpose true or false. */
export const consentSchema = z.strictObject({
  personalisation: z.boolean(),
  analytics: z.boolean(),
  dealerContact: z.boolean(),
});
export type Consent = z.infer<typeof consentSchema>;

/** Nothing agreed: where a person has not answered. */
export const NO_CONSENT: Readonly<Consent> = { personalisation: false, analytics: false, dealerContact: false };

/** What `GET /api/privacy/consent` answers: the choices, and whether the person answered at all. */
export interface ConsentView extends Consent {
  answered: boolean;
  updatedAt?: string;
}

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

const carIds = CAR_LINE_UP.map((car) => car.id) as [string, ...string[]];

/** VR comfort as the profile keeps it (client/src/world/xr/comfort-settings.ts applies it). */
export const comfortPreferenceSchema = z.strictObject({
  locomotion: z.enum(['teleport', 'smooth']).optional(),
  turning: z.enum(['snap', 'smooth']).optional(),
  vignette: z.boolean().optional(),
  seated: z.boolean().optional(),
});

export const interestsSchema = z.strictObject({
  eras: z.array(z.enum(INTEREST_ERAS)).max(INTEREST_ERAS.length).optional(),
  models: z.array(z.enum(carIds)).max(carIds.length).optional(),
  racing: z.boolean().optional(),
  design: z.boolean().optional(),
});

export const CONTACT_CHANNELS = ['email', 'phone', 'post', 'in-app'] as const;

export const contactSchema = z.strictObject({
  /** Channels the person accepts, in order of preference; empty: do not contact. */
  channels: z.array(z.enum(CONTACT_CHANNELS)).max(CONTACT_CHANNELS.length).optional(),
  /** How to reach them on the first channel (an email address, a phone number); optional. */
  reach: z.string().trim().max(200).optional(),
});

/** The profile's preferences (`PUT /api/profile/preferences`). */
export const preferencesSchema = z.strictObject({
  language: z.enum(PROFILE_LANGUAGES).optional(),
  comfort: comfortPreferenceSchema.optional(),
  interests: interestsSchema.optional(),
  contact: contactSchema.optional(),
});
export type Preferences = z.infer<typeof preferencesSchema>;

/** The owner-profile token and its family, as the chain index has them. */
export interface FamilyView {
  /** MarqueOwnerProfile's address, for the add and remove calls. */
  contract: string;
  profileId: string;
  /** Whether this is a primary profile (only its holder adds and removes family members). */
  primary: boolean;
  /** The family members' profiles (of the primary profile this one belongs to). */
  members: Array<{ profileId: string; holder: string }>;
}

/** What `GET /api/profile` answers: the preferences (empty without personalisation consent), consent, and the profile token's family. */
export interface ProfileView {
  address: string;
  consent: ConsentView;
  preferences: Preferences;
  updatedAt?: string;
  /** Absent when the person holds no owner profile (or the profile contract is not deployed). */
  family?: FamilyView;
}

/** One place personal data is kept, as the privacy page lists it (`GET /api/privacy/sources`). */
export interface PersonalDataSourceView {
  name: string;
  what: string;
  where: string;
  why: string;
  retention: string;
}

/** What the erasure answers (`POST /api/privacy/erase`). */
export interface ErasureView {
  subject: string;
  erasedAt: string;
  sources: Array<{ name: string; erased: number }>;
}

/** The erasure's body: the person confirms by typing this word. */
export const erasureSchema = z.strictObject({ confirm: z.literal('ERASE') });

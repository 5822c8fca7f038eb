import { z } from 'zod';
import { CAR_LINE_UP } from './car-line-up';
import { CONTACT_CHANNELS, INTEREST_ERAS, PROFILE_LANGUAGES, type Consent } from './consent';

/**
 * The profile's preferences and consent, as the server keeps them and the privacy page edits them
 * (`/api/privacy/*`, `/api/profile/*`). Plain schemas; no server or client code.
 */

export { CONSENT_PURPOSES, CONSENT_TEXT, CONTACT_CHANNELS, eraOf, INTEREST_ERAS, NO_CONSENT, PROFILE_LANGUAGES } from './consent';
export type { Consent, ConsentPurpose, InterestEra, ProfileLanguage } from './consent';

/** A person's consent: every purpose true or false. */
export const consentSchema = z.strictObject({
  personalisation: z.boolean(),
  analytics: z.boolean(),
  dealerContact: z.boolean(),
}) satisfies z.ZodType<Consent>;

/** What `GET /api/privacy/consent` answers: the choices, and whether the person answered at all. */
export interface ConsentView extends Consent {
  answered: boolean;
  updatedAt?: string;
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

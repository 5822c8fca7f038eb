import { z } from 'zod';
import { accessRule } from './access-rules';
import { VARIANT_CATEGORIES } from './catalogue';
import { CUES } from './launch';
import { CHAT_MAX_LENGTH } from './social';

/** The launch API's request bodies and the launch room's messages, as zod checks them (shapes: ../protocol/launch.ts). */

/** An event as the brand team defines it (`POST /api/events`, `PUT /api/events/:id`). */
export const launchEventInput = z.strictObject({
  title: z.string().trim().min(3, 'a title of at least 3 characters').max(120),
  /** ISO 8601 with a time zone; in the future when created. */
  startsAt: z.iso.datetime({ offset: true, message: 'an ISO 8601 date and time with a zone, e.g. 2026-12-01T18:00:00Z' }),
  /** Who may attend: an access rule, as each zone has in server/src/rooms/policies.ts (`{ "public": true }` for everyone). */
  access: accessRule,
  /** Embodied avatars per instance; the audience is split into instances of at most this. */
  capacityPerInstance: z.number().int().min(1).max(100).default(50),
  /** Embodied avatars in all instances together; beyond, attendees watch in the overflow tier. */
  embodiedLimit: z.number().int().min(1).max(100_000).default(1_000),
  /** Wallets that may run the show besides the one creating it (brand team members). */
  hosts: z.array(z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'a 0x-prefixed address')).max(20).default([]),
  /** The car revealed, by model id (assets/src/cars/models.ts), and its configuration in catalogue codes. */
  car: z.strictObject({
    model: z.string().min(1).max(64),
    configuration: z.partialRecord(z.enum(VARIANT_CATEGORIES), z.string().min(1).max(64)).default({}),
  }),
  /** The keynote: an HLS playlist (.m3u8) or a plain video file, http(s) or a path on this site. */
  videoUrl: z
    .string()
    .max(2048)
    .refine((url) => /^(https?:\/\/|\/)/.test(url), 'an http(s) URL or a path on this site starting with /'),
  /** How long an attendee must stay to claim the attendance badge, seconds. */
  minimumStaySeconds: z.number().int().min(0).max(86_400).default(600),
});

/** `POST /api/events/:id/cue`: the next cue, and the `seq` the host's console last saw (a stale console is refused). */
export const cueInput = z.strictObject({ cue: z.enum(CUES), seq: z.number().int().min(0) });

/** `POST /api/events/:id/moderation`: what a host does to an attendee (by session id). */
export const moderationInput = z.discriminatedUnion('action', [
  z.strictObject({ action: z.enum(['mute', 'unmute', 'remove', 'ban', 'stage', 'unstage']), sessionId: z.string().min(1).max(64) }),
  z.strictObject({ action: z.literal('slow-mode'), seconds: z.number().int().min(0).max(300) }),
  /** `silent`: only the stage is heard, in every instance; false: the audience is heard near them again. */
  z.strictObject({ action: z.literal('audience-voice'), silent: z.boolean() }),
]);

/** `POST /api/events/:id/questions`. */
export const questionInput = z.strictObject({ text: z.string().trim().min(3).max(CHAT_MAX_LENGTH) });

/** The launch room's `hand` message. */
export const handMessage = z.strictObject({ raised: z.boolean() });

/** An event as the brand team defines it (`POST /api/events`, `PUT /api/events/:id`). */
export type LaunchEventInput = z.input<typeof launchEventInput>;

/** What a host does to an attendee, or slow mode (`POST /api/events/:id/moderation`). */
export type ModerationInput = z.infer<typeof moderationInput>;

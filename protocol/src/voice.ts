import { z } from 'zod';

/**
 * Voice signalling. It travels over the world room's own connection as `voice` messages, so it is
 * validated, rate-limited and tied to the session like every other message. A client names
 * nobody in them: the server knows who sent each one and which room it is in, so a client can
 * only publish its own microphone and only hear the speakers of its own room.
 *
 * Flow: the client asks to `join`; the server answers with an `offer` whose first audio section
 * carries the client's microphone up and whose other sections are the listening slots; the client
 * sends its `answer`. While it talks it says `talk { on: true }`; the server then forwards its
 * audio to the listeners who have it among their nearest speakers, and tells each listener which
 * speaker each slot carries (`slots`).
 */

/** A session description as the browser writes it (Chromium's audio-only SDPs are 2–6 KiB). */
const sdp = z.string().min(10).max(12_000);

/** `voice`, client → server. Strict: a field naming anyone or any room makes the message invalid. */
export const voiceClientMessage = z.discriminatedUnion('kind', [
  /** Start listening (and be ready to talk): the server answers with an `offer`. */
  z.strictObject({ kind: z.literal('join') }),
  /** The answer to the server's offer `id` (an answer to an older offer is ignored). */
  z.strictObject({ kind: z.literal('answer'), id: z.number().int().min(1).max(2 ** 31), sdp }),
  /** Push-to-talk pressed or released, or open mic heard speech or went quiet. */
  z.strictObject({ kind: z.literal('talk'), on: z.boolean() }),
  /** Voice off: nothing is received or sent until the next `join`. */
  z.strictObject({ kind: z.literal('leave') }),
]);
export type VoiceClientMessage = z.infer<typeof voiceClientMessage>;

/** Why the server stopped forwarding someone's voice; the client shows `message`. */
export type VoiceSilencedReason = 'host-muted' | 'audience-silenced';

/** `voice`, server → client. */
export type VoiceServerMessage =
  /**
   * The forwarder's offer `id` (one per join: only the latest is answered): section 0 is the
   * microphone (the client sends), the rest are listening slots; `radius` is how far voices carry.
   */
  | { kind: 'offer'; id: number; sdp: string; slots: number; radius: number }
  /** Which speaker's session each listening slot carries now (null: silent). */
  | { kind: 'slots'; slots: (string | null)[] }
  /** The forwarder failed this client's connection or refused a message; the client retries or shows it. */
  | { kind: 'error'; message: string }
  /** This client's voice is not forwarded (a host muted it, or only the stage speaks), or is again. */
  | { kind: 'silenced'; silenced: boolean; reason?: VoiceSilencedReason; message: string };

/** `voice-talkers`, server → everyone in the room: the sessions whose voice is being forwarded now. */
export interface VoiceTalkers {
  talking: string[];
}

export { VOICE_DEFAULTS } from './voice-defaults';

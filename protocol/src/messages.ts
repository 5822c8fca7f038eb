import { z } from 'zod';

/** Options a client passes when joining a world room. */
export const joinOptions = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(24)
    .regex(/^[\p{L}\p{N} ._'-]+$/u, 'letters, digits, spaces and . _ \' - only')
    .optional(),
  device: z.enum(['vr', 'desktop', 'mobile']).default('desktop'),
  /**
   * The page's own random id, kept in the browser (16–64 url-safe characters): at a launch, a
   * guest's ban holds on it and one person counts once across tabs. Optional; ignored elsewhere.
   */
  deviceId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,64}$/)
    .optional()
    .catch(undefined),
});
export type JoinOptions = z.infer<typeof joinOptions>;

/** Room names clients may join: one per zone of the world. */
export const ROOM_NAMES = { museum: 'museum', factory: 'factory', launch: 'launch', garage: 'garage', lounge: 'lounge' } as const;
export type RoomName = keyof typeof ROOM_NAMES;

/**
 * Messages a world room accepts (client → server):
 * - `pose` (bytes): one pose record, see pose-codec.ts; up to 20 a second.
 * - `chat` `{ text }`: see rooms/chat.ts for limits.
 * - `react` `{ emote }`: one of EMOTES.
 *
 * Messages it sends (server → client): `poses` (bytes), `chat`, `chat-history`,
 * `reactions`, `notice` and `removed`, typed below.
 */
export const CLIENT_MESSAGES = ['pose', 'chat', 'react'] as const;

/** `chat`: a line everyone in the instance sees, after moderation. */
export interface ChatLine {
  id: number;
  /** Session id of the author. */
  from: string;
  name: string;
  text: string;
  /** Server time, ms since the epoch. */
  at: number;
}

/** `reactions`: the emotes sent during the last tick, and the instance's running totals. */
export interface ReactionBurst {
  recent: { from: string; emote: string }[];
  totals: Record<string, number>;
}

/** `notice`: something only this client needs to know (a limit hit, a line refused). */
export interface Notice {
  kind: 'rate-limited' | 'moderated' | 'invalid';
  message: string;
}

/** Why the server removed a client; sent as `removed` just before it closes the connection. */
export type RemovalReason = 'abuse' | 'flood' | 'access-revoked' | 'banned' | 'removed';

/** `removed`: the server is about to close this client's connection, and why. */
export interface Removal {
  reason: RemovalReason;
  message: string;
}

/** WebSocket close codes the rooms use besides Colyseus' own; the SDK does not retry them. */
export const CLOSE_CODES: Record<RemovalReason, number> = {
  abuse: 4400,
  'access-revoked': 4403,
  banned: 4405,
  removed: 4406,
  flood: 4429,
};

/**
 * Limits and vocabularies of the rooms' social messages, shared by the server and the
 * client. Kept free of dependencies so the client can import it without pulling zod.
 */

/** Longest chat line, in characters. */
export const CHAT_MAX_LENGTH = 280;

/** Emotes a visitor can send as a reaction. */
export const EMOTES = ['applause', 'heart', 'wow', 'laugh', 'thumbs-up', 'fire'] as const;
export type Emote = (typeof EMOTES)[number];

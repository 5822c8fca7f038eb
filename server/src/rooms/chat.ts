import { z } from 'zod';
import { CHAT_MAX_LENGTH, EMOTES } from '../../../protocol/src/social';

/** `chat` (client → server): one line of text. */
export const chatMessage = z.object({
  text: z
    .string()
    .max(CHAT_MAX_LENGTH * 4, `at most ${CHAT_MAX_LENGTH} characters`)
    .transform((text) => text.replace(/[\p{Cc}\p{Cf}]/gu, ' ').trim())
    .pipe(z.string().min(1, 'empty message').max(CHAT_MAX_LENGTH, `at most ${CHAT_MAX_LENGTH} characters`)),
});

/** `react` (client → server): one emote. */
export const reactMessage = z.object({ emote: z.enum(EMOTES) });

/** What the moderation hook decides about one chat line. */
export type ModerationVerdict = { action: 'allow'; text: string } | { action: 'reject'; reason: string };

/** Who wrote a chat line, for the moderation hook. */
export interface ChatAuthor {
  sessionId: string;
  name: string;
  address?: string;
  room: string;
}

/**
 * The moderation hook: every chat line passes through it before anyone sees it. It may
 * rewrite the text (masking) or reject it with a reason shown to the author. It may be
 * asynchronous (a remote moderation service); a hook that throws rejects the line.
 */
export type ChatModerator = (text: string, author: ChatAuthor) => ModerationVerdict | Promise<ModerationVerdict>;

/**
 * The default moderator: masks listed words (whole words, any case) and refuses lines that
 * are mostly capitals or carry links, which in a brand space are almost always spam.
 */
export function blocklistModerator(blockedWords: readonly string[]): ChatModerator {
  const words = blockedWords.map((w) => w.trim()).filter(Boolean);
  const pattern = words.length
    ? new RegExp(`(?<![\\p{L}\\p{N}])(${words.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'giu')
    : undefined;
  return (text) => {
    if (/\b(?:https?:\/\/|www\.)\S+/i.test(text)) return { action: 'reject', reason: 'links are not allowed in chat' };
    const letters = text.replace(/[^\p{L}]/gu, '');
    if (letters.length >= 12 && letters.replace(/[^\p{Lu}]/gu, '').length / letters.length > 0.8) {
      return { action: 'reject', reason: 'please do not shout (too many capitals)' };
    }
    return { action: 'allow', text: pattern ? text.replace(pattern, (word) => '*'.repeat([...word].length)) : text };
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

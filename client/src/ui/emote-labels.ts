import type { Emote } from '../../../protocol/src/social';
import { t } from '../i18n/i18n';

/** Each emote's translation key: how it reads on its button, as it floats up and in a launch's figures. */
const EMOTE_KEYS: Readonly<Record<Emote, string>> = {
  applause: 'emotes.applause',
  heart: 'emotes.heart',
  wow: 'emotes.wow',
  laugh: 'emotes.laugh',
  'thumbs-up': 'emotes.thumbs-up',
  fire: 'emotes.fire',
};

// Each emote's name in words, for screen readers (its label may be a glyph).
const EMOTE_NAME_KEYS: Readonly<Record<Emote, string>> = {
  applause: 'emoteNames.applause',
  heart: 'emoteNames.heart',
  wow: 'emoteNames.wow',
  laugh: 'emoteNames.laugh',
  'thumbs-up': 'emoteNames.thumbs-up',
  fire: 'emoteNames.fire',
};

/** An emote's name in words in the page's language, for its button's accessible name. */
export function emoteName(emote: Emote): string {
  return t(EMOTE_NAME_KEYS[emote]);
}

/** How an emote reads in the page's language: words and common glyphs, which every font has. */
export function emoteLabel(emote: Emote): string {
  return t(EMOTE_KEYS[emote]);
}

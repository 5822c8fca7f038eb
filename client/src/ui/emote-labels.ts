import type { Emote } from '../../../protocol/src/social';

/** How each emote reads on its button, as it floats up and in a launch's figures: words and common glyphs, which every font has. */
export const EMOTE_LABELS: Readonly<Record<Emote, string>> = {
  applause: 'Bravo',
  heart: '♥',
  wow: 'Wow',
  laugh: 'Ha!',
  'thumbs-up': '+1',
  fire: 'Hot',
};

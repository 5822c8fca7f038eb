import { useEffect, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { ensureGlyphs, fontsVersion, subscribeFonts } from './fonts';

/** What a canvas drawing depends on besides its text: the page's language and the glyphs loaded so far. */
export interface CanvasFonts {
  language: string;
  /** Changes each time glyphs finish loading: a drawing that lists it in its dependencies redraws. */
  version: number;
}

/**
 * For a component that draws `text` on a canvas texture (a VR panel, a label): loads the CJK
 * glyphs the text needs (when the language or a name needs them) and returns what the drawing
 * must redraw on — the language and the fonts' version — so Chinese and Japanese draw with our
 * font rather than tofu once it is in.
 */
export function useCanvasFonts(text: string): CanvasFonts {
  const { i18n } = useTranslation();
  const version = useSyncExternalStore(subscribeFonts, fontsVersion, fontsVersion);
  useEffect(() => {
    void ensureGlyphs(text, i18n.language).catch(() => undefined);
  }, [text, i18n.language]);
  return { language: i18n.language, version };
}

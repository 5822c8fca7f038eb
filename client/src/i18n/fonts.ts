/**
 * Chinese and Japanese glyphs, self-hosted: Noto Sans SC and Noto Sans JP from @fontsource, whose
 * stylesheets declare the fonts as many small unicode-range subsets (no full font file), so a page
 * downloads only the slices that hold the characters it draws. Nothing of them is in the initial
 * bundle: each loads when the language or a text (a visitor's name) needs it. DOM text picks the
 * font up from `cjk.css` (keyed on the page's `lang`); canvas text (name tags, placards, VR panels)
 * names the families in its font stack ({@link canvasFont}) and redraws once the glyphs are in
 * (`document.fonts.load`, then {@link subscribeFonts}).
 */

/** A CJK script we carry a font for. */
export type CjkScript = 'zh' | 'ja';

/** The family each script draws with. */
export const CJK_FAMILIES: Readonly<Record<CjkScript, string>> = { zh: 'Noto Sans SC', ja: 'Noto Sans JP' };

// Regular and bold only: the canvas's 600 draws with the bold, the DOM's 500/600 likewise.
const STYLESHEETS: Readonly<Record<CjkScript, () => Promise<unknown>>> = {
  zh: () => Promise.all([import('@fontsource/noto-sans-sc/400.css'), import('@fontsource/noto-sans-sc/700.css'), import('./cjk.css')]),
  ja: () => Promise.all([import('@fontsource/noto-sans-jp/400.css'), import('@fontsource/noto-sans-jp/700.css'), import('./cjk.css')]),
};

const KANA = /[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]/;
const HAN = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]/;

/**
 * The CJK font a text needs in a page speaking `language`, if any: kana is Japanese; Han
 * characters are drawn in the page's own CJK language, else as Simplified Chinese.
 */
export function cjkScriptFor(text: string, language: string): CjkScript | undefined {
  if (language === 'ja' && (KANA.test(text) || HAN.test(text))) return 'ja';
  if (KANA.test(text)) return 'ja';
  if (HAN.test(text)) return language === 'ja' ? 'ja' : 'zh';
  return undefined;
}

const stylesheets = new Map<CjkScript, Promise<unknown>>();
const listeners = new Set<() => void>();
let version = 0;

/** Counts the glyph loads finished so far: canvas drawers redraw when it changes. */
export function fontsVersion(): number {
  return version;
}

/** Calls `listener` after each load of glyphs; returns the unsubscribe. */
export function subscribeFonts(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Loads a script's stylesheet once (its @font-face rules; no glyphs yet). */
export function loadCjkStylesheet(script: CjkScript): Promise<unknown> {
  let loading = stylesheets.get(script);
  if (!loading) {
    loading = STYLESHEETS[script]();
    stylesheets.set(script, loading);
    // A failed load may be tried again (the network came back).
    loading.catch(() => stylesheets.delete(script));
  }
  return loading;
}

/**
 * Makes sure the glyphs of `text` are loaded before a canvas draws it: loads the CJK stylesheet
 * it needs, then the subsets that hold its characters, regular and bold. Resolves true when a
 * font was loaded for it (the caller redraws), false when the text needs none.
 */
export async function ensureGlyphs(text: string, language: string): Promise<boolean> {
  const script = cjkScriptFor(text, language);
  if (!script || typeof document === 'undefined' || !document.fonts) return false;
  const family = CJK_FAMILIES[script];
  const wanted = [`400 32px "${family}"`, `700 32px "${family}"`];
  if (stylesheets.has(script) && wanted.every((font) => document.fonts.check(font, text))) return false;
  await loadCjkStylesheet(script);
  await Promise.all(wanted.map((font) => document.fonts.load(font, text)));
  version += 1;
  for (const listener of [...listeners]) listener();
  return true;
}

/** Whether the glyphs of `text` can be drawn now (no CJK needed, or its font's subsets loaded). */
export function glyphsReady(text: string, language: string): boolean {
  const script = cjkScriptFor(text, language);
  if (!script) return true;
  if (typeof document === 'undefined' || !document.fonts || !stylesheets.has(script)) return false;
  return document.fonts.check(`400 32px "${CJK_FAMILIES[script]}"`, text);
}

const SANS = 'system-ui, -apple-system, "Segoe UI"';
const SERIF = 'Georgia, "Times New Roman"';

/**
 * A canvas `font` for `size` (`'600 40px'`) in the house's sans or serif, with both CJK families
 * named (first on a Chinese or Japanese page, else after the Latin ones), so that a Chinese or Japanese label —
 * or a visitor's name in another script than the page's — draws with our font, not tofu.
 */
export function canvasFont(size: string, kind: 'sans' | 'serif' | 'serif-italic', language: string): string {
  const cjk = language === 'ja' ? `"${CJK_FAMILIES.ja}", "${CJK_FAMILIES.zh}"` : `"${CJK_FAMILIES.zh}", "${CJK_FAMILIES.ja}"`;
  // A Chinese or Japanese page draws in its own family first, so Han characters take its shapes.
  const own = language === 'zh' || language === 'ja';
  const families = kind === 'sans' ? SANS : SERIF;
  const stack = own ? `${cjk}, ${families}` : `${families}, ${cjk}`;
  return `${kind === 'serif-italic' ? 'italic ' : ''}${size} ${stack}, ${kind === 'sans' ? 'sans-serif' : 'serif'}`;
}

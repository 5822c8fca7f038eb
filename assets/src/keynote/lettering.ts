import { MarqueError } from '../../../protocol/src/errors';

/**
 * The keynote's letters, drawn as single strokes on a grid 10 units tall (y down, 0 at the
 * cap line, 10 on the baseline), in the manner of a light geometric sans with round
 * terminals. Drawing them ourselves, rather than asking the SVG renderer for a font, keeps
 * the video the same on every machine: librsvg would otherwise pick whatever fonts
 * fontconfig finds, or draw nothing where there are none.
 */
interface Glyph {
  /** Advance without tracking, in grid units. */
  width: number;
  /** SVG path data in grid units; empty for a space. */
  d: string;
}

/** Digits share one advance so that counters and the timecode do not jitter. */
const DIGIT = 6.6;

const GLYPHS: Readonly<Record<string, Glyph>> = {
  ' ': { width: 4.5, d: '' },
  A: { width: 8.4, d: 'M0 10L4.2 0L8.4 10M1.75 5.9H6.65' },
  B: { width: 6.6, d: 'M0 10V0H3.6A2.4 2.4 0 0 1 3.6 4.8H0M3.6 4.8H3.9A2.6 2.6 0 0 1 3.9 10H0' },
  C: { width: 9, d: 'M8.54 1.46A5 5 0 1 0 8.54 8.54' },
  D: { width: 8.4, d: 'M0 0V10H3.4A5 5 0 0 0 3.4 0Z' },
  E: { width: 6, d: 'M6 0H0V10H6M0 5H5.2' },
  F: { width: 5.8, d: 'M5.8 0H0V10M0 5H5' },
  G: { width: 10, d: 'M8.54 1.46A5 5 0 1 0 10 5H5.8' },
  H: { width: 7.6, d: 'M0 0V10M7.6 0V10M0 5H7.6' },
  I: { width: 0, d: 'M0 0V10' },
  J: { width: 5, d: 'M5 0V7.5A2.5 2.5 0 0 1 0 7.5' },
  K: { width: 6.8, d: 'M0 0V10M6.8 0L0 6.6M2.5 4.2L6.8 10' },
  L: { width: 5.6, d: 'M0 0V10H5.6' },
  M: { width: 9.6, d: 'M0 10V0L4.8 10L9.6 0V10' },
  N: { width: 7.6, d: 'M0 10V0L7.6 10V0' },
  O: { width: 10, d: 'M0 5A5 5 0 1 0 10 5A5 5 0 1 0 0 5Z' },
  P: { width: 6.6, d: 'M0 10V0H3.9A2.65 2.65 0 0 1 3.9 5.3H0' },
  Q: { width: 10, d: 'M0 5A5 5 0 1 0 10 5A5 5 0 1 0 0 5ZM6.4 6.4L10.2 10.2' },
  R: { width: 6.8, d: 'M0 10V0H3.9A2.65 2.65 0 0 1 3.9 5.3H0M3.4 5.3L6.8 10' },
  S: {
    width: 6.6,
    d: 'M6.1 1.6C5.5 0.6 4.5 0 3.2 0C1.5 0 0.35 1.05 0.35 2.55C0.35 4.2 1.75 4.75 3.3 5.1C5 5.45 6.6 6.05 6.6 7.6C6.6 9.05 5.3 10 3.35 10C1.9 10 0.75 9.4 0 8.3',
  },
  T: { width: 7.2, d: 'M0 0H7.2M3.6 0V10' },
  U: { width: 7.6, d: 'M0 0V6.2A3.8 3.8 0 0 0 7.6 6.2V0' },
  V: { width: 8.4, d: 'M0 0L4.2 10L8.4 0' },
  W: { width: 12.4, d: 'M0 0L3.1 10L6.2 0L9.3 10L12.4 0' },
  X: { width: 7.4, d: 'M0 0L7.4 10M7.4 0L0 10' },
  Y: { width: 7.8, d: 'M0 0L3.9 5.2L7.8 0M3.9 5.2V10' },
  Z: { width: 7.2, d: 'M0 0H7.2L0 10H7.2' },
  '0': { width: DIGIT, d: 'M3.3 0A3.3 5 0 1 0 3.3 10A3.3 5 0 1 0 3.3 0Z' },
  '1': { width: DIGIT, d: 'M1.7 1.9L3.9 0V10' },
  '2': { width: DIGIT, d: 'M0.35 2.6C0.7 1 1.85 0 3.35 0C5.05 0 6.2 1.15 6.2 2.8C6.2 4.2 5.4 5.15 4.1 6.2L0.1 10H6.6' },
  '3': { width: DIGIT, d: 'M0.6 0H6.1L2.9 4.05C5.1 3.85 6.6 5.2 6.6 7C6.6 8.8 5.15 10 3.25 10C1.85 10 0.75 9.4 0.05 8.4' },
  '4': { width: DIGIT, d: 'M5 10V0L0 7H6.6' },
  '5': { width: DIGIT, d: 'M6.1 0H1.05L0.55 4.25C1.25 3.9 2.2 3.7 3.1 3.7C5.15 3.7 6.6 5 6.6 6.85C6.6 8.7 5.05 10 3.15 10C1.8 10 0.7 9.4 0 8.4' },
  '6': { width: DIGIT, d: 'M0 6.7A3.3 3.3 0 1 0 6.6 6.7A3.3 3.3 0 1 0 0 6.7ZM4.7 0L0.55 5' },
  '7': { width: DIGIT, d: 'M0 0H6.6L2.3 10' },
  '8': { width: DIGIT, d: 'M0.85 2.45A2.45 2.45 0 1 0 5.75 2.45A2.45 2.45 0 1 0 0.85 2.45ZM0.3 7.45A3 2.55 0 1 0 6.3 7.45A3 2.55 0 1 0 0.3 7.45Z' },
  '9': { width: DIGIT, d: 'M0 3.3A3.3 3.3 0 1 0 6.6 3.3A3.3 3.3 0 1 0 0 3.3ZM6.05 5L1.9 10' },
  ':': { width: 0, d: 'M0 3.05V3.4M0 9.6V9.95' },
  '.': { width: 0, d: 'M0 9.6V9.95' },
  '-': { width: 4.2, d: 'M0 5.6H4.2' },
  '/': { width: 5, d: 'M5 0L0 10' },
  '·': { width: 0, d: 'M0 5.05V5.4' },
};

/** How a run of {@link lettering} is drawn. */
export interface LetteringStyle {
  /** Cap height in pixels. */
  size: number;
  /** Extra space after every letter, as a fraction of the cap height. */
  tracking?: number;
  /** Stroke width in pixels. */
  weight?: number;
  /** Where `x` sits on the run. */
  anchor?: 'start' | 'middle' | 'end';
  color?: string;
  opacity?: number;
}

/** Width of a run in pixels, without the tracking after its last letter. */
export function letteringWidth(text: string, style: LetteringStyle): number {
  const tracking = style.tracking ?? 0.3;
  let units = 0;
  for (const char of text) units += glyph(char).width + tracking * 10;
  return Math.max(0, units - tracking * 10) * (style.size / 10);
}

/**
 * One line of capitals, digits and a little punctuation as an SVG group whose baseline is
 * at `y`. Lower case is drawn as capitals: the keynote's cards are all set in capitals.
 */
export function lettering(text: string, x: number, y: number, style: LetteringStyle): string {
  const { size, tracking = 0.3, weight = size / 12, anchor = 'start', color = '#c9a866', opacity = 1 } = style;
  const upper = text.toUpperCase();
  const scale = size / 10;
  const width = letteringWidth(upper, style);
  const left = anchor === 'start' ? x : anchor === 'middle' ? x - width / 2 : x - width;
  const paths: string[] = [];
  let pen = 0;
  for (const char of upper) {
    const g = glyph(char);
    if (g.d) paths.push(`<path transform="translate(${num(pen)} 0)" d="${g.d}"/>`);
    pen += g.width + tracking * 10;
  }
  if (paths.length === 0 || opacity <= 0) return '';
  return (
    `<g transform="translate(${num(left)} ${num(y - size)}) scale(${num(scale)})" fill="none" stroke="${color}"` +
    ` stroke-width="${num(weight / scale)}" stroke-linecap="round" stroke-linejoin="round" opacity="${num(opacity)}">${paths.join('')}</g>`
  );
}

function glyph(char: string): Glyph {
  const g = GLYPHS[char];
  if (!g) {
    throw new MarqueError('assets/keynote', `no letter drawn for "${char}"`, {
      details: [`The keynote's lettering has: ${Object.keys(GLYPHS).join('')}`, 'Add the glyph in assets/src/keynote/lettering.ts or change the text.'].join('\n'),
    });
  }
  return g;
}

/** Short, stable number formatting for SVG attributes. */
export function num(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

import { MarqueError } from '../../../protocol/src/errors';
import { box } from './primitives';
import type { MeshBuilder } from './mesh-builder';
import { type Affine, composeAffine, IDENTITY, rotationZ, translation, type Vec2 } from './vec';

/**
 * A geometric stroke alphabet for the marque's signage and wordmark: each glyph is a few
 * straight strokes on a 4 × 6 grid (x right, y up), drawn as bevelled bars. Only the letters
 * and digits the world's signs use are defined; asking for another throws.
 */
const GLYPHS: Readonly<Record<string, readonly (readonly [Vec2, Vec2])[]>> = {
  A: [[[0, 0], [2, 6]], [[2, 6], [4, 0]], [[1, 2.3], [3, 2.3]]],
  B: [[[0, 0], [0, 6]], [[0, 6], [3, 6]], [[3, 6], [3.8, 5.2]], [[3.8, 5.2], [3.8, 3.8]], [[3.8, 3.8], [3, 3]], [[0, 3], [3.2, 3]], [[3.2, 3], [4, 2.2]], [[4, 2.2], [4, 0.8]], [[4, 0.8], [3.2, 0]], [[3.2, 0], [0, 0]]],
  D: [[[0, 0], [0, 6]], [[0, 6], [2.6, 6]], [[2.6, 6], [4, 4.6]], [[4, 4.6], [4, 1.4]], [[4, 1.4], [2.6, 0]], [[2.6, 0], [0, 0]]],
  E: [[[0, 0], [0, 6]], [[0, 6], [4, 6]], [[0, 3], [3, 3]], [[0, 0], [4, 0]]],
  G: [[[4, 5], [3, 6]], [[3, 6], [1, 6]], [[1, 6], [0, 5]], [[0, 5], [0, 1]], [[0, 1], [1, 0]], [[1, 0], [3, 0]], [[3, 0], [4, 1]], [[4, 1], [4, 2.8]], [[4, 2.8], [2.2, 2.8]]],
  I: [[[2, 0], [2, 6]]],
  L: [[[0, 6], [0, 0]], [[0, 0], [4, 0]]],
  M: [[[0, 0], [0, 6]], [[0, 6], [2, 2.6]], [[2, 2.6], [4, 6]], [[4, 6], [4, 0]]],
  N: [[[0, 0], [0, 6]], [[0, 6], [4, 0]], [[4, 0], [4, 6]]],
  O: [[[0, 1], [0, 5]], [[0, 5], [1, 6]], [[1, 6], [3, 6]], [[3, 6], [4, 5]], [[4, 5], [4, 1]], [[4, 1], [3, 0]], [[3, 0], [1, 0]], [[1, 0], [0, 1]]],
  P: [[[0, 0], [0, 6]], [[0, 6], [3, 6]], [[3, 6], [4, 5]], [[4, 5], [4, 4]], [[4, 4], [3, 3]], [[3, 3], [0, 3]]],
  Q: [[[0, 1], [0, 5]], [[0, 5], [1, 6]], [[1, 6], [3, 6]], [[3, 6], [4, 5]], [[4, 5], [4, 1]], [[4, 1], [3, 0]], [[3, 0], [1, 0]], [[1, 0], [0, 1]], [[2.6, 1.4], [4.2, -0.4]]],
  R: [[[0, 0], [0, 6]], [[0, 6], [3, 6]], [[3, 6], [4, 5]], [[4, 5], [4, 4]], [[4, 4], [3, 3]], [[3, 3], [0, 3]], [[2, 3], [4, 0]]],
  S: [[[4, 5], [3, 6]], [[3, 6], [1, 6]], [[1, 6], [0, 5]], [[0, 5], [0, 4]], [[0, 4], [1, 3]], [[1, 3], [3, 3]], [[3, 3], [4, 2]], [[4, 2], [4, 1]], [[4, 1], [3, 0]], [[3, 0], [1, 0]], [[1, 0], [0, 1]]],
  T: [[[0, 6], [4, 6]], [[2, 6], [2, 0]]],
  U: [[[0, 6], [0, 1]], [[0, 1], [1, 0]], [[1, 0], [3, 0]], [[3, 0], [4, 1]], [[4, 1], [4, 6]]],
  V: [[[0, 6], [2, 0]], [[2, 0], [4, 6]]],
  Y: [[[0, 6], [2, 3]], [[4, 6], [2, 3]], [[2, 3], [2, 0]]],
  '1': [[[1, 4.8], [2.4, 6]], [[2.4, 6], [2.4, 0]]],
  '2': [[[0, 5], [1, 6]], [[1, 6], [3, 6]], [[3, 6], [4, 5]], [[4, 5], [4, 4]], [[4, 4], [0, 0]], [[0, 0], [4, 0]]],
  '3': [[[0, 6], [4, 6]], [[4, 6], [2, 3.6]], [[2, 3.6], [3, 3.6]], [[3, 3.6], [4, 2.6]], [[4, 2.6], [4, 1]], [[4, 1], [3, 0]], [[3, 0], [0, 0]]],
  '4': [[[3, 0], [3, 6]], [[3, 6], [0, 2]], [[0, 2], [4, 2]]],
  '5': [[[4, 6], [0, 6]], [[0, 6], [0, 3.4]], [[0, 3.4], [3, 3.4]], [[3, 3.4], [4, 2.4]], [[4, 2.4], [4, 1]], [[4, 1], [3, 0]], [[3, 0], [0, 0]]],
  '6': [[[3.6, 6], [1.4, 6]], [[1.4, 6], [0, 4.4]], [[0, 4.4], [0, 1]], [[0, 1], [1, 0]], [[1, 0], [3, 0]], [[3, 0], [4, 1]], [[4, 1], [4, 2.4]], [[4, 2.4], [3, 3.4]], [[3, 3.4], [0, 3.4]]],
  '·': [[[1.7, 2.7], [2.3, 3.3]]],
};

/** Options for {@link strokeText}. */
export interface StrokeTextOptions {
  /** Cap height in metres. */
  height: number;
  /** Stroke width as a fraction of the cap height. */
  weight?: number;
  /** Depth of the bars (towards the viewer, +Z) in metres. */
  depth?: number;
  /** Extra space between letters, as a fraction of the cap height. */
  tracking?: number;
  /** Where the text goes: it is laid out along +X, centred on the origin, facing +Z. */
  transform?: Affine;
}

/** Width of `text` in metres when drawn with `options`. */
export function strokeTextWidth(text: string, options: StrokeTextOptions): number {
  const unit = options.height / 6;
  const advance = 4 * unit + (options.tracking ?? 0.35) * options.height;
  const spaces = [...text].filter((c) => c === ' ').length;
  return (text.length - spaces) * advance - (options.tracking ?? 0.35) * options.height + spaces * advance * 0.6;
}

/** Appends `text` (upper-case) as bevelled stroke letters. */
export function strokeText(out: MeshBuilder, text: string, options: StrokeTextOptions): void {
  const { height, weight = 0.13, depth = 0.03, tracking = 0.35, transform = IDENTITY } = options;
  const unit = height / 6;
  const stroke = weight * height;
  const advance = 4 * unit + tracking * height;
  let x = -strokeTextWidth(text, options) / 2;
  for (const char of text) {
    if (char === ' ') {
      x += advance * 0.6;
      continue;
    }
    const glyph = GLYPHS[char];
    if (!glyph) {
      throw new MarqueError('assets/geometry', `the stroke font has no "${char}"`, { details: `use only ${Object.keys(GLYPHS).join('')} and spaces` });
    }
    for (const [a, b] of glyph) {
      const ax = x + a[0] * unit;
      const ay = a[1] * unit - height / 2;
      const bx = x + b[0] * unit;
      const by = b[1] * unit - height / 2;
      const length = Math.hypot(bx - ax, by - ay) + stroke;
      const angle = Math.atan2(by - ay, bx - ax);
      const place = composeAffine(transform, composeAffine(translation([(ax + bx) / 2, (ay + by) / 2, depth / 2]), rotationZ(angle)));
      box(out, [length, stroke, depth], place);
    }
    x += advance;
  }
}

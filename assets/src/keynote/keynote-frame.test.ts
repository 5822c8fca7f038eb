import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { keynoteFrameSvg } from './keynote-frame';
import { lettering } from './lettering';

/** Frames a person can look at (git-ignored). */
const OUTPUT_DIR = path.resolve(import.meta.dirname, '../../../test-results/keynote');

describe('keynoteFrameSvg', () => {
  it('draws frames a person can check (test-results/keynote/frame-*.png)', async () => {
    await mkdir(OUTPUT_DIR, { recursive: true });
    for (const t of [1, 3.5, 7.5, 11.2, 14, 18.6, 20.5, 22.5]) {
      const png = await sharp(Buffer.from(keynoteFrameSvg(t))).png().toBuffer();
      await writeFile(path.join(OUTPUT_DIR, `frame-${t.toFixed(1).padStart(4, '0')}s.png`), png);
      // Not a black screen: every card puts light on the screen.
      const { channels } = await sharp(png).stats();
      expect(channels[0].max, `frame at ${t} s`).toBeGreaterThan(150);
    }
  });

  it('draws the same frame for the same time', () => {
    expect(keynoteFrameSvg(12.3)).toBe(keynoteFrameSvg(12.3));
    expect(keynoteFrameSvg(12.3)).not.toBe(keynoteFrameSvg(19));
  });
});

describe('lettering', () => {
  it('rejects text it has no letters for, saying what to do', () => {
    expect(() => lettering('Astrale GT №1', 0, 0, { size: 10 })).toThrow(/assets\/keynote: no letter drawn for "№"[\s\S]*Add the glyph in assets\/src\/keynote\/lettering\.ts/);
  });
});

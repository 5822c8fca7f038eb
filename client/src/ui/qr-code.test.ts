import { create } from 'qrcode';
import { describe, expect, it } from 'vitest';
import { qrPath } from './qr-code';

/** The modules an SVG path from {@link qrPath} paints, as `row,col` (one `MxyhNv1h-Nz` run each). */
function painted(path: string, margin: number): Set<string> {
  const cells = new Set<string>();
  for (const [, x, y, width] of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    for (let i = 0; i < Number(width); i++) cells.add(`${Number(y) - margin},${Number(x) - margin + i}`);
  }
  return cells;
}

describe('the QR code', () => {
  it('draws each run of dark modules in a row as one rectangle, inside the quiet zone', () => {
    const matrix = [
      [1, 1, 0],
      [0, 1, 1],
      [1, 0, 1],
    ];
    const path = qrPath(3, (row, col) => matrix[row]![col] === 1, 4);
    expect(path).toBe('M4 4h2v1h-2zM5 5h2v1h-2zM4 6h1v1h-1zM6 6h1v1h-1z');
  });

  it("paints exactly the dark modules of a showcase link's symbol", () => {
    const { modules } = create('http://localhost:5173/?showcase=1', { errorCorrectionLevel: 'M' });
    const dark = new Set<string>();
    for (let row = 0; row < modules.size; row++) {
      for (let col = 0; col < modules.size; col++) if (modules.get(row, col)) dark.add(`${row},${col}`);
    }
    const path = qrPath(modules.size, (row, col) => modules.get(row, col) !== 0);
    expect(painted(path, 4)).toEqual(dark);
    // The three finder patterns: dark 7×7 rings in the corners.
    for (const [row, col] of [
      [0, 0],
      [0, modules.size - 7],
      [modules.size - 7, 0],
    ] as const) {
      expect(dark.has(`${row},${col}`) && dark.has(`${row + 6},${col + 6}`) && !dark.has(`${row + 1},${col + 1}`)).toBe(true);
    }
  });
});

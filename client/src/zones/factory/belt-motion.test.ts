import { describe, expect, it } from 'vitest';
import { BELT_SPEED, beltLayout, beltOffset, slatSpan } from './belt-motion';

/** The factory's deck as assets/src/environments/factory-line.ts lays it: 110 slats 0.37 m wide, 0.4 m apart. */
const CENTRES = Array.from({ length: 110 }, (_, k) => -21.8 + 0.4 * k);
const WIDTH = 0.37;

describe('beltLayout', () => {
  it('makes a lap of the slats and a visible belt a slat shorter, centred on them', () => {
    const layout = beltLayout([...CENTRES].reverse(), WIDTH);
    expect(layout.lap).toBeCloseTo(44, 9);
    expect(layout.end - layout.start).toBeCloseTo(44 - WIDTH, 9);
    expect(layout.start + 21.985).toBeCloseTo(21.985 - layout.end, 9);
  });

  it('refuses slats that overlap or are unevenly spaced, saying so', () => {
    expect(() => beltLayout([0, 0.3, 0.6], 0.37)).toThrow(/must not overlap/);
    expect(() => beltLayout([0, 0.4, 1.2], 0.37)).toThrow(/not evenly spaced/);
    expect(() => beltLayout([0], 0.37)).toThrow(/at least two/);
  });
});

describe('beltOffset', () => {
  it('runs at the given speed and wraps after a lap', () => {
    const layout = beltLayout(CENTRES, WIDTH);
    expect(beltOffset(0, BELT_SPEED, layout)).toBe(0);
    expect(beltOffset(2, BELT_SPEED, layout)).toBeCloseTo(2 * BELT_SPEED, 9);
    expect(beltOffset(44 / BELT_SPEED + 1, BELT_SPEED, layout)).toBeCloseTo(BELT_SPEED, 6);
    expect(BELT_SPEED).toBeGreaterThan(0.05);
    expect(BELT_SPEED).toBeLessThan(0.5);
  });
});

describe('slatSpan', () => {
  it('leaves the slats where the file lays them at offset 0, but for those at the very ends', () => {
    const layout = beltLayout(CENTRES, WIDTH);
    for (const centre of CENTRES.slice(1, -1)) {
      const span = slatSpan(centre, 0, layout);
      expect(span.centre).toBeCloseTo(centre, 9);
      expect(span.width).toBeCloseTo(WIDTH, 9);
    }
  });

  it('moves every slat along the line, never jumping: it grows out of the start and shrinks into the end', () => {
    const layout = beltLayout(CENTRES, WIDTH);
    const step = 0.01;
    const faults: string[] = [];
    let previous = CENTRES.map((c) => slatSpan(c, 0, layout));
    for (let offset = step; offset <= layout.lap + 1e-9; offset += step) {
      const spans = CENTRES.map((c) => slatSpan(c, offset, layout));
      spans.forEach((span, k) => {
        const before = previous[k]!;
        const moved = span.centre - before.centre;
        if (span.centre < layout.start - 1e-9 || span.centre > layout.end + 1e-9) faults.push(`slat ${k} off the belt at ${offset}`);
        if (span.width > 0 && before.width > 0 && moved > 0) {
          // Moving forward, by at most the step (less when it is cut at an end).
          if (moved > step + 1e-9) faults.push(`slat ${k} jumped ${moved} at ${offset}`);
        } else if (Math.max(span.width, before.width) > step + 1e-9) {
          // Otherwise appearing, disappearing or going round from the end to the start: a sliver at most a step wide.
          faults.push(`slat ${k} popped (${before.width} → ${span.width} wide, moved ${moved}) at ${offset}`);
        }
      });
      previous = spans;
    }
    expect(faults.slice(0, 5)).toEqual([]);
    // After one lap, back where it started.
    CENTRES.forEach((c, k) => expect(previous[k]!.centre).toBeCloseTo(slatSpan(c, 0, layout).centre, 6));
  });
});

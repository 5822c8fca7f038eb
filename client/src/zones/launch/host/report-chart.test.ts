import { describe, expect, it } from 'vitest';
import { dwellLabel, formatDuration, histogramBars, linePath, niceCeiling, ticks } from './report-chart';

const area = { left: 10, top: 0, width: 100, height: 50 };

describe('the report charts', () => {
  it('scales to round numbers', () => {
    expect(niceCeiling(0)).toBe(1);
    expect(niceCeiling(7)).toBe(10);
    expect(niceCeiling(13)).toBe(20);
    expect(niceCeiling(41)).toBe(50);
    expect(niceCeiling(200)).toBe(200);
    expect(ticks(20)).toEqual([0, 5, 10, 15, 20]);
    expect(ticks(50)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(ticks(2)).toEqual([0, 1, 2]);
    expect(ticks(1)).toEqual([0, 1]);
  });

  it('draws a line across the area, top at the maximum', () => {
    expect(linePath([0, 5, 10], area, 10)).toBe('M10,50L60,25L110,0');
    expect(linePath([4], area, 8)).toBe('M10,25L110,25');
    expect(linePath([], area, 1)).toBe('');
  });

  it('draws one bar per dwell bucket, labelled as people read durations', () => {
    const { bars, max } = histogramBars(
      [
        { fromSeconds: 0, toSeconds: 60, attendees: 3 },
        { fromSeconds: 60, toSeconds: 300, attendees: 9 },
        { fromSeconds: 3600, toSeconds: null, attendees: 0 },
      ],
      area,
    );
    expect(max).toBe(10);
    expect(bars.map((b) => b.label)).toEqual(['< 1 min', '1–5 min', '1 h+']);
    expect(bars[1]).toMatchObject({ height: 45, y: 5, attendees: 9 });
    expect(bars[2]!.height).toBe(0);
    expect(dwellLabel(1800, 3600)).toBe('30 min–1 h');
  });

  it('says how long in words', () => {
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(720)).toBe('12 min');
    expect(formatDuration(3900)).toBe('1 h 05 min');
  });
});

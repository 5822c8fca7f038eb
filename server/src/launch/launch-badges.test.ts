import { describe, expect, it } from 'vitest';
import { formatSeconds } from './launch-badges';

describe('formatSeconds', () => {
  it('says a stay in minutes and seconds, leaving out a zero part', () => {
    expect(formatSeconds(45)).toBe('45 s');
    expect(formatSeconds(600)).toBe('10 min');
    expect(formatSeconds(605)).toBe('10 min 5 s');
    expect(formatSeconds(0)).toBe('0 s');
  });
});

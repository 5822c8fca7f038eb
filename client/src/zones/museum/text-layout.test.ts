import { describe, expect, it } from 'vitest';
import { paginate, wrapText } from './text-layout';

/** Every character 1 wide. */
const measure = (s: string) => s.length;

describe('text laid out for a canvas', () => {
  it('wraps at spaces within the width, a long word on its own line', () => {
    expect(wrapText('the quick brown fox jumps', 10, measure)).toEqual(['the quick', 'brown fox', 'jumps']);
    expect(wrapText('a extraordinarily b', 5, measure)).toEqual(['a', 'extraordinarily', 'b']);
    expect(wrapText('  ', 5, measure)).toEqual([]);
  });

  it('pages paragraphs with a blank line between them, none opening a page', () => {
    const pages = paginate(['one two three', 'four five'], 8, 2, measure);
    expect(pages).toEqual([['one two', 'three'], ['four', 'five']]);
    expect(paginate([], 8, 3, measure)).toEqual([[]]);
    expect(paginate(['aa', 'bb'], 8, 5, measure)).toEqual([['aa', '', 'bb']]);
  });
});

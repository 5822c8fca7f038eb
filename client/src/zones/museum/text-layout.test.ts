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

describe('wrapText in Chinese and Japanese', () => {
  // One unit a character: a line of 5 holds five characters.
  const measure = (s: string) => s.length;

  it('breaks between characters, where there are no spaces', () => {
    expect(wrapText('传承展厅里的六辆车', 5, measure)).toEqual(['传承展厅里', '的六辆车']);
  });

  it('keeps closing punctuation off the start of a line, and Latin words whole with their spaces', () => {
    expect(wrapText('一切从这里开始。Mistral Spider 是第一款', 7, measure)).toEqual(['一切从这里开始。', 'Mistral', 'Spider', '是第一款']);
    expect(wrapText('ホールへようこそ', 4, measure)).toEqual(['ホールへ', 'ようこそ']);
  });
});

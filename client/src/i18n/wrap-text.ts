/** Measures the width of a run of text as it will be drawn (a canvas context's `measureText`). */
export type MeasureText = (text: string) => number;

// Chinese and Japanese characters (and full-width punctuation): a line may break between any two.
const CJK = '\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef';
const TOKENS = new RegExp(`\\s+|[${CJK}]|[^\\s${CJK}]+`, 'g');
// What may not open a line (closing punctuation, small kana, the long-vowel mark): it stays on the line before.
const NO_LINE_START = /^[、。，．,.:;：；！？!?）)」』】〕’”・ーゝゞ々ぁぃぅぇぉっゃゅょァィゥェォッャュョ]/;

/**
 * Breaks a paragraph into lines no wider than `maxWidth`: at spaces, and between any two
 * Chinese or Japanese characters (which have no spaces), never before closing punctuation; a
 * single word wider than the line gets a line of its own rather than being cut.
 */
export function wrapText(text: string, maxWidth: number, measure: MeasureText): string[] {
  const lines: string[] = [];
  let line = '';
  let space = false;
  for (const token of text.match(TOKENS) ?? []) {
    if (/^\s+$/.test(token)) {
      space = line !== '';
      continue;
    }
    const candidate = line ? `${line}${space ? ' ' : ''}${token}` : token;
    space = false;
    if (line && measure(candidate) > maxWidth && !NO_LINE_START.test(token)) {
      lines.push(line);
      line = token;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}

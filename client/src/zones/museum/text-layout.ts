/** Measures the width of a run of text as it will be drawn (a canvas context's `measureText`). */
export type MeasureText = (text: string) => number;

/**
 * Breaks a paragraph into lines no wider than `maxWidth`, at spaces; a single word wider than
 * the line gets a line of its own rather than being cut.
 */
export function wrapText(text: string, maxWidth: number, measure: MeasureText): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && measure(candidate) > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Lays paragraphs out as pages of at most `linesPerPage` lines, an empty line between
 * paragraphs (dropped where it would open a page). At least one page, empty for no text.
 */
export function paginate(paragraphs: readonly string[], maxWidth: number, linesPerPage: number, measure: MeasureText): string[][] {
  const lines: string[] = [];
  paragraphs.forEach((paragraph, i) => {
    if (i > 0) lines.push('');
    lines.push(...wrapText(paragraph, maxWidth, measure));
  });
  const pages: string[][] = [];
  let page: string[] = [];
  for (const line of lines) {
    if (page.length === 0 && line === '') continue;
    page.push(line);
    if (page.length === linesPerPage) {
      pages.push(page);
      page = [];
    }
  }
  if (page.length > 0 || pages.length === 0) pages.push(page);
  return pages;
}

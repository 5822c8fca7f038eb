import { wrapText, type MeasureText } from '../../i18n/wrap-text';

export { wrapText, type MeasureText };

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

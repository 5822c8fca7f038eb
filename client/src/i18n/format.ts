/**
 * Dates, numbers and units in the page's language (Intl), so a visitor in Munich reads
 * "4,20 m" and "8. Dez. 2026" where one in London reads "4.20 m" and "8 Dec 2026".
 */
import { currentLocale } from './i18n';

/** A number with the locale's separators. */
export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(currentLocale(), options).format(value);
}

/** A length in metres with two decimals ("4.20 m", "4,20 m"). */
export function formatMetres(value: number): string {
  return new Intl.NumberFormat(currentLocale(), { style: 'unit', unit: 'meter', unitDisplay: 'short', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
}

/** A distance in the locale's short unit ("12 m"). */
export function formatDistance(metres: number): string {
  return new Intl.NumberFormat(currentLocale(), { style: 'unit', unit: 'meter', unitDisplay: 'short', maximumFractionDigits: 0 }).format(metres);
}

/** A date (and, unless `dateOnly`, its time) in the locale's medium style. */
export function formatDateTime(value: Date | number | string, dateOnly = false): string {
  const date = value instanceof Date ? value : new Date(value);
  return new Intl.DateTimeFormat(currentLocale(), dateOnly ? { dateStyle: 'medium' } : { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** A time of day ("19:30", "7:30 PM"). */
export function formatTime(value: Date | number | string): string {
  const date = value instanceof Date ? value : new Date(value);
  return new Intl.DateTimeFormat(currentLocale(), { timeStyle: 'short' }).format(date);
}

/** A list joined as the locale joins one ("a, b and c", "a, b et c", "a、b和c"). */
export function formatList(items: readonly string[], type: Intl.ListFormatType = 'conjunction'): string {
  return new Intl.ListFormat(currentLocale(), { type }).format(items);
}

import type { LegendPayload } from 'recharts';
import type { Lang } from '../../../i18n/languages';
import { formatMonth } from '../../../lib/format';

/**
 * Legend props that keep the series in the order given (recharts sorts legend items by their
 * label otherwise, which would put "Hinweise" before "Verstöße").
 */
export function legendInSeriesOrder(names: readonly string[]) {
  return {
    itemSorter: (item: LegendPayload) => names.indexOf(String(item.dataKey)),
  };
}

/** Chart rows with the month's short name ("März 26") as the x-axis label. */
export function withMonthLabels<T extends { month: string }>(rows: readonly T[], lang: Lang) {
  return rows.map((row) => ({ ...row, label: formatMonth(row.month, lang, 'short') }));
}

/** The range's first and last month in words, for "von Juni 2025 bis Mai 2026". */
export function rangeInWords(months: readonly { month: string }[], lang: Lang) {
  return {
    from: formatMonth(months[0]?.month ?? '', lang),
    to: formatMonth(months.at(-1)?.month ?? '', lang),
  };
}

/** Sentences joined by a space, leaving out those that are not there. */
export function sentences(...parts: (string | null | false | undefined)[]): string {
  return parts.filter(Boolean).join(' ');
}

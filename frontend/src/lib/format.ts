import type { Lang } from '../i18n/languages';

/**
 * Display formats shared by every screen (UX.md, cross-cutting rule 2): German dates like
 * "Di, 03.03.2026", a 24-hour clock in both languages, durations "7:30 h", signed balances with a
 * real minus sign (U+2212) and day counts "1,5 Tage". Use these instead of ad-hoc formatting so
 * numbers look the same everywhere; render them with tabular figures (see `Num`).
 */

/** The minus sign used for negative numbers (U+2212), wider and clearer than a hyphen. */
export const MINUS = '\u2212';

/** English uses the British locale: day before month and a 24-hour clock, like the German UI. */
const LOCALES: Record<Lang, string> = { de: 'de-DE', en: 'en-GB' };

export function localeOf(lang: Lang): string {
  return LOCALES[lang];
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar day ("2026-03-03") has no time zone: it is formatted in UTC so that it never shifts
 * to the previous day. Anything else is an instant and shown in `zone` (the browser's if none).
 */
function toDateAndZone(
  value: Date | string,
  zone?: string,
): { date: Date; timeZone: string | undefined } {
  if (typeof value === 'string') {
    const match = CALENDAR_DATE.exec(value);
    if (match) {
      const [, y, m, d] = match;
      return { date: new Date(Date.UTC(Number(y), Number(m) - 1, Number(d))), timeZone: 'UTC' };
    }
    return { date: new Date(value), timeZone: zone };
  }
  return { date: value, timeZone: zone };
}

const formatterCache = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(
  lang: Lang,
  kind: 'date' | 'time',
  timeZone: string | undefined,
): Intl.DateTimeFormat {
  const key = `${lang}|${kind}|${timeZone ?? ''}`;
  let format = formatterCache.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'time'
        ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
        : lang === 'de'
          ? { weekday: 'short', day: '2-digit', month: '2-digit', year: 'numeric' }
          : { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' };
    format = new Intl.DateTimeFormat(LOCALES[lang], { ...options, timeZone });
    formatterCache.set(key, format);
  }
  return format;
}

/**
 * A date with its weekday: "Di, 03.03.2026" (de) or "Tue, 3 Mar 2026" (en).
 * Accepts a calendar day "YYYY-MM-DD" or an instant (Date or ISO timestamp); an instant is
 * shown in the browser's time zone unless one is given (working times: the company's zone).
 */
export function formatDate(value: Date | string, lang: Lang, zone?: string): string {
  const { date, timeZone } = toDateAndZone(value, zone);
  const parts = dateTimeFormat(lang, 'date', timeZone).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((part) => part.type === type)?.value ?? '';
  // German short weekdays come as "Di." – the UI writes them without the dot.
  const weekday = get('weekday').replace(/\.$/, '');
  return lang === 'de'
    ? `${weekday}, ${get('day')}.${get('month')}.${get('year')}`
    : `${weekday}, ${get('day')} ${get('month')} ${get('year')}`;
}

/**
 * Clock time of an instant, always 24-hour: "10:42". In the browser's time zone unless one is
 * given (working times are shown in the company's zone, see lib/zoned-time.ts).
 */
export function formatTime(value: Date | string, lang: Lang, timeZone?: string): string {
  const { date } = toDateAndZone(value);
  return dateTimeFormat(lang, 'time', timeZone).format(date);
}

function hoursAndMinutes(totalMinutes: number): string {
  const rounded = Math.round(Math.abs(totalMinutes));
  const hours = Math.floor(rounded / 60);
  const minutes = rounded % 60;
  return `${hours}:${String(minutes).padStart(2, '0')} h`;
}

/** A duration in minutes as hours and minutes: 450 → "7:30 h" (negative: "−0:30 h"). */
export function formatDuration(minutes: number): string {
  const text = hoursAndMinutes(minutes);
  return Math.round(minutes) < 0 ? `${MINUS}${text}` : text;
}

/** A signed balance in minutes: 750 → "+12:30 h", −195 → "−3:15 h", 0 → "0:00 h". */
export function formatBalance(minutes: number): string {
  const rounded = Math.round(minutes);
  const text = hoursAndMinutes(rounded);
  if (rounded > 0) return `+${text}`;
  if (rounded < 0) return `${MINUS}${text}`;
  return text;
}

const DAY_UNITS: Record<Lang, { one: string; other: string }> = {
  de: { one: 'Tag', other: 'Tage' },
  en: { one: 'day', other: 'days' },
};

/** A number of (possibly half) days: "1 Tag", "1,5 Tage" (de); "1 day", "1.5 days" (en). */
export function formatDays(days: number, lang: Lang): string {
  const locale = LOCALES[lang];
  const magnitude = Math.abs(days);
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(magnitude);
  const plural = new Intl.PluralRules(locale, { maximumFractionDigits: 2 }).select(magnitude);
  const unit = plural === 'one' ? DAY_UNITS[lang].one : DAY_UNITS[lang].other;
  const sign = days < 0 && number !== '0' ? MINUS : '';
  return `${sign}${number} ${unit}`;
}

/**
 * An instant with date and clock time: "Di, 03.03.2026, 10:42" / "Tue, 3 Mar 2026, 10:42", in
 * the browser's time zone unless one is given.
 */
export function formatDateTime(value: Date | string, lang: Lang, timeZone?: string): string {
  return `${formatDate(value, lang, timeZone)}, ${formatTime(value, lang, timeZone)}`;
}

/**
 * A month "2026-11" as "November 2026" (de) / "November 2026" (en); `short` for chart axes:
 * "Nov. 26" / "Nov 26".
 */
export function formatMonth(month: string, lang: Lang, width: 'long' | 'short' = 'long'): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(LOCALES[lang], {
    month: width,
    year: width === 'long' ? 'numeric' : '2-digit',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(year, monthNumber - 1, 1)));
}

/** A month without its year, short: "Jan", "Mär" (de), "Jan", "Mar" (en). */
export function formatMonthShort(month: string, lang: Lang): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const name = new Intl.DateTimeFormat(LOCALES[lang], { month: 'short', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, monthNumber - 1, 1)),
  );
  // ICU versions differ on "Jan." or "Jan"; the UI writes it without the dot, as weekdays.
  return name.replace(/\.$/, '');
}

/** A plain number in the UI language: 1234.5 → "1.234,5" (de) / "1,234.5" (en). */
export function formatNumber(value: number, lang: Lang): string {
  return new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 2 }).format(value);
}

/** Weekday names Monday first: "Mo"…"So" / "Montag"… (de), "Mon"…"Sun" / "Monday"… (en). */
export function weekdayNames(lang: Lang, width: 'short' | 'long'): string[] {
  const format = new Intl.DateTimeFormat(LOCALES[lang], { weekday: width, timeZone: 'UTC' });
  // 5 January 2026 is a Monday.
  return Array.from({ length: 7 }, (_, i) =>
    format.format(new Date(Date.UTC(2026, 0, 5 + i))).replace(/\.$/, ''),
  );
}

/** "2,4 MB", "830 KB" in the UI's language. */
export function formatBytes(bytes: number, locale: string): string {
  const format = (n: number, digits: number) =>
    new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n);
  if (bytes < 1024) return `${format(bytes, 0)} B`;
  if (bytes < 1024 * 1024) return `${format(bytes / 1024, 0)} KB`;
  return `${format(bytes / 1024 / 1024, 1)} MB`;
}

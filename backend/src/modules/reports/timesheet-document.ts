/**
 * The monthly timesheet (Stundenzettel) as every export format shows it: the month view of the
 * API (modules/time/timesheet.ts) plus the words around it (company, person, labels in German or
 * English). Nothing here computes a figure: worked, target, difference, totals and balance are
 * the month view's, so a PDF, a CSV and a spreadsheet always agree with the screen.
 */
import { localClockTime, localDay } from '../../domain/time.js';
import type { Timesheet, TimesheetDay } from '../time/timesheet.js';

export type ExportLang = 'de' | 'en';

export interface TimesheetRow {
  /** 'YYYY-MM-DD' */
  day: string;
  weekday: string;
  /** First Kommen of the day, local 'HH:mm'. */
  start: string | null;
  /** Last Gehen of the entries that started that day (may be after midnight); null while running. */
  end: string | null;
  /** Every entry, e.g. '08:00–12:00, 12:30–16:30'. */
  times: string;
  breakMinutes: number;
  workedMinutes: number;
  targetMinutes: number;
  creditedMinutes: number;
  diffMinutes: number;
  /** Holiday, closure day, free day, half day or absence, in words. */
  note: string | null;
  findings: { severity: 'info' | 'warning' | 'violation'; message: string }[];
}

export interface TimesheetDocument {
  lang: ExportLang;
  texts: ExportTexts;
  companyName: string;
  personName: string;
  employeeNumber: string | null;
  /** 'YYYY-MM' */
  month: string;
  /** 'März 2026' / 'March 2026' */
  monthLabel: string;
  timeZone: string;
  rows: TimesheetRow[];
  totals: Timesheet['totals'];
  balance: Timesheet['balance'];
  /** The closing state in one sentence ("Abgeschlossen von … am …"). */
  lockText: string;
  locked: boolean;
  generatedAt: Date;
}

/** What the export service knows besides the sheet. */
export interface DocumentContext {
  lang: ExportLang;
  companyName: string;
  personName: string;
  employeeNumber: string | null;
  approvedByName: string | null;
  generatedAt: Date;
}

const texts = {
  de: {
    title: 'Stundenzettel',
    fileStem: 'Stundenzettel',
    archiveStem: 'Stundenzettel',
    company: 'Firma',
    person: 'Mitarbeiter:in',
    employeeNumber: 'Personalnummer',
    month: 'Monat',
    generated: 'Erstellt am',
    date: 'Datum',
    weekday: 'Tag',
    start: 'Kommen',
    end: 'Gehen',
    times: 'Zeiten',
    break: 'Pause',
    worked: 'Ist',
    target: 'Soll',
    credited: 'Gutschrift',
    diff: 'Differenz',
    note: 'Bemerkung',
    arbzg: 'ArbZG',
    hours: 'h',
    total: 'Summe',
    adjustments: 'Korrekturen',
    balanceBefore: 'Saldo Vormonat',
    balanceAfter: 'Saldo am {day}',
    findingsTitle: 'ArbZG-Hinweise',
    findingsLegend: '! = Hinweis nach dem Arbeitszeitgesetz (ArbZG), Einzelheiten unten',
    signatureEmployee: 'Datum, Unterschrift Mitarbeiter:in',
    signatureEmployer: 'Datum, Unterschrift Arbeitgeber',
    page: 'Seite {page} von {pages}',
    lockApproved: 'Abgeschlossen von {name} am {date}',
    lockApprovedNoName: 'Abgeschlossen am {date}',
    lockSubmitted: 'Zur Genehmigung eingereicht, noch nicht abgeschlossen',
    lockOpen: 'Offen, noch nicht abgeschlossen',
    weekdays: ['Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa', 'So'],
    reasons: {
      no_schedule: 'Kein Arbeitszeitmodell',
      weekend_or_free: 'Frei',
      half_day: 'Halber Arbeitstag',
      absence: 'Abwesend',
    },
  },
  en: {
    title: 'Timesheet',
    fileStem: 'Timesheet',
    archiveStem: 'Timesheets',
    company: 'Company',
    person: 'Employee',
    employeeNumber: 'Employee number',
    month: 'Month',
    generated: 'Created on',
    date: 'Date',
    weekday: 'Day',
    start: 'In',
    end: 'Out',
    times: 'Times',
    break: 'Break',
    worked: 'Worked',
    target: 'Target',
    credited: 'Credited',
    diff: 'Difference',
    note: 'Note',
    arbzg: 'ArbZG',
    hours: 'h',
    total: 'Total',
    adjustments: 'Adjustments',
    balanceBefore: 'Balance previous month',
    balanceAfter: 'Balance on {day}',
    findingsTitle: 'Working Hours Act (ArbZG) findings',
    findingsLegend: '! = finding under the German Working Hours Act (ArbZG), details below',
    signatureEmployee: 'Date, signature of employee',
    signatureEmployer: 'Date, signature of employer',
    page: 'Page {page} of {pages}',
    lockApproved: 'Closed by {name} on {date}',
    lockApprovedNoName: 'Closed on {date}',
    lockSubmitted: 'Submitted for approval, not closed yet',
    lockOpen: 'Open, not closed yet',
    weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
    reasons: {
      no_schedule: 'No work schedule',
      weekend_or_free: 'Day off',
      half_day: 'Half working day',
      absence: 'Absent',
    },
  },
} as const;

export type ExportTexts = (typeof texts)[ExportLang];

/** '{name}' placeholders filled in. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => values[key] ?? match);
}

/** '2026-03-02' → '02.03.2026' (German) or '2026-03-02' (ISO). */
export function formatDay(day: string, style: 'german' | 'iso'): string {
  if (style === 'iso') return day;
  const [year, month, date] = day.split('-');
  return `${date}.${month}.${year}`;
}

/** Minutes as 'h:mm' ('7:30', '-0:45', with '+' when asked); a hyphen, as CSV and PDF fonts need. */
export function formatMinutes(minutes: number, signed = false): string {
  const sign = minutes < 0 ? '-' : signed && minutes > 0 ? '+' : '';
  const abs = Math.abs(minutes);
  return `${sign}${Math.floor(abs / 60)}:${String(abs % 60).padStart(2, '0')}`;
}

/** Minutes as decimal hours, rounded to two places (what payroll imports expect). */
export function decimalHours(minutes: number): number {
  return Math.round((minutes / 60) * 100) / 100;
}

/** Monday = 0 … Sunday = 6, for a calendar day (no time zone involved). */
function weekdayIndex(day: string): number {
  return (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** What makes a day special, in words (the same rule as the screen's day row). */
function dayNote(day: TimesheetDay, lang: ExportLang): string | null {
  if (day.holidayName) return day.holidayName;
  if (day.closureName) return day.closureName;
  if (day.reason === 'workday' || day.reason === 'holiday' || day.reason === 'closure') return null;
  return texts[lang].reasons[day.reason];
}

function dayRow(day: TimesheetDay, lang: ExportLang, timeZone: string): TimesheetRow {
  const counted = day.entries.filter((e) => !e.deleted);
  const clock = (iso: string) => localClockTime(new Date(iso), timeZone);
  const last = counted.at(-1);
  return {
    day: day.day,
    weekday: texts[lang].weekdays[weekdayIndex(day.day)]!,
    start: counted[0] ? clock(counted[0].start) : null,
    end: last?.end ? clock(last.end) : null,
    times: counted.map((e) => `${clock(e.start)}–${e.end ? clock(e.end) : ''}`).join(', '),
    breakMinutes: day.breakMinutes,
    workedMinutes: day.workedMinutes,
    targetMinutes: day.targetMinutes,
    creditedMinutes: day.creditedMinutes,
    diffMinutes: day.diffMinutes,
    note: dayNote(day, lang),
    findings: day.findings.map((f) => ({ severity: f.severity, message: f.message[lang] })),
  };
}

/** The sheet and its context as one document, ready for any format. */
export function timesheetDocument(sheet: Timesheet, context: DocumentContext): TimesheetDocument {
  const { lang } = context;
  const t = texts[lang];
  const [year, month] = sheet.month.split('-').map(Number) as [number, number];
  const monthLabel = new Intl.DateTimeFormat(lang === 'de' ? 'de-DE' : 'en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(year, month - 1, 1)));
  const approvedOn = sheet.lock?.approvedAt
    ? formatDay(
        localDay(new Date(sheet.lock.approvedAt), sheet.timeZone),
        lang === 'de' ? 'german' : 'iso',
      )
    : '';
  const lockText =
    sheet.lock?.status === 'approved'
      ? context.approvedByName
        ? fill(t.lockApproved, { name: context.approvedByName, date: approvedOn })
        : fill(t.lockApprovedNoName, { date: approvedOn })
      : sheet.lock?.status === 'submitted'
        ? t.lockSubmitted
        : t.lockOpen;
  return {
    lang,
    texts: t,
    companyName: context.companyName,
    personName: context.personName,
    employeeNumber: context.employeeNumber,
    month: sheet.month,
    monthLabel,
    timeZone: sheet.timeZone,
    rows: sheet.days.map((day) => dayRow(day, lang, sheet.timeZone)),
    totals: sheet.totals,
    balance: sheet.balance,
    lockText,
    locked: sheet.lock?.status === 'approved',
    generatedAt: context.generatedAt,
  };
}

/**
 * File names: an ASCII one for every client (umlauts spelled out, anything else '_') and the
 * real one for those that read RFC 5987 `filename*`.
 */
export function exportFileName(document: TimesheetDocument, extension: string) {
  return timesheetFileName(document.lang, document.month, document.personName, extension);
}

/** `Stundenzettel_2026-04_Jürgen Weiß.pdf` and `Stundenzettel_2026-04_Juergen_Weiss.pdf`. */
export function timesheetFileName(
  lang: ExportLang,
  month: string,
  personName: string,
  extension: string,
) {
  const readable = `${texts[lang].fileStem}_${month}_${personName}.${extension}`;
  return { ascii: asciiFileName(readable), readable };
}

/** The month's ZIP: `Stundenzettel_2026-04.zip`, `Stundenzettel_2026-04_Produktion.zip`. */
export function archiveFileName(lang: ExportLang, month: string, teamName: string | null) {
  const readable = `${[texts[lang].archiveStem, month, ...(teamName ? [teamName] : [])].join('_')}.zip`;
  return { ascii: asciiFileName(readable), readable };
}

/**
 * A file name in letters, digits, `.`, `_` and `-` only: 'Jürgen Weiß' → 'Juergen_Weiss',
 * 'Ayşe Yılmaz' → 'Ayse_Yilmaz' (accents go by decomposition; ı, ł, ø … have none).
 */
export function asciiFileName(readable: string): string {
  return readable
    .replace(/[äÄöÖüÜßıłŁøØđĐæÆœŒ]/g, (c) => spelledOut[c] ?? c)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_');
}

const spelledOut: Record<string, string> = {
  ä: 'ae',
  Ä: 'Ae',
  ö: 'oe',
  Ö: 'Oe',
  ü: 'ue',
  Ü: 'Ue',
  ß: 'ss',
  ı: 'i',
  ł: 'l',
  Ł: 'L',
  ø: 'o',
  Ø: 'O',
  đ: 'd',
  Đ: 'D',
  æ: 'ae',
  Æ: 'Ae',
  œ: 'oe',
  Œ: 'Oe',
};

/**
 * The Stundenzettel as CSV, in two variants:
 * - `german`: what German Excel opens with a double click: UTF-8 with BOM (or umlauts break),
 *   `;` between fields, decimal comma, dates dd.mm.yyyy;
 * - `standard`: RFC 4180 for programs: `,`, decimal point, ISO dates, no BOM.
 * One row per day, then a total row and the balance rows (named in the first column). Durations
 * come twice: as decimal hours (two places, what payroll imports read) and as exact h:mm.
 */
import { stringify } from 'csv-stringify/sync';
import type { TimesheetDocument } from './timesheet-document.js';
import { decimalHours, fill, formatDay, formatMinutes } from './timesheet-document.js';

export type CsvVariant = 'german' | 'standard';

/** Figures of a row in the order of the duration columns. */
type Durations = [
  breakMinutes: number | null,
  worked: number | null,
  target: number | null,
  credited: number | null,
  diff: number | null,
];

/**
 * Text a spreadsheet would run as a formula (=, +, -, @ at the start) gets a leading apostrophe
 * (OWASP "CSV injection"): closure names and notes are typed by people.
 */
function safeText(value: string | null): string {
  if (!value) return '';
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function timesheetCsv(document: TimesheetDocument, variant: CsvVariant): Buffer {
  const t = document.texts;
  const german = variant === 'german';
  const hours = (minutes: number | null) =>
    minutes === null
      ? ''
      : german
        ? decimalHours(minutes).toFixed(2).replace('.', ',')
        : decimalHours(minutes).toFixed(2);
  const clock = (minutes: number | null, signed = false) =>
    minutes === null ? '' : formatMinutes(minutes, signed);
  const durations = (d: Durations) => [
    ...d.map((m) => hours(m)),
    ...d.map((m, i) => clock(m, i === 4)),
  ];
  const day = (value: string) => formatDay(value, german ? 'german' : 'iso');

  const header = [
    t.date,
    t.weekday,
    t.start,
    t.end,
    t.times,
    ...[t.break, t.worked, t.target, t.credited, t.diff].map((name) => `${name} (h)`),
    ...[t.break, t.worked, t.target, t.credited, t.diff].map((name) => `${name} (h:mm)`),
    t.note,
    t.arbzg,
  ];
  const summary = (label: string, d: Durations) => [label, '', '', '', '', ...durations(d), '', ''];
  const records = [
    header,
    ...document.rows.map((row) => [
      day(row.day),
      row.weekday,
      row.start ?? '',
      row.end ?? '',
      safeText(row.times),
      ...durations([
        row.breakMinutes,
        row.workedMinutes,
        row.targetMinutes,
        row.creditedMinutes,
        row.diffMinutes,
      ]),
      safeText(row.note),
      safeText(row.findings.map((f) => f.message).join(' | ')),
    ]),
    summary(t.total, [
      null,
      document.totals.workedMinutes,
      document.totals.targetMinutes,
      document.totals.creditedMinutes,
      document.totals.diffMinutes,
    ]),
    summary(t.adjustments, [null, null, null, null, document.totals.adjustmentMinutes]),
    summary(t.balanceBefore, [null, null, null, null, document.balance.before]),
    summary(fill(t.balanceAfter, { day: day(document.balance.asOf) }), [
      null,
      null,
      null,
      null,
      document.balance.after,
    ]),
  ];
  const text = stringify(records, {
    delimiter: german ? ';' : ',',
    record_delimiter: 'windows',
    bom: german,
  });
  return Buffer.from(text, 'utf8');
}

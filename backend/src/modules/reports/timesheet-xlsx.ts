/**
 * The Stundenzettel as an Excel workbook with typed cells: dates are dates, Kommen/Gehen are
 * times of day, Pause/Ist/Soll/Gutschrift are durations (fractions of a day shown as [h]:mm, so
 * they add up in Excel). The difference and the balances are signed, and Excel's 1900 date system
 * cannot show a negative time (it prints ####), so they are decimal hours (+1.50 / -0.75).
 */
import ExcelJS from 'exceljs';
import type { TimesheetDocument } from './timesheet-document.js';
import { decimalHours, fill, formatDay } from './timesheet-document.js';

const DURATION = '[h]:mm';
const CLOCK = 'hh:mm';
const SIGNED_HOURS = '+0.00;-0.00;0.00';
const MINUTES_PER_DAY = 24 * 60;

/** Rows above the table (title, company, person, status, blank); the header row follows. */
const HEADER_ROW = 6;

const asDuration = (minutes: number) => minutes / MINUTES_PER_DAY;

function asClock(time: string | null): number | null {
  if (!time) return null;
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return asDuration(hours * 60 + minutes);
}

const asDate = (day: string) => new Date(`${day}T00:00:00Z`);

export async function timesheetXlsx(document: TimesheetDocument): Promise<Buffer> {
  const t = document.texts;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'TimeMaster';
  workbook.created = document.generatedAt;
  const sheet = workbook.addWorksheet(`${t.title} ${document.month}`, {
    views: [{ state: 'frozen', ySplit: HEADER_ROW }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1 },
  });
  const dateFormat = document.lang === 'de' ? 'dd.mm.yyyy' : 'yyyy-mm-dd';
  sheet.columns = [
    { key: 'date', width: 12, style: { numFmt: dateFormat } },
    { key: 'weekday', width: 6 },
    { key: 'start', width: 9, style: { numFmt: CLOCK } },
    { key: 'end', width: 9, style: { numFmt: CLOCK } },
    { key: 'break', width: 9, style: { numFmt: DURATION } },
    { key: 'worked', width: 9, style: { numFmt: DURATION } },
    { key: 'target', width: 9, style: { numFmt: DURATION } },
    { key: 'credited', width: 11, style: { numFmt: DURATION } },
    { key: 'diff', width: 13, style: { numFmt: SIGNED_HOURS } },
    { key: 'note', width: 28 },
    { key: 'findings', width: 60 },
  ];

  sheet.getCell('A1').value = `${t.title} ${document.monthLabel}`;
  sheet.getCell('A1').font = { bold: true, size: 14 };
  sheet.getCell('A2').value = t.company;
  sheet.getCell('C2').value = document.companyName;
  sheet.getCell('A3').value = t.person;
  sheet.getCell('C3').value = document.employeeNumber
    ? `${document.personName} (${t.employeeNumber} ${document.employeeNumber})`
    : document.personName;
  sheet.getCell('A4').value = document.lockText;
  // The header row replaces the keys' row that exceljs would write at row 1.
  const header = sheet.getRow(HEADER_ROW);
  header.values = [
    t.date,
    t.weekday,
    t.start,
    t.end,
    t.break,
    t.worked,
    t.target,
    t.credited,
    `${t.diff} (${t.hours})`,
    t.note,
    t.arbzg,
  ];
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'top' };
  header.border = { bottom: { style: 'thin' } };

  document.rows.forEach((row, index) => {
    sheet.getRow(HEADER_ROW + 1 + index).values = {
      date: asDate(row.day),
      weekday: row.weekday,
      start: asClock(row.start),
      end: asClock(row.end),
      break: asDuration(row.breakMinutes),
      worked: asDuration(row.workedMinutes),
      target: asDuration(row.targetMinutes),
      credited: asDuration(row.creditedMinutes),
      diff: decimalHours(row.diffMinutes),
      note: row.note,
      findings: row.findings.map((f) => f.message).join(' | ') || null,
    };
  });

  let next = HEADER_ROW + 1 + document.rows.length;
  const total = sheet.getRow(next++);
  total.values = {
    date: t.total,
    worked: asDuration(document.totals.workedMinutes),
    target: asDuration(document.totals.targetMinutes),
    credited: asDuration(document.totals.creditedMinutes),
    diff: decimalHours(document.totals.diffMinutes),
  };
  total.font = { bold: true };
  total.border = { top: { style: 'thin' } };
  const balanceDay = formatDay(document.balance.asOf, document.lang === 'de' ? 'german' : 'iso');
  for (const [label, minutes] of [
    [t.adjustments, document.totals.adjustmentMinutes],
    [t.balanceBefore, document.balance.before],
    [fill(t.balanceAfter, { day: balanceDay }), document.balance.after],
  ] as const) {
    sheet.getRow(next++).values = { date: label, diff: decimalHours(minutes) };
  }
  sheet.getRow(next - 1).font = { bold: true };

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

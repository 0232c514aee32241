/**
 * The team / company overview as a spreadsheet: XLSX with typed cells, CSV in the German Excel
 * and the standard variant. The cell types and formats are the timesheet export's
 * (timesheet-xlsx.ts, timesheet-csv.ts): Soll, Ist and Gutschrift are durations shown as [h]:mm
 * (they add up in Excel); the difference and the balance are signed, which Excel's time formats
 * cannot show, so they are decimal hours (+1.50 / -0.75); days are numbers with up to two
 * places. The CSV carries each duration twice, as decimal hours and as h:mm.
 * Nothing is computed here: every figure is the overview's (overview.ts).
 */
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import type { Overview, OverviewRow, OverviewTotals } from './overview.js';
import type { ExportLang } from './timesheet-document.js';
import { decimalHours, fill, formatDay, formatMinutes } from './timesheet-document.js';
import type { CsvVariant } from './timesheet-csv.js';

const DURATION = '[h]:mm';
const SIGNED_HOURS = '+0.00;-0.00;0.00';
const DAYS = '0.0#';
const COUNT = '0';
const MINUTES_PER_DAY = 24 * 60;

const texts = {
  de: {
    title: 'Übersicht',
    fileStem: 'Uebersicht',
    readableStem: 'Übersicht',
    person: 'Person',
    employeeNumber: 'Personalnummer',
    team: 'Team',
    role: 'Rolle',
    roles: { employee: 'Mitarbeiter:in', manager: 'Teamleitung', admin: 'Administration' },
    target: 'Soll',
    worked: 'Ist',
    credited: 'Gutschrift',
    diff: 'Abweichung',
    adjustments: 'Korrekturen',
    balance: 'Saldo am {day}',
    vacationTaken: 'Urlaub genommen (Tage)',
    vacationRemaining: 'Resturlaub {year} (Tage)',
    sick: 'Krank (Tage)',
    otherTotal: 'Sonstige Abwesenheit (Tage)',
    other: '{name} (Tage)',
    findings: 'ArbZG-Hinweise',
    violations: 'davon Verstöße',
    hours: 'h',
    total: 'Summe',
    period: 'Zeitraum',
  },
  en: {
    title: 'Overview',
    fileStem: 'Overview',
    readableStem: 'Overview',
    person: 'Person',
    employeeNumber: 'Employee number',
    team: 'Team',
    role: 'Role',
    roles: { employee: 'Employee', manager: 'Manager', admin: 'Administrator' },
    target: 'Target',
    worked: 'Worked',
    credited: 'Credited',
    diff: 'Difference',
    adjustments: 'Adjustments',
    balance: 'Balance on {day}',
    vacationTaken: 'Vacation taken (days)',
    vacationRemaining: 'Vacation left {year} (days)',
    sick: 'Sick (days)',
    otherTotal: 'Other absence (days)',
    other: '{name} (days)',
    findings: 'ArbZG findings',
    violations: 'of which violations',
    hours: 'h',
    total: 'Total',
    period: 'Period',
  },
} as const;

type Kind = 'text' | 'duration' | 'signed' | 'days' | 'count';

interface Column {
  header: string;
  kind: Kind;
  width: number;
  /** The value of a person's row (text or number; minutes for durations). */
  value: (row: OverviewRow) => string | number | null;
  /** The totals row's value; undefined: empty (text columns). */
  total?: (totals: OverviewTotals) => number;
}

/** The figures a person's row and the totals row share by name. */
type SummedKey = {
  [K in keyof OverviewRow & keyof OverviewTotals]: OverviewRow[K] extends number ? K : never;
}[keyof OverviewRow & keyof OverviewTotals];

/** A numeric column whose totals cell is the overview's total of the same figure. */
function summed(header: string, kind: Kind, width: number, key: SummedKey): Column {
  return { header, kind, width, value: (r) => r[key], total: (s) => s[key] };
}

/** The columns of both formats, in order; one per other absence type that occurs. */
function columns(overview: Overview, lang: ExportLang, german: boolean): Column[] {
  const t = texts[lang];
  const day = formatDay(overview.balanceAsOf, german ? 'german' : 'iso');
  const typeDays = (typeId: string) => (list: OverviewRow['otherAbsences']) =>
    list.find((o) => o.typeId === typeId)?.days ?? 0;
  return [
    { header: t.person, kind: 'text', width: 28, value: (r) => r.name },
    { header: t.employeeNumber, kind: 'text', width: 14, value: (r) => r.employeeNumber },
    { header: t.team, kind: 'text', width: 18, value: (r) => r.teamName },
    { header: t.role, kind: 'text', width: 14, value: (r) => t.roles[r.role] },
    summed(t.target, 'duration', 10, 'targetMinutes'),
    summed(t.worked, 'duration', 10, 'workedMinutes'),
    summed(t.credited, 'duration', 11, 'creditedMinutes'),
    summed(t.diff, 'signed', 12, 'diffMinutes'),
    summed(t.adjustments, 'signed', 12, 'adjustmentMinutes'),
    summed(fill(t.balance, { day }), 'signed', 16, 'balanceMinutes'),
    summed(t.vacationTaken, 'days', 12, 'vacationTakenDays'),
    summed(
      fill(t.vacationRemaining, { year: String(overview.vacationYear) }),
      'days',
      12,
      'vacationRemainingDays',
    ),
    summed(t.sick, 'days', 10, 'sickDays'),
    summed(t.otherTotal, 'days', 12, 'otherAbsenceDays'),
    ...overview.absenceTypes.map((type): Column => ({
      header: fill(t.other, { name: lang === 'de' ? type.nameDe : type.nameEn }),
      kind: 'days',
      width: 12,
      value: (r) => typeDays(type.id)(r.otherAbsences),
      total: (s) => typeDays(type.id)(s.otherAbsences),
    })),
    {
      header: t.findings,
      kind: 'count',
      width: 10,
      value: (r) => r.findings.total,
      total: (s) => s.findings.total,
    },
    {
      header: t.violations,
      kind: 'count',
      width: 10,
      value: (r) => r.findings.violation,
      total: (s) => s.findings.violation,
    },
  ];
}

const NUMBER_FORMATS: Record<Kind, string | undefined> = {
  text: undefined,
  duration: DURATION,
  signed: SIGNED_HOURS,
  days: DAYS,
  count: COUNT,
};

/** A number as the cell type of its kind: durations as fractions of a day, signed as hours. */
function cellValue(kind: Kind, value: string | number | null): string | number | null {
  if (typeof value !== 'number') return value;
  if (kind === 'duration') return value / MINUTES_PER_DAY;
  if (kind === 'signed') return decimalHours(value);
  return value;
}

/** Spreadsheet column letters: 1 → A, 27 → AA. */
function columnLetter(index: number): string {
  let letters = '';
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

/**
 * One header row (frozen, with an autofilter), one row per person, then the totals row. The
 * totals are SUBTOTAL formulas, so they follow the filter; the cached result is the overview's
 * own total, so programs that do not calculate read the same figure.
 */
export async function overviewXlsx(overview: Overview, lang: ExportLang): Promise<Buffer> {
  const t = texts[lang];
  const cols = columns(overview, lang, lang === 'de');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'TimeMaster';
  const sheet = workbook.addWorksheet(t.title, {
    views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1 },
  });
  sheet.columns = cols.map((c) => ({
    width: c.width,
    ...(NUMBER_FORMATS[c.kind] ? { style: { numFmt: NUMBER_FORMATS[c.kind]! } } : {}),
  }));
  const header = sheet.getRow(1);
  header.values = cols.map((c) => c.header);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'top' };
  header.border = { bottom: { style: 'thin' } };

  overview.people.forEach((person, index) => {
    sheet.getRow(2 + index).values = cols.map((c) => cellValue(c.kind, c.value(person)));
  });
  const lastPersonRow = 1 + overview.people.length;
  const totalRow = sheet.getRow(lastPersonRow + 1);
  totalRow.values = cols.map((c, i) => {
    if (i === 0) return t.total;
    if (!c.total) return null;
    const letter = columnLetter(i + 1);
    const result = cellValue(c.kind, c.total(overview.totals)) as number;
    return overview.people.length === 0
      ? result
      : { formula: `SUBTOTAL(109,${letter}2:${letter}${lastPersonRow})`, result };
  });
  totalRow.font = { bold: true };
  totalRow.border = { top: { style: 'thin' } };
  sheet.autoFilter = {
    from: { row: 1, column: 1 },
    to: { row: Math.max(lastPersonRow, 1), column: cols.length },
  };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection). */
function safeText(value: string | null): string {
  if (!value) return '';
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * The overview as CSV: German (BOM, `;`, decimal comma) or standard (`,`, decimal point). Each
 * duration column comes as decimal hours and as h:mm; the last row holds the totals.
 */
export function overviewCsv(overview: Overview, lang: ExportLang, variant: CsvVariant): Buffer {
  const t = texts[lang];
  const german = variant === 'german';
  const cols = columns(overview, lang, german);
  const decimal = (n: number) => (german ? n.toFixed(2).replace('.', ',') : n.toFixed(2));
  const days = (n: number) => {
    const text = String(Math.round(n * 100) / 100);
    return german ? text.replace('.', ',') : text;
  };
  const header = cols.flatMap((c) =>
    c.kind === 'duration' || c.kind === 'signed'
      ? [`${c.header} (${t.hours})`, `${c.header} (h:mm)`]
      : [c.header],
  );
  const cells = (c: Column, value: string | number | null | undefined): string[] => {
    switch (c.kind) {
      case 'text':
        return [safeText(typeof value === 'string' ? value : null)];
      case 'duration':
      case 'signed':
        return typeof value === 'number'
          ? [decimal(decimalHours(value)), formatMinutes(value, c.kind === 'signed')]
          : ['', ''];
      case 'days':
        return [typeof value === 'number' ? days(value) : ''];
      case 'count':
        return [typeof value === 'number' ? String(value) : ''];
    }
  };
  const records = [
    header,
    ...overview.people.map((person) => cols.flatMap((c) => cells(c, c.value(person)))),
    cols.flatMap((c, i) =>
      i === 0 ? [t.total] : cells(c, c.total ? c.total(overview.totals) : undefined),
    ),
  ];
  const text = stringify(records, {
    delimiter: german ? ';' : ',',
    record_delimiter: 'windows',
    bom: german,
  });
  return Buffer.from(text, 'utf8');
}

/** 'Uebersicht_2026-03-01_2026-03-31.xlsx' and its readable twin. */
export function overviewFileName(overview: Overview, lang: ExportLang, extension: string) {
  const t = texts[lang];
  const period = `${overview.from}_${overview.to}`;
  return {
    ascii: `${t.fileStem}_${period}.${extension}`,
    readable: `${t.readableStem}_${period}.${extension}`,
  };
}

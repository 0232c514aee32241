/**
 * The Stundenzettel as an A4 PDF: the document employers keep for the ArbZG/MiLoG record duty,
 * signed by employee and employer. The font is DejaVu Sans, embedded (pdfkit subsets it to the
 * glyphs used): the PDF standard fonts only know WinAnsi, which has ä ö ü ß € but not the ş, ğ,
 * ł, ć of many colleagues' names, nor the minus sign of negative balances.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { localDay } from '../../domain/time.js';
import type { TimesheetDocument, TimesheetRow } from './timesheet-document.js';
import { fill, formatDay, formatMinutes } from './timesheet-document.js';

const MARGIN = 40;
const FONT = 'DejaVuSans';
const BOLD = 'DejaVuSans-Bold';

/** The font files, read once per process. */
let fonts: Record<typeof FONT | typeof BOLD, Buffer> | null = null;
function fontFiles() {
  if (!fonts) {
    const require = createRequire(import.meta.url);
    const file = (name: string) =>
      withoutTables(readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${name}.ttf`)), SKIPPED);
    fonts = { [FONT]: file('DejaVuSans'), [BOLD]: file('DejaVuSans-Bold') };
  }
  return fonts;
}

/**
 * Tables a timesheet does not need, which fontkit decodes again for every document (the font
 * object lives with the document): OpenType layout for Arabic, Indic … (GSUB, GPOS, GDEF),
 * kerning pairs (the table aligns its figures anyway), MATH. Together with the glyph names of
 * 'post' (see below) they made a PDF ~3× as expensive as with a standard font.
 */
const SKIPPED = new Set(['GSUB', 'GPOS', 'GDEF', 'MATH', 'FFTM', 'kern']);

/**
 * The 'post' table as version 3: the same header (italic angle, underline), no glyph names. PDF
 * viewers map glyphs through the ToUnicode map pdfkit writes, not through names.
 */
function postWithoutNames(post: Buffer): Buffer {
  const header = Buffer.from(post.subarray(0, 32));
  header.writeUInt32BE(0x00030000, 0);
  return header;
}

/** A TrueType file without some of its tables (the sfnt table directory rewritten). */
export function withoutTables(font: Buffer, skipped: ReadonlySet<string>): Buffer {
  const count = font.readUInt16BE(4);
  const tables = Array.from({ length: count }, (_, index) => {
    const at = 12 + 16 * index;
    return {
      tag: font.toString('latin1', at, at + 4),
      checksum: font.readUInt32BE(at + 4),
      data: font.subarray(
        font.readUInt32BE(at + 8),
        font.readUInt32BE(at + 8) + font.readUInt32BE(at + 12),
      ),
    };
  })
    .filter((table) => !skipped.has(table.tag))
    .map((table) =>
      table.tag === 'post' ? { ...table, data: postWithoutNames(table.data) } : table,
    );
  const header = Buffer.alloc(12 + 16 * tables.length);
  font.copy(header, 0, 0, 4); // sfnt version
  const power = 2 ** Math.floor(Math.log2(tables.length));
  header.writeUInt16BE(tables.length, 4);
  header.writeUInt16BE(power * 16, 6); // searchRange
  header.writeUInt16BE(Math.log2(power), 8); // entrySelector
  header.writeUInt16BE(tables.length * 16 - power * 16, 10); // rangeShift
  let offset = header.length;
  const bodies: Buffer[] = [];
  tables.forEach((table, index) => {
    const at = 12 + 16 * index;
    header.write(table.tag, at, 'latin1');
    header.writeUInt32BE(table.checksum, at + 4);
    header.writeUInt32BE(offset, at + 8);
    header.writeUInt32BE(table.data.length, at + 12);
    // Tables start on four-byte boundaries.
    const padded = Buffer.alloc(Math.ceil(table.data.length / 4) * 4);
    table.data.copy(padded);
    bodies.push(padded);
    offset += padded.length;
  });
  return Buffer.concat([header, ...bodies]);
}

/** Durations with a real minus sign (U+2212), as on screen. */
const duration = (minutes: number, signed = false) =>
  formatMinutes(minutes, signed).replace('-', '\u2212');
const ROW_HEIGHT = 13;
const FOOTER_HEIGHT = 30;

interface Column {
  key:
    | 'date'
    | 'start'
    | 'end'
    | 'break'
    | 'worked'
    | 'target'
    | 'credited'
    | 'diff'
    | 'marker'
    | 'note';
  width: number;
  align: 'left' | 'right' | 'center';
}

/** Widths add up to A4 minus the margins (515 pt); the note takes what is left. */
const COLUMNS: Column[] = [
  { key: 'date', width: 56, align: 'left' },
  { key: 'start', width: 44, align: 'right' },
  { key: 'end', width: 38, align: 'right' },
  { key: 'break', width: 36, align: 'right' },
  { key: 'worked', width: 40, align: 'right' },
  { key: 'target', width: 42, align: 'right' },
  { key: 'credited', width: 58, align: 'right' },
  { key: 'diff', width: 50, align: 'right' },
  { key: 'marker', width: 14, align: 'center' },
  { key: 'note', width: 137, align: 'left' },
];
const CELL_PADDING = 3;

type Cells = Partial<Record<Column['key'], string>>;

export function timesheetPdf(document: TimesheetDocument): Promise<Buffer> {
  const t = document.texts;
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + FOOTER_HEIGHT, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: {
      Title: `${t.title} ${document.monthLabel} – ${document.personName}`,
      Author: document.companyName,
      Creator: 'TimeMaster',
      CreationDate: document.generatedAt,
    },
  });
  for (const [name, data] of Object.entries(fontFiles())) pdf.registerFont(name, data);
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  const german = document.lang === 'de';
  const pageBottom = () => pdf.page.height - pdf.page.margins.bottom;
  const ensureRoom = (height: number) => {
    if (pdf.y + height > pageBottom()) pdf.addPage();
  };

  // Title and who / what / state.
  pdf.font(BOLD).fontSize(16).text(`${t.title} ${document.monthLabel}`);
  pdf.moveDown(0.4);
  const meta: [string, string][] = [
    [t.company, document.companyName],
    [
      t.person,
      document.employeeNumber
        ? `${document.personName} (${t.employeeNumber} ${document.employeeNumber})`
        : document.personName,
    ],
    [t.month, document.monthLabel],
  ];
  for (const [label, value] of meta) {
    pdf.font(BOLD).fontSize(9).text(`${label}: `, { continued: true });
    pdf.font(FONT).text(value);
  }
  pdf.font(document.locked ? BOLD : FONT).text(document.lockText);
  pdf.moveDown(0.8);

  const drawRow = (
    cells: Cells,
    options: { bold?: boolean; shade?: boolean; line?: 'below' | 'above' } = {},
  ) => {
    ensureRoom(ROW_HEIGHT);
    const y = pdf.y;
    if (options.shade) {
      pdf.rect(MARGIN, y - 2, pdf.page.width - 2 * MARGIN, ROW_HEIGHT).fill('#eeeeee');
      pdf.fillColor('black');
    }
    pdf.font(options.bold ? BOLD : FONT).fontSize(8);
    let x = MARGIN;
    for (const column of COLUMNS) {
      const value = cells[column.key];
      if (value) {
        pdf.text(value, x + CELL_PADDING, y, {
          width: column.width - 2 * CELL_PADDING,
          align: column.align,
          lineBreak: false,
          ellipsis: true,
          height: ROW_HEIGHT,
        });
      }
      x += column.width;
    }
    const lineY = options.line === 'above' ? y - 2 : y + ROW_HEIGHT - 2;
    if (options.line) {
      pdf
        .moveTo(MARGIN, lineY)
        .lineTo(pdf.page.width - MARGIN, lineY)
        .lineWidth(0.5)
        .stroke();
    }
    pdf.x = MARGIN;
    pdf.y = y + ROW_HEIGHT;
  };
  const headerCells: Cells = {
    date: t.date,
    start: t.start,
    end: t.end,
    break: t.break,
    worked: t.worked,
    target: t.target,
    credited: t.credited,
    diff: t.diff,
    marker: '!',
    note: t.note,
  };
  const dayCells = (row: TimesheetRow): Cells => ({
    date: `${row.weekday} ${formatDay(row.day, 'german').slice(0, 6)}`,
    start: row.start ?? '',
    end: row.end ?? '',
    break: row.breakMinutes ? duration(row.breakMinutes) : '',
    worked: row.workedMinutes ? duration(row.workedMinutes) : '',
    target: duration(row.targetMinutes),
    credited: row.creditedMinutes ? duration(row.creditedMinutes) : '',
    diff: duration(row.diffMinutes, true),
    marker: row.findings.some((f) => f.severity !== 'info') ? '!' : row.findings.length ? 'i' : '',
    note: row.note ?? '',
  });

  drawRow(headerCells, { bold: true, line: 'below' });
  for (const row of document.rows) {
    // A page break inside the table repeats its header.
    if (pdf.y + ROW_HEIGHT > pageBottom()) {
      pdf.addPage();
      drawRow(headerCells, { bold: true, line: 'below' });
    }
    drawRow(dayCells(row), { shade: row.targetMinutes === 0 });
  }
  const { totals, balance } = document;
  drawRow(
    {
      date: t.total,
      worked: duration(totals.workedMinutes),
      target: duration(totals.targetMinutes),
      credited: duration(totals.creditedMinutes),
      diff: duration(totals.diffMinutes, true),
    },
    { bold: true, line: 'above' },
  );
  pdf.moveDown(0.5);

  // The balance: before the month, corrections, and where it stands.
  const balanceDay = formatDay(balance.asOf, german ? 'german' : 'iso');
  const summary: [string, number, boolean][] = [
    [t.balanceBefore, balance.before, false],
    [`${t.diff} ${document.monthLabel}`, totals.diffMinutes, false],
    [t.adjustments, totals.adjustmentMinutes, false],
    [fill(t.balanceAfter, { day: balanceDay }), balance.after, true],
  ];
  const labelWidth = 220;
  for (const [label, minutes, bold] of summary) {
    ensureRoom(ROW_HEIGHT);
    const y = pdf.y;
    pdf.font(bold ? BOLD : FONT).fontSize(9);
    pdf.text(label, MARGIN, y, { width: labelWidth, lineBreak: false });
    pdf.text(`${duration(minutes, true)} ${t.hours}`, MARGIN + labelWidth, y, {
      width: 70,
      align: 'right',
      lineBreak: false,
    });
    pdf.x = MARGIN;
    pdf.y = y + ROW_HEIGHT;
  }

  // ArbZG findings in words, day by day.
  const withFindings = document.rows.filter((row) => row.findings.length > 0);
  if (withFindings.length > 0) {
    pdf.moveDown(0.8);
    ensureRoom(3 * ROW_HEIGHT);
    pdf.font(BOLD).fontSize(9).text(t.findingsTitle, MARGIN);
    pdf.font(FONT).fontSize(8).text(t.findingsLegend);
    pdf.moveDown(0.3);
    for (const row of withFindings) {
      for (const finding of row.findings) {
        ensureRoom(ROW_HEIGHT);
        pdf.text(
          `${row.weekday} ${formatDay(row.day, 'german')}: ${finding.message}`,
          MARGIN,
          pdf.y,
          {
            width: pdf.page.width - 2 * MARGIN,
          },
        );
      }
    }
  }

  // Signature lines for employee and employer, side by side.
  pdf.moveDown(1);
  ensureRoom(60);
  const lineY = pdf.y + 35;
  const half = (pdf.page.width - 2 * MARGIN - 40) / 2;
  for (const [index, label] of [t.signatureEmployee, t.signatureEmployer].entries()) {
    const x = MARGIN + index * (half + 40);
    pdf
      .moveTo(x, lineY)
      .lineTo(x + half, lineY)
      .lineWidth(0.5)
      .stroke();
    pdf
      .font(FONT)
      .fontSize(8)
      .text(label, x, lineY + 4, { width: half, lineBreak: false });
  }

  // Footer on every page, now that the page count is known.
  const range = pdf.bufferedPageRange();
  const created = `${t.generated} ${formatDay(
    localDay(document.generatedAt, document.timeZone),
    german ? 'german' : 'iso',
  )}`;
  for (let index = 0; index < range.count; index += 1) {
    pdf.switchToPage(range.start + index);
    const bottom = pdf.page.margins.bottom;
    // Writing below the bottom margin would start a new page: lift it while writing the footer.
    pdf.page.margins.bottom = 0;
    const y = pdf.page.height - MARGIN - 10;
    const width = pdf.page.width - 2 * MARGIN;
    pdf.font(FONT).fontSize(7.5).fillColor('#444444');
    pdf.text(`${document.personName} · ${document.monthLabel} · ${created}`, MARGIN, y, {
      width,
      align: 'left',
      lineBreak: false,
    });
    pdf.text(fill(t.page, { page: String(index + 1), pages: String(range.count) }), MARGIN, y, {
      width,
      align: 'right',
      lineBreak: false,
    });
    pdf.fillColor('black');
    pdf.page.margins.bottom = bottom;
  }
  pdf.end();
  return finished;
}

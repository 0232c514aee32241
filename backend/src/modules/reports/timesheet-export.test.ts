import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestDatabase } from '../../../test/helpers.js';
import { buildTestApp, createTestDatabase, manualClock } from '../../../test/helpers.js';
import { pdfPages } from '../../../test/pdf.js';
import type { Company } from '../../../test/world.js';
import { callAs, createCompany } from '../../../test/world.js';

let database: TestDatabase;
let t: TestApp;
let a: Company;
let b: Company;
const clock = manualClock(new Date('2026-05-04T10:00:00Z'));

// Berlin is UTC+2 in April 2026 (CEST).
const local = (day: string, time: string) => new Date(`${day}T${time}:00+02:00`);

const PERSON = 'Jürgen Weiß';
const COMPANY = 'Bäckerei Größe & Söhne GmbH';
// ş and ı are not in the PDF standard fonts' WinAnsi: the embedded font must carry them.
const MANAGER = 'Ayşe Yılmaz';

beforeAll(async () => {
  database = await createTestDatabase();
  t = await buildTestApp({ database, clock, redis: false });
  a = await createCompany(database.db, COMPANY);
  b = await createCompany(database.db, 'Beta KG');
  const db = database.db;
  await db
    .insertInto('work_schedules')
    .values({
      tenant_id: a.tenant.id,
      user_id: null,
      valid_from: '2026-01-01',
      minutes: [480, 480, 480, 480, 480, 0, 0],
    })
    .execute();
  await db
    .updateTable('users')
    .set({
      name: PERSON,
      employee_number: 'P-0815',
      start_date: '2026-04-01',
      opening_balance_minutes: 120,
    })
    .where('id', '=', a.employee.id)
    .execute();
  await db.updateTable('users').set({ name: MANAGER }).where('id', '=', a.manager.id).execute();
  // A half closure day (Betriebsausflug): half the target.
  await db
    .insertInto('closure_days')
    .values({ tenant_id: a.tenant.id, day: '2026-04-24', name: 'Betriebsausflug', half: true })
    .execute();
  const entry = (start: Date, end: Date, endReason: 'break' | 'clock_out') => ({
    tenant_id: a.tenant.id,
    user_id: a.employee.id,
    started_at: start,
    ended_at: end,
    end_reason: endReason,
    source: 'clock' as const,
    created_by: a.employee.id,
  });
  await db
    .insertInto('time_entries')
    .values([
      entry(local('2026-04-01', '08:00'), local('2026-04-01', '12:00'), 'break'),
      entry(local('2026-04-01', '12:30'), local('2026-04-01', '16:30'), 'clock_out'),
      // Nine hours in one go: ArbZG findings (no break, over 8 h).
      entry(local('2026-04-02', '08:00'), local('2026-04-02', '17:00'), 'clock_out'),
      entry(local('2026-04-07', '07:45'), local('2026-04-07', '15:15'), 'clock_out'),
      entry(local('2026-04-24', '08:00'), local('2026-04-24', '12:10'), 'clock_out'),
      // Late shift into the next day: split at local midnight.
      entry(local('2026-04-29', '20:00'), local('2026-04-30', '02:00'), 'clock_out'),
    ])
    .execute();
  await db
    .insertInto('balance_adjustments')
    .values({
      tenant_id: a.tenant.id,
      user_id: a.employee.id,
      day: '2026-04-10',
      minutes: -30,
      reason: 'Arzttermin verrechnet',
      created_by: a.admin.id,
    })
    .execute();
  // The manager closes the month.
  const approved = await callAs(t.app, a.manager, 'POST', '/time/months/approve', {
    userId: a.employee.id,
    month: '2026-04',
  });
  expect(approved.statusCode).toBe(200);
});
afterAll(async () => {
  await t.close();
  await database.drop();
});

interface Sheet {
  days: { day: string; workedMinutes: number; diffMinutes: number; findings: unknown[] }[];
  totals: {
    targetMinutes: number;
    workedMinutes: number;
    creditedMinutes: number;
    diffMinutes: number;
    adjustmentMinutes: number;
  };
  balance: { before: number; after: number; asOf: string };
}

const exportUrl = (userId: string, query: string) => `/reports/timesheets/${userId}?${query}`;

function hours(minutes: number, decimal: ',' | '.') {
  return (Math.round((minutes / 60) * 100) / 100).toFixed(2).replace('.', decimal);
}
function hm(minutes: number, signed = false) {
  const sign = minutes < 0 ? '-' : signed && minutes > 0 ? '+' : '';
  const abs = Math.abs(minutes);
  return `${sign}${Math.floor(abs / 60)}:${String(abs % 60).padStart(2, '0')}`;
}

describe('GET /api/v1/reports/timesheets/:userId', () => {
  let sheet: Sheet;
  beforeAll(async () => {
    const res = await callAs(t.app, a.employee, 'GET', '/time/month?month=2026-04');
    expect(res.statusCode).toBe(200);
    sheet = res.json<Sheet>();
    // The data has what the exports must show: a holiday, findings, a half closure day.
    expect(sheet.days.find((d) => d.day === '2026-04-02')!.findings.length).toBeGreaterThan(0);
    expect(sheet.totals.workedMinutes).toBe(480 + 540 + 450 + 250 + 240 + 120);
  });

  it('writes the German CSV with the month view’s totals (BOM, ;, decimal comma, dd.mm.yyyy)', async () => {
    const res = await callAs(
      t.app,
      a.employee,
      'GET',
      exportUrl(a.employee.id, 'month=2026-04&format=csv'),
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="Stundenzettel_2026-04_Juergen_Weiss.csv"; ` +
        `filename*=UTF-8''Stundenzettel_2026-04_J%C3%BCrgen%20Wei%C3%9F.csv`,
    );
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows: string[][] = parse(res.rawPayload, { delimiter: ';', bom: true });
    const header = rows[0]!;
    const col = (name: string) => header.indexOf(name);
    expect(header.slice(0, 4)).toEqual(['Datum', 'Tag', 'Kommen', 'Gehen']);
    const days = rows.slice(1, 31);
    expect(days.map((r) => r[0])).toEqual(
      sheet.days.map((d) => `${d.day.slice(8)}.${d.day.slice(5, 7)}.${d.day.slice(0, 4)}`),
    );
    const april1 = days[0]!;
    expect(april1.slice(0, 5)).toEqual([
      '01.04.2026',
      'Mi',
      '08:00',
      '16:30',
      '08:00–12:00, 12:30–16:30',
    ]);
    expect(april1[col('Pause (h)')]).toBe('0,50');
    expect(april1[col('Ist (h:mm)')]).toBe('8:00');
    expect(days[2]![col('Bemerkung')]).toBe('Karfreitag');
    expect(days[23]![col('Bemerkung')]).toBe('Betriebsausflug');
    expect(days[23]![col('Soll (h:mm)')]).toBe('4:00');
    expect(days[1]![col('ArbZG')]).not.toBe('');

    const total = rows.find((r) => r[0] === 'Summe')!;
    const { totals, balance } = sheet;
    expect(total[col('Ist (h)')]).toBe(hours(totals.workedMinutes, ','));
    expect(total[col('Soll (h)')]).toBe(hours(totals.targetMinutes, ','));
    expect(total[col('Differenz (h)')]).toBe(hours(totals.diffMinutes, ','));
    expect(total[col('Ist (h:mm)')]).toBe(hm(totals.workedMinutes));
    expect(total[col('Differenz (h:mm)')]).toBe(hm(totals.diffMinutes, true));
    expect(rows.find((r) => r[0] === 'Korrekturen')![col('Differenz (h:mm)')]).toBe('-0:30');
    expect(rows.find((r) => r[0] === 'Saldo Vormonat')![col('Differenz (h:mm)')]).toBe('+2:00');
    expect(rows.find((r) => r[0] === 'Saldo am 30.04.2026')![col('Differenz (h)')]).toBe(
      hours(balance.after, ','),
    );
  });

  it('writes the standard CSV (comma, decimal point, ISO dates, no BOM) in English', async () => {
    const res = await callAs(
      t.app,
      a.employee,
      'GET',
      exportUrl(a.employee.id, 'month=2026-04&format=csv-standard&lang=en'),
    );
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload[0]).toBe('D'.charCodeAt(0));
    const rows: string[][] = parse(res.rawPayload, { delimiter: ',' });
    const header = rows[0]!;
    const col = (name: string) => header.indexOf(name);
    expect(rows[1]!.slice(0, 2)).toEqual(['2026-04-01', 'Wed']);
    const total = rows.find((r) => r[0] === 'Total')!;
    expect(total[col('Worked (h)')]).toBe(hours(sheet.totals.workedMinutes, '.'));
    expect(total[col('Difference (h)')]).toBe(hours(sheet.totals.diffMinutes, '.'));
    expect(rows.find((r) => r[0] === 'Balance on 2026-04-30')![col('Difference (h:mm)')]).toBe(
      hm(sheet.balance.after, true),
    );
  });

  it('writes an XLSX with typed cells: dates, [h]:mm durations, totals, a frozen header', async () => {
    const res = await callAs(
      t.app,
      a.employee,
      'GET',
      exportUrl(a.employee.id, 'month=2026-04&format=xlsx'),
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(
      'Stundenzettel_2026-04_Juergen_Weiss.xlsx',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = workbook.worksheets[0]!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 6 });
    expect(ws.getCell('C2').value).toBe(COMPANY);
    expect(ws.getCell('A4').value).toBe(`Abgeschlossen von ${MANAGER} am 04.05.2026`);
    expect(ws.getRow(6).getCell(1).value).toBe('Datum');

    // exceljs reads a number with a time format back as a Date (from Excel's 30.12.1899).
    const serial = (cell: ExcelJS.Cell) => {
      expect(cell.type, cell.address).toBe(ExcelJS.ValueType.Date);
      return ((cell.value as Date).getTime() - Date.UTC(1899, 11, 30)) / 86_400_000;
    };
    const first = ws.getRow(7);
    expect(first.getCell(1).value).toEqual(new Date('2026-04-01T00:00:00Z'));
    expect(first.getCell(1).numFmt).toBe('dd.mm.yyyy');
    expect(serial(first.getCell(3))).toBeCloseTo(8 / 24, 10); // Kommen 08:00
    expect(first.getCell(3).numFmt).toBe('hh:mm');
    expect(serial(first.getCell(6))).toBeCloseTo(480 / 1440, 10); // Ist
    expect(first.getCell(6).numFmt).toBe('[h]:mm');
    expect(ws.getRow(9).getCell(10).value).toBe('Karfreitag');

    const total = ws.getRow(7 + 30);
    expect(total.getCell(1).value).toBe('Summe');
    const minutes = (cell: ExcelJS.Cell) => Math.round(serial(cell) * 1440);
    expect(minutes(total.getCell(6))).toBe(sheet.totals.workedMinutes);
    expect(minutes(total.getCell(7))).toBe(sheet.totals.targetMinutes);
    expect(total.getCell(6).numFmt).toBe('[h]:mm');
    expect(total.getCell(9).value).toBe(Math.round((sheet.totals.diffMinutes / 60) * 100) / 100);
    const balanceRow = ws.getRow(7 + 33);
    expect(balanceRow.getCell(1).value).toBe('Saldo am 30.04.2026');
    expect(balanceRow.getCell(9).value).toBe(Math.round((sheet.balance.after / 60) * 100) / 100);
  });

  it('writes an A4 PDF with names, every day, totals, balance, closing, signatures, page numbers', async () => {
    const res = await callAs(
      t.app,
      a.employee,
      'GET',
      exportUrl(a.employee.id, 'month=2026-04&format=pdf'),
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = await pdfPages(res.rawPayload);
    const text = pages.join(' ');
    expect(text).toContain('Stundenzettel April 2026');
    expect(text).toContain(COMPANY);
    expect(text).toContain(`${PERSON} (Personalnummer P-0815)`);
    expect(text).toContain(`Abgeschlossen von ${MANAGER} am 04.05.2026`);
    expect(text).toContain('Karfreitag');
    expect(text).toContain('Betriebsausflug');
    for (const day of ['Mi 01.04.', 'Do 30.04.']) expect(text).toContain(day);
    // Negative durations with a real minus sign, as on screen.
    const shown = (minutes: number, signed = false) => hm(minutes, signed).replace('-', '\u2212');
    expect(text).toContain(shown(sheet.totals.workedMinutes));
    expect(text).toContain(shown(sheet.totals.targetMinutes));
    expect(text).toContain(shown(sheet.totals.diffMinutes, true));
    expect(text).toContain(`${shown(sheet.balance.after, true)} h`);
    expect(text).toContain('ArbZG-Hinweise');
    expect(text).toContain('Unterschrift Mitarbeiter:in');
    expect(text).toContain('Unterschrift Arbeitgeber');
    pages.forEach((page, index) =>
      expect(page).toContain(`Seite ${index + 1} von ${pages.length}`),
    );
  });

  it('speaks English', async () => {
    const res = await callAs(
      t.app,
      a.manager,
      'GET',
      exportUrl(a.employee.id, 'month=2026-04&format=pdf&lang=en'),
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(
      'filename="Timesheet_2026-04_Juergen_Weiss.pdf"',
    );
    const text = (await pdfPages(res.rawPayload)).join(' ');
    expect(text).toContain('Timesheet April 2026');
    expect(text).toContain(`Closed by ${MANAGER} on 2026-05-04`);
    expect(text).toContain('Page 1 of');
  });

  it('audits every export: who exported whose month in which format', async () => {
    const before = await database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('action', '=', 'timesheet.exported')
      .executeTakeFirstOrThrow();
    const res = await callAs(
      t.app,
      a.admin,
      'GET',
      exportUrl(a.employee.id, 'month=2026-04&format=xlsx&lang=en'),
    );
    expect(res.statusCode).toBe(200);
    const rows = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'timesheet.exported')
      .orderBy('id', 'desc')
      .execute();
    expect(rows).toHaveLength(Number(before.n) + 1);
    expect(rows[0]).toMatchObject({
      tenant_id: a.tenant.id,
      actor_user_id: a.admin.id,
      entity_type: 'month',
      entity_id: `${a.employee.id}:2026-04`,
      after: { format: 'xlsx', lang: 'en' },
    });
  });
});

describe('who may export whom', () => {
  const get = (as: Company['admin'], userId: string) =>
    callAs(t.app, as, 'GET', exportUrl(userId, 'month=2026-04&format=csv'));
  const exports = () =>
    database.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'timesheet.exported')
      .execute();

  it('refuses a manager the month of someone outside their teams (404, nothing audited)', async () => {
    const before = (await exports()).length;
    const res = await get(a.manager, a.outsider.id);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect(await exports()).toHaveLength(before);
  });

  it('lets a manager export a team member and employees only themselves', async () => {
    expect((await get(a.manager, a.employee.id)).statusCode).toBe(200);
    expect((await get(a.employee, a.employee.id)).statusCode).toBe(200);
    expect((await get(a.employee, a.manager.id)).statusCode).toBe(404);
    expect((await get(a.employee, a.outsider.id)).statusCode).toBe(404);
  });

  it('answers 404 for a person of another company, also to an admin', async () => {
    expect((await get(a.admin, b.employee.id)).statusCode).toBe(404);
    expect((await get(a.admin, a.outsider.id)).statusCode).toBe(200);
  });

  it('refuses unknown formats and months with a validation error', async () => {
    for (const query of ['month=2026-04&format=doc', 'month=2026-13&format=pdf', 'format=pdf']) {
      const res = await callAs(t.app, a.admin, 'GET', exportUrl(a.employee.id, query));
      expect(res.statusCode, query).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
  });
});

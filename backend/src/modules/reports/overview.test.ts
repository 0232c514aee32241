import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestDatabase } from '../../../test/helpers.js';
import { buildTestApp, createTestDatabase, manualClock } from '../../../test/helpers.js';
import type { Company } from '../../../test/world.js';
import { callAs, createCompany } from '../../../test/world.js';
import type { Role } from '../../db/types.js';
import { seedDemo } from '../../demo/seed.js';
import { vacationAccountOf } from '../absences/accounts.js';
import { companyCalendar, schedulesOf } from '../absences/calendar.js';
import type { Timesheet } from '../time/timesheet.js';
import type { Overview, OverviewRow } from './overview.js';
import { vacationAccountsOf } from '../absences/vacation-accounts.js';

// Wednesday 6 May 2026, 10:30 in Berlin: some demo people are clocked in right now.
const NOW = new Date('2026-05-06T08:30:00Z');

let database: TestDatabase;
let t: TestApp;
let demoTenant: string;
let demoAdmin: { id: string; tenant_id: string | null; role: 'admin' };
let demoPeople: { id: string; name: string }[];
let a: Company;
let b: Company;

beforeAll(async () => {
  database = await createTestDatabase();
  const seeded = await seedDemo(database.db, { employees: 8, months: 4, seed: 11, now: NOW });
  demoTenant = seeded.companies[0]!.tenantId;
  t = await buildTestApp({ database, clock: manualClock(NOW), redis: false });
  const admin = await database.db
    .selectFrom('users')
    .select(['id', 'tenant_id'])
    .where('tenant_id', '=', demoTenant)
    .where('role', '=', 'admin')
    .executeTakeFirstOrThrow();
  demoAdmin = { ...admin, role: 'admin' };
  demoPeople = await database.db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('tenant_id', '=', demoTenant)
    .where('status', '=', 'active')
    .orderBy('name')
    .execute();
  a = await createCompany(database.db, 'Alpha GmbH');
  b = await createCompany(database.db, 'Beta KG');
});
afterAll(async () => {
  await t.close();
  await database.drop();
});

type Who = { id: string; tenant_id: string | null; role: Role };

async function overviewAs(who: Who, query: string): Promise<Overview> {
  const res = await callAs(t.app, who, 'GET', `/reports/overview?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Overview>();
}

async function monthOf(userId: string, month: string): Promise<Timesheet> {
  const res = await callAs(t.app, demoAdmin, 'GET', `/time/month?userId=${userId}&month=${month}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Timesheet>();
}

const findingsOf = (sheet: Timesheet) => {
  const counts = { violation: 0, warning: 0, info: 0, total: 0 };
  for (const day of sheet.days) {
    for (const f of day.findings) {
      counts[f.severity] += 1;
      counts.total += 1;
    }
  }
  return counts;
};

async function absenceType(tenantId: string, key: string) {
  return database.db
    .selectFrom('absence_types')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
}

describe('the overview agrees with the month view', () => {
  it.each(['2026-03', '2026-04', '2026-05'])(
    'gives every person of %s the month view’s Soll, Ist, difference, Saldo and findings',
    async (month) => {
      const last = new Date(Date.UTC(+month.slice(0, 4), +month.slice(5), 0)).getUTCDate();
      const report = await overviewAs(demoAdmin, `from=${month}-01&to=${month}-${last}`);
      // Everyone employed by the month's end (people who start later are not listed).
      const employed = await database.db
        .selectFrom('users')
        .select('id')
        .where('tenant_id', '=', demoTenant)
        .where('status', '=', 'active')
        .where((eb) =>
          eb.or([eb('start_date', 'is', null), eb('start_date', '<=', `${month}-${last}`)]),
        )
        .execute();
      expect(report.people.map((p) => p.userId).sort()).toEqual(employed.map((p) => p.id).sort());
      expect(report.people.length).toBeGreaterThan(5);
      let someFindings = 0;
      for (const person of report.people) {
        const sheet = await monthOf(person.userId, month);
        expect(
          {
            targetMinutes: person.targetMinutes,
            workedMinutes: person.workedMinutes,
            creditedMinutes: person.creditedMinutes,
            diffMinutes: person.diffMinutes,
            adjustmentMinutes: person.adjustmentMinutes,
            balanceMinutes: person.balanceMinutes,
            findings: person.findings,
          },
          `${person.name} ${month}`,
        ).toEqual({
          ...sheet.totals,
          balanceMinutes: sheet.balance.after,
          findings: findingsOf(sheet),
        });
        expect(report.balanceAsOf).toBe(sheet.balance.asOf);
        someFindings += person.findings.total;
      }
      // The demo data has work, so the comparison is not one of zeros.
      expect(report.totals.workedMinutes).toBeGreaterThan(0);
      if (month !== '2026-05') expect(someFindings).toBeGreaterThan(0);
      expect(report.totals.workedMinutes).toBe(
        report.people.reduce((s, p) => s + p.workedMinutes, 0),
      );
    },
  );

  it('sums the months of a longer period and ends with the last month’s balance', async () => {
    const report = await overviewAs(demoAdmin, 'from=2026-02-01&to=2026-04-30');
    for (const person of report.people.slice(0, 3)) {
      const sheets = await Promise.all(
        ['2026-02', '2026-03', '2026-04'].map((m) => monthOf(person.userId, m)),
      );
      const sum = (f: (s: Timesheet) => number) => sheets.reduce((acc, s) => acc + f(s), 0);
      expect(person.targetMinutes).toBe(sum((s) => s.totals.targetMinutes));
      expect(person.workedMinutes).toBe(sum((s) => s.totals.workedMinutes));
      expect(person.diffMinutes).toBe(sum((s) => s.totals.diffMinutes));
      expect(person.balanceMinutes).toBe(sheets[2]!.balance.after);
    }
  });
});

describe('absences in the overview', () => {
  let person: { id: string; name: string };
  const sickPerson = () =>
    demoPeople.filter((p) => p.id !== demoAdmin.id && p.id !== person.id)[0]!;

  beforeAll(async () => {
    person = demoPeople.find((p) => p.id !== demoAdmin.id)!;
    const db = database.db;
    const type = async (key: string) => (await absenceType(demoTenant, key)).id;
    const absence = (
      key: string,
      start: string,
      end: string | null,
      status: 'approved' | 'requested' | 'cancelled' | 'cancel_requested',
      half: { start?: boolean; end?: boolean } = {},
      userId = person.id,
    ) =>
      type(key).then((typeId) => ({
        tenant_id: demoTenant,
        user_id: userId,
        type_id: typeId,
        start_day: start,
        end_day: end,
        half_day_start: half.start ?? false,
        half_day_end: half.end ?? false,
        status,
        created_by: person.id,
      }));
    // The demo data plans absences too; these two people get exactly the ones below.
    await db.deleteFrom('absences').where('user_id', 'in', [person.id, sickPerson().id]).execute();
    await db
      .insertInto('absences')
      .values(
        await Promise.all([
          // Easter Monday (6 April 2026) is a holiday: four vacation days.
          absence('vacation', '2026-04-06', '2026-04-10', 'approved'),
          // Across the month end: two of its days fall in April.
          absence('vacation', '2026-04-29', '2026-05-04', 'cancel_requested'),
          // Planned: not taken in April, but off the account.
          absence('vacation', '2026-07-06', '2026-07-10', 'approved'),
          absence('vacation', '2026-04-13', '2026-04-14', 'requested'),
          absence('vacation', '2026-04-15', '2026-04-15', 'cancelled'),
          absence('sick', '2026-04-20', '2026-04-21', 'approved'),
          absence('training', '2026-04-22', '2026-04-23', 'approved', { end: true }),
          // Sick since Tuesday, no end yet: counts until today (Wednesday 6 May).
          // (someone else: an open end holds every later day, the July vacation too).
          absence('sick', '2026-05-05', null, 'approved', {}, sickPerson().id),
        ]),
      )
      .execute();
    await db
      .insertInto('vacation_carry_overs')
      .values({
        tenant_id: demoTenant,
        user_id: person.id,
        to_year: 2026,
        from_year: 2025,
        days: 3,
        expires_on: '2026-03-31',
      })
      .execute();
    await db
      .insertInto('vacation_adjustments')
      .values({
        tenant_id: demoTenant,
        user_id: person.id,
        year: 2026,
        days: 1.5,
        reason: 'Ausgleich',
        created_by: demoAdmin.id,
      })
      .execute();
  });

  it('counts working days of approved absences per kind, only on days of the period', async () => {
    const report = await overviewAs(demoAdmin, 'from=2026-04-01&to=2026-04-30');
    const row = report.people.find((p) => p.userId === person.id)!;
    const training = (await absenceType(demoTenant, 'training')).id;
    // 7–10 April (4) + 29–30 April (2); the request and the cancelled day do not count.
    expect(row.vacationTakenDays).toBe(6);
    expect(row.sickDays).toBe(2);
    expect(row.otherAbsences).toEqual([{ typeId: training, days: 1.5 }]);
    expect(row.otherAbsenceDays).toBe(1.5);
    // The columns are the kinds anyone had in the period (the demo people have absences, too).
    const kinds = new Set(report.people.flatMap((p) => p.otherAbsences.map((o) => o.typeId)));
    expect(report.absenceTypes.map((ty) => ty.id).sort()).toEqual([...kinds].sort());
    expect(kinds).toContain(training);
    expect(report.totals.vacationTakenDays).toBe(
      report.people.reduce((sum, p) => sum + p.vacationTakenDays, 0),
    );

    const may = await overviewAs(demoAdmin, 'from=2026-05-01&to=2026-05-31');
    const mayRow = may.people.find((p) => p.userId === person.id)!;
    expect(mayRow.vacationTakenDays).toBe(1); // Friday 1 May is a holiday, Monday 4 May counts
    expect(mayRow.sickDays).toBe(0);
    const sick = may.people.find((p) => p.userId === sickPerson().id)!;
    expect(sick.sickDays).toBe(2); // 5–6 May (the open sickness, until today)
  });

  it('shows what is left of the vacation account of the year of the period’s end', async () => {
    const report = await overviewAs(demoAdmin, 'from=2026-04-01&to=2026-04-30');
    const row = report.people.find((p) => p.userId === person.id)!;
    const account = await vacationAccountOf(database.db, demoTenant, person.id, 2026, { now: NOW });
    expect(report.vacationYear).toBe(2026);
    expect(row.vacationRemainingDays).toBe(account.account.remaining);
    // The planned July week and the pending request are off the account, too.
    expect(account.account.planned).toBeGreaterThanOrEqual(5);
  });

  it('computes every account in bulk as vacationAccountOf does one by one', async () => {
    const db = database.db;
    const ids = demoPeople.map((p) => p.id);
    // An entitlement set by hand for one more person.
    await db
      .insertInto('vacation_entitlements')
      .values({
        tenant_id: demoTenant,
        user_id: ids[2]!,
        year: 2026,
        days: 27.5,
        reason: 'Vertrag',
        set_by: demoAdmin.id,
      })
      .execute();
    const people = await db
      .selectFrom('users')
      .select(['id', 'start_date', 'end_date', 'created_at', 'vacation_days_per_year'])
      .where('id', 'in', ids)
      .execute();
    const [company, schedules] = await Promise.all([
      companyCalendar(db, demoTenant),
      schedulesOf(db, demoTenant, ids),
    ]);
    for (const year of [2025, 2026]) {
      // As the overview calls it (calendar and schedules read already), and on its own.
      for (const known of [{ company, schedules }, undefined]) {
        const bulk = await vacationAccountsOf(db, demoTenant, people, year, NOW, known);
        expect(bulk.size).toBe(ids.length);
        for (const id of ids) {
          const single = await vacationAccountOf(db, demoTenant, id, year, { now: NOW });
          expect(bulk.get(id)?.account, `${id} ${year}`).toEqual(single.account);
        }
      }
    }
    expect(
      (await vacationAccountsOf(db, demoTenant, people, 2026, NOW)).get(ids[2]!)?.account
        .entitlement,
    ).toBe(27.5);
  });
});

describe('who sees whom', () => {
  const ids = (report: Overview) => report.people.map((p) => p.userId).sort();

  it('gives a manager only themselves and their team, in the view and in every export', async () => {
    const team = [a.manager.id, a.employee.id].sort();
    expect(ids(await overviewAs(a.manager, 'from=2026-04-01&to=2026-04-30'))).toEqual(team);
    const csv = await callAs(
      t.app,
      a.manager,
      'GET',
      '/reports/overview/export?from=2026-04-01&to=2026-04-30&format=csv-standard',
    );
    expect(csv.statusCode).toBe(200);
    const parsed: string[][] = parse(csv.body, {});
    const names = parsed.slice(1, -1).map((r) => r[0]);
    expect(names.sort()).toEqual([a.manager.name, a.employee.name].sort());
    const xlsx = await callAs(
      t.app,
      a.manager,
      'GET',
      '/reports/overview/export?from=2026-04-01&to=2026-04-30&format=xlsx',
    );
    const sheet = await readXlsx(xlsx.rawPayload);
    expect(sheet.rowCount).toBe(1 + 2 + 1);
    expect([sheet.getCell('A2').value, sheet.getCell('A3').value].sort()).toEqual(
      [a.manager.name, a.employee.name].sort(),
    );
    for (const body of [csv.body, xlsx.rawPayload.toString('latin1')]) {
      expect(body).not.toContain(a.outsider.name);
      expect(body).not.toContain(a.admin.name);
      expect(body).not.toContain(b.employee.name);
    }
  });

  it('gives an employee only themselves, an admin the company (not the invited)', async () => {
    expect(ids(await overviewAs(a.employee, 'from=2026-04-01&to=2026-04-30'))).toEqual([
      a.employee.id,
    ]);
    expect(ids(await overviewAs(a.admin, 'from=2026-04-01&to=2026-04-30'))).toEqual(
      [a.admin.id, a.manager.id, a.employee.id, a.outsider.id].sort(),
    );
  });

  it('filters by team and role', async () => {
    expect(
      ids(await overviewAs(a.admin, `from=2026-04-01&to=2026-04-30&teamId=${a.team.id}`)),
    ).toEqual([a.manager.id, a.employee.id].sort());
    expect(
      ids(
        await overviewAs(
          a.admin,
          `from=2026-04-01&to=2026-04-30&teamId=${a.team.id}&role=employee`,
        ),
      ),
    ).toEqual([a.employee.id]);
    expect(ids(await overviewAs(a.admin, 'from=2026-04-01&to=2026-04-30&role=admin'))).toEqual([
      a.admin.id,
    ]);
  });

  it('answers 404 for another company’s team, and for a team the manager does not lead', async () => {
    const before = await auditCount();
    for (const [who, teamId] of [
      [a.admin, b.team.id],
      [a.manager, b.team.id],
      [a.employee, b.team.id],
      [a.manager, a.otherTeam.id],
    ] as const) {
      for (const url of [
        `/reports/overview?from=2026-04-01&to=2026-04-30&teamId=${teamId}`,
        `/reports/overview/export?from=2026-04-01&to=2026-04-30&teamId=${teamId}&format=csv`,
      ]) {
        const res = await callAs(t.app, who, 'GET', url);
        expect(res.statusCode, `${who.role} ${url}`).toBe(404);
      }
    }
    expect(await auditCount()).toBe(before);
  });
});

async function auditCount() {
  const row = await database.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('action', '=', 'report.exported')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function readXlsx(payload: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(payload as unknown as ArrayBuffer);
  return workbook.worksheets[0]!;
}

describe('exports', () => {
  const query = 'from=2026-04-01&to=2026-04-30';
  let report: Overview;
  beforeAll(async () => {
    report = await overviewAs(demoAdmin, query);
  });

  const hours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;
  // exceljs reads a number with a time format back as a Date (from Excel's 30.12.1899).
  const minutesOf = (value: unknown) => {
    expect(value).toBeInstanceOf(Date);
    return Math.round(((value as Date).getTime() - Date.UTC(1899, 11, 30)) / 60_000);
  };

  it('writes an XLSX with typed cells, frozen header, autofilter and a totals row', async () => {
    const res = await callAs(
      t.app,
      demoAdmin,
      'GET',
      `/reports/overview/export?${query}&format=xlsx`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(
      'filename="Uebersicht_2026-04-01_2026-04-30.xlsx"',
    );
    const sheet = await readXlsx(res.rawPayload);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const col = (name: string) => header.indexOf(name) + 1;
    expect(header).toContain('Soll');
    // The training day booked under "absences in the overview" above gets its own column.
    const training = report.absenceTypes[0]!;
    expect(header).toContain(`${training.nameDe} (Tage)`);
    report.people.forEach((person: OverviewRow, i) => {
      const row = sheet.getRow(2 + i);
      const cell = (name: string) => row.getCell(col(name));
      expect(cell('Person').value).toBe(person.name);
      expect(minutesOf(cell('Soll').value)).toBe(person.targetMinutes);
      expect(cell('Soll').numFmt).toBe('[h]:mm');
      expect(minutesOf(cell('Ist').value)).toBe(person.workedMinutes);
      expect(minutesOf(cell('Gutschrift').value)).toBe(person.creditedMinutes);
      expect(cell('Abweichung').value).toBe(hours(person.diffMinutes));
      expect(cell(`Saldo am 30.04.2026`).value).toBe(hours(person.balanceMinutes));
      expect(cell('Urlaub genommen (Tage)').value).toBe(person.vacationTakenDays);
      expect(cell('Resturlaub 2026 (Tage)').value).toBe(person.vacationRemainingDays);
      expect(cell('Krank (Tage)').value).toBe(person.sickDays);
      expect(cell('ArbZG-Hinweise').value).toBe(person.findings.total);
    });
    const total = sheet.getRow(2 + report.people.length);
    expect(total.getCell(1).value).toBe('Summe');
    const sum = total.getCell(col('Ist')).value as { formula: string; result: unknown };
    expect(sum.formula).toBe(`SUBTOTAL(109,F2:F${1 + report.people.length})`);
    expect(minutesOf(sum.result)).toBe(report.totals.workedMinutes);
    expect((total.getCell(col('Urlaub genommen (Tage)')).value as { result: number }).result).toBe(
      report.totals.vacationTakenDays,
    );
  });

  it.each([
    ['csv', ';', (n: number) => n.toFixed(2).replace('.', ',')],
    ['csv-standard', ',', (n: number) => n.toFixed(2)],
  ] as const)('writes %s that parses back to the JSON figures', async (format, delimiter, dec) => {
    const res = await callAs(
      t.app,
      demoAdmin,
      'GET',
      `/reports/overview/export?${query}&format=${format}&lang=en`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.body.startsWith('\uFEFF')).toBe(format === 'csv');
    const rows: string[][] = parse(res.body, { delimiter, bom: true });
    const header = rows[0]!;
    const col = (name: string) => header.indexOf(name);
    expect(col('Worked (h)')).toBeGreaterThan(0);
    report.people.forEach((person, i) => {
      const row = rows[1 + i]!;
      expect(row[col('Person')]).toBe(person.name);
      expect(row[col('Target (h)')]).toBe(dec(hours(person.targetMinutes)));
      expect(row[col('Worked (h)')]).toBe(dec(hours(person.workedMinutes)));
      const [h, m] = row[col('Worked (h:mm)')]!.split(':').map(Number);
      expect(h! * 60 + m!).toBe(person.workedMinutes);
      expect(row[col('Difference (h)')]).toBe(dec(hours(person.diffMinutes)));
      expect(row[col('Vacation taken (days)')]!.replace(',', '.')).toBe(
        String(person.vacationTakenDays),
      );
      expect(row[col('ArbZG findings')]).toBe(String(person.findings.total));
    });
    const total = rows[1 + report.people.length]!;
    expect(total[0]).toBe('Total');
    expect(total[col('Worked (h)')]).toBe(dec(hours(report.totals.workedMinutes)));
    expect(rows).toHaveLength(report.people.length + 2);
  });

  it('audits every export with period, filters and count', async () => {
    const before = await auditCount();
    const res = await callAs(
      t.app,
      demoAdmin,
      'GET',
      `/reports/overview/export?${query}&role=employee&format=csv`,
    );
    expect(res.statusCode).toBe(200);
    expect(await auditCount()).toBe(before + 1);
    const entry = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'report.exported')
      .orderBy('at', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({
      tenant_id: demoTenant,
      actor_user_id: demoAdmin.id,
      entity_type: 'report',
      entity_id: 'overview',
    });
    const employees = report.people.filter((p) => p.role === 'employee').length;
    expect(entry.after).toEqual({
      report: 'overview',
      format: 'csv',
      lang: 'de',
      from: '2026-04-01',
      to: '2026-04-30',
      teamId: null,
      role: 'employee',
      people: employees,
    });
    // The JSON view is no export.
    await overviewAs(demoAdmin, query);
    expect(await auditCount()).toBe(before + 1);
  });
});

describe('bad periods', () => {
  it.each([
    ['from=2026-04-30&to=2026-04-01', 'PERIOD_ENDS_BEFORE_START'],
    ['from=2026-01-01&to=2027-01-02', 'PERIOD_TOO_LONG'],
    ['from=2026-02-30&to=2026-03-31', 'VALIDATION_FAILED'],
    ['from=2026-04-01&to=30.04.2026', 'VALIDATION_FAILED'],
    ['from=2026-04-01', 'VALIDATION_FAILED'],
    ['from=2026-04-01&to=2026-04-30&role=super_admin', 'VALIDATION_FAILED'],
  ])('refuses %s with %s and audits nothing', async (q, code) => {
    const before = await auditCount();
    for (const path of ['/reports/overview', '/reports/overview/export']) {
      const suffix = path.endsWith('export') ? '&format=xlsx' : '';
      const res = await callAs(t.app, demoAdmin, 'GET', `${path}?${q}${suffix}`);
      expect(res.statusCode, `${path}?${q}`).toBe(400);
      expect(res.json<{ error: { code: string } }>().error.code).toBe(code);
    }
    expect(await auditCount()).toBe(before);
  });

  it('accepts a leap year in full (366 days)', async () => {
    const res = await callAs(
      t.app,
      a.admin,
      'GET',
      '/reports/overview?from=2028-01-01&to=2028-12-31',
    );
    expect(res.statusCode).toBe(200);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestDatabase } from '../../../test/helpers.js';
import { buildTestApp, createTestDatabase, manualClock } from '../../../test/helpers.js';
import type { Company } from '../../../test/world.js';
import { callAs, createCompany } from '../../../test/world.js';
import type { Role } from '../../db/types.js';
import { seedDemo } from '../../demo/seed.js';
import { balanceSeries, computeBalances, loadBalanceData } from '../time/balances.js';
import type { Overview } from './overview.js';
import type { Statistics } from './statistics.js';

// Wednesday 6 May 2026, 10:30 in Berlin: May runs, June has not begun.
const NOW = new Date('2026-05-06T08:30:00Z');

type Who = { id: string; tenant_id: string | null; role: Role };

let database: TestDatabase;
let t: TestApp;
let demoTenant: string;
let demoAdmin: Who;
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
  a = await createCompany(database.db, 'Alpha GmbH');
  b = await createCompany(database.db, 'Beta KG');
});
afterAll(async () => {
  await t.close();
  await database.drop();
});

/**
 * Figures of their own for a person of company A: a full-time week from 1 January, approved
 * sick days and one day of eleven hours in one go (06:00–17:00 UTC: over 10 h, no break).
 */
async function fullTimeSickAndLong(
  userId: string,
  days: { sick: [from: string, to: string]; longDay: string },
): Promise<void> {
  const db = database.db;
  await db
    .insertInto('work_schedules')
    .values({
      tenant_id: a.tenant.id,
      user_id: userId,
      valid_from: '2026-01-01',
      minutes: [480, 480, 480, 480, 480, 0, 0],
    })
    .execute();
  const sick = await db
    .selectFrom('absence_types')
    .select('id')
    .where('tenant_id', '=', a.tenant.id)
    .where('key', '=', 'sick')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('absences')
    .values({
      tenant_id: a.tenant.id,
      user_id: userId,
      type_id: sick.id,
      start_day: days.sick[0],
      end_day: days.sick[1],
      status: 'approved',
      created_by: userId,
    })
    .execute();
  await db
    .insertInto('time_entries')
    .values({
      tenant_id: a.tenant.id,
      user_id: userId,
      started_at: new Date(`${days.longDay}T06:00:00Z`),
      ended_at: new Date(`${days.longDay}T17:00:00Z`),
      end_reason: 'clock_out',
      source: 'clock',
      created_by: userId,
    })
    .execute();
}

async function statisticsAs(who: Who, query: string): Promise<Statistics> {
  const res = await callAs(t.app, who, 'GET', `/reports/statistics?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Statistics>();
}

async function overviewOf(who: Who, month: string, extra = ''): Promise<Overview> {
  const last = new Date(Date.UTC(+month.slice(0, 4), +month.slice(5), 0)).getUTCDate();
  const res = await callAs(
    t.app,
    who,
    'GET',
    `/reports/overview?from=${month}-01&to=${month}-${last}${extra}`,
  );
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Overview>();
}

describe('each month of the statistics is the overview of that month', () => {
  let leaver: string;

  beforeAll(async () => {
    // Someone who left in March: in the figures of January to March, not after.
    const person = await database.db
      .selectFrom('users')
      .select('id')
      .where('tenant_id', '=', demoTenant)
      .where('role', '=', 'employee')
      .orderBy('name')
      .executeTakeFirstOrThrow();
    leaver = person.id;
    await database.db
      .updateTable('users')
      .set({ status: 'disabled', end_date: '2026-03-15' })
      .where('id', '=', leaver)
      .execute();
  });

  it('agrees on people, balances, absence days per type and findings, month by month', async () => {
    const stats = await statisticsAs(demoAdmin, 'from=2026-01&to=2026-06');
    expect(stats.months.map((m) => m.month)).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
    ]);
    expect(stats.today).toBe('2026-05-06');
    const types = await database.db
      .selectFrom('absence_types')
      .select(['id', 'key', 'deducts_vacation', 'color'])
      .where('tenant_id', '=', demoTenant)
      .execute();
    const typeOf = new Map(types.map((ty) => [ty.id, ty]));
    for (const shown of stats.absenceTypes) expect(shown.color).toBe(typeOf.get(shown.id)!.color);

    let absenceDays = 0;
    let findings = 0;
    for (const [i, month] of ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05'].entries()) {
      const overview = await overviewOf(demoAdmin, month);
      const figures = stats.months[i]!;
      expect(figures.balanceAsOf).toBe(overview.balanceAsOf);
      expect(figures.people, month).toBe(overview.people.length);
      // The same people, each with the overview's balance.
      const inMonth = stats.people.filter((p) => p.balances[i] !== null);
      expect(inMonth.map((p) => p.userId).sort()).toEqual(
        overview.people.map((p) => p.userId).sort(),
      );
      for (const row of overview.people) {
        const person = stats.people.find((p) => p.userId === row.userId)!;
        expect(person.balances[i], `${row.name} ${month}`).toBe(row.balanceMinutes);
      }
      expect(figures.balance).toEqual({
        totalMinutes: overview.totals.balanceMinutes,
        averageMinutes: Math.round(overview.totals.balanceMinutes / overview.people.length),
      });
      // Absence days by type, folded the overview's way (vacation, sick, the others by type).
      const sum = (pick: (typeId: string) => boolean) =>
        Math.round(
          figures.absences.filter((x) => pick(x.typeId)).reduce((s, x) => s + x.days, 0) * 100,
        ) / 100;
      expect(
        sum((id) => typeOf.get(id)!.deducts_vacation),
        month,
      ).toBe(overview.totals.vacationTakenDays);
      expect(
        sum((id) => typeOf.get(id)!.key === 'sick'),
        month,
      ).toBe(overview.totals.sickDays);
      expect(
        figures.absences
          .filter(
            (x) => !typeOf.get(x.typeId)!.deducts_vacation && typeOf.get(x.typeId)!.key !== 'sick',
          )
          .sort((x, y) => x.typeId.localeCompare(y.typeId)),
      ).toEqual(
        [...overview.totals.otherAbsences].sort((x, y) => x.typeId.localeCompare(y.typeId)),
      );
      expect(figures.findings, month).toEqual(overview.totals.findings);
      expect(figures.findingsByCode.reduce((s, f) => s + f.count, 0)).toBe(figures.findings.total);
      absenceDays += figures.absenceDays;
      findings += figures.findings.total;
    }
    // The demo data has absences and findings, so the comparison is not one of zeros.
    expect(absenceDays).toBeGreaterThan(0);
    expect(findings).toBeGreaterThan(0);

    // The leaver counts until March, and June has not begun: no balance, nobody standing.
    const left = stats.people.find((p) => p.userId === leaver)!;
    expect(left.balances.map((x) => x !== null)).toEqual([true, true, true, false, false, false]);
    const june = stats.months[5]!;
    expect(june.balanceAsOf).toBeNull();
    expect(june.balance).toBeNull();
    expect(june.findings.total).toBe(0);
    expect(stats.people.every((p) => p.balances[5] === null)).toBe(true);
  });

  it('narrows to one person with userId, each month equal to their overview row', async () => {
    const overview = await overviewOf(demoAdmin, '2026-04');
    const row = overview.people.find((p) => p.findings.total > 0) ?? overview.people[0]!;
    const stats = await statisticsAs(demoAdmin, `from=2026-04&to=2026-04&userId=${row.userId}`);
    expect(stats.people.map((p) => p.userId)).toEqual([row.userId]);
    const april = stats.months[0]!;
    expect(april.people).toBe(1);
    expect(april.balance).toEqual({
      totalMinutes: row.balanceMinutes,
      averageMinutes: row.balanceMinutes,
    });
    expect(april.findings).toEqual(row.findings);
  });

  it('reads every month end off one ledger as computeBalances does for each', async () => {
    const users = await database.db
      .selectFrom('users')
      .select('id')
      .where('tenant_id', '=', demoTenant)
      .execute();
    const ids = users.map((u) => u.id);
    const checkpoints = ['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31'];
    const data = await loadBalanceData(database.db, demoTenant, {
      upTo: '2026-05-31',
      userIds: ids,
    });
    const series = balanceSeries(data, checkpoints, NOW);
    expect(series.size).toBe(ids.length);
    for (const [i, day] of checkpoints.entries()) {
      const single = await loadBalanceData(database.db, demoTenant, { upTo: day, userIds: ids });
      for (const balance of computeBalances(single, day, NOW)) {
        expect(series.get(balance.userId)![i], `${balance.userId} ${day}`).toBe(balance.balance);
      }
    }
  });
});

describe('who sees whom', () => {
  beforeAll(async () => {
    // The outsider (another team of Alpha) works and is sick in March 2026: figures a leak
    // would show in the manager's statistics.
    const db = database.db;
    await db
      .updateTable('users')
      .set({ start_date: '2026-01-01' })
      .where('tenant_id', '=', a.tenant.id)
      .execute();
    await fullTimeSickAndLong(a.outsider.id, {
      sick: ['2026-03-09', '2026-03-13'],
      longDay: '2026-03-17',
    });
  });

  const ids = (stats: Statistics) => stats.people.map((p) => p.userId).sort();
  const march = (stats: Statistics) => stats.months.find((m) => m.month === '2026-03')!;

  it('gives a manager only themselves and their team: no one else’s days or findings', async () => {
    const admin = await statisticsAs(a.admin, 'from=2026-02&to=2026-04');
    expect(ids(admin)).toContain(a.outsider.id);
    expect(march(admin).absenceDays).toBe(5);
    expect(march(admin).findings.violation).toBeGreaterThan(0);

    const manager = await statisticsAs(a.manager, 'from=2026-02&to=2026-04');
    expect(ids(manager)).toEqual([a.manager.id, a.employee.id].sort());
    expect(march(manager).people).toBe(2);
    expect(march(manager).absences).toEqual([]);
    expect(march(manager).findings.total).toBe(0);
    expect(manager.absenceTypes).toEqual([]);
    const overview = await overviewOf(a.manager, '2026-03');
    expect(march(manager).balance?.totalMinutes).toBe(overview.totals.balanceMinutes);
    expect(JSON.stringify(manager)).not.toContain(a.outsider.id);
    expect(JSON.stringify(manager)).not.toContain(a.outsider.name);
    // Their own team, by teamId, is the same.
    expect(
      ids(await statisticsAs(a.manager, `from=2026-02&to=2026-04&teamId=${a.team.id}`)),
    ).toEqual([a.manager.id, a.employee.id].sort());
  });

  it('gives an employee only themselves, an admin the company', async () => {
    expect(ids(await statisticsAs(a.employee, 'from=2026-03&to=2026-03'))).toEqual([a.employee.id]);
    expect(ids(await statisticsAs(a.admin, 'from=2026-03&to=2026-03'))).toEqual(
      [a.admin.id, a.manager.id, a.employee.id, a.outsider.id].sort(),
    );
    expect(
      ids(await statisticsAs(a.admin, `from=2026-03&to=2026-03&teamId=${a.otherTeam.id}`)),
    ).toEqual([a.outsider.id]);
  });

  it('answers 404 for a team or person outside the scope, and for another company’s', async () => {
    const cases: [Who, string][] = [
      [a.admin, `teamId=${b.team.id}`],
      [a.admin, `userId=${b.employee.id}`],
      [a.manager, `teamId=${a.otherTeam.id}`],
      [a.manager, `userId=${a.outsider.id}`],
      [a.manager, `userId=${b.employee.id}`],
      [a.employee, `userId=${a.manager.id}`],
      [a.employee, `teamId=${b.team.id}`],
    ];
    for (const [who, filter] of cases) {
      const res = await callAs(
        t.app,
        who,
        'GET',
        `/reports/statistics?from=2026-03&to=2026-03&${filter}`,
      );
      expect(res.statusCode, `${who.role} ${filter}`).toBe(404);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('NOT_FOUND');
    }
    // Oneself, and a team member for the manager, are fine.
    for (const [who, userId] of [
      [a.employee, a.employee.id],
      [a.manager, a.employee.id],
    ] as const) {
      expect(ids(await statisticsAs(who, `from=2026-03&to=2026-03&userId=${userId}`))).toEqual([
        userId,
      ]);
    }
  });
});

describe('an employee’s own statistics', () => {
  beforeAll(async () => {
    // The employee works full time from January, is sick on two days in April and works eleven
    // hours without a break on another: their own figures, so the comparison is not of zeros.
    // (After "who sees whom", whose manager figures must stay without absences and findings.)
    await fullTimeSickAndLong(a.employee.id, {
      sick: ['2026-04-14', '2026-04-15'],
      longDay: '2026-04-21',
    });
  });

  it('holds only their own balance, absence days and findings, month by month', async () => {
    const stats = await statisticsAs(a.employee, 'from=2026-03&to=2026-05');
    expect(stats.people.map((p) => p.userId)).toEqual([a.employee.id]);
    for (const [i, month] of ['2026-03', '2026-04', '2026-05'].entries()) {
      const overview = await overviewOf(a.employee, month);
      const row = overview.people.find((p) => p.userId === a.employee.id)!;
      expect(overview.people).toHaveLength(1);
      const figures = stats.months[i]!;
      expect(figures.people, month).toBe(1);
      expect(stats.people[0]!.balances[i], month).toBe(row.balanceMinutes);
      expect(figures.balance, month).toEqual({
        totalMinutes: row.balanceMinutes,
        averageMinutes: row.balanceMinutes,
      });
      expect(figures.findings, month).toEqual(row.findings);
      expect(figures.absenceDays, month).toBe(row.sickDays + row.vacationTakenDays);
    }
    const [march, april] = stats.months;
    // The outsider's five sick days and long day in March are not theirs.
    expect(march!.absenceDays).toBe(0);
    expect(march!.findings.total).toBe(0);
    expect(april!.absenceDays).toBe(2);
    expect(april!.findings.violation).toBeGreaterThan(0);
    const text = JSON.stringify(stats);
    for (const other of [a.outsider, a.manager, a.admin]) {
      expect(text).not.toContain(other.id);
      expect(text).not.toContain(other.name);
    }
    // Asking for oneself by id is the same.
    expect(
      await statisticsAs(a.employee, `from=2026-03&to=2026-05&userId=${a.employee.id}`),
    ).toEqual(stats);
  });

  it('refuses every team filter, their own team too, and anyone else, with 404', async () => {
    const teams = [a.team.id, a.otherTeam.id, b.team.id].map((id) => `teamId=${id}`);
    const people = [a.outsider.id, a.manager.id, b.employee.id].map((id) => `userId=${id}`);
    const urls = [
      ...[...teams, ...people].map((f) => `/reports/statistics?from=2026-03&to=2026-03&${f}`),
      // The overview shares the scope (it has no person filter).
      ...teams.map((f) => `/reports/overview?from=2026-03-01&to=2026-03-31&${f}`),
    ];
    for (const url of urls) {
      const res = await callAs(t.app, a.employee, 'GET', url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json<{ error: { code: string; message: string } }>().error).toMatchObject({
        code: 'NOT_FOUND',
        message: url.includes('teamId') ? 'No such team.' : 'No such person.',
      });
    }
  });
});

describe('bad input', () => {
  it.each([
    ['from=2026-04&to=2026-03', 'PERIOD_ENDS_BEFORE_START'],
    ['from=2025-01&to=2027-01', 'PERIOD_TOO_LONG'],
    ['from=2026-13&to=2027-01', 'VALIDATION_FAILED'],
    ['from=2026-1&to=2026-03', 'VALIDATION_FAILED'],
    ['from=2026-01-01&to=2026-03-31', 'VALIDATION_FAILED'],
    ['from=2026-01', 'VALIDATION_FAILED'],
    ['from=2026-01&to=2026-03&userId=someone', 'VALIDATION_FAILED'],
    ['from=2026-01&to=2026-03&role=admin', 'VALIDATION_FAILED'],
  ])('refuses %s with %s', async (query, code) => {
    const res = await callAs(t.app, a.admin, 'GET', `/reports/statistics?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { code: string } }>().error.code).toBe(code);
  });

  it('accepts two years in full (24 months)', async () => {
    const stats = await statisticsAs(a.admin, 'from=2025-01&to=2026-12');
    expect(stats.months).toHaveLength(24);
  });
});

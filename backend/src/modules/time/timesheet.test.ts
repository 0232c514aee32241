import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestDatabase } from '../../../test/helpers.js';
import { buildTestApp, createTestDatabase, manualClock } from '../../../test/helpers.js';
import type { Company } from '../../../test/world.js';
import { createCompany, tokenFor } from '../../../test/world.js';

let database: TestDatabase;
let t: TestApp;
let a: Company;
let b: Company;
const clock = manualClock(new Date('2026-05-04T10:00:00Z'));

// Berlin is UTC+2 in April 2026 (CEST).
const local = (day: string, time: string) => new Date(`${day}T${time}:00+02:00`);

beforeAll(async () => {
  database = await createTestDatabase();
  t = await buildTestApp({ database, clock, redis: false });
  a = await createCompany(database.db, 'Alpha');
  b = await createCompany(database.db, 'Beta');
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
    .set({ start_date: '2026-04-01', opening_balance_minutes: 120 })
    .where('id', '=', a.employee.id)
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
      // Nine hours in one go: too long without a break, and over 8 h.
      entry(local('2026-04-02', '08:00'), local('2026-04-02', '17:00'), 'clock_out'),
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
});
afterAll(async () => {
  await t.close();
  await database.drop();
});

async function month(as: Company['admin'], query: string) {
  return t.app.inject({
    method: 'GET',
    url: `/api/v1/time/month?${query}`,
    headers: { authorization: `Bearer ${await tokenFor(t.app, as)}` },
  });
}

interface Sheet {
  days: {
    day: string;
    workedMinutes: number;
    breakMinutes: number;
    targetMinutes: number;
    diffMinutes: number;
    reason: string;
    holidayName: string | null;
    findings: { code: string }[];
    entries: unknown[];
  }[];
  totals: {
    targetMinutes: number;
    workedMinutes: number;
    diffMinutes: number;
    adjustmentMinutes: number;
  };
  balance: { before: number; after: number; since: string; asOf: string };
}

describe('GET /api/v1/time/month', () => {
  it('computes Ist, Soll, holidays, findings, totals and the running balance', async () => {
    const res = await month(a.employee, 'month=2026-04');
    expect(res.statusCode).toBe(200);
    const sheet = res.json<Sheet>();
    const day = (d: string) => sheet.days.find((x) => x.day === d)!;
    expect(sheet.days).toHaveLength(30);
    expect(day('2026-04-01')).toMatchObject({
      workedMinutes: 480,
      breakMinutes: 30,
      targetMinutes: 480,
      diffMinutes: 0,
      reason: 'workday',
    });
    expect(day('2026-04-01').entries).toHaveLength(2);
    expect(day('2026-04-02')).toMatchObject({ workedMinutes: 540, diffMinutes: 60 });
    expect(day('2026-04-02').findings.map((f) => f.code)).toEqual(
      expect.arrayContaining(['ARBZG_DAILY_OVER_8H', 'ARBZG_BREAK_MISSING']),
    );
    expect(day('2026-04-03')).toMatchObject({
      targetMinutes: 0,
      reason: 'holiday',
      holidayName: 'Karfreitag',
    });
    expect(day('2026-04-06')).toMatchObject({ reason: 'holiday', holidayName: 'Ostermontag' });
    expect(day('2026-04-04')).toMatchObject({ targetMinutes: 0, reason: 'weekend_or_free' });
    // 20:00–24:00 and 00:00–02:00 local.
    expect(day('2026-04-29').workedMinutes).toBe(240);
    expect(day('2026-04-30').workedMinutes).toBe(120);

    // April 2026 in Bavaria: 22 weekdays − Karfreitag − Ostermontag = 20 × 8 h.
    expect(sheet.totals).toMatchObject({
      targetMinutes: 9600,
      workedMinutes: 1380,
      diffMinutes: 1380 - 9600,
      adjustmentMinutes: -30,
    });
    expect(sheet.balance).toEqual({
      before: 120,
      after: 120 + 1380 - 9600 - 30,
      since: '2026-04-01',
      asOf: '2026-04-30',
    });
  });

  it('carries the balance into the next month', async () => {
    const may = (await month(a.employee, 'month=2026-05')).json<Sheet>();
    expect(may.balance.before).toBe(120 + 1380 - 9600 - 30);
  });

  it('counts the running month only up to today, and today only once it is made up', async () => {
    // Monday 4 May 2026, 12:00 in Berlin; no work yet today, 1 May is a holiday.
    const may = (await month(a.employee, 'month=2026-05')).json<Sheet>();
    expect(may.balance).toMatchObject({ asOf: '2026-05-04', after: may.balance.before });
    // The month's own Soll still covers every working day: 21 weekdays − 1 May − Ascension (14)
    // − Whit Monday (25) = 18 days.
    expect(may.totals.targetMinutes).toBe(18 * 480);
  });

  it('shows managers their team and nobody another company (SECURITY.md 10–12)', async () => {
    expect((await month(a.manager, `month=2026-04&userId=${a.employee.id}`)).statusCode).toBe(200);
    expect((await month(a.manager, `month=2026-04&userId=${a.outsider.id}`)).statusCode).toBe(404);
    expect((await month(a.employee, `month=2026-04&userId=${a.manager.id}`)).statusCode).toBe(404);
    expect((await month(a.admin, `month=2026-04&userId=${b.employee.id}`)).statusCode).toBe(404);
    expect((await month(a.admin, 'month=2026-13')).statusCode).toBe(400);
  });
});

describe('GET /api/v1/time/days', () => {
  const days = async (as: Company['admin'], query: string) =>
    t.app.inject({
      method: 'GET',
      url: `/api/v1/time/days?${query}`,
      headers: { authorization: `Bearer ${await tokenFor(t.app, as)}` },
    });

  it('gives a week across the month boundary with its totals and the balance around it', async () => {
    const res = await days(a.employee, 'from=2026-04-27&to=2026-05-03');
    expect(res.statusCode).toBe(200);
    const week = res.json<Sheet>();
    expect(week.days.map((d) => d.day)).toEqual([
      '2026-04-27',
      '2026-04-28',
      '2026-04-29',
      '2026-04-30',
      '2026-05-01',
      '2026-05-02',
      '2026-05-03',
    ]);
    // Mon–Thu 8 h each; 1 May is Tag der Arbeit.
    expect(week.totals).toMatchObject({ targetMinutes: 4 * 480, workedMinutes: 360 });
    const april = (await month(a.employee, 'month=2026-04')).json<Sheet>();
    expect(week.balance).toMatchObject({ after: april.balance.after, asOf: '2026-05-03' });
    expect(week.balance.before).toBe(april.balance.after - (360 - 4 * 480));
  });

  it('refuses periods that end before they start or are too long, and other people', async () => {
    const code = async (as: Company['admin'], query: string) => {
      const res = await days(as, query);
      return `${res.statusCode} ${res.json<{ error: { code: string } }>().error.code}`;
    };
    expect(await code(a.employee, 'from=2026-05-03&to=2026-04-27')).toBe('400 VALIDATION_FAILED');
    expect(await code(a.employee, 'from=2026-01-01&to=2026-06-30')).toBe('400 VALIDATION_FAILED');
    expect(await code(a.admin, `from=2026-04-27&to=2026-05-03&userId=${b.employee.id}`)).toBe(
      '404 NOT_FOUND',
    );
    expect(await code(a.manager, `from=2026-04-27&to=2026-05-03&userId=${a.outsider.id}`)).toBe(
      '404 NOT_FOUND',
    );
  });
});

describe('schedules', () => {
  it('are versioned by valid-from and only future versions can be removed', async () => {
    const token = await tokenFor(t.app, a.admin);
    const add = (validFrom: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/schedules',
        headers: { authorization: `Bearer ${token}` },
        payload: {
          userId: a.employee.id,
          validFrom,
          minutesPerWeekday: [360, 360, 360, 360, 0, 0, 0],
        },
      });
    const past = await add('2026-04-20');
    expect(past.statusCode).toBe(201);
    // The 4-day part-time schedule applies from 20 April on: Fridays have no target any more.
    const sheet = (await month(a.employee, 'month=2026-04')).json<Sheet>();
    expect(sheet.days.find((d) => d.day === '2026-04-17')?.targetMinutes).toBe(480);
    expect(sheet.days.find((d) => d.day === '2026-04-24')?.targetMinutes).toBe(0);
    expect(sheet.days.find((d) => d.day === '2026-04-21')?.targetMinutes).toBe(360);
    expect((await add('2026-04-20')).statusCode).toBe(409);
    const id = past.json<{ id: string }>().id;
    const remove = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/schedules/${id}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(remove.statusCode).toBe(409);
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/v1/schedules?userId=${a.employee.id}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(
      list
        .json<{ validFrom: string; userId: string | null }[]>()
        .map((s) => [s.userId === null ? 'default' : 'own', s.validFrom]),
    ).toEqual(
      expect.arrayContaining([
        ['default', '2026-01-01'],
        ['own', '2026-04-20'],
        ['own', '2099-01-01'],
      ]),
    );
  });
});

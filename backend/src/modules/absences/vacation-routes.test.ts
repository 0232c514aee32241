import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestDatabase } from '../../../test/helpers.js';
import { buildTestApp, createTestDatabase, manualClock } from '../../../test/helpers.js';
import type { Company } from '../../../test/world.js';
import { callAs, createCompany } from '../../../test/world.js';
import type { AbsenceStatus } from '../../db/types.js';

let database: TestDatabase;
let t: TestApp;
let a: Company;
let b: Company;
// Monday 15 June 2026, 12:00 in Berlin.
const clock = manualClock(new Date('2026-06-15T10:00:00Z'));

type Person = Company['admin'];
const call = (
  as: Person,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  body?: object,
) => callAs(t.app, as, method, url, body);
const code = (res: { json: <T>() => T }) => res.json<{ error: { code: string } }>().error.code;

async function prepare(c: Company) {
  const db = database.db;
  // The company's default week Mon–Fri 8 h; everybody employed since 2020.
  await db
    .insertInto('work_schedules')
    .values({
      tenant_id: c.tenant.id,
      user_id: null,
      valid_from: '2020-01-01',
      minutes: [480, 480, 480, 480, 480, 0, 0],
    })
    .execute();
  await db
    .updateTable('users')
    .set({ start_date: '2020-01-01' })
    .where('tenant_id', '=', c.tenant.id)
    .execute();
}

async function absence(
  c: Company,
  userId: string,
  from: string,
  to: string,
  status: AbsenceStatus,
) {
  await database.db
    .insertInto('absences')
    .values({
      tenant_id: c.tenant.id,
      user_id: userId,
      type_id: c.absenceType.id,
      start_day: from,
      end_day: to,
      status,
      created_by: userId,
    })
    .execute();
}

async function auditOf(action: string, entityId: string) {
  return database.db
    .selectFrom('audit_log')
    .select(['actor_user_id', 'before', 'after', 'reason'])
    .where('action', '=', action)
    .where('entity_id', '=', entityId)
    .orderBy('id')
    .execute();
}

beforeAll(async () => {
  database = await createTestDatabase();
  t = await buildTestApp({ database, clock, redis: false });
  a = await createCompany(database.db, 'Alpha');
  b = await createCompany(database.db, 'Beta');
  await prepare(a);
  await prepare(b);
});
afterAll(async () => {
  await t.close();
  await database.drop();
});

describe('GET /vacation/account', () => {
  it('explains the own account: entitlement, Resturlaub with expiry, taken and planned', async () => {
    const db = database.db;
    // Mon 4 – Fri 8 May: 5 days taken; 3–7 August approved but later: planned; a pending request.
    await absence(a, a.employee.id, '2026-05-04', '2026-05-08', 'approved');
    await absence(a, a.employee.id, '2026-08-03', '2026-08-07', 'approved');
    await absence(a, a.employee.id, '2026-09-07', '2026-09-08', 'requested');
    await db
      .insertInto('vacation_carry_overs')
      .values([
        // 3 days from 2025 that expired on 31 March, before the May vacation could use them…
        {
          tenant_id: a.tenant.id,
          user_id: a.employee.id,
          to_year: 2026,
          from_year: 2025,
          days: 3,
          expires_on: '2026-03-31',
        },
        // …and 4 days of 2024 that never expire (nobody asked to take them).
        {
          tenant_id: a.tenant.id,
          user_id: a.employee.id,
          to_year: 2026,
          from_year: 2024,
          days: 4,
          expires_on: null,
        },
      ])
      .execute();
    const res = await call(a.employee, 'GET', '/vacation/account');
    expect(res.statusCode).toBe(200);
    const body = res.json<Record<string, unknown>>();
    expect(body).toMatchObject({
      userId: a.employee.id,
      year: 2026,
      today: '2026-06-15',
      totals: {
        entitlement: 30,
        carriedOver: 7,
        adjustments: 0,
        taken: 5,
        planned: 7,
        expired: 3,
        remaining: 22,
      },
      entitlement: {
        days: 30,
        computed: { days: 30, rule: 'full_year', contractDays: 30, contractSource: 'company' },
        override: null,
      },
      sentence: { remaining: 22, carriedOverRemaining: 4, expiresOn: null },
    });
    // The never-expiring 2024 days are drawn last, after the year's own ones.
    expect(body.carriedOver).toEqual([
      { fromYear: 2025, days: 3, used: 0, expired: 3, remaining: 0, expiresOn: '2026-03-31' },
      { fromYear: 2024, days: 4, used: 0, expired: 0, remaining: 4, expiresOn: null },
    ]);
    expect(body.absences).toEqual([
      expect.objectContaining({ startDay: '2026-05-04', days: 5, taken: 5, planned: 0 }),
      expect.objectContaining({ startDay: '2026-08-03', days: 5, taken: 0, planned: 5 }),
      expect.objectContaining({ startDay: '2026-09-07', status: 'requested', planned: 2 }),
    ]);
    // Before 31 March the 2025 days were still there: the sentence names their expiry.
    clock.set(new Date('2026-03-02T10:00:00Z'));
    try {
      const early = await call(a.employee, 'GET', '/vacation/account');
      expect(early.json()).toMatchObject({
        sentence: { carriedOverRemaining: 7, expiresOn: '2026-03-31' },
        expiring: [{ expiresOn: '2026-03-31', days: 3 }],
      });
    } finally {
      clock.set(new Date('2026-06-15T10:00:00Z'));
    }
  });

  it('shows who set an override or a correction, and why', async () => {
    const put = await call(a.admin, 'PUT', `/vacation/entitlements/${a.outsider.id}/2026`, {
      days: 28,
      reason: 'Vertrag ab Juli geändert',
    });
    expect(put.statusCode).toBe(200);
    const adj = await call(a.admin, 'POST', '/vacation/adjustments', {
      userId: a.outsider.id,
      year: 2026,
      days: 1.5,
      reason: 'Umzugstag laut Betriebsvereinbarung',
    });
    expect(adj.statusCode).toBe(201);
    const res = await call(a.admin, 'GET', `/vacation/account?userId=${a.outsider.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      totals: { entitlement: 28, adjustments: 1.5, remaining: 29.5 },
      entitlement: {
        days: 28,
        computed: { days: 30 },
        override: {
          days: 28,
          reason: 'Vertrag ab Juli geändert',
          setBy: { id: a.admin.id, name: a.admin.name },
        },
      },
      adjustments: [
        {
          days: 1.5,
          reason: 'Umzugstag laut Betriebsvereinbarung',
          createdBy: { id: a.admin.id, name: a.admin.name },
        },
      ],
    });
  });

  it('lets managers read their team, employees only themselves, nobody another company', async () => {
    expect(
      (await call(a.manager, 'GET', `/vacation/account?userId=${a.employee.id}`)).statusCode,
    ).toBe(200);
    for (const [as, userId] of [
      [a.manager, a.outsider.id],
      [a.employee, a.outsider.id],
      [a.employee, a.manager.id],
      [a.admin, b.employee.id],
      [a.manager, b.employee.id],
    ] as const) {
      const res = await call(as, 'GET', `/vacation/account?userId=${userId}`);
      expect(res.statusCode).toBe(404);
      expect(code(res)).toBe('NOT_FOUND');
    }
  });

  it('refuses a year outside 2000–2100 or an unknown parameter', async () => {
    for (const query of ['year=1999', 'year=abc', 'userId=nope', 'foo=1']) {
      const res = await call(a.employee, 'GET', `/vacation/account?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(code(res)).toBe('VALIDATION_FAILED');
    }
  });
});

describe('GET /vacation/entitlements', () => {
  it('lists every person of the company for admins, the team for managers, nobody else', async () => {
    const all = await call(a.admin, 'GET', '/vacation/entitlements?year=2026');
    expect(all.statusCode).toBe(200);
    const rows = all.json<{ year: number; people: { userId: string }[] }>();
    expect(rows.year).toBe(2026);
    expect(rows.people.map((p) => p.userId).sort()).toEqual(
      [a.admin.id, a.manager.id, a.employee.id, a.outsider.id, a.invited.id].sort(),
    );
    expect(JSON.stringify(rows)).not.toContain(b.employee.id);

    const team = await call(a.manager, 'GET', '/vacation/entitlements');
    expect(
      team
        .json<{ people: { userId: string }[] }>()
        .people.map((p) => p.userId)
        .sort(),
    ).toEqual([a.manager.id, a.employee.id].sort());
    const filtered = await call(a.admin, 'GET', `/vacation/entitlements?teamId=${a.otherTeam.id}`);
    expect(filtered.json<{ people: { userId: string }[] }>().people.map((p) => p.userId)).toEqual([
      a.outsider.id,
    ]);
    const refused = await call(a.employee, 'GET', '/vacation/entitlements');
    expect(refused.statusCode).toBe(403);
  });

  it('shows contract days, computed, override, carried over, taken, planned and remaining', async () => {
    const res = await call(a.admin, 'GET', '/vacation/entitlements?year=2026');
    const employee = res
      .json<{ people: { userId: string }[] }>()
      .people.find((p) => p.userId === a.employee.id);
    expect(employee).toMatchObject({
      contractDays: 30,
      contractSource: 'company',
      computed: 30,
      rule: 'full_year',
      override: null,
      totals: { carriedOver: 7, taken: 5, planned: 7, remaining: 22 },
    });
  });
});

describe('PUT/DELETE /vacation/entitlements/:userId/:year', () => {
  it('sets, replaces and removes an override, each audited with its reason', async () => {
    const url = `/vacation/entitlements/${a.manager.id}/2027`;
    const first = await call(a.admin, 'PUT', url, { days: 25.5, reason: 'Teilzeit ab 2027' });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      userId: a.manager.id,
      computed: 30,
      override: { days: 25.5, reason: 'Teilzeit ab 2027' },
      totals: { entitlement: 25.5 },
    });
    await call(a.admin, 'PUT', url, { days: 26, reason: 'Korrigiert' });
    const removed = await call(a.admin, 'DELETE', url);
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toMatchObject({ override: null, totals: { entitlement: 30 } });
    const again = await call(a.admin, 'DELETE', url);
    expect(again.statusCode).toBe(404);

    const set = await auditOf('vacation.entitlement_set', a.manager.id);
    expect(set).toEqual([
      expect.objectContaining({
        actor_user_id: a.admin.id,
        before: null,
        after: { year: 2027, days: 25.5 },
        reason: 'Teilzeit ab 2027',
      }),
      expect.objectContaining({
        before: { year: 2027, days: 25.5, reason: 'Teilzeit ab 2027' },
        after: { year: 2027, days: 26 },
        reason: 'Korrigiert',
      }),
    ]);
    expect(await auditOf('vacation.entitlement_removed', a.manager.id)).toEqual([
      expect.objectContaining({ before: { year: 2027, days: 26, reason: 'Korrigiert' } }),
    ]);
  });

  it('refuses bad input, other roles and other companies, and changes nothing', async () => {
    const url = `/vacation/entitlements/${a.employee.id}/2028`;
    for (const body of [
      { days: -1, reason: 'x' },
      { days: 366, reason: 'x' },
      { days: 10.125, reason: 'x' },
      { days: 10, reason: '   ' },
      { days: 10 },
      { days: 10, reason: 'x', extra: true },
    ]) {
      const res = await call(a.admin, 'PUT', url, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(code(res)).toBe('VALIDATION_FAILED');
    }
    expect(
      (
        await call(a.admin, 'PUT', `/vacation/entitlements/${a.employee.id}/1999`, {
          days: 1,
          reason: 'x',
        })
      ).statusCode,
    ).toBe(400);
    for (const as of [a.manager, a.employee]) {
      const res = await call(as, 'PUT', url, { days: 10, reason: 'selbst' });
      expect(res.statusCode).toBe(403);
    }
    const foreign = await call(a.admin, 'PUT', `/vacation/entitlements/${b.employee.id}/2028`, {
      days: 10,
      reason: 'fremd',
    });
    expect(foreign.statusCode).toBe(404);
    const rows = await database.db
      .selectFrom('vacation_entitlements')
      .selectAll()
      .where('year', '=', 2028)
      .execute();
    expect(rows).toEqual([]);
  });
});

describe('POST /vacation/adjustments', () => {
  it('books a correction in half-day steps with a reason, audited', async () => {
    const res = await call(a.admin, 'POST', '/vacation/adjustments', {
      userId: a.manager.id,
      year: 2026,
      days: -2.5,
      reason: 'Vorgriff aus 2025',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ totals: { adjustments: -2.5, remaining: 27.5 } });
    const audit = await auditOf('vacation.adjusted', a.manager.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor_user_id: a.admin.id,
      after: { year: 2026, days: -2.5 },
      reason: 'Vorgriff aus 2025',
    });
  });

  it('refuses zero, quarter days, a missing reason, other roles and other companies', async () => {
    const count = async () =>
      (await database.db.selectFrom('vacation_adjustments').select('id').execute()).length;
    const before = await count();
    const valid = { userId: a.employee.id, year: 2026, days: 1, reason: 'ok' };
    for (const body of [
      { ...valid, days: 0 },
      { ...valid, days: 0.25 },
      { ...valid, days: 400 },
      { ...valid, reason: '' },
      { userId: a.employee.id, year: 2026, days: 1 },
      { ...valid, year: 1999 },
    ]) {
      const res = await call(a.admin, 'POST', '/vacation/adjustments', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(code(res)).toBe('VALIDATION_FAILED');
    }
    expect((await call(a.manager, 'POST', '/vacation/adjustments', valid)).statusCode).toBe(403);
    expect((await call(a.employee, 'POST', '/vacation/adjustments', valid)).statusCode).toBe(403);
    const foreign = await call(a.admin, 'POST', '/vacation/adjustments', {
      ...valid,
      userId: b.employee.id,
    });
    expect(foreign.statusCode).toBe(404);
    expect(await count()).toBe(before);
  });
});

describe('PUT /vacation/contracts/:userId', () => {
  it('sets a person’s contract days (the computed entitlement follows) and back to the default', async () => {
    const url = `/vacation/contracts/${a.invited.id}`;
    const set = await call(a.admin, 'PUT', url, { daysPerYear: 24 });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toEqual({ userId: a.invited.id, daysPerYear: 24, effectiveDays: 24 });
    const account = await call(a.admin, 'GET', `/vacation/account?userId=${a.invited.id}`);
    expect(account.json()).toMatchObject({
      entitlement: { computed: { days: 24, contractDays: 24, contractSource: 'person' } },
    });
    // The same value again records nothing.
    await call(a.admin, 'PUT', url, { daysPerYear: 24 });
    const reset = await call(a.admin, 'PUT', url, { daysPerYear: null });
    expect(reset.json()).toEqual({ userId: a.invited.id, daysPerYear: null, effectiveDays: 30 });
    expect(await auditOf('vacation.contract_days_set', a.invited.id)).toEqual([
      expect.objectContaining({
        before: { vacationDaysPerYear: null },
        after: { vacationDaysPerYear: 24 },
      }),
      expect.objectContaining({
        before: { vacationDaysPerYear: 24 },
        after: { vacationDaysPerYear: null },
      }),
    ]);
  });

  it('refuses bad values, other roles and other companies', async () => {
    const url = `/vacation/contracts/${a.employee.id}`;
    for (const body of [{ daysPerYear: -1 }, { daysPerYear: 400 }, { daysPerYear: 'x' }, {}]) {
      const res = await call(a.admin, 'PUT', url, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await call(a.manager, 'PUT', url, { daysPerYear: 20 })).statusCode).toBe(403);
    expect(
      (await call(a.admin, 'PUT', `/vacation/contracts/${b.employee.id}`, { daysPerYear: 20 }))
        .statusCode,
    ).toBe(404);
    const user = await database.db
      .selectFrom('users')
      .select('vacation_days_per_year')
      .where('id', 'in', [a.employee.id, b.employee.id])
      .execute();
    expect(user.map((u) => u.vacation_days_per_year)).toEqual([null, null]);
  });
});

describe('at company size', () => {
  it('lists 300 people with their absences in a few queries', async () => {
    const db = database.db;
    const c = await createCompany(db, 'Gross');
    await prepare(c);
    const { rows } = await sql<{ id: string }>`
      INSERT INTO users (tenant_id, email, name, role, status, team_id, start_date, password_hash)
      SELECT ${c.tenant.id}, 'p' || n || '-' || ${c.tenant.id} || '@example.com', 'Person ' || n,
        'employee', 'active', ${c.team.id}, '2020-01-01', 'x'
      FROM generate_series(1, 300) AS n
      RETURNING id`.execute(db);
    await db
      .insertInto('absences')
      .values(
        rows.flatMap((r, i) => [
          {
            tenant_id: c.tenant.id,
            user_id: r.id,
            type_id: c.absenceType.id,
            start_day: '2026-02-02',
            end_day: '2026-02-06',
            status: 'approved' as const,
            created_by: r.id,
          },
          {
            tenant_id: c.tenant.id,
            user_id: r.id,
            type_id: c.absenceType.id,
            start_day: '2026-08-03',
            end_day: i % 2 ? '2026-08-14' : '2026-08-07',
            status: 'requested' as const,
            created_by: r.id,
          },
        ]),
      )
      .execute();
    const started = performance.now();
    const res = await call(c.admin, 'GET', '/vacation/entitlements?year=2026');
    const ms = performance.now() - started;
    expect(res.statusCode).toBe(200);
    const people = res.json<{ people: { totals: { taken: number; planned: number } }[] }>().people;
    expect(people.length).toBeGreaterThanOrEqual(300);
    expect(people.filter((p) => p.totals.taken === 5).length).toBe(300);
    // Generous for a shared test machine; one round trip per person took several seconds.
    expect(ms).toBeLessThan(4000);
  });
});

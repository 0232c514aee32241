import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestDatabase } from '../../test/helpers.js';
import { buildTestApp, createTestDatabase, manualClock } from '../../test/helpers.js';
import type { Db } from '../db/index.js';
import { daysOfMonth, localDay } from '../domain/time.js';
import { verifyPassword } from '../modules/auth/passwords.js';
import { monthTimesheet } from '../modules/time/timesheet.js';
import { DEMO_TIME_ZONE } from './generate.js';
import type { SeedDemoResult } from './seed.js';
import { DemoSeedError, seedDemo } from './seed.js';

// Wednesday 6 May 2026, 10:30 in Berlin: a working morning.
const NOW = new Date('2026-05-06T08:30:00Z');
const OPTIONS = { employees: 6, months: 2, seed: 7, now: NOW };

let database: TestDatabase;
let twin: TestDatabase;
let t: TestApp;
let seeded: SeedDemoResult;

beforeAll(async () => {
  [database, twin] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  seeded = await seedDemo(database.db, OPTIONS);
  t = await buildTestApp({ database, clock: manualClock(NOW), redis: false });
});
afterAll(async () => {
  await t.close();
  await Promise.all([database.drop(), twin.drop()]);
});

/** Every row the generator writes, in a stable order, for comparing two runs. */
async function snapshot(db: Db) {
  const [tenants, users, teams, managers, schedules, entries, adjustments, closures, absences] =
    await Promise.all([
      db.selectFrom('tenants').selectAll().orderBy('id').execute(),
      db.selectFrom('users').selectAll().orderBy('id').execute(),
      db.selectFrom('teams').select(['id', 'tenant_id', 'name']).orderBy('id').execute(),
      db.selectFrom('team_managers').selectAll().orderBy('user_id').execute(),
      db.selectFrom('work_schedules').selectAll().orderBy('id').execute(),
      db.selectFrom('time_entries').selectAll().orderBy('id').execute(),
      db.selectFrom('balance_adjustments').selectAll().orderBy('id').execute(),
      db.selectFrom('closure_days').selectAll().orderBy('day').execute(),
      db
        .selectFrom('absences')
        .innerJoin('absence_types', 'absence_types.id', 'absences.type_id')
        .selectAll('absences')
        .select('absence_types.key as type_key')
        .orderBy('absences.id')
        .execute(),
    ]);
  // Hashes are salted, and the database stamps these itself.
  const strip = <T extends object>(rows: T[], keys: string[]) =>
    rows.map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => !keys.includes(k))));
  return {
    tenants: strip(tenants, ['created_at', 'updated_at']),
    users: strip(users, ['password_hash', 'tokens_valid_after']),
    teams,
    managers,
    schedules,
    entries,
    adjustments,
    closures,
    // Types are seeded with ids of their own: compare them by key.
    absences: strip(absences, ['type_id']),
  };
}

describe('seedDemo', () => {
  it('creates one company with an admin, a manager and employees in a team', async () => {
    const db = database.db;
    const users = await db.selectFrom('users').selectAll().execute();
    expect(users).toHaveLength(6);
    expect(users.filter((u) => u.role === 'admin')).toHaveLength(1);
    expect(users.filter((u) => u.role === 'manager')).toHaveLength(1);
    expect(users.filter((u) => u.role === 'employee')).toHaveLength(4);
    expect(users.every((u) => u.status === 'active' && u.email.endsWith('.demo.example'))).toBe(
      true,
    );
    const [company] = seeded.companies;
    expect(company?.adminEmail).toMatch(/^admin@[a-z-]+\.demo\.example$/);
    expect(await verifyPassword(users[0]!.password_hash!, seeded.password)).toBe(true);
    const team = await db.selectFrom('teams').selectAll().executeTakeFirstOrThrow();
    const manager = users.find((u) => u.role === 'manager')!;
    expect(await db.selectFrom('team_managers').selectAll().execute()).toEqual([
      { tenant_id: team.tenant_id, team_id: team.id, user_id: manager.id },
    ]);
    expect(users.filter((u) => u.role === 'employee').every((u) => u.team_id === team.id)).toBe(
      true,
    );
  });

  it('gives schedules with history, mid-period starts, opening balances and adjustments', async () => {
    const db = database.db;
    const schedules = await db.selectFrom('work_schedules').selectAll().execute();
    expect(schedules.filter((s) => s.user_id === null)).toHaveLength(1);
    const users = await db.selectFrom('users').selectAll().execute();
    const startOf = new Map(users.map((u) => [u.id, u.start_date]));
    // A change during the period: a version starting after the person did.
    expect(schedules.some((s) => s.user_id && s.valid_from > startOf.get(s.user_id)!)).toBe(true);
    const weeks = new Set(schedules.map((s) => s.minutes.join(',')));
    expect(weeks).toContain('540,540,540,540,0,0,0');
    expect(weeks).toContain('360,360,360,360,360,0,0');
    expect(new Set(users.map((u) => u.start_date)).size).toBeGreaterThan(1);
    expect(users.some((u) => u.opening_balance_minutes !== 0)).toBe(true);
    expect(await db.selectFrom('balance_adjustments').selectAll().execute()).not.toHaveLength(0);
  });

  it('writes entries that respect every rule of the table, up to now', async () => {
    const db = database.db;
    const entries = await db.selectFrom('time_entries').selectAll().execute();
    const users = await db.selectFrom('users').select(['id', 'start_date']).execute();
    const startOf = new Map(users.map((u) => [u.id, u.start_date!]));
    // Two months of 6 people: well over 200 entries.
    expect(entries.length).toBeGreaterThan(200);
    for (const e of entries) {
      expect(e.started_at.getTime()).toBeLessThan(NOW.getTime());
      if (e.ended_at) {
        expect(e.ended_at.getTime()).toBeGreaterThan(e.started_at.getTime());
        expect(e.ended_at.getTime()).toBeLessThanOrEqual(NOW.getTime());
      }
      expect(localDay(e.started_at, DEMO_TIME_ZONE) >= startOf.get(e.user_id)!).toBe(true);
      if (e.source !== 'clock') expect(e.note).toBeTruthy();
    }
    // The database constraints (EXCLUDE, one running entry) held on insert; checked again here.
    const { rows: overlaps } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM time_entries a JOIN time_entries b
        ON a.user_id = b.user_id AND a.id < b.id
       AND tstzrange(a.started_at, coalesce(a.ended_at, 'infinity'))
        && tstzrange(b.started_at, coalesce(b.ended_at, 'infinity'))`.execute(db);
    expect(overlaps[0]?.n).toBe(0);
    expect(new Set(entries.map((e) => e.source))).toEqual(
      new Set(['clock', 'manual', 'correction']),
    );
  });

  it('has people clocked in and on a break today', async () => {
    const entries = await database.db
      .selectFrom('time_entries')
      .selectAll()
      .orderBy('started_at')
      .execute();
    const latest = new Map(entries.map((e) => [e.user_id, e]));
    const running = [...latest.values()].filter((e) => e.ended_at === null);
    expect(running.length).toBeGreaterThanOrEqual(1);
    expect(running.every((e) => localDay(e.started_at, DEMO_TIME_ZONE) === '2026-05-06')).toBe(
      true,
    );
    expect([...latest.values()].some((e) => e.end_reason === 'break')).toBe(true);
  });

  it('leaves ArbZG findings in the month views', async () => {
    const db = database.db;
    const admin = await db
      .selectFrom('users')
      .select(['id', 'tenant_id'])
      .where('role', '=', 'admin')
      .executeTakeFirstOrThrow();
    const actor = { userId: admin.id, tenantId: admin.tenant_id, role: 'admin' as const };
    const codes = new Set<string>();
    for (const { id } of await db.selectFrom('users').select('id').execute()) {
      for (const month of ['2026-03', '2026-04', '2026-05']) {
        const sheet = await monthTimesheet(t.app.deps, actor, id, month);
        for (const day of sheet.days) for (const f of day.findings) codes.add(f.code);
      }
    }
    expect(codes).toContain('ARBZG_DAILY_OVER_10H');
    expect(codes).toContain('ARBZG_DAILY_OVER_8H');
    expect(codes.size).toBeGreaterThanOrEqual(3);
  });

  it('gives the same data for the same seed, and other data for another', async () => {
    await seedDemo(twin.db, OPTIONS);
    expect(await snapshot(twin.db)).toEqual(await snapshot(database.db));
    const other = await createTestDatabase();
    try {
      await seedDemo(other.db, { ...OPTIONS, seed: 8 });
      const [a, b] = [await snapshot(other.db), await snapshot(database.db)];
      expect(a.entries.map((e) => e.started_at)).not.toEqual(b.entries.map((e) => e.started_at));
    } finally {
      await other.drop();
    }
  });

  it('refuses a database that already has the company, or an old schema', async () => {
    await expect(seedDemo(database.db, OPTIONS)).rejects.toThrow(DemoSeedError);
    const empty = await createTestDatabase({ empty: true });
    try {
      await expect(seedDemo(empty.db, OPTIONS)).rejects.toThrow(/upgrade head/);
    } finally {
      await empty.drop();
    }
  });

  it('records absences: vacation approved and requested, sickness, and no work on their days', async () => {
    const db = database.db;
    const absences = await db
      .selectFrom('absences')
      .innerJoin('absence_types', 'absence_types.id', 'absences.type_id')
      .select([
        'absences.user_id',
        'absences.start_day',
        'absences.end_day',
        'absences.status',
        'absences.half_day_start',
        'absences.decided_by',
        'absence_types.key',
      ])
      .execute();
    const keys = new Set(absences.map((a) => a.key));
    expect(keys).toContain('vacation');
    expect(keys).toContain('sick');
    const today = '2026-05-06';
    expect(absences.some((a) => a.status === 'requested' && a.start_day > today)).toBe(true);
    expect(absences.some((a) => a.status === 'approved' && a.start_day > today)).toBe(true);
    expect(absences.filter((a) => a.end_day! < today).every((a) => a.status === 'approved')).toBe(
      true,
    );
    // Nobody decided their own vacation.
    for (const a of absences.filter((x) => x.key === 'vacation' && x.decided_by))
      expect(a.decided_by).not.toBe(a.user_id);
    // Whole past absence days have no time entries.
    const entries = await db.selectFrom('time_entries').select(['user_id', 'started_at']).execute();
    const worked = new Set(
      entries.map((e) => `${e.user_id} ${localDay(e.started_at, DEMO_TIME_ZONE)}`),
    );
    for (const a of absences.filter((x) => x.end_day! < today && !x.half_day_start)) {
      expect(worked.has(`${a.user_id} ${a.start_day}`), `${a.key} ${a.start_day}`).toBe(false);
    }
  });

  it('covers every day of the period it was asked for', async () => {
    const first = await database.db
      .selectFrom('time_entries')
      .select((eb) => eb.fn.min('started_at').as('first'))
      .executeTakeFirstOrThrow();
    // Two months back from 6 May: the first working days of March have entries.
    expect(localDay(first.first, DEMO_TIME_ZONE) <= daysOfMonth(2026, 3)[5]!).toBe(true);
  });
});

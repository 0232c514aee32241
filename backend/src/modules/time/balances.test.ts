import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestDatabase } from '../../../test/helpers.js';
import { buildTestApp, createTestDatabase, manualClock } from '../../../test/helpers.js';
import { seedDemo } from '../../demo/seed.js';
import { localDay } from '../../domain/time.js';
import { tenantBalances } from './balances.js';
import { monthTimesheet } from './timesheet.js';

// Wednesday 6 May 2026, 10:30 in Berlin: some demo people are clocked in right now.
const NOW = new Date('2026-05-06T08:30:00Z');
const ZONE = 'Europe/Berlin';

let database: TestDatabase;
let t: TestApp;
let tenantId: string;
let adminId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const seeded = await seedDemo(database.db, { employees: 8, months: 4, seed: 11, now: NOW });
  tenantId = seeded.companies[0]!.tenantId;
  t = await buildTestApp({ database, clock: manualClock(NOW), redis: false });
  const admin = await database.db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .executeTakeFirstOrThrow();
  adminId = admin.id;
});
afterAll(async () => {
  await t.close();
  await database.drop();
});

const actor = () => ({ userId: adminId, tenantId, role: 'admin' as const });

describe('tenantBalances', () => {
  it('has demo people with everything that moves a balance', async () => {
    const db = database.db;
    const users = await db.selectFrom('users').selectAll().execute();
    const entries = await db.selectFrom('time_entries').selectAll().execute();
    const schedules = await db.selectFrom('work_schedules').selectAll().execute();
    expect(users.some((u) => u.opening_balance_minutes !== 0)).toBe(true);
    expect(await db.selectFrom('balance_adjustments').selectAll().execute()).not.toHaveLength(0);
    expect(new Set(schedules.map((s) => s.minutes.join(','))).size).toBeGreaterThanOrEqual(3);
    expect(
      schedules.some(
        (s) => s.user_id && s.valid_from > users.find((u) => u.id === s.user_id)!.start_date!,
      ),
    ).toBe(true);
    expect(
      entries.some(
        (e) => e.ended_at && localDay(e.started_at, ZONE) !== localDay(e.ended_at, ZONE),
      ),
    ).toBe(true);
    expect(entries.some((e) => e.ended_at === null)).toBe(true);
  });

  for (const [month, upTo] of [
    ['2026-05', '2026-05-31'],
    ['2026-04', '2026-04-30'],
    ['2026-01', '2026-01-31'],
  ] as const) {
    it(`equals the month view's balance at the end of ${month} for every person`, async () => {
      const balances = await tenantBalances(database.db, tenantId, { upTo, now: NOW });
      expect(balances).toHaveLength(8);
      for (const balance of balances) {
        const sheet = await monthTimesheet(t.app.deps, actor(), balance.userId, month);
        expect({ user: balance.userId, balance: balance.balance }).toEqual({
          user: balance.userId,
          balance: sheet.balance.after,
        });
        expect(balance.balance).toBe(
          balance.opening +
            balance.worked +
            balance.credited -
            balance.target +
            balance.adjustments,
        );
      }
    });
  }

  it('computes only the people asked for, and their month totals add up', async () => {
    const people = await database.db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'employee')
      .orderBy('id')
      .limit(2)
      .execute();
    const ids = people.map((p) => p.id);
    const april = await tenantBalances(database.db, tenantId, {
      upTo: '2026-04-30',
      now: NOW,
      userIds: ids,
    });
    const march = await tenantBalances(database.db, tenantId, {
      upTo: '2026-03-31',
      now: NOW,
      userIds: ids,
    });
    expect(april.map((b) => b.userId)).toEqual(ids);
    for (const [i, id] of ids.entries()) {
      const sheet = await monthTimesheet(t.app.deps, actor(), id, '2026-04');
      expect(april[i]!.worked - march[i]!.worked).toBe(sheet.totals.workedMinutes);
      expect(april[i]!.target - march[i]!.target).toBe(sheet.totals.targetMinutes);
    }
  });
});

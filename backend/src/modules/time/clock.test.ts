import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, createUser } from '../../../test/factories.js';
import type { TestApp, TestDatabase } from '../../../test/helpers.js';
import { buildTestApp, createTestDatabase, manualClock } from '../../../test/helpers.js';
import { tokenFor } from '../../../test/world.js';

let database: TestDatabase;
let t: TestApp;
const clock = manualClock(new Date('2026-03-02T07:00:00Z'));

beforeAll(async () => {
  database = await createTestDatabase();
  t = await buildTestApp({ database, clock, redis: false });
});
afterAll(async () => {
  await t.close();
  await database.drop();
});

async function person() {
  const tenant = await createTenant(database.db);
  const user = await createUser(database.db, { tenantId: tenant.id });
  // Tokens are checked against the real clock's tokens_valid_after; sign one that is valid.
  const token = await tokenFor(t.app, user);
  const stamp = (path: string) =>
    t.app.inject({
      method: path === '' ? 'GET' : 'POST',
      url: `/api/v1/clock${path}`,
      headers: { authorization: `Bearer ${token}` },
    });
  return { user, tenant, stamp };
}

const entriesOf = (userId: string) =>
  database.db
    .selectFrom('time_entries')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('started_at')
    .execute();

describe('the time clock', () => {
  it('goes through a working day: Kommen, Pause, weiter, Gehen', async () => {
    const { user, stamp } = await person();
    expect((await stamp('')).json()).toEqual({
      status: 'off',
      since: null,
      entryId: null,
      today: { day: '2026-03-02', workedMinutes: 0, breakMinutes: 0 },
      hints: [],
    });

    const working = (await stamp('/in')).json<{ status: string; since: string }>();
    expect(working).toMatchObject({ status: 'working', since: '2026-03-02T07:00:00.000Z' });
    clock.advance(4 * 3600_000);
    expect((await stamp('/break/start')).json()).toMatchObject({
      status: 'break',
      since: '2026-03-02T11:00:00.000Z',
    });
    clock.advance(30 * 60_000);
    expect((await stamp('/break/end')).json()).toMatchObject({
      status: 'working',
      since: '2026-03-02T11:30:00.000Z',
    });
    clock.advance(4 * 3600_000);
    expect((await stamp('/out')).json()).toMatchObject({
      status: 'off',
      today: { workedMinutes: 480, breakMinutes: 30 },
      hints: [],
    });

    const entries = await entriesOf(user.id);
    expect(
      entries.map((e) => [e.started_at.toISOString(), e.ended_at?.toISOString(), e.end_reason]),
    ).toEqual([
      ['2026-03-02T07:00:00.000Z', '2026-03-02T11:00:00.000Z', 'break'],
      ['2026-03-02T11:30:00.000Z', '2026-03-02T15:30:00.000Z', 'clock_out'],
    ]);
    expect(entries.every((e) => e.source === 'clock')).toBe(true);
    clock.advance(15 * 3600_000);
  });

  it('explains stamps that do not fit the state', async () => {
    const { stamp } = await person();
    const codeOf = async (path: string) =>
      (await stamp(path)).json<{ error: { code: string } }>().error.code;
    expect(await codeOf('/out')).toBe('NOT_CLOCKED_IN');
    expect(await codeOf('/break/start')).toBe('NOT_CLOCKED_IN');
    expect(await codeOf('/break/end')).toBe('NOT_ON_BREAK');
    await stamp('/in');
    clock.advance(60_000);
    const again = await stamp('/in');
    expect(again.statusCode).toBe(409);
    const body = again.json<{ error: { code: string; details: { runningSince: string } } }>();
    expect(body.error.code).toBe('ALREADY_CLOCKED_IN');
    expect(new Date(body.error.details.runningSince).getTime()).toBeLessThan(clock().getTime());
    await stamp('/break/start');
    clock.advance(20 * 60_000);
    // Kommen during a break (a second device still showing it) ends the break.
    expect((await stamp('/in')).json()).toMatchObject({ status: 'working' });
    await stamp('/break/start');
    clock.advance(60_000);
    // Gehen during a break ends the day at the start of the break.
    expect((await stamp('/out')).json()).toMatchObject({ status: 'off' });
    clock.advance(60_000);
  });

  it('leaves exactly one running entry when 20 clock-ins race (SECURITY.md 23)', async () => {
    const { user, stamp } = await person();
    const results = await Promise.all(Array.from({ length: 20 }, () => stamp('/in')));
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    for (const r of results.filter((r) => r.statusCode === 409)) {
      expect(r.json<{ error: { code: string } }>().error.code).toBe('ALREADY_CLOCKED_IN');
    }
    expect((await entriesOf(user.id)).filter((e) => e.ended_at === null)).toHaveLength(1);
    clock.advance(60_000);
    await stamp('/out');
  });

  it('lets only one of many parallel Gehen end the entry', async () => {
    const { user, stamp } = await person();
    await stamp('/in');
    clock.advance(3600_000);
    const results = await Promise.all(Array.from({ length: 10 }, () => stamp('/out')));
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    const entries = await entriesOf(user.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.end_reason).toBe('clock_out');
  });

  it('shows today so far and when the break is due and the 10 hours are up', async () => {
    const { stamp } = await person();
    // Monday 9 March 2026, 08:00 in Berlin (UTC+1).
    clock.set(new Date('2026-03-09T07:00:00Z'));
    await stamp('/in');
    clock.advance(2 * 3600_000);
    type View = {
      today: { workedMinutes: number };
      hints: { code: string; at: string; minutesLeft: number; message: { de: string } }[];
    };
    const view = (await stamp('')).json<View>();
    expect(view.today.workedMinutes).toBe(120);
    expect(view.hints.map((h) => [h.code, h.at, h.minutesLeft, h.message.de])).toEqual([
      ['BREAK_DUE', '2026-03-09T13:00:00.000Z', 240, 'Pause fällig in 4:00 h (mind. 30 min)'],
      ['DAILY_LIMIT', '2026-03-09T17:00:00.000Z', 480, '10-h-Grenze um 18:00'],
    ]);
    // A 30-minute break moves the 10-hour limit by 30 minutes; the next break is due after 9 h.
    await stamp('/break/start');
    clock.advance(30 * 60_000);
    expect((await stamp('')).json<View>().hints).toEqual([]);
    const after = (await stamp('/break/end')).json<View>();
    expect(after.hints.find((h) => h.code === 'DAILY_LIMIT')?.message.de).toBe(
      '10-h-Grenze um 18:30',
    );
    // The 6-hour stretch after the break comes before 9 h of work.
    expect(after.hints.find((h) => h.code === 'BREAK_DUE')?.at).toBe('2026-03-09T15:30:00.000Z');
    clock.advance(60_000);
    await stamp('/out');
  });

  it('refuses stamps in an approved (locked) month', async () => {
    const { user, tenant, stamp } = await person();
    await database.db
      .insertInto('month_locks')
      .values({
        tenant_id: tenant.id,
        user_id: user.id,
        month: `${clock().toISOString().slice(0, 7)}-01`,
        status: 'approved',
      })
      .execute();
    expect((await stamp('/in')).json<{ error: { code: string } }>().error.code).toBe(
      'MONTH_LOCKED',
    );
  });
  it('takes the month from the company calendar, not UTC', async () => {
    const { user, tenant, stamp } = await person();
    // 1 April 2026, 00:30 in Berlin is still 31 March in UTC; April is locked, March is not.
    clock.set(new Date('2026-03-31T22:30:00Z'));
    await database.db
      .insertInto('month_locks')
      .values({ tenant_id: tenant.id, user_id: user.id, month: '2026-04-01', status: 'approved' })
      .execute();
    expect((await stamp('/in')).json<{ error: { code: string } }>().error.code).toBe(
      'MONTH_LOCKED',
    );
  });
});

describe('time entry integrity in the database (SECURITY.md 23)', () => {
  it('refuses overlapping entries and a second running entry, whatever the code does', async () => {
    const { user, tenant } = await person();
    const insert = (start: string, end: string | null) =>
      database.db
        .insertInto('time_entries')
        .values({
          tenant_id: tenant.id,
          user_id: user.id,
          started_at: new Date(start),
          ended_at: end ? new Date(end) : null,
          source: 'manual',
          created_by: user.id,
        })
        .execute();
    await insert('2026-02-02T08:00:00Z', '2026-02-02T12:00:00Z');
    await expect(insert('2026-02-02T11:59:00Z', '2026-02-02T13:00:00Z')).rejects.toMatchObject({
      code: '23P01',
    });
    await insert('2026-02-02T12:00:00Z', '2026-02-02T13:00:00Z'); // touching is fine
    await insert('2026-02-03T08:00:00Z', null);
    await expect(insert('2026-02-04T08:00:00Z', null)).rejects.toMatchObject({ code: '23505' });
    await expect(insert('2026-02-05T10:00:00Z', '2026-02-05T09:00:00Z')).rejects.toMatchObject({
      code: '23514',
    });
    // A deleted entry no longer blocks its time slot.
    await sql`UPDATE time_entries SET deleted_at = now(), deleted_by = ${user.id}, delete_reason = 'doppelt'
              WHERE user_id = ${user.id} AND started_at = '2026-02-02T12:00:00Z'`.execute(
      database.db,
    );
    await insert('2026-02-02T12:30:00Z', '2026-02-02T12:45:00Z');
  });
});

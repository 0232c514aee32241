import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestDatabase } from '../../../test/helpers.js';
import { buildTestApp, createTestDatabase, manualClock } from '../../../test/helpers.js';
import type { Company } from '../../../test/world.js';
import { createCompany, tokenFor } from '../../../test/world.js';
import { PeriodSchema, TimesheetSchema } from './routes.js';
import { SheetCache } from './sheet-cache.js';

let database: TestDatabase;
let t: TestApp;
let a: Company;
// Wednesday 6 May 2026, 10:00 in Berlin.
const clock = manualClock(new Date('2026-05-06T08:00:00Z'));
const local = (day: string, time: string) => new Date(`${day}T${time}:00+02:00`);

beforeAll(async () => {
  database = await createTestDatabase();
  t = await buildTestApp({ database, clock, redis: false });
  a = await createCompany(database.db, 'Alpha');
  await database.db
    .updateTable('users')
    .set({ start_date: '2026-04-01' })
    .where('id', '=', a.employee.id)
    .execute();
});
afterAll(async () => {
  await t.close();
  await database.drop();
});

interface Sheet {
  days: { day: string; workedMinutes: number; targetMinutes: number; closureName: string | null }[];
  balance: { after: number };
}

async function april(): Promise<Sheet> {
  const res = await t.app.inject({
    method: 'GET',
    url: '/api/v1/time/month?month=2026-04',
    headers: { authorization: `Bearer ${await tokenFor(t.app, a.employee)}` },
  });
  expect(res.statusCode).toBe(200);
  return res.json<Sheet>();
}
const day = (sheet: Sheet, d: string) => sheet.days.find((x) => x.day === d)!;

describe('remembered timesheets (sheet-cache.ts)', () => {
  it('see every committed change, also those made past the app (triggers raise the versions)', async () => {
    const db = database.db;
    expect(day(await april(), '2026-04-14').workedMinutes).toBe(0);

    await db
      .insertInto('time_entries')
      .values({
        tenant_id: a.tenant.id,
        user_id: a.employee.id,
        started_at: local('2026-04-14', '08:00'),
        ended_at: local('2026-04-14', '12:00'),
        end_reason: 'clock_out',
        source: 'manual',
        created_by: a.admin.id,
      })
      .execute();
    expect(day(await april(), '2026-04-14').workedMinutes).toBe(240);

    await sql`UPDATE time_entries SET ended_at = ${local('2026-04-14', '13:00')}
              WHERE user_id = ${a.employee.id} AND started_at = ${local('2026-04-14', '08:00')}`.execute(
      db,
    );
    expect(day(await april(), '2026-04-14').workedMinutes).toBe(300);

    // The company's default schedule (user_id NULL) concerns everyone.
    await db
      .insertInto('work_schedules')
      .values({
        tenant_id: a.tenant.id,
        user_id: null,
        valid_from: '2026-01-01',
        minutes: [480, 480, 480, 480, 480, 0, 0],
      })
      .execute();
    expect(day(await april(), '2026-04-14').targetMinutes).toBe(480);

    await db
      .insertInto('closure_days')
      .values({ tenant_id: a.tenant.id, day: '2026-04-15', name: 'Inventur' })
      .execute();
    expect(day(await april(), '2026-04-15')).toMatchObject({
      targetMinutes: 0,
      closureName: 'Inventur',
    });

    const before = (await april()).balance.after;
    await db
      .updateTable('users')
      .set({ opening_balance_minutes: 90 })
      .where('id', '=', a.employee.id)
      .execute();
    expect((await april()).balance.after).toBe(before + 90);

    await sql`DELETE FROM closure_days WHERE tenant_id = ${a.tenant.id}`.execute(db);
    expect(day(await april(), '2026-04-15').targetMinutes).toBe(480);
  });

  it('keep a sheet with a running entry only for the minute it was computed in', async () => {
    const token = await tokenFor(t.app, a.outsider);
    const headers = { authorization: `Bearer ${token}` };
    const today = async () =>
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/time/days?from=2026-05-06&to=2026-05-06',
          headers,
        })
      ).json<Sheet>().days[0]!.workedMinutes;
    await t.app.inject({ method: 'POST', url: '/api/v1/clock/in', headers });
    clock.advance(30_000);
    expect(await today()).toBe(0);
    clock.advance(5 * 60_000);
    expect(await today()).toBe(5);
  });

  it('are sent exactly as their response schemas describe them (the JSON skips the serializer)', async () => {
    const headers = { authorization: `Bearer ${await tokenFor(t.app, a.employee)}` };
    for (const [url, schema] of [
      ['/api/v1/time/month?month=2026-04&includeDeleted=true', TimesheetSchema],
      ['/api/v1/time/days?from=2026-05-04&to=2026-05-10', PeriodSchema],
    ] as const) {
      const res = await t.app.inject({ method: 'GET', url, headers });
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      const body: unknown = res.json();
      // Parsing strips unknown keys and fails on wrong types: equal means exactly the schema.
      expect(schema.parse(body)).toEqual(body);
    }
  });

  it('compute once per key, version and minute', async () => {
    const cache = new SheetCache(2);
    let computed = 0;
    const compute = (live: boolean) => () => {
      computed += 1;
      return Promise.resolve({ value: computed, live });
    };
    const at = new Date('2026-05-06T08:00:10Z');
    const get = async (key: string, version: string, now: Date, live: boolean) =>
      (await cache.get(key, version, now, compute(live))).value;
    expect(await get('k', '1.1', at, false)).toBe(1);
    expect(await get('k', '1.1', new Date('2026-06-01T00:00:00Z'), false)).toBe(1);
    expect(await get('k', '2.1', at, false)).toBe(2);
    expect(await get('live', '1.1', at, true)).toBe(3);
    expect(await get('live', '1.1', new Date('2026-05-06T08:00:50Z'), true)).toBe(3);
    expect(await get('live', '1.1', new Date('2026-05-06T08:01:00Z'), true)).toBe(4);
    // Capacity 2: the least recently used ('k' at 1.1) has gone.
    expect(await get('k', '1.1', at, false)).toBe(5);
    expect((await cache.get('k', '1.1', at, compute(false))).json().toString()).toBe('5');
  });

  it('send the JSON in ASCII, the same document', async () => {
    const value = { name: 'Jürgen Weiß', message: '9:15 h Arbeitszeit – mehr als 8 Stunden' };
    const json = (
      await new SheetCache().get('k', '1.1', new Date(), () =>
        Promise.resolve({ value, live: false }),
      )
    ).json();
    expect([...json].every((byte) => byte < 0x80)).toBe(true);
    expect(JSON.parse(json.toString('utf8'))).toEqual(value);
  });

  it('read the versions of the people asking together in one query, each their own', async () => {
    const cache = new SheetCache();
    const db = database.db;
    const [employee, manager] = await Promise.all([
      cache.versionOf(db, a.tenant.id, a.employee.id),
      cache.versionOf(db, a.tenant.id, a.manager.id),
    ]);
    const stored = new Map(
      (
        await db
          .selectFrom('time_data_versions')
          .select(['user_id', 'version'])
          .where('tenant_id', '=', a.tenant.id)
          .execute()
      ).map((r) => [r.user_id, r.version]),
    );
    const company = stored.get('00000000-0000-0000-0000-000000000000') ?? '0';
    expect(employee).toBe(`${stored.get(a.employee.id) ?? '0'}.${company}`);
    expect(manager).toBe(`${stored.get(a.manager.id) ?? '0'}.${company}`);
    expect(await cache.versionsOf(db, a.tenant.id, [a.employee.id, a.manager.id])).toEqual(
      new Map([
        [a.employee.id, employee],
        [a.manager.id, manager],
      ]),
    );
  });

  it('raise one person’s version per statement, and only theirs', async () => {
    const versions = async () =>
      Object.fromEntries(
        (
          await database.db
            .selectFrom('time_data_versions')
            .select(['user_id', 'version'])
            .where('tenant_id', '=', a.tenant.id)
            .execute()
        ).map((r) => [r.user_id, Number(r.version)]),
      );
    const before = await versions();
    await database.db
      .insertInto('balance_adjustments')
      .values([
        {
          tenant_id: a.tenant.id,
          user_id: a.manager.id,
          day: '2026-04-01',
          minutes: 10,
          reason: 'x',
          created_by: a.admin.id,
        },
        {
          tenant_id: a.tenant.id,
          user_id: a.manager.id,
          day: '2026-04-02',
          minutes: 10,
          reason: 'y',
          created_by: a.admin.id,
        },
      ])
      .execute();
    const after = await versions();
    expect(after[a.manager.id]).toBe((before[a.manager.id] ?? 0) + 1);
    expect(after[a.employee.id]).toBe(before[a.employee.id]);
  });
});

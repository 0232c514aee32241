import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestDatabase } from '../../../test/helpers.js';
import { buildTestApp, createTestDatabase, manualClock } from '../../../test/helpers.js';
import type { Company } from '../../../test/world.js';
import { callAs, createCompany } from '../../../test/world.js';

let database: TestDatabase;
let t: TestApp;
let a: Company;
let b: Company;
const clock = manualClock(new Date('2026-11-02T10:00:00Z'));

beforeAll(async () => {
  database = await createTestDatabase();
  t = await buildTestApp({ database, clock, redis: false });
  a = await createCompany(database.db, 'Alpha');
  b = await createCompany(database.db, 'Beta');
  await database.db
    .insertInto('work_schedules')
    .values({
      tenant_id: a.tenant.id,
      user_id: null,
      valid_from: '2026-01-01',
      minutes: [480, 480, 480, 480, 480, 0, 0],
    })
    .execute();
});
afterAll(async () => {
  await t.close();
  await database.drop();
});

const call = (
  as: Company['admin'],
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  body?: object,
) => callAs(t.app, as, method, url, body);

describe('closure days (Betriebsruhe)', () => {
  it('are set by admins, shown to everyone, and change the target of every month view', async () => {
    const set = await call(a.admin, 'POST', '/closure-days', {
      day: '2026-12-28',
      name: 'Betriebsruhe',
    });
    expect(set.statusCode).toBe(201);
    expect(set.json()).toEqual({ day: '2026-12-28', name: 'Betriebsruhe', half: false });
    const half = await call(a.admin, 'POST', '/closure-days', {
      day: '2026-12-24',
      name: 'Heiligabend',
      half: true,
    });
    expect(half.statusCode).toBe(201);
    // Setting the same day again changes it.
    const again = await call(a.admin, 'POST', '/closure-days', {
      day: '2026-12-28',
      name: 'Inventur',
    });
    expect(again.statusCode).toBe(200);

    const list = await call(a.employee, 'GET', '/closure-days?from=2026-12-01&to=2026-12-31');
    expect(list.json()).toEqual([
      { day: '2026-12-24', name: 'Heiligabend', half: true },
      { day: '2026-12-28', name: 'Inventur', half: false },
    ]);
    const sheet = (await call(a.employee, 'GET', '/time/month?month=2026-12')).json<{
      days: { day: string; targetMinutes: number; reason: string; closureName: string | null }[];
    }>();
    const day = (d: string) => sheet.days.find((x) => x.day === d);
    expect(day('2026-12-28')).toMatchObject({ targetMinutes: 0, closureName: 'Inventur' });
    expect(day('2026-12-24')).toMatchObject({ targetMinutes: 240, reason: 'half_day' });

    const audit = await database.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('tenant_id', '=', a.tenant.id)
      .where('entity_type', '=', 'closure_day')
      .orderBy('id')
      .execute();
    expect(audit.map((r) => r.action)).toEqual([
      'closure_day.created',
      'closure_day.created',
      'closure_day.changed',
    ]);
  });

  it('are removed by admins only, and only in their own company', async () => {
    expect((await call(a.employee, 'DELETE', '/closure-days/2026-12-28')).statusCode).toBe(403);
    expect(
      (await call(a.manager, 'POST', '/closure-days', { day: '2026-12-29', name: 'X' })).statusCode,
    ).toBe(403);
    // Beta has no closure on the 28th, and Alpha's stays.
    expect((await call(b.admin, 'DELETE', '/closure-days/2026-12-28')).statusCode).toBe(404);
    expect((await call(a.admin, 'DELETE', '/closure-days/2026-12-28')).statusCode).toBe(204);
    expect((await call(a.admin, 'DELETE', '/closure-days/2026-12-28')).statusCode).toBe(404);
    const beta = await call(b.employee, 'GET', '/closure-days?from=2026-01-01&to=2026-12-31');
    expect(beta.json()).toEqual([]);
  });

  it('explain bad input', async () => {
    const res = await call(a.admin, 'POST', '/closure-days', { day: '2026-02-30', name: 'X' });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('VALIDATION_FAILED');
    expect(
      (await call(a.admin, 'POST', '/closure-days', { day: '2026-12-30', name: ' ' })).statusCode,
    ).toBe(400);
  });
});

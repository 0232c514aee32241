import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestDatabase } from '../../../test/helpers.js';
import { buildTestApp, createTestDatabase, manualClock } from '../../../test/helpers.js';
import type { Company } from '../../../test/world.js';
import { callAs, createCompany } from '../../../test/world.js';

let database: TestDatabase;
let t: TestApp;
let a: Company;
// Monday 4 May 2026, 12:00 in Berlin.
const clock = manualClock(new Date('2026-05-04T10:00:00Z'));

beforeAll(async () => {
  database = await createTestDatabase();
  t = await buildTestApp({ database, clock, redis: false });
  a = await createCompany(database.db, 'Alpha');
});
afterAll(async () => {
  await t.close();
  await database.drop();
});

const call = (as: Company['admin'], method: 'GET' | 'PATCH' | 'POST', url: string, body?: object) =>
  callAs(t.app, as, method, url, body);

describe('working-time settings of the company', () => {
  it('sets the edit window, which then decides how far back employees may add entries', async () => {
    const addTenDaysAgo = () =>
      call(a.employee, 'POST', '/time/entries', {
        start: '2026-04-24T08:00:00+02:00',
        end: '2026-04-24T12:00:00+02:00',
        reason: 'Stempeln vergessen',
      });
    const narrow = await call(a.admin, 'PATCH', '/company', {
      editWindowDays: 3,
      runningReminderHours: 10,
    });
    expect(narrow.statusCode).toBe(200);
    expect(narrow.json()).toMatchObject({ editWindowDays: 3, runningReminderHours: 10 });
    expect((await call(a.employee, 'GET', '/company')).json()).toMatchObject({
      editWindowDays: 3,
    });
    const refused = await addTenDaysAgo();
    expect(refused.statusCode).toBe(403);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('EDIT_WINDOW_CLOSED');

    await call(a.admin, 'PATCH', '/company', { editWindowDays: 14 });
    expect((await addTenDaysAgo()).statusCode).toBe(201);

    const audit = await database.db
      .selectFrom('audit_log')
      .select(['before', 'after'])
      .where('tenant_id', '=', a.tenant.id)
      .where('action', '=', 'tenant.settings_changed')
      .orderBy('id')
      .execute();
    expect(audit[0]?.after).toEqual({ editWindowDays: 3, runningReminderHours: 10 });
    expect(audit[1]?.before).toEqual({ editWindowDays: 3 });
  });

  it('refuses values outside the allowed range and changes nothing', async () => {
    for (const body of [
      { editWindowDays: -1 },
      { editWindowDays: 400 },
      { runningReminderHours: 0 },
    ]) {
      const res = await call(a.admin, 'PATCH', '/company', body);
      expect(res.statusCode).toBe(400);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await call(a.admin, 'GET', '/company')).json()).toMatchObject({
      editWindowDays: 14,
      runningReminderHours: 10,
    });
  });
});

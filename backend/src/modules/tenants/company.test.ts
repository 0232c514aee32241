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

describe('absence and vacation settings of the company', () => {
  const settings = {
    vacationDaysPerYear: 28.5,
    vacationOverBalance: 'refuse',
    secondApprovalMinDays: 10,
    carryOverExpiry: { month: 6, day: 30 },
    prorateEntryYear: true,
    vacationNoticeMonth: 9,
    pendingReminderDays: 5,
  };

  it('shows the defaults to every member and lets the admin change them, audited', async () => {
    expect((await call(a.employee, 'GET', '/company')).json()).toMatchObject({
      vacationDaysPerYear: 30,
      vacationOverBalance: 'warn',
      secondApprovalMinDays: null,
      carryOverExpiry: { month: 3, day: 31 },
      prorateEntryYear: false,
      vacationNoticeMonth: 10,
      pendingReminderDays: 3,
    });
    const res = await call(a.admin, 'PATCH', '/company', settings);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject(settings);
    expect((await call(a.manager, 'GET', '/company')).json()).toMatchObject(settings);
    const off = await call(a.admin, 'PATCH', '/company', { secondApprovalMinDays: null });
    expect(off.json()).toMatchObject({ secondApprovalMinDays: null });

    const audit = await database.db
      .selectFrom('audit_log')
      .select(['actor_user_id', 'before', 'after'])
      .where('tenant_id', '=', a.tenant.id)
      .where('action', '=', 'tenant.settings_changed')
      .orderBy('id', 'desc')
      .limit(2)
      .execute();
    expect(audit[1]).toMatchObject({
      actor_user_id: a.admin.id,
      before: { vacationDaysPerYear: 30, carryOverExpiry: { month: 3, day: 31 } },
      after: settings,
    });
    expect(audit[0]).toMatchObject({
      before: { secondApprovalMinDays: 10 },
      after: { secondApprovalMinDays: null },
    });
  });

  it('refuses 29 February, days a month does not have and other bad values; nothing changes', async () => {
    const before = (await call(a.admin, 'GET', '/company')).json<unknown>();
    const cases: [object, string][] = [
      [{ carryOverExpiry: { month: 2, day: 29 } }, 'body.carryOverExpiry.day'],
      [{ carryOverExpiry: { month: 4, day: 31 } }, 'body.carryOverExpiry.day'],
      [{ carryOverExpiry: { month: 13, day: 1 } }, 'body.carryOverExpiry.month'],
      [{ vacationDaysPerYear: -1 }, 'body.vacationDaysPerYear'],
      [{ vacationDaysPerYear: 20.3 }, 'body.vacationDaysPerYear'],
      [{ vacationOverBalance: 'ignore' }, 'body.vacationOverBalance'],
      [{ secondApprovalMinDays: 0 }, 'body.secondApprovalMinDays'],
      [{ vacationNoticeMonth: 0 }, 'body.vacationNoticeMonth'],
      [{ pendingReminderDays: 61 }, 'body.pendingReminderDays'],
    ];
    for (const [body, field] of cases) {
      const res = await call(a.admin, 'PATCH', '/company', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      const error = res.json<{
        error: { code: string; details: { fields: { field: string; message: string }[] } };
      }>().error;
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.details.fields.map((f) => f.field)).toContain(field);
    }
    const feb = await call(a.admin, 'PATCH', '/company', {
      carryOverExpiry: { month: 2, day: 29 },
    });
    expect(JSON.stringify(feb.json())).toContain('29 February does not exist every year');
    expect((await call(a.admin, 'GET', '/company')).json()).toEqual(before);
    // Only the company's admin changes them; the super-admin's company route does not take them.
    expect(
      (await call(a.manager, 'PATCH', '/company', { vacationNoticeMonth: 11 })).statusCode,
    ).toBe(403);
  });
});

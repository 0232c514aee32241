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

beforeAll(async () => {
  database = await createTestDatabase();
  t = await buildTestApp({ database, clock, redis: false });
  a = await createCompany(database.db, 'Alpha');
  b = await createCompany(database.db, 'Beta');
});
afterAll(async () => {
  await t.close();
  await database.drop();
});

async function post(user: Company['admin'], url: string, payload: object) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1${url}`,
    headers: { authorization: `Bearer ${await tokenFor(t.app, user)}` },
    payload,
  });
}

describe('closing a month', () => {
  it('goes submitted → approved by the team manager, then locks the entries', async () => {
    expect(
      (await post(a.employee, '/time/months/submit', { month: '2026-04' })).json(),
    ).toMatchObject({ status: 'submitted' });
    const approved = await post(a.manager, '/time/months/approve', {
      userId: a.employee.id,
      month: '2026-04',
    });
    expect(approved.json()).toMatchObject({
      status: 'approved',
      approvedAt: '2026-05-04T10:00:00.000Z',
    });
    // Twice changes nothing and writes no second audit entry.
    await post(a.manager, '/time/months/approve', { userId: a.employee.id, month: '2026-04' });
    const audits = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', `${a.employee.id}:2026-04`)
      .where('action', '=', 'month.approved')
      .execute();
    expect(audits).toHaveLength(1);
    const locked = await post(a.employee, '/time/entries', {
      start: '2026-04-29T08:00:00+02:00',
      end: '2026-04-29T12:00:00+02:00',
      reason: 'nachgetragen',
    });
    expect(locked.json<{ error: { code: string } }>().error.code).toBe('MONTH_LOCKED');
    // A submit after approval leaves it approved.
    expect(
      (await post(a.employee, '/time/months/submit', { month: '2026-04' })).json(),
    ).toMatchObject({ status: 'approved' });
  });

  it('is never approved by the person themselves, nor outside team or company', async () => {
    expect(
      (await post(a.manager, '/time/months/approve', { userId: a.manager.id, month: '2026-04' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await post(a.manager, '/time/months/approve', { userId: a.outsider.id, month: '2026-04' }))
        .statusCode,
    ).toBe(404);
    expect(
      (await post(a.admin, '/time/months/approve', { userId: b.employee.id, month: '2026-04' }))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await post(a.admin, '/time/adjustments', {
          userId: b.employee.id,
          day: '2026-04-01',
          minutes: 60,
          reason: 'fremd',
        })
      ).statusCode,
    ).toBe(404);
  });

  it('is reopened only by an admin, with a reason', async () => {
    expect(
      (await post(a.admin, '/time/months/reopen', { userId: a.employee.id, month: '2026-04' }))
        .statusCode,
    ).toBe(400);
    const reopened = await post(a.admin, '/time/months/reopen', {
      userId: a.employee.id,
      month: '2026-04',
      reason: 'Fehler in KW 17',
    });
    expect(reopened.json()).toMatchObject({ status: 'open' });
    expect(
      (
        await post(a.admin, '/time/months/reopen', {
          userId: a.employee.id,
          month: '2026-04',
          reason: 'nochmal',
        })
      ).statusCode,
    ).toBe(409);
  });
});

describe('balance adjustments', () => {
  it('need a reason, are audited and move the running balance', async () => {
    await database.db
      .updateTable('users')
      .set({ start_date: '2026-01-01' })
      .where('id', '=', a.employee.id)
      .execute();
    const res = await post(a.admin, '/time/adjustments', {
      userId: a.employee.id,
      day: '2026-04-15',
      minutes: 90,
      reason: 'Überstunden aus Papierliste',
    });
    expect(res.statusCode).toBe(201);
    const sheet = await t.app.inject({
      method: 'GET',
      url: `/api/v1/time/month?month=2026-04&userId=${a.employee.id}`,
      headers: { authorization: `Bearer ${await tokenFor(t.app, a.admin)}` },
    });
    expect(sheet.json<{ totals: { adjustmentMinutes: number } }>().totals.adjustmentMinutes).toBe(
      90,
    );
    expect(
      (
        await post(a.admin, '/time/adjustments', {
          userId: a.employee.id,
          day: '2026-04-15',
          minutes: 0,
          reason: 'nichts',
        })
      ).statusCode,
    ).toBe(400);
    const audit = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'balance.adjusted')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ reason: 'Überstunden aus Papierliste', after: { minutes: 90 } });
  });
});

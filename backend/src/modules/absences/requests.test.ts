/**
 * The absence status machine over the API: every transition, the forbidden ones, races, the
 * refusals that change nothing, audit entries and the mails they queue.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/helpers.js';
import { buildTestApp, manualClock } from '../../../test/helpers.js';
import { createUser } from '../../../test/factories.js';
import type { Company } from '../../../test/world.js';
import { callAs, createCompany } from '../../../test/world.js';
import type { Db } from '../../db/index.js';
import { vacationAccountOf } from './accounts.js';

let t: TestApp;
let app: FastifyInstance;
let db: Db;
let a: Company;
let b: Company;
const clock = manualClock(new Date('2026-03-02T08:00:00Z'));
let sickTypeId: string;
let specialTypeId: string;

async function typeId(c: Company, key: string): Promise<string> {
  const row = await db
    .selectFrom('absence_types')
    .select('id')
    .where('tenant_id', '=', c.tenant.id)
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  t = await buildTestApp({ clock, redis: false });
  app = t.app;
  db = t.database.db;
  a = await createCompany(db, 'Alpha GmbH');
  b = await createCompany(db, 'Beta KG');
  for (const c of [a, b]) {
    // A five-day week for everyone, and employment long before the tested days.
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
  sickTypeId = await typeId(a, 'sick');
  specialTypeId = await typeId(a, 'special_leave');
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  // Sick notes and calendar events hang on absences.
  await db.deleteFrom('files').execute();
  await db.deleteFrom('caldav_events').execute();
  await db.deleteFrom('absences').execute();
  await db.deleteFrom('email_outbox').execute();
  await db
    .updateTable('tenants')
    .set({ second_approval_min_days: null, vacation_over_balance: 'warn' })
    .execute();
});

type Who = {
  id: string;
  tenant_id: string | null;
  role: 'admin' | 'manager' | 'employee' | 'super_admin';
};

const request = (who: Who, body: object) => callAs(app, who, 'POST', '/absences', body);

/** Vacation over Easter 2026 in Bavaria: Wed 1 – Wed 8 April has 4 working days. */
const easter = (c: Company) => ({ typeId: c.absenceType.id, from: '2026-04-01', to: '2026-04-08' });

async function requested(who: Who = a.employee, body: object = easter(a)) {
  const res = await request(who, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ absence: { id: string; status: string; days: number } }>().absence;
}

const snapshot = async () =>
  JSON.stringify(
    await Promise.all([
      db.selectFrom('absences').selectAll().orderBy('id').execute(),
      db.selectFrom('audit_log').select('id').where('entity_type', '=', 'absence').execute(),
      db.selectFrom('email_outbox').select('id').execute(),
    ]),
  );

async function auditOf(id: string) {
  return db
    .selectFrom('audit_log')
    .select(['action', 'actor_user_id', 'before', 'after', 'reason'])
    .where('entity_type', '=', 'absence')
    .where('entity_id', '=', id)
    .orderBy('at')
    .execute();
}

async function mailsOf(id: string) {
  const rows = await db
    .selectFrom('email_outbox')
    .select(['to_email', 'locale', 'data'])
    .where('idempotency_key', 'like', `absence:${id}:%`)
    .execute();
  return rows.map((r) => ({ to: r.to_email, event: (r.data as { event: string }).event }));
}

describe('requesting', () => {
  it('counts working days over the holidays, queues mails to the manager, audits', async () => {
    const absence = await requested();
    expect(absence).toMatchObject({ status: 'requested', days: 4 });
    expect(await mailsOf(absence.id)).toEqual([{ to: a.manager.email, event: 'requested' }]);
    const audit = await auditOf(absence.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'absence.requested', actor_user_id: a.employee.id });
  });

  it('tells the substitute too', async () => {
    const res = await request(a.employee, { ...easter(a), substituteId: a.outsider.id });
    expect(res.statusCode).toBe(201);
    const { id, substitute } = res.json<{
      absence: { id: string; substitute: { id: string; name: string } };
    }>().absence;
    expect(substitute).toEqual({ id: a.outsider.id, name: a.outsider.name });
    expect(await mailsOf(id)).toEqual(
      expect.arrayContaining([
        { to: a.manager.email, event: 'requested' },
        { to: a.outsider.email, event: 'substitute' },
      ]),
    );
  });

  it('offers every active colleague of the company as substitute, name and team only', async () => {
    for (const who of [a.employee, a.manager, a.admin]) {
      const res = await callAs(app, who, 'GET', '/absences/colleagues');
      expect(res.statusCode, res.body).toBe(200);
      const list = res.json<Record<string, unknown>[]>();
      const ids = list.map((c) => c.id);
      // Active people of the company; the invited one is not (yet) anyone's substitute.
      expect(ids).toEqual(
        expect.arrayContaining([a.admin.id, a.manager.id, a.employee.id, a.outsider.id]),
      );
      expect(ids).not.toContain(a.invited.id);
      for (const other of [b.admin.id, b.employee.id]) expect(ids).not.toContain(other);
      expect(list.find((c) => c.id === a.outsider.id)).toEqual({
        id: a.outsider.id,
        name: a.outsider.name,
        teamId: a.otherTeam.id,
        teamName: 'Verwaltung',
      });
    }
  });

  it('refuses invalid requests with stable codes and changes nothing', async () => {
    await requested();
    const before = await snapshot();
    const cases: [object, number, string][] = [
      [{ ...easter(a), to: '2026-03-30' }, 400, 'ABSENCE_ENDS_BEFORE_START'],
      [
        { ...easter(a), to: '2026-04-01', halfDayStart: true, halfDayEnd: true },
        400,
        'ABSENCE_HALF_DAYS_ON_ONE_DAY',
      ],
      [{ ...easter(a), from: '2026-04-03', to: '2026-04-06' }, 400, 'ABSENCE_NO_WORKING_DAYS'],
      [{ ...easter(a), from: '2026-01-01', to: '2027-03-01' }, 400, 'ABSENCE_RANGE_TOO_LONG'],
      [
        { ...easter(a), typeId: specialTypeId, halfDayStart: true },
        400,
        'ABSENCE_HALF_DAYS_NOT_ALLOWED',
      ],
      [{ ...easter(a), to: null }, 400, 'ABSENCE_OPEN_END_NOT_ALLOWED'],
      [{ ...easter(a), from: '2026-04-08', to: '2026-04-10' }, 409, 'ABSENCE_OVERLAP'],
      [
        { ...easter(a), from: '2026-05-04', to: '2026-05-05', substituteId: a.employee.id },
        400,
        'ABSENCE_SUBSTITUTE_INVALID',
      ],
      [
        { ...easter(a), from: '2026-05-04', to: '2026-05-05', substituteId: b.employee.id },
        400,
        'ABSENCE_SUBSTITUTE_INVALID',
      ],
      [{ ...easter(a), typeId: b.absenceType.id }, 404, 'NOT_FOUND'],
    ];
    for (const [body, status, code] of cases) {
      const res = await request(a.employee, body);
      expect(res.statusCode, `${code}: ${res.body}`).toBe(status);
      expect(res.json<{ error: { code: string } }>().error.code).toBe(code);
    }
    const overlap = await request(a.employee, {
      ...easter(a),
      from: '2026-04-08',
      to: '2026-04-10',
    });
    expect(overlap.json<{ error: { message: string } }>().error.message).toContain('2026-04-01');
    expect(await snapshot()).toBe(before);
  });

  it('refuses an inactive type', async () => {
    await db
      .updateTable('absence_types')
      .set({ active: false })
      .where('id', '=', specialTypeId)
      .execute();
    try {
      const res = await request(a.employee, { ...easter(a), typeId: specialTypeId });
      expect(res.json<{ error: { code: string } }>().error.code).toBe('ABSENCE_TYPE_INACTIVE');
    } finally {
      await db
        .updateTable('absence_types')
        .set({ active: true })
        .where('id', '=', specialTypeId)
        .execute();
    }
  });

  it('warns over the balance, or refuses when the company says so', async () => {
    const long = { ...easter(a), from: '2026-06-01', to: '2026-08-31' };
    const warned = await request(a.employee, long);
    expect(warned.statusCode).toBe(201);
    expect(warned.json<{ warnings: { code: string }[] }>().warnings.map((w) => w.code)).toEqual([
      'ABSENCE_OVER_BALANCE',
    ]);
    // Sick notes and calendar events hang on absences.
    await db.deleteFrom('files').execute();
    await db.deleteFrom('caldav_events').execute();
    await db.deleteFrom('absences').execute();
    await db.updateTable('tenants').set({ vacation_over_balance: 'refuse' }).execute();
    const refused = await request(a.employee, long);
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('ABSENCE_OVER_BALANCE');
  });

  it('refuses days of a closed month to non-admins', async () => {
    await db
      .insertInto('month_locks')
      .values({
        tenant_id: a.tenant.id,
        user_id: a.employee.id,
        month: '2026-04-01',
        status: 'approved',
        approved_at: new Date(),
      })
      .execute();
    try {
      const res = await request(a.employee, easter(a));
      expect(res.json<{ error: { code: string } }>().error.code).toBe('ABSENCE_LOCKED_MONTH');
    } finally {
      await db.deleteFrom('month_locks').execute();
    }
  });

  it('records sickness at once, also with an open end, and admins record it for others', async () => {
    const own = await request(a.employee, { typeId: sickTypeId, from: '2026-03-02', to: null });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json<{ absence: { status: string; days: null } }>().absence).toMatchObject({
      status: 'approved',
      days: null,
      to: null,
    });
    const forOther = await request(a.admin, {
      userId: a.outsider.id,
      typeId: sickTypeId,
      from: '2026-03-03',
      to: '2026-03-04',
    });
    expect(forOther.statusCode, forOther.body).toBe(201);
    const recorded = forOther.json<{ absence: { id: string; createdBy: string } }>().absence;
    expect(recorded.createdBy).toBe(a.admin.id);
    // The person hears of it, with a link to their own absences; so does their manager (none:
    // the outsider's team has no manager, so the other admins – here none but the recorder).
    const told = await db
      .selectFrom('email_outbox')
      .select(['to_email', 'data'])
      .where('idempotency_key', 'like', `absence:${recorded.id}:%`)
      .execute();
    expect(told.map((m) => m.to_email)).toEqual([a.outsider.email]);
    expect(told[0]!.data).toMatchObject({
      event: 'recorded',
      url: expect.stringContaining('/absences?absence=') as unknown,
    });
    // Not for others: by managers, nor vacation by admins.
    const byManager = await request(a.manager, {
      userId: a.employee.id,
      typeId: sickTypeId,
      from: '2026-05-04',
      to: '2026-05-04',
    });
    expect(byManager.statusCode).toBe(403);
    const vacationForOther = await request(a.admin, { ...easter(a), userId: a.outsider.id });
    expect(vacationForOther.statusCode).toBe(403);
  });

  it('lets exactly one of 20 parallel overlapping requests through', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        request(a.employee, { ...easter(a), note: `Versuch ${i}` }),
      ),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(19);
    for (const r of results.filter((x) => x.statusCode === 409))
      expect(r.json<{ error: { code: string } }>().error.code).toBe('ABSENCE_OVERLAP');
    const rows = await db.selectFrom('absences').select('id').execute();
    expect(rows).toHaveLength(1);
  });
});

describe('preview', () => {
  it('counts per year and day, shows vacation before/after and absent colleagues, writes nothing', async () => {
    // A colleague of the same team off sick (hidden type) and the manager on vacation.
    await requested(a.manager, { typeId: a.absenceType.id, from: '2026-12-28', to: '2026-12-30' });
    const colleague = await createUser(db, {
      tenantId: a.tenant.id,
      role: 'employee',
      teamId: a.team.id,
    });
    await db
      .updateTable('users')
      .set({ start_date: '2020-01-01' })
      .where('id', '=', colleague.id)
      .execute();
    const sick = await request(colleague, {
      typeId: await typeId(a, 'sick'),
      from: '2026-12-29',
      to: '2026-12-29',
    });
    expect(sick.statusCode).toBe(201);
    const before = await snapshot();
    const res = await callAs(app, a.employee, 'POST', '/absences/preview', {
      typeId: a.absenceType.id,
      from: '2026-12-28',
      to: '2027-01-08',
      halfDayStart: true,
    });
    expect(res.statusCode, res.body).toBe(200);
    const preview = res.json<{
      workingDays: number;
      byYear: {
        year: number;
        days: number;
        vacation: { remainingBefore: number; remainingAfter: number };
      }[];
      days: { day: string; counted: number; holidayName?: string }[];
      problems: unknown[];
      absentColleagues: { userId: string; type: unknown }[];
    }>();
    // 28.12. half, 29.–31.12. (3), 2027: 4.–8.1. minus 6.1. (Heilige Drei Könige in Bavaria) = 4
    expect(preview.byYear.map((y) => [y.year, y.days])).toEqual([
      [2026, 3.5],
      [2027, 4],
    ]);
    expect(preview.workingDays).toBe(7.5);
    expect(preview.byYear[0]!.vacation).toEqual({ remainingBefore: 30, remainingAfter: 26.5 });
    expect(preview.days.find((d) => d.day === '2027-01-01')?.holidayName).toBeTruthy();
    expect(preview.problems).toEqual([]);
    const manager = preview.absentColleagues.find((c) => c.userId === a.manager.id);
    const sickOne = preview.absentColleagues.find((c) => c.userId === colleague.id);
    expect(manager?.type).not.toBeNull();
    expect(sickOne?.type).toBeNull();
    // The manager sees the type of their team member's absence.
    const asManager = await callAs(app, a.manager, 'POST', '/absences/preview', {
      typeId: a.absenceType.id,
      from: '2026-12-29',
      to: '2026-12-29',
    });
    expect(
      asManager
        .json<{ absentColleagues: { userId: string; type: unknown }[] }>()
        .absentColleagues.find((c) => c.userId === colleague.id)?.type,
    ).not.toBeNull();
    expect(await snapshot()).toBe(before);
  });

  it('reports the refusals it would get', async () => {
    const existing = await requested();
    const res = await callAs(app, a.employee, 'POST', '/absences/preview', {
      ...easter(a),
      typeId: specialTypeId,
      halfDayEnd: true,
    });
    const codes = res
      .json<{ problems: { code: string; blocking: boolean }[] }>()
      .problems.map((p) => p.code);
    expect(codes).toEqual(['ABSENCE_HALF_DAYS_NOT_ALLOWED', 'ABSENCE_OVERLAP']);
    // Editing the existing one: it does not overlap itself.
    const editing = await callAs(app, a.employee, 'POST', '/absences/preview', {
      ...easter(a),
      excludeAbsenceId: existing.id,
    });
    expect(editing.json<{ problems: unknown[] }>().problems).toEqual([]);
  });
});

describe('deciding', () => {
  it('manager approves with a comment: audited, the person is told', async () => {
    const { id } = await requested();
    const res = await callAs(app, a.manager, 'POST', `/absences/${id}/approve`, {
      comment: 'Viel Spaß',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'approved',
      decidedBy: a.manager.id,
      decisionComment: 'Viel Spaß',
    });
    const audit = await auditOf(id);
    expect(audit.at(-1)).toMatchObject({ action: 'absence.approved', actor_user_id: a.manager.id });
    expect(audit.at(-1)?.before).toMatchObject({ status: 'requested', from: '2026-04-01' });
    expect(audit.at(-1)?.after).toMatchObject({ status: 'approved', from: '2026-04-01' });
    expect(await mailsOf(id)).toContainEqual({ to: a.employee.email, event: 'approved' });
  });

  it('refuses own decisions, other teams (404), other companies (404), employees (403)', async () => {
    const own = await requested(a.manager, {
      typeId: a.absenceType.id,
      from: '2026-05-04',
      to: '2026-05-05',
    });
    const outsider = await requested(a.outsider, {
      typeId: a.absenceType.id,
      from: '2026-05-04',
      to: '2026-05-05',
    });
    const mine = await requested();
    const before = await snapshot();
    expect(
      (await callAs(app, a.manager, 'POST', `/absences/${own.id}/approve`)).json(),
    ).toMatchObject({
      error: { code: 'ABSENCE_OWN_DECISION' },
    });
    expect(
      (await callAs(app, a.manager, 'POST', `/absences/${outsider.id}/approve`)).statusCode,
    ).toBe(404);
    expect((await callAs(app, b.admin, 'POST', `/absences/${mine.id}/approve`)).statusCode).toBe(
      404,
    );
    expect((await callAs(app, b.admin, 'GET', `/absences/${mine.id}`)).statusCode).toBe(404);
    expect((await callAs(app, a.employee, 'POST', `/absences/${mine.id}/approve`)).statusCode).toBe(
      403,
    );
    expect((await callAs(app, a.outsider, 'GET', `/absences/${mine.id}`)).statusCode).toBe(404);
    expect(
      (await callAs(app, a.manager, 'POST', `/absences/${mine.id}/reject`, {})).statusCode,
    ).toBe(400);
    expect(await snapshot()).toBe(before);
    // An admin decides the manager's own request.
    expect(
      (await callAs(app, a.admin, 'POST', `/absences/${own.id}/approve`)).json(),
    ).toMatchObject({ status: 'approved' });
  });

  it('rejects with a comment; a second decision finds the state changed', async () => {
    const { id } = await requested();
    const res = await callAs(app, a.manager, 'POST', `/absences/${id}/reject`, {
      comment: 'Inventur',
    });
    expect(res.json()).toMatchObject({ status: 'rejected', decisionComment: 'Inventur' });
    const again = await callAs(app, a.admin, 'POST', `/absences/${id}/approve`);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'ABSENCE_STATE_CHANGED' } });
    expect(await mailsOf(id)).toContainEqual({ to: a.employee.email, event: 'rejected' });
  });

  it('two concurrent decisions: exactly one wins', async () => {
    for (let round = 0; round < 3; round++) {
      // Sick notes and calendar events hang on absences.
      await db.deleteFrom('files').execute();
      await db.deleteFrom('caldav_events').execute();
      await db.deleteFrom('absences').execute();
      const { id } = await requested();
      const [approve, reject] = await Promise.all([
        callAs(app, a.manager, 'POST', `/absences/${id}/approve`),
        callAs(app, a.admin, 'POST', `/absences/${id}/reject`, { comment: 'Nein' }),
      ]);
      const statuses = [approve.statusCode, reject.statusCode].sort();
      expect(statuses).toEqual([200, 409]);
      const decided = (await auditOf(id)).filter((e) => e.action !== 'absence.requested');
      expect(decided).toHaveLength(1);
    }
  });

  it('two-stage approval of long requests: manager pre-approves, admin approves', async () => {
    await db.updateTable('tenants').set({ second_approval_min_days: 3 }).execute();
    const { id } = await requested();
    const first = await callAs(app, a.manager, 'POST', `/absences/${id}/approve`);
    expect(first.json()).toMatchObject({ status: 'pre_approved', preApprovedBy: a.manager.id });
    expect(await mailsOf(id)).toEqual(
      expect.arrayContaining([
        { to: a.employee.email, event: 'pre_approved' },
        { to: a.admin.email, event: 'requested' },
      ]),
    );
    const managerAgain = await callAs(app, a.manager, 'POST', `/absences/${id}/approve`);
    expect(managerAgain.json()).toMatchObject({
      error: { code: 'ABSENCE_SECOND_APPROVAL_REQUIRED' },
    });
    const second = await callAs(app, a.admin, 'POST', `/absences/${id}/approve`);
    expect(second.json()).toMatchObject({ status: 'approved', decidedBy: a.admin.id });
    // Short ones need one approval.
    const short = await requested(a.employee, {
      typeId: a.absenceType.id,
      from: '2026-05-04',
      to: '2026-05-05',
    });
    expect(
      (await callAs(app, a.manager, 'POST', `/absences/${short.id}/approve`)).json(),
    ).toMatchObject({ status: 'approved' });
  });
});

describe('the person', () => {
  it('withdraws a pending request, not someone else’s, not a decided one', async () => {
    const { id } = await requested();
    expect((await callAs(app, a.manager, 'POST', `/absences/${id}/withdraw`)).statusCode).toBe(403);
    const res = await callAs(app, a.employee, 'POST', `/absences/${id}/withdraw`);
    expect(res.json()).toMatchObject({ status: 'cancelled', cancelledBy: a.employee.id });
    expect((await callAs(app, a.employee, 'POST', `/absences/${id}/withdraw`)).statusCode).toBe(
      409,
    );
    expect((await auditOf(id)).at(-1)?.action).toBe('absence.withdrawn');
  });

  it('asks to cancel an approved vacation; the approver decides', async () => {
    const { id } = await requested();
    await callAs(app, a.manager, 'POST', `/absences/${id}/approve`);
    expect((await callAs(app, a.employee, 'POST', `/absences/${id}/cancel`)).statusCode).toBe(400);
    const asked = await callAs(app, a.employee, 'POST', `/absences/${id}/cancel`, {
      reason: 'Reise fällt aus',
    });
    expect(asked.json()).toMatchObject({
      status: 'cancel_requested',
      cancelReason: 'Reise fällt aus',
    });
    expect(await mailsOf(id)).toContainEqual({ to: a.manager.email, event: 'cancel_requested' });
    const refused = await callAs(app, a.manager, 'POST', `/absences/${id}/cancel/reject`, {
      comment: 'Zu spät',
    });
    expect(refused.json()).toMatchObject({ status: 'approved' });
    expect(await mailsOf(id)).toContainEqual({ to: a.employee.email, event: 'cancel_refused' });
    await callAs(app, a.employee, 'POST', `/absences/${id}/cancel`, { reason: 'Doch nicht' });
    expect(
      (await callAs(app, a.employee, 'POST', `/absences/${id}/cancel/approve`)).statusCode,
    ).toBe(403);
    const done = await callAs(app, a.manager, 'POST', `/absences/${id}/cancel/approve`);
    expect(done.json()).toMatchObject({ status: 'cancelled', cancelledBy: a.manager.id });
    expect((await auditOf(id)).map((e) => e.action)).toEqual([
      'absence.requested',
      'absence.approved',
      'absence.cancel_requested',
      'absence.cancellation_refused',
      'absence.cancel_requested',
      'absence.cancellation_approved',
    ]);
  });

  it('cancels a recorded sickness at once; an approver cancels an approved vacation', async () => {
    const sick = await requested(a.employee, {
      typeId: sickTypeId,
      from: '2026-03-02',
      to: '2026-03-03',
    });
    expect(
      (await callAs(app, a.employee, 'POST', `/absences/${sick.id}/cancel`)).json(),
    ).toMatchObject({ status: 'cancelled' });
    const vacation = await requested();
    await callAs(app, a.manager, 'POST', `/absences/${vacation.id}/approve`);
    const cancelled = await callAs(app, a.admin, 'POST', `/absences/${vacation.id}/cancel`, {
      reason: 'Betriebsversammlung',
    });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelledBy: a.admin.id });
    expect(await mailsOf(vacation.id)).toContainEqual({ to: a.employee.email, event: 'cancelled' });
  });

  it('edits a pending request; not a decided one', async () => {
    const { id } = await requested();
    const res = await callAs(app, a.employee, 'PATCH', `/absences/${id}`, { to: '2026-04-09' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ absence: { to: '2026-04-09', days: 5 } });
    await callAs(app, a.manager, 'POST', `/absences/${id}/approve`);
    const late = await callAs(app, a.employee, 'PATCH', `/absences/${id}`, { to: '2026-04-10' });
    expect(late.statusCode).toBe(409);
  });

  it('admins set the end of an open sickness, with a reason for others', async () => {
    const sick = await requested(a.employee, { typeId: sickTypeId, from: '2026-03-02', to: null });
    const noReason = await callAs(app, a.admin, 'PATCH', `/absences/${sick.id}`, {
      to: '2026-03-06',
    });
    expect(noReason.statusCode).toBe(400);
    const res = await callAs(app, a.admin, 'PATCH', `/absences/${sick.id}`, {
      to: '2026-03-06',
      reason: 'AU bis Freitag',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      absence: { to: '2026-03-06', days: 5, status: 'approved' },
    });
    expect((await auditOf(sick.id)).at(-1)).toMatchObject({
      action: 'absence.corrected',
      reason: 'AU bis Freitag',
    });
  });

  it('reminds the approvers at most once a day', async () => {
    const { id } = await requested();
    const first = await callAs(app, a.employee, 'POST', `/absences/${id}/remind`);
    expect(first.statusCode, first.body).toBe(200);
    expect(await mailsOf(id)).toContainEqual({ to: a.manager.email, event: 'reminder' });
    const second = await callAs(app, a.employee, 'POST', `/absences/${id}/remind`);
    expect(second.statusCode).toBe(429);
    expect(second.json()).toMatchObject({ error: { code: 'ABSENCE_REMINDED_TODAY' } });
    clock.advance(24 * 3_600_000);
    try {
      expect((await callAs(app, a.employee, 'POST', `/absences/${id}/remind`)).statusCode).toBe(
        200,
      );
    } finally {
      clock.advance(-24 * 3_600_000);
    }
  });
});

describe('lists', () => {
  it('scopes: employee own, manager team, admin all; filters; inbox', async () => {
    const mine = await requested();
    const outsider = await requested(a.outsider, {
      typeId: a.absenceType.id,
      from: '2026-04-01',
      to: '2026-04-02',
    });
    const teamColleague = await requested(a.manager, {
      typeId: a.absenceType.id,
      from: '2026-04-07',
      to: '2026-04-07',
    });
    const ids = async (who: Who, query = '') =>
      (await callAs(app, who, 'GET', `/absences${query}`))
        .json<{ id: string }[]>()
        .map((x) => x.id)
        .sort();
    expect(await ids(a.employee)).toEqual([mine.id]);
    expect(await ids(a.manager)).toEqual([mine.id, teamColleague.id].sort());
    expect(await ids(a.admin)).toEqual([mine.id, outsider.id, teamColleague.id].sort());
    expect(await ids(a.admin, `?userId=${a.outsider.id}`)).toEqual([outsider.id]);
    expect(await ids(a.admin, '?from=2026-04-05&to=2026-04-30')).toEqual(
      [mine.id, teamColleague.id].sort(),
    );
    expect(await ids(a.manager, '?mine=true')).toEqual([teamColleague.id]);
    expect(await ids(a.admin, '?status=approved,rejected')).toEqual([]);
    expect((await callAs(app, a.admin, 'GET', '/absences?status=nonsense')).statusCode).toBe(400);
    expect(await ids(b.admin)).toEqual([]);

    const inbox = await callAs(app, a.manager, 'GET', '/absences/inbox');
    expect(inbox.statusCode, inbox.body).toBe(200);
    const items = inbox.json<
      {
        absence: { id: string };
        kind: string;
        remainingAfter: { year: number; days: number }[];
        othersAbsent: number;
      }[]
    >();
    // The manager's own request is not theirs to decide.
    expect(items.map((i) => i.absence.id)).toEqual([mine.id]);
    expect(items[0]).toMatchObject({
      kind: 'request',
      remainingAfter: [{ year: 2026, days: 26 }],
      othersAbsent: 1,
    });
    expect((await callAs(app, a.employee, 'GET', '/absences/inbox')).statusCode).toBe(403);
    const adminInbox = (await callAs(app, a.admin, 'GET', '/absences/inbox')).json<
      { absence: { id: string } }[]
    >();
    expect(adminInbox.map((i) => i.absence.id).sort()).toEqual(
      [mine.id, outsider.id, teamColleague.id].sort(),
    );
  });
});

describe('the approvals inbox of many requests', () => {
  it('shows each request the vacation left in its years and the others of its team away then', async () => {
    const vacation = (who: Who, from: string, to: string) =>
      requested(who, { typeId: a.absenceType.id, from, to });
    // Over the new year: an account of each year.
    const overNewYear = await vacation(a.employee, '2026-12-28', '2027-01-05');
    const managerWeek = await vacation(a.manager, '2026-04-13', '2026-04-16');
    const employeeMonday = await vacation(a.employee, '2026-04-13', '2026-04-13');
    const employeeWednesday = await vacation(a.employee, '2026-04-15', '2026-04-15');
    // Another team on the same days: not counted for the Produktion team.
    const outsiderWeek = await vacation(a.outsider, '2026-04-13', '2026-04-17');
    const special = await requested(a.employee, {
      typeId: specialTypeId,
      from: '2026-06-01',
      to: '2026-06-01',
    });

    const res = await callAs(app, a.admin, 'GET', '/absences/inbox');
    expect(res.statusCode, res.body).toBe(200);
    const items = new Map(
      res
        .json<
          {
            absence: { id: string };
            remainingAfter: { year: number; days: number }[];
            othersAbsent: number;
          }[]
        >()
        .map((item) => [item.absence.id, item]),
    );
    expect(items.size).toBe(6);
    const left = async (userId: string, year: number) =>
      (await vacationAccountOf(db, a.tenant.id, userId, year, { now: clock() })).account.remaining;
    const employee2026 = await left(a.employee.id, 2026);
    expect(items.get(overNewYear.id)).toMatchObject({
      remainingAfter: [
        { year: 2026, days: employee2026 },
        { year: 2027, days: await left(a.employee.id, 2027) },
      ],
      othersAbsent: 0,
    });
    // The employee's three vacation requests of 2026 are all planned in the same account
    // (28–31 December: four working days).
    expect(items.get(employeeMonday.id)!.remainingAfter).toEqual([
      { year: 2026, days: employee2026 },
    ]);
    expect(employee2026).toBe(30 - 4 - 1 - 1);
    // Two of the employee's requests overlap the manager's week: one person away, not two.
    expect(items.get(managerWeek.id)!.othersAbsent).toBe(1);
    expect(items.get(employeeMonday.id)!.othersAbsent).toBe(1);
    expect(items.get(employeeWednesday.id)!.othersAbsent).toBe(1);
    expect(items.get(outsiderWeek.id)).toMatchObject({
      remainingAfter: [{ year: 2026, days: await left(a.outsider.id, 2026) }],
      othersAbsent: 0,
    });
    // A type that takes no vacation has no account figures.
    expect(items.get(special.id)!.remainingAfter).toEqual([]);
  });
});

/**
 * Approved absences where working time is counted: the month view (credit, half days, waived
 * and overtime-paid days, the cached sheet changing at once), bulk balances, live presence, the
 * missing-entry reminders, and the job reminding approvers of pending requests.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/helpers.js';
import { buildTestApp, manualClock } from '../../../test/helpers.js';
import type { Company } from '../../../test/world.js';
import { callAs, createCompany } from '../../../test/world.js';
import type { Db } from '../../db/index.js';
import { tenantBalances } from '../time/balances.js';
import { remindMissingEntries } from '../time/reminders.js';
import { remindPendingAbsences } from './requests-reminders.js';

let t: TestApp;
let app: FastifyInstance;
let db: Db;
let a: Company;
// Monday 2 March 2026, 09:00 in Berlin.
const START = new Date('2026-03-02T08:00:00Z');
const clock = manualClock(START);
const logger = pino({ level: 'silent' });

async function typeId(key: string): Promise<string> {
  const row = await db
    .selectFrom('absence_types')
    .select('id')
    .where('tenant_id', '=', a.tenant.id)
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  t = await buildTestApp({ clock, redis: false });
  app = t.app;
  db = t.database.db;
  a = await createCompany(db, 'Alpha GmbH');
  await db
    .insertInto('work_schedules')
    .values({
      tenant_id: a.tenant.id,
      user_id: null,
      valid_from: '2020-01-01',
      minutes: [480, 480, 480, 480, 480, 0, 0],
    })
    .execute();
  // Employed (and with an account) long before the tested days.
  await sql`UPDATE users SET start_date = '2020-01-01', created_at = '2020-01-01T00:00:00Z'
    WHERE tenant_id = ${a.tenant.id}`.execute(db);
  // The world's sample entry (yesterday in real time) plays no part here.
  await db.deleteFrom('time_entries').execute();
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  clock.set(START);
  // Sick notes and calendar events hang on absences.
  await db.deleteFrom('files').execute();
  await db.deleteFrom('caldav_events').execute();
  await db.deleteFrom('absences').execute();
  await db.deleteFrom('reminders_sent').execute();
  await db.deleteFrom('email_outbox').execute();
});

async function record(key: string, from: string, to: string, half = {}) {
  const res = await callAs(app, a.employee, 'POST', '/absences', {
    typeId: await typeId(key),
    from,
    to,
    ...half,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ absence: { id: string; status: string } }>().absence;
}

interface SheetDay {
  day: string;
  targetMinutes: number;
  creditedMinutes: number;
  reason: string;
  absence: { key: string; half: boolean } | null;
}

async function april(): Promise<Map<string, SheetDay>> {
  const res = await callAs(app, a.employee, 'GET', '/time/month?month=2026-04');
  expect(res.statusCode, res.body).toBe(200);
  return new Map(res.json<{ days: SheetDay[] }>().days.map((d) => [d.day, d]));
}

describe('month view', () => {
  it('credits approved vacation (half days half) and changes the cached sheet at once', async () => {
    const request = await record('vacation', '2026-04-13', '2026-04-14', { halfDayEnd: true });
    const pending = await april();
    // Pending requests do not count.
    expect(pending.get('2026-04-13')).toMatchObject({ creditedMinutes: 0, absence: null });
    const approved = await callAs(app, a.manager, 'POST', `/absences/${request.id}/approve`);
    expect(approved.statusCode).toBe(200);
    const after = await april();
    expect(after.get('2026-04-13')).toMatchObject({
      targetMinutes: 480,
      creditedMinutes: 480,
      reason: 'absence',
      absence: { key: 'vacation', half: false },
    });
    expect(after.get('2026-04-14')).toMatchObject({
      creditedMinutes: 240,
      absence: { key: 'vacation', half: true },
    });
    expect(after.get('2026-04-15')).toMatchObject({ creditedMinutes: 0, absence: null });
    // Cancelled: the credit is gone again.
    await callAs(app, a.admin, 'POST', `/absences/${request.id}/cancel`, { reason: 'Umplanung' });
    expect((await april()).get('2026-04-13')).toMatchObject({ creditedMinutes: 0, absence: null });
  });

  it('waives the target of unpaid leave; a Gleittag leaves it to the balance', async () => {
    const unpaid = await record('unpaid_leave', '2026-04-20', '2026-04-20');
    const gleittag = await record('overtime_off', '2026-04-21', '2026-04-21');
    for (const { id } of [unpaid, gleittag])
      await callAs(app, a.manager, 'POST', `/absences/${id}/approve`);
    const days = await april();
    expect(days.get('2026-04-20')).toMatchObject({
      targetMinutes: 0,
      creditedMinutes: 0,
      absence: { key: 'unpaid_leave' },
    });
    expect(days.get('2026-04-21')).toMatchObject({
      targetMinutes: 480,
      creditedMinutes: 0,
      absence: { key: 'overtime_off' },
    });
  });

  it('bulk balances count the same credits as the month view', async () => {
    const request = await record('vacation', '2026-04-13', '2026-04-14', { halfDayEnd: true });
    await callAs(app, a.manager, 'POST', `/absences/${request.id}/approve`);
    await db
      .insertInto('absences')
      .values({
        tenant_id: a.tenant.id,
        user_id: a.employee.id,
        type_id: await typeId('unpaid_leave'),
        start_day: '2026-04-20',
        end_day: '2026-04-20',
        status: 'approved',
        created_by: a.admin.id,
      })
      .execute();
    const [withAbsences] = await tenantBalances(db, a.tenant.id, {
      upTo: '2026-04-30',
      now: new Date('2026-05-04T08:00:00Z'),
      userIds: [a.employee.id],
    });
    const [outsider] = await tenantBalances(db, a.tenant.id, {
      upTo: '2026-04-30',
      now: new Date('2026-05-04T08:00:00Z'),
      userIds: [a.outsider.id],
    });
    expect(withAbsences!.credited).toBe(480 + 240);
    // One day's target waived by the unpaid leave.
    expect(outsider!.target - withAbsences!.target).toBe(480);
    expect(withAbsences!.balance - outsider!.balance).toBe(480 + 240 + 480);
  });
});

describe('presence and reminders', () => {
  it('shows a person on an approved absence today as absent', async () => {
    const presence = async () =>
      (await callAs(app, a.manager, 'GET', '/presence'))
        .json<{ people: { userId: string; status: string }[] }>()
        .people.find((p) => p.userId === a.employee.id)?.status;
    expect(await presence()).toBe('off');
    await record('sick', '2026-03-02', '2026-03-03');
    expect(await presence()).toBe('absent');
  });

  it('does not remind people absent the whole day of a missing entry', async () => {
    await record('sick', '2026-03-02', '2026-03-02');
    // Tuesday 10:00 in Berlin: Monday is the previous working day.
    const run = await remindMissingEntries({
      db,
      config: app.config,
      logger,
      clock: () => new Date('2026-03-03T09:00:00Z'),
    });
    const reminded = await db
      .selectFrom('reminders_sent')
      .select('user_id')
      .where('kind', '=', 'missing_entry')
      .execute();
    const ids = reminded.map((r) => r.user_id);
    expect(ids).toContain(a.outsider.id);
    expect(ids).not.toContain(a.employee.id);
    expect(run.failed).toBe(0);
  });
});

describe('pending reminder job', () => {
  it('reminds the approvers of requests pending too long, once per request and day', async () => {
    const request = await record('vacation', '2026-05-04', '2026-05-05');
    const deps = { db, config: app.config, logger, clock };
    const reminders = () =>
      db
        .selectFrom('email_outbox')
        .select(['to_email', 'data'])
        .where('idempotency_key', 'like', `absence:${request.id}:reminder:%`)
        .execute();
    // Three days is the default limit: not yet after two.
    clock.advance(2 * 86_400_000);
    expect((await remindPendingAbsences(deps)).sent).toBe(0);
    clock.advance(2 * 86_400_000);
    expect((await remindPendingAbsences(deps)).sent).toBe(1);
    expect((await remindPendingAbsences(deps)).sent).toBe(0);
    expect((await reminders()).map((m) => m.to_email)).toEqual([a.manager.email]);
    const sent = await db
      .selectFrom('reminders_sent')
      .selectAll()
      .where('kind', '=', 'absence_pending')
      .execute();
    expect(sent).toMatchObject([
      { user_id: a.manager.id, subject_key: `${request.id}:2026-03-06` },
    ]);
    // The next day once more; a decided request never again.
    clock.advance(86_400_000);
    expect((await remindPendingAbsences(deps)).sent).toBe(1);
    await callAs(app, a.manager, 'POST', `/absences/${request.id}/approve`);
    clock.advance(86_400_000);
    expect((await remindPendingAbsences(deps)).sent).toBe(0);
    expect(await reminders()).toHaveLength(2);
  });
});

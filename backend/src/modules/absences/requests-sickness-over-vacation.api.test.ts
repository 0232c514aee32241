/**
 * Sickness during vacation (§ 9 BUrlG) over the API: without confirmation a 409 that names what
 * would happen and changes nothing; with `returnVacationDays` the vacation is cancelled,
 * shortened or split in the sickness's transaction, with the vacation account, audit entries,
 * CalDAV jobs and mails to show for it. Open ends, closed months and other overlaps refuse.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/helpers.js';
import { buildTestApp, manualClock } from '../../../test/helpers.js';
import type { Company } from '../../../test/world.js';
import { callAs, createCompany } from '../../../test/world.js';
import type { Db } from '../../db/index.js';
import type { AbsenceStatus } from '../../db/types.js';
import { syncJobKey } from '../caldav/sync-job.js';

let t: TestApp;
let app: FastifyInstance;
let db: Db;
let a: Company;
// Monday 2 March 2026: February's vacation is taken, not planned.
const clock = manualClock(new Date('2026-03-02T08:00:00Z'));
let sickTypeId: string;
let trainingTypeId: string;
let childSickTypeId: string;

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
  await db
    .updateTable('users')
    .set({ start_date: '2020-01-01' })
    .where('tenant_id', '=', a.tenant.id)
    .execute();
  sickTypeId = await typeId('sick');
  trainingTypeId = await typeId('training');
  childSickTypeId = await typeId('child_sick');
  // The company syncs its vacations to a CalDAV calendar: changed vacations get a sync job.
  await db
    .insertInto('caldav_settings')
    .values({
      tenant_id: a.tenant.id,
      url: 'https://cloud.example.com/remote.php/dav/calendars/firma/urlaub/',
      username: 'firma',
      enabled: true,
      synced_type_ids: [a.absenceType.id],
    })
    .execute();
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  await db.deleteFrom('files').execute();
  await db.deleteFrom('caldav_events').execute();
  await db.deleteFrom('absences').execute();
  await db.deleteFrom('email_outbox').execute();
  await db.deleteFrom('month_locks').execute();
  await sql`DELETE FROM graphile_worker._private_jobs`.execute(db);
});

type Who = {
  id: string;
  tenant_id: string | null;
  role: 'admin' | 'manager' | 'employee' | 'super_admin';
};
interface Problem {
  code: string;
  message: string;
  details: Record<string, unknown>;
}

/** An approved vacation of the employee, Mon 9 – Fri 20 February 2026: 10 working days. */
async function vacation(
  from = '2026-02-09',
  to = '2026-02-20',
  status: AbsenceStatus = 'approved',
) {
  return db
    .insertInto('absences')
    .values({
      tenant_id: a.tenant.id,
      user_id: a.employee.id,
      type_id: a.absenceType.id,
      start_day: from,
      end_day: to,
      status,
      note: 'Skiurlaub',
      substitute_id: a.outsider.id,
      created_by: a.employee.id,
      decided_by: a.manager.id,
      decided_at: new Date('2026-01-10T09:00:00Z'),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

const sick = (who: Who, body: object) =>
  callAs(app, who, 'POST', '/absences', {
    typeId: sickTypeId,
    ...(who.id === a.employee.id ? {} : { userId: a.employee.id }),
    ...body,
  });

async function vacations() {
  return db
    .selectFrom('absences')
    .select([
      'id',
      'start_day',
      'end_day',
      'half_day_start',
      'half_day_end',
      'status',
      'note',
      'substitute_id',
      'created_by',
      'decided_by',
      'decided_at',
    ])
    .where('type_id', '=', a.absenceType.id)
    .orderBy('start_day')
    .execute();
}

async function account() {
  const res = await callAs(
    app,
    a.admin,
    'GET',
    `/vacation/account?userId=${a.employee.id}&year=2026`,
  );
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ totals: { taken: number; planned: number; remaining: number } }>().totals;
}

const everything = async () =>
  JSON.stringify(
    await Promise.all([
      db.selectFrom('absences').selectAll().orderBy('id').execute(),
      db.selectFrom('audit_log').select('id').where('entity_type', '=', 'absence').execute(),
      db.selectFrom('email_outbox').select('id').execute(),
      sql`SELECT key FROM graphile_worker._private_jobs ORDER BY key`.execute(db),
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

async function syncJobs(ids: string[]) {
  const { rows } = await sql<{ key: string }>`
    SELECT key FROM graphile_worker._private_jobs WHERE key = ANY (${sql.val(ids.map(syncJobKey))})`.execute(
    db,
  );
  return rows.map((r) => r.key).sort();
}

async function returnMails(sicknessId: string) {
  const rows = await db
    .selectFrom('email_outbox')
    .select(['to_email', 'data'])
    .where('idempotency_key', 'like', `absence:${sicknessId}:vacation_returned:%`)
    .orderBy('to_email')
    .execute();
  return rows.map((r) => ({
    ...(r.data as { event: string; from: string; to: string; days: number; typeName: string }),
    recipient: r.to_email,
  }));
}

describe('without confirmation', () => {
  it('answers ABSENCE_OVERLAPS_VACATION naming the cut and the days, and changes nothing', async () => {
    const v = await vacation();
    const before = await everything();
    const res = await sick(a.employee, { from: '2026-02-11', to: '2026-02-13' });
    expect(res.statusCode, res.body).toBe(409);
    const error = res.json<{ error: Problem }>().error;
    expect(error.code).toBe('ABSENCE_OVERLAPS_VACATION');
    expect(error.details).toEqual({
      daysReturned: 3,
      vacations: [
        {
          id: v.id,
          from: '2026-02-09',
          to: '2026-02-20',
          halfDayStart: false,
          halfDayEnd: false,
          status: 'approved',
          typeName: { de: 'Urlaub', en: 'Vacation' },
          result: 'split',
          parts: [
            { from: '2026-02-09', to: '2026-02-10', halfDayStart: false, halfDayEnd: false },
            { from: '2026-02-14', to: '2026-02-20', halfDayStart: false, halfDayEnd: false },
          ],
          daysReturned: 3,
        },
      ],
    });
    expect(await everything()).toBe(before);
  });

  it('shows the same in the preview, as a blocking problem', async () => {
    await vacation();
    const res = await callAs(app, a.employee, 'POST', '/absences/preview', {
      typeId: sickTypeId,
      from: '2026-02-16',
      to: '2026-02-24',
    });
    expect(res.statusCode, res.body).toBe(200);
    const problems = res.json<{ problems: (Problem & { blocking: boolean })[] }>().problems;
    expect(problems).toMatchObject([
      { code: 'ABSENCE_OVERLAPS_VACATION', blocking: true, details: { daysReturned: 5 } },
    ]);
  });
});

describe('with returnVacationDays', () => {
  it('splits a vacation the sickness lies inside: account, audit, CalDAV, mails', async () => {
    const v = await vacation();
    expect(await account()).toMatchObject({ taken: 10, planned: 0, remaining: 20 });
    const res = await sick(a.employee, {
      from: '2026-02-11',
      to: '2026-02-13',
      returnVacationDays: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    const sickness = res.json<{ absence: { id: string; status: string; days: number } }>().absence;
    expect(sickness).toMatchObject({ status: 'approved', days: 3 });

    const rows = await vacations();
    const copied = {
      status: 'approved',
      note: 'Skiurlaub',
      substitute_id: a.outsider.id,
      created_by: a.employee.id,
      decided_by: a.manager.id,
      decided_at: new Date('2026-01-10T09:00:00Z'),
    };
    expect(rows[0]!.id).toBe(v.id);
    expect(rows.map(({ id: _id, ...row }) => row)).toEqual([
      {
        ...copied,
        start_day: '2026-02-09',
        end_day: '2026-02-10',
        half_day_start: false,
        half_day_end: false,
      },
      {
        ...copied,
        start_day: '2026-02-14',
        end_day: '2026-02-20',
        half_day_start: false,
        half_day_end: false,
      },
    ]);
    const partAfter = rows[1]!.id;
    expect(await account()).toMatchObject({ taken: 7, planned: 0, remaining: 23 });

    const reason = `§ 9 BUrlG: sickness ${sickness.id}`;
    const [shortened] = await auditOf(v.id);
    expect(shortened).toMatchObject({
      action: 'absence.vacation_days_returned',
      actor_user_id: a.employee.id,
      reason,
      before: { from: '2026-02-09', to: '2026-02-20', status: 'approved' },
      after: { from: '2026-02-09', to: '2026-02-10', status: 'approved' },
    });
    expect(await auditOf(partAfter)).toMatchObject([
      {
        action: 'absence.split_for_sickness',
        reason,
        before: null,
        after: { from: '2026-02-14', to: '2026-02-20', status: 'approved' },
      },
    ]);
    expect((await auditOf(sickness.id)).map((e) => e.action)).toEqual(['absence.recorded']);

    // Both vacation rows are synced (the sickness is no synced type here).
    expect(await syncJobs([v.id, partAfter, sickness.id])).toEqual(
      [syncJobKey(v.id), syncJobKey(partAfter)].sort(),
    );
    // The person and their manager hear which days came back.
    const mail = { event: 'vacation_returned', from: '2026-02-11', to: '2026-02-13', days: 3 };
    const mails = await returnMails(sickness.id);
    expect(mails.map((m) => m.recipient)).toEqual([a.employee.email, a.manager.email].sort());
    for (const m of mails) {
      expect(m).toMatchObject(mail);
      expect(m.typeName).toMatch(/Urlaub|Vacation/);
    }
  });

  it('cancels a vacation the sickness covers (recorded by an admin)', async () => {
    const v = await vacation();
    const res = await sick(a.admin, {
      from: '2026-02-06',
      to: '2026-02-23',
      returnVacationDays: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    const sickness = res.json<{ absence: { id: string } }>().absence;
    const [row] = await vacations();
    expect(row).toMatchObject({ id: v.id, status: 'cancelled', start_day: '2026-02-09' });
    const stored = await db
      .selectFrom('absences')
      .select(['cancelled_by', 'cancel_reason'])
      .where('id', '=', v.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({
      cancelled_by: a.admin.id,
      cancel_reason: `§ 9 BUrlG: sickness ${sickness.id}`,
    });
    expect(await account()).toMatchObject({ taken: 0, remaining: 30 });
    expect(await auditOf(v.id)).toMatchObject([
      {
        action: 'absence.cancelled_for_sickness',
        actor_user_id: a.admin.id,
        after: { status: 'cancelled' },
      },
    ]);
    expect(await syncJobs([v.id])).toEqual([syncJobKey(v.id)]);
    expect((await returnMails(sickness.id)).map((m) => [m.recipient, m.days])).toEqual(
      [
        [a.employee.email, 10],
        [a.manager.email, 10],
      ].sort(),
    );
  });

  it.each([
    ['at its start', '2026-02-05', '2026-02-11', ['2026-02-12', '2026-02-20'], 3],
    ['at its end', '2026-02-18', '2026-02-24', ['2026-02-09', '2026-02-17'], 3],
  ])('shortens a vacation the sickness overlaps %s', async (_name, from, to, kept, days) => {
    const v = await vacation();
    const res = await sick(a.admin, { from, to, returnVacationDays: true });
    expect(res.statusCode, res.body).toBe(201);
    expect(await vacations()).toEqual([
      expect.objectContaining({
        id: v.id,
        start_day: kept[0],
        end_day: kept[1],
        status: 'approved',
      }),
    ]);
    expect(await account()).toMatchObject({ taken: 10 - days, remaining: 20 + days });
  });

  it('cuts a pending request too, and it stays pending', async () => {
    const v = await vacation('2026-03-16', '2026-03-20', 'requested');
    const res = await sick(a.admin, {
      from: '2026-03-19',
      to: '2026-03-20',
      returnVacationDays: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(await vacations()).toEqual([
      expect.objectContaining({ id: v.id, end_day: '2026-03-18', status: 'requested' }),
    ]);
    expect(await account()).toMatchObject({ planned: 3 });
  });

  it('an admin correcting a sickness into the vacation gives the days back too', async () => {
    const v = await vacation();
    const created = await sick(a.admin, { from: '2026-02-02', to: '2026-02-06' });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json<{ absence: { id: string } }>().absence;
    const longer = { to: '2026-02-10', reason: 'Folgebescheinigung' };
    const refused = await callAs(app, a.admin, 'PATCH', `/absences/${id}`, longer);
    expect(refused.json<{ error: Problem }>().error).toMatchObject({
      code: 'ABSENCE_OVERLAPS_VACATION',
      details: { daysReturned: 2 },
    });
    const res = await callAs(app, a.admin, 'PATCH', `/absences/${id}`, {
      ...longer,
      returnVacationDays: true,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await vacations()).toEqual([
      expect.objectContaining({ id: v.id, start_day: '2026-02-11', end_day: '2026-02-20' }),
    ]);
    expect(await account()).toMatchObject({ taken: 8 });
    expect((await auditOf(v.id))[0]).toMatchObject({ reason: `§ 9 BUrlG: sickness ${id}` });
  });
});

describe('refusals that change nothing', () => {
  it('an open-ended sickness before a vacation: ABSENCE_OVERLAP with the latest end', async () => {
    await vacation();
    const before = await everything();
    const res = await sick(a.admin, { from: '2026-02-02', to: null });
    expect(res.statusCode).toBe(409);
    const error = res.json<{ error: Problem }>().error;
    expect(error.code).toBe('ABSENCE_OVERLAP');
    expect(error.details).toMatchObject({ openEnd: true, latestEnd: '2026-02-08' });
    expect(error.message).toMatch(/expected end.*2026-02-08/);
    const flagged = await sick(a.admin, { from: '2026-02-02', to: null, returnVacationDays: true });
    expect(flagged.statusCode).toBe(400);
    expect(flagged.json<{ error: Problem }>().error.code).toBe('ABSENCE_RETURN_NEEDS_END');
    expect(await everything()).toBe(before);
  });

  it('a vacation day in a closed month: ABSENCE_LOCKED_MONTH, for admins too', async () => {
    await vacation();
    await db
      .insertInto('month_locks')
      .values({
        tenant_id: a.tenant.id,
        user_id: a.employee.id,
        month: '2026-02-01',
        status: 'approved',
        approved_at: new Date(),
      })
      .execute();
    const before = await everything();
    for (const who of [a.admin, a.employee]) {
      const res = await sick(who, {
        from: '2026-02-11',
        to: '2026-02-13',
        returnVacationDays: true,
      });
      expect(res.statusCode).toBe(409);
      expect(res.json<{ error: Problem }>().error).toMatchObject({
        code: 'ABSENCE_LOCKED_MONTH',
        details: { months: ['2026-02'] },
      });
    }
    expect(await everything()).toBe(before);
  });

  it('another type in the way stays ABSENCE_OVERLAP, even with the flag', async () => {
    await vacation();
    const training = await db
      .insertInto('absences')
      .values({
        tenant_id: a.tenant.id,
        user_id: a.employee.id,
        type_id: trainingTypeId,
        start_day: '2026-02-23',
        end_day: '2026-02-24',
        status: 'approved',
        created_by: a.employee.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const before = await everything();
    const res = await sick(a.admin, {
      from: '2026-02-19',
      to: '2026-02-24',
      returnVacationDays: true,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json<{ error: Problem }>().error).toMatchObject({
      code: 'ABSENCE_OVERLAP',
      details: { absence: { id: training.id } },
    });
    // Another sickness type (Kind krank) gives no vacation back either.
    const child = await callAs(app, a.employee, 'POST', '/absences', {
      typeId: childSickTypeId,
      from: '2026-02-11',
      to: '2026-02-11',
    });
    expect(child.json<{ error: Problem }>().error.code).toBe('ABSENCE_OVERLAP');
    const flagged = await callAs(app, a.employee, 'POST', '/absences', {
      typeId: childSickTypeId,
      from: '2026-02-11',
      to: '2026-02-11',
      returnVacationDays: true,
    });
    expect(flagged.statusCode).toBe(400);
    expect(await everything()).toBe(before);
  });

  it('a half sick day on a vacation day would share the day: a clear refusal', async () => {
    await vacation();
    const before = await everything();
    const res = await sick(a.employee, {
      from: '2026-02-11',
      to: '2026-02-13',
      halfDayStart: true,
      returnVacationDays: true,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json<{ error: Problem }>().error).toMatchObject({
      code: 'ABSENCE_SICKNESS_HALF_DAY_IN_VACATION',
      details: { day: '2026-02-11' },
    });
    expect(await everything()).toBe(before);
  });
});

import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../test/factories.js';
import type { TestDatabase } from '../../test/helpers.js';
import { createTestDatabase, manualClock, testConfig } from '../../test/helpers.js';
import type { Company } from '../../test/world.js';
import { createCompany } from '../../test/world.js';
import type { AbsenceStatus } from '../db/types.js';
import type { JobContext } from './index.js';
import { cronItemsOf } from './index.js';
import {
  makeVacationNoticesJob,
  makeVacationYearEndJob,
  vacationNoticesJob,
  vacationYearEndJob,
} from './vacation.js';

const APP_URL = 'https://zeit.example.com';
const config = testConfig({ FRONTEND_URL: APP_URL, APP_NAME: 'ZeitWerk' });
const logger = pino({ level: 'silent' });
const clock = manualClock(new Date('2026-01-02T08:00:00Z'));
const context: JobContext = {
  attempts: 1,
  maxAttempts: 3,
  jobId: 'test',
  signal: new AbortController().signal,
};

let database: TestDatabase;
const deps = () => ({ db: database.db, config, logger, clock });
const yearEnd = () => makeVacationYearEndJob(deps()).handler({}, context);
const notices = () => makeVacationNoticesJob(deps()).handler({}, context);
/** Noon in Berlin on a day. */
const at = (day: string) => clock.set(new Date(`${day}T11:00:00Z`));

beforeAll(async () => {
  database = await createTestDatabase();
});
// The jobs act on every active company: retire each test's company afterwards.
afterEach(async () => {
  await database.db.updateTable('tenants').set({ status: 'disabled' }).execute();
});
afterAll(() => database.drop());

async function company(name: string) {
  const c = await createCompany(database.db, name);
  await database.db
    .insertInto('work_schedules')
    .values({
      tenant_id: c.tenant.id,
      user_id: null,
      valid_from: '2020-01-01',
      minutes: [480, 480, 480, 480, 480, 0, 0],
    })
    .execute();
  // Only the people a test makes: the cast of createCompany leaves.
  await database.db
    .updateTable('users')
    .set({ status: 'disabled' })
    .where('tenant_id', '=', c.tenant.id)
    .execute();
  const sick = await database.db
    .selectFrom('absence_types')
    .select('id')
    .where('tenant_id', '=', c.tenant.id)
    .where('key', '=', 'sick')
    .executeTakeFirstOrThrow();
  return { ...c, sickType: sick.id };
}

async function person(c: Company, name: string, values: { override?: [number, number] } = {}) {
  const user = await createUser(database.db, { tenantId: c.tenant.id, role: 'employee', name });
  await database.db
    .updateTable('users')
    .set({ start_date: '2020-01-01' })
    .where('id', '=', user.id)
    .execute();
  if (values.override) {
    await database.db
      .insertInto('vacation_entitlements')
      .values({
        tenant_id: c.tenant.id,
        user_id: user.id,
        year: values.override[0],
        days: values.override[1],
        reason: 'Test',
        set_by: c.admin.id,
      })
      .execute();
  }
  return user;
}

async function absence(
  c: Company,
  userId: string,
  typeId: string,
  from: string,
  to: string | null,
  status: AbsenceStatus = 'approved',
) {
  await database.db
    .insertInto('absences')
    .values({
      tenant_id: c.tenant.id,
      user_id: userId,
      type_id: typeId,
      start_day: from,
      end_day: to,
      status,
      created_by: userId,
    })
    .execute();
}

async function carryOvers(tenantId: string) {
  return database.db
    .selectFrom('vacation_carry_overs')
    .select(['user_id', 'to_year', 'from_year', 'days', 'expires_on'])
    .where('tenant_id', '=', tenantId)
    .orderBy('user_id')
    .orderBy('to_year')
    .orderBy('from_year')
    .execute();
}

async function snapshot(tenantId: string) {
  const tables = await Promise.all([
    carryOvers(tenantId),
    database.db
      .selectFrom('vacation_adjustments')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('id')
      .execute(),
    database.db
      .selectFrom('audit_log')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .orderBy('id')
      .execute(),
    database.db
      .selectFrom('vacation_notices')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('id')
      .execute(),
    database.db
      .selectFrom('email_outbox')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .orderBy('id')
      .execute(),
  ]);
  return JSON.stringify(tables);
}

describe('vacation year-end job', () => {
  it('carries the rest over with its expiry, books Vorgriff, and does it once', async () => {
    const c = await company('Jahreswechsel');
    const notified = await person(c, 'Nora Notified');
    const silent = await person(c, 'Sven Silent');
    const overdrawn = await person(c, 'Otto Overdrawn', { override: [2025, 5] });
    const nothing = await person(c, 'Nina Nothing', { override: [2025, 5] });
    // 2025: Nora and Sven take 10 days (20 left); Otto takes 7 of 5 days; Nina exactly 5.
    for (const user of [notified, silent]) {
      await absence(c, user.id, c.absenceType.id, '2025-07-07', '2025-07-18');
    }
    await absence(c, overdrawn.id, c.absenceType.id, '2025-09-01', '2025-09-09');
    await absence(c, nothing.id, c.absenceType.id, '2025-10-06', '2025-10-10');
    // Nora was asked in October to take her days; Sven never was.
    await database.db
      .insertInto('vacation_notices')
      .values({
        tenant_id: c.tenant.id,
        user_id: notified.id,
        year: 2025,
        remaining_days: 20,
        expires_on: '2026-03-31',
        recipient: notified.email,
        subject: 'Bitte nimm deinen Resturlaub',
        body: '…',
      })
      .execute();

    // December: nothing to close yet.
    at('2025-12-31');
    await yearEnd();
    expect(await carryOvers(c.tenant.id)).toEqual([]);

    at('2026-01-02');
    await yearEnd();
    const rows = await carryOvers(c.tenant.id);
    expect(rows).toHaveLength(2);
    expect(rows).toEqual(
      expect.arrayContaining([
        {
          user_id: notified.id,
          to_year: 2026,
          from_year: 2025,
          days: '20.00',
          expires_on: '2026-03-31',
        },
        // Not asked to take them: they do not expire (BAG 9 AZR 541/15).
        { user_id: silent.id, to_year: 2026, from_year: 2025, days: '20.00', expires_on: null },
      ]),
    );
    const vorgriff = await database.db
      .selectFrom('vacation_adjustments')
      .select(['user_id', 'year', 'days', 'created_by', 'reason'])
      .where('tenant_id', '=', c.tenant.id)
      .execute();
    expect(vorgriff).toEqual([
      {
        user_id: overdrawn.id,
        year: 2026,
        days: '-2.00',
        created_by: null,
        reason: expect.stringContaining('2025') as string,
      },
    ]);
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['actor_user_id', 'entity_id', 'after'])
      .where('tenant_id', '=', c.tenant.id)
      .where('action', '=', 'vacation.year_closed')
      .execute();
    expect(audit).toHaveLength(3);
    expect(audit.every((a) => a.actor_user_id === null)).toBe(true);
    expect(audit.find((a) => a.entity_id === overdrawn.id)?.after).toEqual({
      year: 2025,
      carriedOver: [],
      overdrawn: 2,
    });

    // Running again (another tick, another runner) changes nothing.
    const before = await snapshot(c.tenant.id);
    await yearEnd();
    at('2026-02-10');
    await yearEnd();
    expect(await snapshot(c.tenant.id)).toBe(before);

    // In 2026 the carried days count with their expiry: Nora's expire on 31 March.
    const { vacationAccountOf } = await import('../modules/absences/accounts.js');
    const april = new Date('2026-04-01T10:00:00Z');
    const nora = await vacationAccountOf(database.db, c.tenant.id, notified.id, 2026, {
      now: april,
    });
    expect(nora.account).toMatchObject({ carriedOver: 20, expired: 20, remaining: 30 });
    const otto = await vacationAccountOf(database.db, c.tenant.id, overdrawn.id, 2026, {
      now: april,
    });
    expect(otto.account).toMatchObject({ adjustments: -2, remaining: 28 });
  });

  it('keeps the days of the long ill for 15 months, through the next year-end too', async () => {
    const c = await company('Langzeitkrank');
    // Ill from before 2025 without an end yet: 2025's days expire on 31 March 2027, notice or not.
    const ill = await person(c, 'Ida Ill');
    await absence(c, ill.id, c.sickType, '2024-11-04', null);
    // Fell ill in June 2025, sick note until May 2026, and was asked to take the days: 15 months.
    const during = await person(c, 'Dora During');
    await absence(c, during.id, c.sickType, '2025-06-02', '2026-05-29');
    await database.db
      .insertInto('vacation_notices')
      .values({
        tenant_id: c.tenant.id,
        user_id: during.id,
        year: 2025,
        remaining_days: 30,
        expires_on: '2026-03-31',
        recipient: during.email,
        subject: 'x',
        body: 'x',
      })
      .execute();
    // Ill only in February 2025: an ordinary carry-over (not asked → no expiry).
    const short = await person(c, 'Stefan Short');
    await absence(c, short.id, c.sickType, '2025-02-03', '2025-02-14');

    at('2026-01-05');
    await yearEnd();
    expect(await carryOvers(c.tenant.id)).toEqual(
      expect.arrayContaining([
        {
          user_id: ill.id,
          to_year: 2026,
          from_year: 2025,
          days: '30.00',
          expires_on: '2027-03-31',
        },
        {
          user_id: during.id,
          to_year: 2026,
          from_year: 2025,
          days: '30.00',
          expires_on: '2027-03-31',
        },
        { user_id: short.id, to_year: 2026, from_year: 2025, days: '30.00', expires_on: null },
      ]),
    );

    // A year later Ida is still ill: the 2025 block moves on unchanged, 2026 gets its own 15 months.
    at('2027-01-04');
    await yearEnd();
    const ida = (await carryOvers(c.tenant.id)).filter((r) => r.user_id === ill.id);
    expect(ida).toEqual([
      { user_id: ill.id, to_year: 2026, from_year: 2025, days: '30.00', expires_on: '2027-03-31' },
      { user_id: ill.id, to_year: 2027, from_year: 2025, days: '30.00', expires_on: '2027-03-31' },
      { user_id: ill.id, to_year: 2027, from_year: 2026, days: '30.00', expires_on: '2028-03-31' },
    ]);
    const before = await snapshot(c.tenant.id);
    await yearEnd();
    expect(await snapshot(c.tenant.id)).toBe(before);
  });

  it('runs daily in the late evening UTC (just after midnight in Germany)', () => {
    const [item] = cronItemsOf([vacationYearEndJob]);
    expect(item?.match({ min: 30, hour: 23, date: 31, month: 12, dow: 3 })).toBe(true);
    expect(item?.match({ min: 30, hour: 22, date: 31, month: 12, dow: 3 })).toBe(false);
  });
});

describe('vacation notice job', () => {
  it('mails everyone with days left once in the notice month and keeps the notice', async () => {
    const c = await company('Herbst');
    await database.db
      .updateTable('tenants')
      .set({ vacation_notice_month: 10, carry_over_expiry_month: 3, carry_over_expiry_day: 31 })
      .where('id', '=', c.tenant.id)
      .execute();
    const left = await person(c, 'Lena Left');
    await absence(c, left.id, c.absenceType.id, '2026-07-06', '2026-07-17');
    // All 30 days taken or planned: no notice.
    const none = await person(c, 'Paul Planned', { override: [2026, 5] });
    await absence(c, none.id, c.absenceType.id, '2026-11-02', '2026-11-06', 'requested');

    at('2026-09-30');
    await notices();
    const early = await database.db
      .selectFrom('vacation_notices')
      .selectAll()
      .where('tenant_id', '=', c.tenant.id)
      .execute();
    expect(early).toEqual([]);

    at('2026-10-01');
    await notices();
    const rows = await database.db
      .selectFrom('vacation_notices')
      .selectAll()
      .where('tenant_id', '=', c.tenant.id)
      .execute();
    expect(rows).toHaveLength(1);
    const [notice] = rows;
    expect(notice).toMatchObject({
      user_id: left.id,
      year: 2026,
      remaining_days: '20.00',
      expires_on: '2027-03-31',
      recipient: left.email,
    });
    expect(notice!.subject).toContain('Bitte nimm deinen Resturlaub');
    expect(notice!.body).toContain('20 Urlaubstage');
    expect(notice!.body).toContain('31.03.2027');
    expect(notice!.body).toContain(`${APP_URL}/vacation`);
    const outbox = await database.db
      .selectFrom('email_outbox')
      .select(['id', 'to_email', 'template', 'data'])
      .where('id', '=', notice!.email_outbox_id)
      .executeTakeFirstOrThrow();
    expect(outbox).toMatchObject({
      to_email: left.email,
      template: 'vacation_notice',
      data: { year: 2026, remainingDays: 20, expiresOn: '2027-03-31' },
    });

    // Later in the month and again the next day: nothing new.
    const before = await snapshot(c.tenant.id);
    await notices();
    at('2026-10-20');
    await notices();
    expect(await snapshot(c.tenant.id)).toBe(before);

    // The notice makes the year-end carry-over expire on the carry-over day.
    at('2027-01-02');
    await yearEnd();
    expect(await carryOvers(c.tenant.id)).toEqual([
      { user_id: left.id, to_year: 2027, from_year: 2026, days: '20.00', expires_on: '2027-03-31' },
      // Paul's planned November days count as used at the year end: nothing left.
    ]);
  });

  it('runs daily in the morning', () => {
    const [item] = cronItemsOf([vacationNoticesJob]);
    expect(item?.match({ min: 0, hour: 7, date: 1, month: 10, dow: 4 })).toBe(true);
  });
});

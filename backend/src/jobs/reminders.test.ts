import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Runner } from 'graphile-worker';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, createUser } from '../../test/factories.js';
import type { TestDatabase } from '../../test/helpers.js';
import { createTestDatabase, testConfig } from '../../test/helpers.js';
import { firstLink, waitForMail } from '../../test/mail.js';
import type { Role, UserStatus } from '../db/types.js';
import { createFileTransport } from '../integrations/mail/file.js';
import type { MailTemplateName } from '../integrations/mail/templates.js';
import { renderMail } from '../integrations/mail/templates.js';
import { createOutbound } from '../integrations/outbound/http.js';
import { createAddressPolicy } from '../integrations/outbound/policy.js';
import { reminderLocale } from '../modules/time/reminders.js';
import type { JobContext } from './index.js';
import { cronItemsOf, startJobRunner } from './index.js';
import { buildJobs } from './registry.js';
import {
  makeMissingEntryRemindersJob,
  makeRunningEntryRemindersJob,
  missingEntryRemindersJob,
  runningEntryRemindersJob,
} from './reminders.js';

const APP_URL = 'https://zeit.example.com';
const config = testConfig({ FRONTEND_URL: APP_URL, APP_NAME: 'ZeitWerk' });
const logger = pino({ level: 'silent' });
const FULL_TIME = [480, 480, 480, 480, 480, 0, 0];

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
// The jobs act on every active company: retire this test's companies so the next test starts
// from a clean slate.
afterEach(async () => {
  await database.db.updateTable('tenants').set({ status: 'disabled' }).execute();
});
afterAll(() => database.drop());

const context: JobContext = {
  attempts: 1,
  maxAttempts: 3,
  jobId: 'test',
  signal: new AbortController().signal,
};

function deps(now: string) {
  return { db: database.db, config, logger, clock: () => new Date(now) };
}

/** One run of the running-entries job with "now" pinned. */
function runningAt(now: string): Promise<void> {
  return makeRunningEntryRemindersJob(deps(now)).handler({}, context);
}

/** One run of the missing-entries job with "now" pinned. */
function missingAt(now: string): Promise<void> {
  return makeMissingEntryRemindersJob(deps(now)).handler({}, context);
}

async function company(
  values: {
    timeZone?: string;
    runningReminderHours?: number;
    locale?: string;
    schedule?: number[] | null;
  } = {},
) {
  const tenant = await createTenant(database.db);
  const updated = await database.db
    .updateTable('tenants')
    .set({
      time_zone: values.timeZone ?? 'Europe/Berlin',
      running_reminder_hours: values.runningReminderHours ?? 12,
      locale: values.locale ?? 'de',
    })
    .where('id', '=', tenant.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  if (values.schedule !== null) {
    await database.db
      .insertInto('work_schedules')
      .values({
        tenant_id: tenant.id,
        user_id: null,
        valid_from: '2026-01-01',
        minutes: values.schedule ?? FULL_TIME,
      })
      .execute();
  }
  return updated;
}

async function person(
  tenantId: string,
  values: {
    role?: Role;
    status?: UserStatus;
    locale?: 'de' | 'en';
    name?: string;
    startDate?: string | null;
    endDate?: string | null;
    createdAt?: string;
    schedule?: number[];
  } = {},
) {
  const user = await createUser(database.db, {
    tenantId,
    role: values.role ?? 'employee',
    status: values.status ?? 'active',
    ...(values.name === undefined ? {} : { name: values.name }),
  });
  // Accounts in these tests exist since before the days the tests are about. created_at is
  // never written by the app (its update type is `never`), so raw SQL sets it here.
  await sql`UPDATE users SET created_at = ${values.createdAt ?? '2025-12-01T00:00:00Z'}::timestamptz
    WHERE id = ${user.id}`.execute(database.db);
  const updated = await database.db
    .updateTable('users')
    .set({
      locale: values.locale ?? 'de',
      start_date: values.startDate ?? null,
      end_date: values.endDate ?? null,
    })
    .where('id', '=', user.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  if (values.schedule) {
    await database.db
      .insertInto('work_schedules')
      .values({
        tenant_id: tenantId,
        user_id: user.id,
        valid_from: '2026-01-01',
        minutes: values.schedule,
      })
      .execute();
  }
  return updated;
}

async function entry(
  user: { id: string; tenant_id: string | null },
  start: string,
  end: string | null,
  options: { deleted?: boolean } = {},
) {
  return database.db
    .insertInto('time_entries')
    .values({
      tenant_id: user.tenant_id!,
      user_id: user.id,
      started_at: new Date(start),
      ended_at: end === null ? null : new Date(end),
      end_reason: end === null ? null : 'clock_out',
      source: 'clock',
      created_by: user.id,
      ...(options.deleted
        ? { deleted_at: new Date(start), deleted_by: user.id, delete_reason: 'Doppelt erfasst' }
        : {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The mails queued for a person, oldest first. */
function mailsOf(user: { id: string }) {
  return database.db
    .selectFrom('email_outbox')
    .selectAll()
    .where('user_id', '=', user.id)
    .orderBy('created_at')
    .execute();
}

/** Subject, text and the timesheet link of a queued mail, rendered as the send job will. */
function rendered(mail: { template: string; locale: 'de' | 'en'; data: Record<string, unknown> }) {
  const out = renderMail(mail.template as MailTemplateName, mail.locale, mail.data, {
    appName: 'ZeitWerk',
    fromName: 'ZeitWerk',
  });
  return { ...out, link: firstLink(out, '/timesheet') };
}

describe('reminders.running-entries', () => {
  it('mails once after 12 h, not at 11:59, and not again on the next runs', async () => {
    const tenant = await company();
    const ann = await person(tenant.id, { name: 'Ann' });
    const running = await entry(ann, '2026-05-18T07:30:00+02:00', null);

    await runningAt('2026-05-18T19:29:00+02:00');
    expect(await mailsOf(ann)).toHaveLength(0);

    await runningAt('2026-05-18T19:31:00+02:00');
    await runningAt('2026-05-18T19:45:00+02:00');
    await runningAt('2026-05-19T01:00:00+02:00');

    const mails = await mailsOf(ann);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      tenant_id: tenant.id,
      to_email: ann.email,
      template: 'running_entry_reminder',
      locale: 'de',
      idempotency_key: `reminder:running_entry:${running.id}`,
      status: 'pending',
    });
    const mail = rendered(mails[0]!);
    expect(mail.subject).toBe(
      'Deine Zeiterfassung läuft seit 12 Stunden – hast du vergessen zu gehen?',
    );
    expect(mail.text).toMatch(/^Hallo Ann,/);
    expect(mail.text).toContain('18. Mai 2026 um 07:30 MESZ');
    expect(mail.link).toBe(`${APP_URL}/timesheet?day=2026-05-18`);
    expect(
      await database.db
        .selectFrom('reminders_sent')
        .selectAll()
        .where('user_id', '=', ann.id)
        .execute(),
    ).toMatchObject([{ tenant_id: tenant.id, kind: 'running_entry', subject_key: running.id }]);
    // The mail is on its way: its send job was queued with it.
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM graphile_worker.jobs
      WHERE task_identifier = 'send_mail' AND key = ${`mail:${mails[0]!.id}`}`.execute(database.db);
    expect(rows[0]?.n).toBe(1);
  });

  it('two runners at the same moment send one mail', async () => {
    const tenant = await company();
    const ben = await person(tenant.id);
    await entry(ben, '2026-05-18T06:00:00+02:00', null);
    await Promise.all([
      runningAt('2026-05-18T18:30:00+02:00'),
      runningAt('2026-05-18T18:30:00+02:00'),
      runningAt('2026-05-18T18:30:00+02:00'),
    ]);
    expect(await mailsOf(ben)).toHaveLength(1);
  });

  it('follows the company’s limit (8 h)', async () => {
    const tenant = await company({ runningReminderHours: 8 });
    const cem = await person(tenant.id, { locale: 'en' });
    await entry(cem, '2026-05-18T08:00:00+02:00', null);

    await runningAt('2026-05-18T15:59:00+02:00');
    expect(await mailsOf(cem)).toHaveLength(0);
    await runningAt('2026-05-18T16:01:00+02:00');
    const mails = await mailsOf(cem);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.locale).toBe('en');
    expect(rendered(mails[0]!).subject).toBe(
      'Your time recording has been running for 8 hours – did you forget to clock out?',
    );
  });

  it('says how long it really ran when the reminder comes late', async () => {
    const tenant = await company();
    const dora = await person(tenant.id);
    await entry(dora, '2026-05-18T08:00:00+02:00', null);
    await runningAt('2026-05-19T07:10:00+02:00');
    expect(rendered((await mailsOf(dora))[0]!).subject).toContain('seit 23 Stunden');
  });

  it('ignores clocked-out and deleted entries', async () => {
    const tenant = await company();
    const eva = await person(tenant.id);
    await entry(eva, '2026-05-18T06:00:00+02:00', '2026-05-18T07:00:00+02:00');
    await entry(eva, '2026-05-18T07:00:00+02:00', null, { deleted: true });
    await runningAt('2026-05-18T21:00:00+02:00');
    expect(await mailsOf(eva)).toHaveLength(0);
  });

  it('mails nobody of a disabled company, and no disabled person', async () => {
    const closed = await company();
    const inClosed = await person(closed.id);
    await entry(inClosed, '2026-05-18T06:00:00+02:00', null);
    await database.db
      .updateTable('tenants')
      .set({ status: 'disabled' })
      .where('id', '=', closed.id)
      .execute();
    const open = await company();
    const gone = await person(open.id);
    await entry(gone, '2026-05-18T06:00:00+02:00', null);
    await database.db
      .updateTable('users')
      .set({ status: 'disabled' })
      .where('id', '=', gone.id)
      .execute();
    const here = await person(open.id);
    await entry(here, '2026-05-18T06:00:00+02:00', null);

    await runningAt('2026-05-18T21:00:00+02:00');
    expect(await mailsOf(inClosed)).toHaveLength(0);
    expect(await mailsOf(gone)).toHaveLength(0);
    expect(await mailsOf(here)).toHaveLength(1);
  });

  it('counts real hours across the spring DST change (29 March 2026, a 23-h day)', async () => {
    const tenant = await company();
    const finn = await person(tenant.id);
    // Local midnight, still CET (UTC+1); at 02:00 the clocks jump to 03:00 CEST.
    await entry(finn, '2026-03-29T00:00:00+01:00', null);
    // 12:30 on the wall clock is only 11 h 30 min later.
    await runningAt('2026-03-29T12:30:00+02:00');
    expect(await mailsOf(finn)).toHaveLength(0);
    // 13:01 CEST is 12 h 01 min later.
    await runningAt('2026-03-29T13:01:00+02:00');
    const mails = await mailsOf(finn);
    expect(mails).toHaveLength(1);
    const mail = rendered(mails[0]!);
    expect(mail.subject).toContain('seit 12 Stunden');
    expect(mail.link).toBe(`${APP_URL}/timesheet?day=2026-03-29`);
  });

  it('counts real hours across the autumn DST change (25 October 2026, a 25-h day)', async () => {
    const tenant = await company();
    const gina = await person(tenant.id);
    // Local midnight, still CEST (UTC+2); at 03:00 the clocks go back to 02:00 CET.
    await entry(gina, '2026-10-25T00:00:00+02:00', null);
    // 10:59 on the wall clock is already 11 h 59 min later: not yet.
    await runningAt('2026-10-25T10:59:00+01:00');
    expect(await mailsOf(gina)).toHaveLength(0);
    // 11:30 on the wall clock is 12 h 30 min later.
    await runningAt('2026-10-25T11:30:00+01:00');
    const mails = await mailsOf(gina);
    expect(mails).toHaveLength(1);
    expect(rendered(mails[0]!).subject).toContain('seit 12 Stunden');
  });
});

describe('reminders.missing-entries', () => {
  // May 2026: Monday 18, Tuesday 19; Pfingstmontag is Monday 25 (public holiday in all of Germany).
  it('reminds of a missing Monday on Tuesday from 09:00 local, once', async () => {
    const tenant = await company();
    const hana = await person(tenant.id, { name: 'Hana' });
    await entry(hana, '2026-05-15T08:00:00+02:00', '2026-05-15T16:00:00+02:00');

    await missingAt('2026-05-19T08:59:00+02:00');
    expect(await mailsOf(hana)).toHaveLength(0);

    await missingAt('2026-05-19T09:01:00+02:00');
    await missingAt('2026-05-19T10:00:00+02:00');
    await missingAt('2026-05-19T23:00:00+02:00');
    const mails = await mailsOf(hana);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      tenant_id: tenant.id,
      to_email: hana.email,
      template: 'missing_entry_reminder',
      idempotency_key: `reminder:missing_entry:${hana.id}:2026-05-18`,
    });
    const mail = rendered(mails[0]!);
    expect(mail.subject).toBe('Für Montag, 18. Mai 2026 fehlt deine Arbeitszeit');
    expect(mail.text).toMatch(/^Hallo Hana,/);
    expect(mail.link).toBe(`${APP_URL}/timesheet?day=2026-05-18`);
  });

  it('two runners at the same moment send one mail', async () => {
    const tenant = await company();
    const ida = await person(tenant.id);
    await Promise.all([
      missingAt('2026-05-19T09:05:00+02:00'),
      missingAt('2026-05-19T09:05:00+02:00'),
      missingAt('2026-05-19T09:05:00+02:00'),
    ]);
    expect(await mailsOf(ida)).toHaveLength(1);
  });

  it('skips Pfingstmontag: on Tuesday the previous working day is the Friday before', async () => {
    const tenant = await company();
    const workedFriday = await person(tenant.id);
    await entry(workedFriday, '2026-05-22T08:00:00+02:00', '2026-05-22T16:00:00+02:00');
    const missedFriday = await person(tenant.id);

    await missingAt('2026-05-26T09:30:00+02:00');
    expect(await mailsOf(workedFriday)).toHaveLength(0);
    const mails = await mailsOf(missedFriday);
    expect(mails.map((m) => m.idempotency_key)).toEqual([
      `reminder:missing_entry:${missedFriday.id}:2026-05-22`,
    ]);
    // The holiday itself is never a day to remind of.
    const holiday = await database.db
      .selectFrom('reminders_sent')
      .select('user_id')
      .where('subject_key', '=', '2026-05-25')
      .execute();
    expect(holiday).toEqual([]);
  });

  it('after a weekend, the previous working day of Monday is Friday', async () => {
    const tenant = await company();
    const jan = await person(tenant.id);
    const workedFriday = await person(tenant.id);
    await entry(workedFriday, '2026-05-15T08:00:00+02:00', '2026-05-15T12:00:00+02:00');
    await missingAt('2026-05-18T09:30:00+02:00');
    expect((await mailsOf(jan)).map((m) => m.idempotency_key)).toEqual([
      `reminder:missing_entry:${jan.id}:2026-05-15`,
    ]);
    expect(await mailsOf(workedFriday)).toHaveLength(0);
  });

  it('follows a part-timer’s own schedule: with Friday free, Monday looks at Thursday', async () => {
    const tenant = await company();
    const kai = await person(tenant.id, { schedule: [300, 300, 300, 300, 0, 0, 0] });
    // Monday 15 June 2026 (the Thursday before, 11 June, is no holiday; Fronleichnam was 4 June).
    await missingAt('2026-06-15T09:30:00+02:00');
    expect((await mailsOf(kai)).map((m) => m.idempotency_key)).toEqual([
      `reminder:missing_entry:${kai.id}:2026-06-11`,
    ]);
  });

  it('skips a full closure day but not a half one', async () => {
    const tenant = await company();
    await database.db
      .insertInto('closure_days')
      .values([
        { tenant_id: tenant.id, day: '2026-05-18', name: 'Brückentag', half: false },
        { tenant_id: tenant.id, day: '2026-05-15', name: 'Betriebsfeier', half: true },
      ])
      .execute();
    const lea = await person(tenant.id);
    await missingAt('2026-05-19T09:30:00+02:00');
    expect((await mailsOf(lea)).map((m) => m.idempotency_key)).toEqual([
      `reminder:missing_entry:${lea.id}:2026-05-15`,
    ]);
  });

  it('is satisfied by any entry touching the day, also one crossing midnight', async () => {
    const tenant = await company();
    const nightShift = await person(tenant.id);
    // Monday 22:00 to Tuesday 02:00: counts for Monday and for Tuesday.
    await entry(nightShift, '2026-05-18T22:00:00+02:00', '2026-05-19T02:00:00+02:00');
    const stillRunning = await person(tenant.id);
    await entry(stillRunning, '2026-05-18T08:00:00+02:00', null);
    const onlyDeleted = await person(tenant.id);
    await entry(onlyDeleted, '2026-05-18T08:00:00+02:00', '2026-05-18T16:00:00+02:00', {
      deleted: true,
    });
    const nothing = await person(tenant.id);

    await missingAt('2026-05-19T09:30:00+02:00');
    await missingAt('2026-05-20T09:30:00+02:00');

    expect(await mailsOf(nightShift)).toHaveLength(0);
    expect(await mailsOf(stillRunning)).toHaveLength(0);
    expect((await mailsOf(onlyDeleted)).map((m) => m.idempotency_key)).toEqual([
      `reminder:missing_entry:${onlyDeleted.id}:2026-05-18`,
      `reminder:missing_entry:${onlyDeleted.id}:2026-05-19`,
    ]);
    expect(await mailsOf(nothing)).toHaveLength(2);
  });

  it('never reminds of days before the start date or before the account existed', async () => {
    const tenant = await company();
    const startsToday = await person(tenant.id, { startDate: '2026-05-19' });
    const startsTomorrow = await person(tenant.id, { startDate: '2026-05-20' });
    const newAccount = await person(tenant.id, { createdAt: '2026-05-19T06:00:00Z' });
    // Started earlier than the account was created (backdated): the account decides.
    const backdated = await person(tenant.id, {
      startDate: '2026-05-01',
      createdAt: '2026-05-19T06:00:00Z',
    });
    const left = await person(tenant.id, { endDate: '2026-05-15' });
    const started = await person(tenant.id, { startDate: '2026-05-18' });
    // Made on Monday afternoon: Monday morning could not have been recorded with it.
    const madeYesterday = await person(tenant.id, { createdAt: '2026-05-18T14:00:00Z' });

    await missingAt('2026-05-19T09:30:00+02:00');
    for (const quiet of [startsToday, startsTomorrow, newAccount, backdated, left, madeYesterday]) {
      expect(await mailsOf(quiet)).toHaveLength(0);
    }
    expect(await mailsOf(started)).toHaveLength(1);
  });

  it('mails only active people who record time, in active companies', async () => {
    const tenant = await company();
    const disabled = await person(tenant.id, { status: 'disabled' });
    const invited = await person(tenant.id, { status: 'invited' });
    const manager = await person(tenant.id, { role: 'manager' });
    const admin = await person(tenant.id, { role: 'admin', locale: 'en' });
    const closed = await company();
    const inClosed = await person(closed.id);
    await database.db
      .updateTable('tenants')
      .set({ status: 'disabled' })
      .where('id', '=', closed.id)
      .execute();

    await missingAt('2026-05-19T09:30:00+02:00');
    expect(await mailsOf(disabled)).toHaveLength(0);
    expect(await mailsOf(invited)).toHaveLength(0);
    expect(await mailsOf(inClosed)).toHaveLength(0);
    expect(await mailsOf(manager)).toHaveLength(1);
    const [english] = await mailsOf(admin);
    expect(english?.locale).toBe('en');
    expect(rendered(english!).subject).toBe('No working time recorded for Monday, 18 May 2026');
  });

  it('keeps companies apart: their own zone, holidays, closures and schedules', async () => {
    const berlin = await company();
    const newYork = await company({ timeZone: 'America/New_York' });
    // Only the second company closed on Monday, and only it has no schedule at all.
    const noSchedule = await company({ schedule: null });
    await database.db
      .insertInto('closure_days')
      .values({ tenant_id: newYork.id, day: '2026-05-18', name: 'Betriebsruhe', half: false })
      .execute();
    const inBerlin = await person(berlin.id);
    const inNewYork = await person(newYork.id);
    const unscheduled = await person(noSchedule.id);

    // 09:30 in Berlin is 03:30 in New York: not yet there.
    await missingAt('2026-05-19T09:30:00+02:00');
    expect(await mailsOf(inNewYork)).toHaveLength(0);
    // 09:30 in New York: Monday was closed there, so its Friday is due.
    await missingAt('2026-05-19T09:30:00-04:00');

    const [berlinMail] = await mailsOf(inBerlin);
    expect(berlinMail).toMatchObject({
      tenant_id: berlin.id,
      idempotency_key: `reminder:missing_entry:${inBerlin.id}:2026-05-18`,
    });
    const [newYorkMail] = await mailsOf(inNewYork);
    expect(newYorkMail).toMatchObject({
      tenant_id: newYork.id,
      idempotency_key: `reminder:missing_entry:${inNewYork.id}:2026-05-15`,
    });
    expect(await mailsOf(unscheduled)).toHaveLength(0);
    const sent = await database.db
      .selectFrom('reminders_sent as r')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .select(['r.tenant_id', 'u.tenant_id as user_tenant_id'])
      .execute();
    for (const row of sent) expect(row.tenant_id).toBe(row.user_tenant_id);
  });
});

describe('reminder locale', () => {
  it('takes the person’s language, else the company’s, else German', () => {
    expect(reminderLocale('en', 'de')).toBe('en');
    expect(reminderLocale(null, 'en')).toBe('en');
    expect(reminderLocale(null, 'en-GB')).toBe('en');
    expect(reminderLocale('fr', 'fr')).toBe('de');
    expect(reminderLocale(null, null)).toBe('de');
  });
});

describe('reminder jobs on a real runner', () => {
  let mailDir: string;
  let runner: Runner | undefined;

  beforeAll(async () => {
    mailDir = await mkdtemp(path.join(tmpdir(), 'timemaster-reminders-'));
  });
  afterAll(async () => {
    await runner?.stop();
    await rm(mailDir, { recursive: true, force: true });
  });

  it('are scheduled every 15 minutes and hourly (UTC crontab)', () => {
    const items = cronItemsOf([runningEntryRemindersJob, missingEntryRemindersJob]);
    const at = (min: number) => ({ min, hour: 7, date: 19, month: 5, dow: 2 });
    const running = items.find((i) => i.task === 'reminders.running-entries');
    const missing = items.find((i) => i.task === 'reminders.missing-entries');
    expect([0, 15, 30, 45, 7].map((m) => running?.match(at(m)))).toEqual([
      true,
      true,
      true,
      true,
      false,
    ]);
    expect([0, 15, 59].map((m) => missing?.match(at(m)))).toEqual([true, false, false]);
    expect(missing?.options).toMatchObject({
      jobKey: 'cron:reminders.missing-entries',
      maxAttempts: 3,
    });
  });

  it('registers the crontab entries and delivers a reminder through send_mail', async () => {
    const tenant = await company();
    const olga = await person(tenant.id, { name: 'Olga' });
    const started = new Date(Date.now() - 13 * 3_600_000);
    const running = await entry(olga, started.toISOString(), null);
    const jobs = buildJobs({
      db: database.db,
      config: testConfig({ FRONTEND_URL: APP_URL, APP_NAME: 'ZeitWerk' }),
      logger,
      mailTransport: createFileTransport({ dir: mailDir }),
      outbound: createOutbound({ policy: createAddressPolicy([]) }),
    });
    runner = await startJobRunner({
      databaseUrl: database.url,
      jobs,
      logger,
      concurrency: 2,
      pollIntervalMs: 100,
    });

    // The runner records the crontab entries it schedules, shortly after it started.
    const known = async () => {
      const { rows } = await sql<{ identifier: string }>`
        SELECT identifier FROM graphile_worker._private_known_crontabs ORDER BY identifier`.execute(
        database.db,
      );
      return rows.map((r) => r.identifier);
    };
    const until = Date.now() + 10_000;
    // Other features register their periodic jobs too (e.g. reminders.certificates).
    const ours = ['reminders.missing-entries', 'reminders.running-entries'];
    const hasOurs = async () => {
      const names = await known();
      return ours.every((name) => names.includes(name));
    };
    while (!(await hasOurs()) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await known()).toEqual(expect.arrayContaining(ours));

    // The job exactly as a cron tick enqueues it (with graphile-worker's `_cron` payload).
    await sql`SELECT graphile_worker.add_job(
      'reminders.running-entries',
      ${JSON.stringify({ _cron: { ts: new Date().toISOString(), backfilled: false } })}::json,
      job_key => 'cron:reminders.running-entries')`.execute(database.db);

    const mail = await waitForMail(mailDir, (m) => m.to === olga.email, 15_000);
    expect(mail.template).toBe('running_entry_reminder');
    expect(mail.idempotencyKey).toBe(`reminder:running_entry:${running.id}`);
    expect(mail.subject).toBe(
      'Deine Zeiterfassung läuft seit 13 Stunden – hast du vergessen zu gehen?',
    );
    expect(firstLink(mail, '/timesheet')).toMatch(
      /^https:\/\/zeit\.example\.com\/timesheet\?day=\d{4}-\d{2}-\d{2}$/,
    );
  });
});

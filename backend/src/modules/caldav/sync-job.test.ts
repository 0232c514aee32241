/**
 * The `caldav_sync` job against a real Radicale: absences approved, cancelled, corrected and
 * renamed through the API; each change queues the job in its own transaction; the job (run here
 * directly, one pending job at a time as the runner would, and once by a real runner) brings
 * the calendar to what the database says — once, whatever fails in between.
 */
import type { Runner } from 'graphile-worker';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp, TestDatabase } from '../../../test/helpers.js';
import { buildTestApp, createTestDatabase } from '../../../test/helpers.js';
import type { Radicale } from '../../../test/radicale.js';
import {
  SYNC_PASSWORD,
  SYNC_USER,
  radicaleMissing,
  startRadicale,
} from '../../../test/radicale.js';
import type { Company } from '../../../test/world.js';
import { callAs, createCompany } from '../../../test/world.js';
import { startJobRunner } from '../../jobs/index.js';
import { buildJobs } from '../../jobs/registry.js';
import { createFileTransport } from '../../integrations/mail/file.js';
import { resourceName } from '../../integrations/caldav/ical.js';
import type { CaldavSyncPayload } from './sync-job.js';
import { MAX_SYNC_RETRIES, retryDelayMs, runCaldavSync, syncJobKey } from './sync-job.js';
import { absenceUid } from './sync.js';

const auth = `Basic ${Buffer.from(`${SYNC_USER}:${SYNC_PASSWORD}`).toString('base64')}`;

describe('retryDelayMs', () => {
  it('doubles from 10 s up to an hour and never undercuts Retry-After', () => {
    expect([1, 2, 3, 4].map((r) => retryDelayMs(r, undefined))).toEqual([
      10_000, 20_000, 40_000, 80_000,
    ]);
    expect(retryDelayMs(20, undefined)).toBe(3_600_000);
    expect(retryDelayMs(1, 120_000)).toBe(120_000);
    expect(retryDelayMs(1, 1_000)).toBe(10_000);
    // A Retry-After of a week is not believed: a day at most.
    expect(retryDelayMs(1, 7 * 86_400_000)).toBe(86_400_000);
  });
});

describe.skipIf(radicaleMissing)('caldav_sync job', () => {
  let database: TestDatabase;
  let t: TestApp;
  let a: Company;
  let radicale: Radicale;
  let calendar = 0;
  let calendarName = '';

  beforeAll(async () => {
    database = await createTestDatabase();
    t = await buildTestApp({
      database,
      redis: false,
      env: { CALDAV_ALLOWED_CIDRS: '127.0.0.1/32', ALLOWED_HOSTS: 'zeit.example.com' },
    });
    a = await createCompany(database.db, 'Alpha');
    await database.db
      .updateTable('users')
      .set({ name: 'Anna Beispiel' })
      .where('id', '=', a.employee.id)
      .execute();
    await database.db
      .insertInto('work_schedules')
      .values({
        tenant_id: a.tenant.id,
        user_id: a.employee.id,
        valid_from: '2026-01-01',
        minutes: [480, 480, 480, 480, 480, 0, 0],
      })
      .execute();
    radicale = await startRadicale();
  });
  afterAll(async () => {
    await radicale.close();
    await t.close();
    await database.drop();
  });

  async function configure(overrides: object = {}) {
    const res = await callAs(t.app, a.admin, 'PUT', '/caldav/settings', {
      url: radicale.calendarUrl(calendarName),
      username: SYNC_USER,
      password: SYNC_PASSWORD,
      enabled: true,
      titleTemplate: '{name} – {type}',
      privacy: 'type',
      syncedTypeIds: [a.absenceType.id],
      ...overrides,
    });
    expect(res.statusCode, res.body).toBe(200);
  }

  // Each test its own calendar and a clean queue; absences (and events) of earlier tests are
  // out of the way.
  beforeEach(async () => {
    calendar += 1;
    calendarName = `firma${calendar}`;
    await radicale.createCalendar(calendarName);
    await database.db
      .updateTable('absences')
      .set({ status: 'cancelled' })
      .where('tenant_id', '=', a.tenant.id)
      .execute();
    await database.db.deleteFrom('caldav_events').where('tenant_id', '=', a.tenant.id).execute();
    await configure();
    await sql`DELETE FROM graphile_worker._private_jobs`.execute(database.db);
  });

  // The jobs view of graphile-worker 0.17 leaves the payload out: read its tables.
  const jobsOf = async (absenceId: string) =>
    (
      await sql<{ payload: CaldavSyncPayload; run_at: Date; queue_name: string | null }>`
        SELECT j.payload, j.run_at, q.queue_name
        FROM graphile_worker._private_jobs j
        JOIN graphile_worker._private_tasks t ON t.id = j.task_id
        LEFT JOIN graphile_worker._private_job_queues q ON q.id = j.job_queue_id
        WHERE t.identifier = 'caldav_sync' AND j.key = ${syncJobKey(absenceId)}`.execute(
        database.db,
      )
    ).rows;

  /** Takes the absence's pending job off the queue (as a worker would) and runs it. */
  async function runJob(absenceId: string) {
    const [job] = await jobsOf(absenceId);
    if (!job) throw new Error(`no caldav_sync job for ${absenceId}`);
    await sql`SELECT graphile_worker.remove_job(${syncJobKey(absenceId)})`.execute(database.db);
    return runCaldavSync(t.app.deps, job.payload);
  }

  const href = (absenceId: string) =>
    `${radicale.calendarUrl(calendarName)}${resourceName(absenceUid(t.app.deps, absenceId))}`;

  async function remote(absenceId: string): Promise<string | null> {
    const res = await fetch(href(absenceId), { headers: { authorization: auth } });
    return res.status === 200 ? res.text() : null;
  }

  /** Every event resource in the calendar. */
  async function remoteEvents(): Promise<string[]> {
    const res = await fetch(radicale.calendarUrl(calendarName), {
      method: 'PROPFIND',
      headers: { authorization: auth, depth: '1', 'content-type': 'application/xml' },
      body: '<?xml version="1.0"?><propfind xmlns="DAV:"><prop><getetag/></prop></propfind>',
    });
    expect(res.status).toBe(207);
    return [...(await res.text()).matchAll(/<(?:\w+:)?href>([^<]+\.ics)</g)].map((m) => m[1]!);
  }

  const eventRow = (absenceId: string) =>
    database.db
      .selectFrom('caldav_events')
      .selectAll()
      .where('tenant_id', '=', a.tenant.id)
      .where('absence_id', '=', absenceId)
      .executeTakeFirst();

  let week = 0;
  /** The employee asks for Monday to Wednesday of a week of their own in 2027. */
  async function request(): Promise<string> {
    week += 1;
    const monday = new Date(Date.UTC(2027, 0, 4 + 7 * week));
    const day = (n: number) =>
      new Date(monday.getTime() + n * 86_400_000).toISOString().slice(0, 10);
    const res = await callAs(t.app, a.employee, 'POST', '/absences', {
      typeId: a.absenceType.id,
      from: day(0),
      to: day(2),
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ absence: { id: string } }>().absence.id;
  }

  async function approve(absenceId: string) {
    const res = await callAs(t.app, a.manager, 'POST', `/absences/${absenceId}/approve`, {});
    expect(res.statusCode, res.body).toBe(200);
  }

  async function cancel(absenceId: string) {
    const res = await callAs(t.app, a.manager, 'POST', `/absences/${absenceId}/cancel`, {});
    expect(res.statusCode, res.body).toBe(200);
  }

  async function absenceDays(absenceId: string) {
    return database.db
      .selectFrom('absences')
      .select(['start_day', 'end_day'])
      .where('id', '=', absenceId)
      .executeTakeFirstOrThrow();
  }

  it('writes an approved absence as an all-day event and removes it when cancelled', async () => {
    const id = await request();
    expect(await jobsOf(id)).toEqual([]); // a request is not in the calendar
    await approve(id);
    const [job] = await jobsOf(id);
    expect(job?.queue_name).toBe(`caldav:${a.tenant.id}`);
    expect(await runJob(id)).toBe('synced');

    const { start_day, end_day } = await absenceDays(id);
    const text = (await remote(id)) ?? '';
    expect(text).toContain('SUMMARY:Anna Beispiel – Urlaub');
    expect(text).toContain(`DTSTART;VALUE=DATE:${start_day.replaceAll('-', '')}`);
    // DTEND is exclusive: the day after the last day.
    const after = new Date(`${end_day}T00:00:00Z`);
    after.setUTCDate(after.getUTCDate() + 1);
    expect(text).toContain(
      `DTEND;VALUE=DATE:${after.toISOString().slice(0, 10).replaceAll('-', '')}`,
    );
    expect(await eventRow(id)).toMatchObject({ state: 'synced', last_error: null });

    await cancel(id);
    expect(await runJob(id)).toBe('synced');
    expect(await remote(id)).toBeNull();
    expect(await remoteEvents()).toEqual([]);
    expect(await eventRow(id)).toMatchObject({ state: 'synced', href: null });
  });

  it('collapses quick changes into one job that reaches the latest state', async () => {
    const id = await request();
    await approve(id);
    await cancel(id);
    // One pending job for the absence; it reads the state when it runs: nothing to show.
    expect(await jobsOf(id)).toHaveLength(1);
    expect(await runJob(id)).toBe('skipped');
    expect(await remoteEvents()).toEqual([]);
  });

  it('approve → cancel → approve again (a new request) leaves exactly one event', async () => {
    const first = await request();
    await approve(first);
    await runJob(first);
    await cancel(first);
    await runJob(first);
    // Same days again: the person asks anew (a cancelled absence stays cancelled).
    const { start_day, end_day } = await absenceDays(first);
    const res = await callAs(t.app, a.employee, 'POST', '/absences', {
      typeId: a.absenceType.id,
      from: start_day,
      to: end_day,
    });
    expect(res.statusCode, res.body).toBe(201);
    const second = res.json<{ absence: { id: string } }>().absence.id;
    await approve(second);
    await runJob(second);
    // A stale job of the first one, run again late, changes nothing.
    expect(await runCaldavSync(t.app.deps, { tenantId: a.tenant.id, absenceId: first })).toBe(
      'synced',
    );
    const events = await remoteEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toContain(second);
  });

  it('a refused cancellation keeps the event; the person’s cancel request keeps it too', async () => {
    const id = await request();
    await approve(id);
    await runJob(id);
    const asked = await callAs(t.app, a.employee, 'POST', `/absences/${id}/cancel`, {
      reason: 'Plan geändert',
    });
    expect(asked.statusCode, asked.body).toBe(200);
    await runJob(id);
    expect(await remote(id)).toContain('SUMMARY:Anna Beispiel – Urlaub');
    const refused = await callAs(t.app, a.manager, 'POST', `/absences/${id}/cancel/reject`, {
      comment: 'Inventur',
    });
    expect(refused.statusCode, refused.body).toBe(200);
    await runJob(id);
    expect(await remoteEvents()).toHaveLength(1);
  });

  it('retries with backoff while the server is down and succeeds when it is back', async () => {
    const id = await request();
    await approve(id);
    await radicale.stop();
    try {
      const before = Date.now();
      expect(await runJob(id)).toBe('retry_scheduled');
      const [next] = await jobsOf(id);
      expect(next?.payload).toMatchObject({ absenceId: id, retry: 1 });
      expect(next!.run_at.getTime()).toBeGreaterThanOrEqual(before + 9_000);
      const row = await eventRow(id);
      expect(row).toMatchObject({ state: 'pending' });
      expect(row?.last_error).toContain('Keine Verbindung');
      // Still down at the second run: the wait doubles.
      const second = Date.now();
      expect(await runJob(id)).toBe('retry_scheduled');
      const [third] = await jobsOf(id);
      expect(third?.payload.retry).toBe(2);
      expect(third!.run_at.getTime()).toBeGreaterThanOrEqual(second + 19_000);
    } finally {
      await radicale.start();
    }
    expect(await runJob(id)).toBe('synced');
    expect(await remote(id)).toContain('SUMMARY:Anna Beispiel – Urlaub');
    expect(await jobsOf(id)).toEqual([]);
  });

  it('gives up after the last retry and shows the error', async () => {
    const id = await request();
    await approve(id);
    await radicale.stop();
    try {
      expect(
        await runCaldavSync(t.app.deps, {
          tenantId: a.tenant.id,
          absenceId: id,
          retry: MAX_SYNC_RETRIES,
        }),
      ).toBe('error');
    } finally {
      await radicale.start();
    }
    const row = await eventRow(id);
    expect(row?.state).toBe('error');
    expect(row?.last_error).toMatch(/^Aufgegeben nach 16 Versuchen: Keine Verbindung/);
    expect(row?.last_error_en).toMatch(/^Gave up after 16 attempts: /);
  });

  it('a worker killed after the PUT, before recording it: no duplicate, no loss', async () => {
    const id = await request();
    await approve(id);
    await runJob(id);
    // What a crash between the PUT and the bookkeeping leaves behind.
    await database.db
      .updateTable('caldav_events')
      .set({ etag: null, href: null, state: 'pending' })
      .where('absence_id', '=', id)
      .execute();
    // The runner retries the same job (same payload).
    expect(await runCaldavSync(t.app.deps, { tenantId: a.tenant.id, absenceId: id })).toBe(
      'synced',
    );
    expect(await remoteEvents()).toHaveLength(1);
    expect(await eventRow(id)).toMatchObject({ state: 'synced' });
    expect((await eventRow(id))?.etag).toBeTruthy();
    // And a job run twice in a row is as good as once.
    expect(await runCaldavSync(t.app.deps, { tenantId: a.tenant.id, absenceId: id })).toBe(
      'synced',
    );
    expect(await remoteEvents()).toHaveLength(1);
  });

  it('records a refused sign-in as a permanent error and does not retry', async () => {
    const id = await request();
    await configure({ password: 'falsch' });
    await sql`DELETE FROM graphile_worker._private_jobs`.execute(database.db);
    await approve(id);
    expect(await runJob(id)).toBe('error');
    expect(await jobsOf(id)).toEqual([]);
    expect(await eventRow(id)).toMatchObject({
      state: 'error',
      last_error: 'Anmeldung abgelehnt (401): Benutzername oder App-Passwort falsch.',
      last_error_en: 'Sign-in refused (401): user name or app password is wrong.',
    });
    const events = await callAs(t.app, a.admin, 'GET', '/caldav/events?state=error');
    expect(events.json()).toEqual([
      expect.objectContaining({
        absenceId: id,
        userName: 'Anna Beispiel',
        state: 'error',
        inCalendar: false,
        lastError: {
          de: 'Anmeldung abgelehnt (401): Benutzername oder App-Passwort falsch.',
          en: 'Sign-in refused (401): user name or app password is wrong.',
        },
      }),
    ]);
    const settings = await callAs(t.app, a.admin, 'GET', '/caldav/settings');
    expect(settings.json()).toMatchObject({
      lastError: {
        de: 'Anmeldung abgelehnt (401): Benutzername oder App-Passwort falsch.',
        en: 'Sign-in refused (401): user name or app password is wrong.',
      },
      events: { synced: 0, pending: 0, error: 1 },
    });
    // The right password again: every absence is synced again, the error clears.
    await configure();
    expect(await runJob(id)).toBe('synced');
    expect(await eventRow(id)).toMatchObject({ state: 'synced', last_error: null });
  });

  it('queues the job in the approval’s transaction: a rolled-back approval leaves no job', async () => {
    const id = await request();
    // Fails the approval at COMMIT, after the UPDATE, the audit entry, the mail and the job.
    await sql`
      CREATE FUNCTION fail_approval() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'commit refused'; END $$`.execute(database.db);
    await sql`
      CREATE CONSTRAINT TRIGGER fail_approval AFTER UPDATE ON absences
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
      WHEN (NEW.status = 'approved') EXECUTE FUNCTION fail_approval()`.execute(database.db);
    try {
      const res = await callAs(t.app, a.manager, 'POST', `/absences/${id}/approve`, {});
      expect(res.statusCode).toBe(500);
    } finally {
      await sql`DROP TRIGGER fail_approval ON absences`.execute(database.db);
      await sql`DROP FUNCTION fail_approval()`.execute(database.db);
    }
    expect(await jobsOf(id)).toEqual([]);
    expect(
      (
        await database.db
          .selectFrom('absences')
          .select('status')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('requested');
    await approve(id);
    expect(await jobsOf(id)).toHaveLength(1);
  });

  it('queues nothing while sync is off; switching it on syncs what is approved', async () => {
    await configure({ enabled: false });
    const id = await request();
    await approve(id);
    expect(await jobsOf(id)).toEqual([]);
    await configure({ enabled: true });
    expect(await runJob(id)).toBe('synced');
    expect(await remote(id)).toContain('SUMMARY:Anna Beispiel – Urlaub');
  });

  it('a renamed type, a hidden type and the privacy setting change the titles', async () => {
    const id = await request();
    await approve(id);
    await runJob(id);
    const renamed = await callAs(t.app, a.admin, 'PATCH', `/absence-types/${a.absenceType.id}`, {
      name: { de: 'Erholungsurlaub' },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    await runJob(id);
    expect(await remote(id)).toContain('SUMMARY:Anna Beispiel – Erholungsurlaub');

    const hidden = await callAs(t.app, a.admin, 'PATCH', `/absence-types/${a.absenceType.id}`, {
      visibleToColleagues: false,
    });
    expect(hidden.statusCode, hidden.body).toBe(200);
    await runJob(id);
    expect(await remote(id)).toContain('SUMMARY:Anna Beispiel – Abwesend');
    await callAs(t.app, a.admin, 'PATCH', `/absence-types/${a.absenceType.id}`, {
      name: { de: 'Urlaub' },
      visibleToColleagues: true,
    });
  });

  it('resyncs everything on request (audited) and refuses while sync is off', async () => {
    const id = await request();
    await approve(id);
    await runJob(id);
    const res = await callAs(t.app, a.admin, 'POST', '/caldav/resync');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ queued: 1 });
    expect(await runJob(id)).toBe('synced');
    const audit = await database.db
      .selectFrom('audit_log')
      .select('after')
      .where('tenant_id', '=', a.tenant.id)
      .where('action', '=', 'caldav.resync')
      .execute();
    expect(audit.at(-1)?.after).toEqual({ queued: 1 });

    await configure({ enabled: false });
    const off = await callAs(t.app, a.admin, 'POST', '/caldav/resync');
    expect(off.statusCode).toBe(409);
    expect(off.json()).toMatchObject({ error: { code: 'CALDAV_SYNC_OFF' } });
  });

  it('switching off keeps the events unless the admin chooses to delete them', async () => {
    const kept = await request();
    await approve(kept);
    await runJob(kept);
    await configure({ enabled: false });
    expect(await jobsOf(kept)).toEqual([]);
    expect(await remote(kept)).not.toBeNull();

    await configure({ enabled: true });
    await runJob(kept);
    await configure({ enabled: false, deleteEvents: true });
    expect(await jobsOf(kept)).toHaveLength(1);
    expect(await runJob(kept)).toBe('synced');
    expect(await remoteEvents()).toEqual([]);
    expect(await eventRow(kept)).toMatchObject({ state: 'synced', href: null });
  });

  it('runs in a real job runner', async () => {
    const id = await request();
    await approve(id);
    const runner: Runner = await startJobRunner({
      databaseUrl: database.url,
      jobs: buildJobs({
        db: database.db,
        config: t.app.deps.config,
        logger: pino({ level: 'silent' }),
        mailTransport: createFileTransport({ dir: '/tmp' }),
        outbound: t.app.deps.outbound,
      }).filter((job) => job.name === 'caldav_sync'),
      logger: pino({ level: 'silent' }),
      concurrency: 2,
      pollIntervalMs: 100,
    });
    try {
      await expect.poll(() => remote(id), { timeout: 10_000 }).toContain('Anna Beispiel');
      await cancel(id);
      await expect.poll(() => remote(id), { timeout: 10_000 }).toBeNull();
    } finally {
      await runner.stop();
    }
  });
});

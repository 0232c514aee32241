/**
 * "Alle Stundenzettel (ZIP)": asked for through the API, made by the job (its registered handler
 * run here against the test database, once by a real runner), read back with another ZIP library
 * (jszip) and a PDF text extractor: every person of the selection, each PDF with that person's
 * month totals as GET /time/month has them; only the requester and admins get at it; a failed
 * or killed run leaves no file and no `done`; expired archives are removed.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestDatabase } from '../../../test/helpers.js';
import { buildTestApp, createTestDatabase, manualClock } from '../../../test/helpers.js';
import { pdfPages } from '../../../test/pdf.js';
import type { Company } from '../../../test/world.js';
import { callAs, createCompany } from '../../../test/world.js';
import { createUser } from '../../../test/factories.js';
import { startJobRunner } from '../../jobs/index.js';
import { buildJobs } from '../../jobs/registry.js';
import { createFileTransport } from '../../integrations/mail/file.js';
import type { JobContext } from '../../jobs/index.js';
import {
  ARCHIVE_DAYS_KEPT,
  archiveDir,
  cleanUpReportExports,
  runTimesheetArchive,
  timesheetArchiveJob,
} from './archive-job.js';
import { SheetCache } from '../time/sheet-cache.js';

let database: TestDatabase;
let t: TestApp;
let a: Company;
let b: Company;
let uploadDir: string;
let twin: Awaited<ReturnType<typeof createUser>>;
const clock = manualClock(new Date('2026-05-04T10:00:00Z'));
const local = (day: string, time: string) => new Date(`${day}T${time}:00+02:00`);

interface Archive {
  id: string;
  status: string;
  month: string;
  teamId: string | null;
  doneCount: number;
  totalCount: number;
  sizeBytes: number | null;
  error: string | null;
  expiresAt: string;
}

beforeAll(async () => {
  uploadDir = await mkdtemp(path.join(tmpdir(), 'tm-archives-'));
  database = await createTestDatabase();
  t = await buildTestApp({ database, clock, redis: false, env: { UPLOAD_DIR: uploadDir } });
  a = await createCompany(database.db, 'Bäckerei Größe');
  b = await createCompany(database.db, 'Beta KG');
  const db = database.db;
  await db
    .insertInto('work_schedules')
    .values({
      tenant_id: a.tenant.id,
      user_id: null,
      valid_from: '2026-01-01',
      minutes: [480, 480, 480, 480, 480, 0, 0],
    })
    .execute();
  const names: [Company['employee'], string][] = [
    [a.employee, 'Jürgen Weiß'],
    [a.manager, 'Ayşe Yılmaz'],
    [a.outsider, 'Olaf Außen'],
    [a.admin, 'Ada Admin'],
  ];
  for (const [user, name] of names) {
    await db.updateTable('users').set({ name }).where('id', '=', user.id).execute();
  }
  // A second Jürgen Weiß in the team: the archive must not overwrite one with the other.
  twin = await createUser(db, {
    tenantId: a.tenant.id,
    role: 'employee',
    teamId: a.team.id,
    name: 'Jürgen Weiß',
  });
  const worked = (user: { id: string }, day: string, from: string, to: string) => ({
    tenant_id: a.tenant.id,
    user_id: user.id,
    started_at: local(day, from),
    ended_at: local(day, to),
    end_reason: 'clock_out' as const,
    source: 'clock' as const,
    created_by: user.id,
  });
  await db
    .insertInto('time_entries')
    .values([
      worked(a.employee, '2026-04-01', '08:00', '16:30'),
      worked(a.employee, '2026-04-02', '07:00', '17:00'),
      worked(twin, '2026-04-01', '09:00', '12:00'),
      worked(a.manager, '2026-04-07', '08:00', '18:00'),
      worked(a.outsider, '2026-04-08', '06:00', '14:00'),
    ])
    .execute();
});
afterAll(async () => {
  await t.close();
  await database.drop();
  await rm(uploadDir, { recursive: true, force: true });
});

function archiveDeps() {
  return {
    db: database.db,
    config: t.app.deps.config,
    clock,
    sheets: new SheetCache(),
    logger: pino({ level: 'silent' }),
  };
}

/** The archive job as the runner has it registered, with the test's database and clock. */
function registeredArchiveJob() {
  return buildJobs({
    db: database.db,
    config: t.app.deps.config,
    logger: pino({ level: 'silent' }),
    mailTransport: createFileTransport({ dir: tmpdir() }),
    outbound: t.app.deps.outbound,
    clock,
  }).find((j) => j.name === timesheetArchiveJob.name)!;
}

/** Runs the registered handler as the runner would call it. */
function archiveHandler() {
  const job = registeredArchiveJob();
  return (payload: unknown, context: Partial<JobContext> = {}) =>
    job.handler(job.payload.parse(payload), {
      attempts: 1,
      maxAttempts: 3,
      jobId: '1',
      signal: new AbortController().signal,
      ...context,
    });
}

/** The payloads of the archive jobs waiting in the queue. */
async function queuedJobs(): Promise<{ tenantId: string; exportId: string }[]> {
  const { rows } = await sql<{ payload: { tenantId: string; exportId: string } }>`
    SELECT j.payload FROM graphile_worker._private_jobs j
    JOIN graphile_worker._private_tasks t ON t.id = j.task_id
    WHERE t.identifier = ${timesheetArchiveJob.name} ORDER BY j.id`.execute(database.db);
  return rows.map((r) => r.payload);
}

/** Runs the queued job of an archive, as the runner would. */
async function runQueued(id: string, context: Partial<JobContext> = {}) {
  const payload = (await queuedJobs()).find((p) => p.exportId === id);
  expect(payload, `a queued job for ${id}`).toBeDefined();
  await archiveHandler()(payload, context);
}

const ask = (as: Company['admin'], body: object) =>
  callAs(t.app, as, 'POST', '/reports/timesheets/archive', body);
const status = async (as: Company['admin'], id: string) =>
  (await callAs(t.app, as, 'GET', `/reports/timesheets/archive/${id}`)).json<Archive>();
const download = (as: Company['admin'], id: string) =>
  callAs(t.app, as, 'GET', `/reports/timesheets/archive/${id}/download`);

async function auditRows(action: string, entityId: string) {
  return database.db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', '=', action)
    .where('entity_id', '=', entityId)
    .execute();
}

/** h:mm as the PDF prints it (a real minus sign). */
function shown(minutes: number, signed = false) {
  const sign = minutes < 0 ? '\u2212' : signed && minutes > 0 ? '+' : '';
  const abs = Math.abs(minutes);
  return `${sign}${Math.floor(abs / 60)}:${String(abs % 60).padStart(2, '0')}`;
}

interface Sheet {
  totals: { workedMinutes: number; targetMinutes: number; diffMinutes: number };
  balance: { after: number };
}

/** Every entry of the ZIP: name → text of the PDF (checked to be a PDF). */
async function entries(zipBytes: Buffer): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(zipBytes);
  const texts = new Map<string, string>();
  for (const name of Object.keys(zip.files).sort()) {
    const bytes = await zip.file(name)!.async('uint8array');
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1'), name).toBe('%PDF-');
    texts.set(name, (await pdfPages(bytes)).join(' '));
  }
  return texts;
}

describe('the month’s timesheets as one ZIP', () => {
  let archive: Archive;

  it('is asked for: 202, queued with its job and an audit row in the same transaction', async () => {
    const res = await ask(a.admin, { month: '2026-04', lang: 'de' });
    expect(res.statusCode).toBe(202);
    archive = res.json<Archive>();
    // Everyone active in April: admin, manager, employee, the twin, the outsider (not invited).
    expect(archive).toMatchObject({
      status: 'queued',
      month: '2026-04',
      doneCount: 0,
      totalCount: 5,
    });
    expect(new Date(archive.expiresAt).getTime()).toBe(
      clock().getTime() + ARCHIVE_DAYS_KEPT * 86_400_000,
    );
    expect(await queuedJobs()).toContainEqual({ tenantId: a.tenant.id, exportId: archive.id });
    expect(await auditRows('report.export_requested', archive.id)).toMatchObject([
      {
        tenant_id: a.tenant.id,
        actor_user_id: a.admin.id,
        entity_type: 'report_export',
        after: { report: 'timesheet_archive', month: '2026-04', people: 5 },
      },
    ]);
  });

  it('answers a second click with the unfinished archive instead of making another', async () => {
    const again = await ask(a.admin, { month: '2026-04', lang: 'de' });
    expect(again.statusCode).toBe(202);
    expect(again.json<Archive>().id).toBe(archive.id);
    expect((await queuedJobs()).filter((p) => p.exportId === archive.id)).toHaveLength(1);
    expect(await auditRows('report.export_requested', archive.id)).toHaveLength(1);

    // Two clicks at the same moment: the database lets one of them make the archive.
    const both = await Promise.all([
      ask(a.admin, { month: '2025-11', lang: 'de' }),
      ask(a.admin, { month: '2025-11', lang: 'de' }),
    ]);
    expect(both.map((res) => res.statusCode)).toEqual([202, 202]);
    const [one, two] = both.map((res) => res.json<Archive>().id);
    expect(one).toBe(two);
    expect((await queuedJobs()).filter((p) => p.exportId === one)).toHaveLength(1);
  });

  it('cannot be downloaded before it is done', async () => {
    const res = await download(a.admin, archive.id);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: { code: 'REPORT_EXPORT_NOT_READY' } });
  });

  it('holds every person’s PDF with the month view’s totals, under unique names', async () => {
    await runQueued(archive.id);
    const done = await status(a.admin, archive.id);
    expect(done).toMatchObject({ status: 'done', doneCount: 5, totalCount: 5, error: null });
    expect(done.sizeBytes).toBeGreaterThan(0);

    const res = await download(a.admin, archive.id);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="Stundenzettel_2026-04.zip"; filename*=UTF-8''Stundenzettel_2026-04.zip`,
    );
    expect(res.rawPayload.length).toBe(done.sizeBytes);
    const texts = await entries(res.rawPayload);
    expect([...texts.keys()]).toEqual([
      'Stundenzettel_2026-04_Ada_Admin.pdf',
      'Stundenzettel_2026-04_Ayse_Yilmaz.pdf',
      'Stundenzettel_2026-04_Juergen_Weiss.pdf',
      'Stundenzettel_2026-04_Juergen_Weiss_2.pdf',
      'Stundenzettel_2026-04_Olaf_Aussen.pdf',
    ]);
    const people: [string, { id: string }][] = [
      ['Stundenzettel_2026-04_Ayse_Yilmaz.pdf', a.manager],
      ['Stundenzettel_2026-04_Olaf_Aussen.pdf', a.outsider],
    ];
    // The two Jürgens (ordered by name, then id) are told apart by their totals.
    const [first, second] = [a.employee, twin].sort((x, y) => (x.id < y.id ? -1 : 1));
    people.push(['Stundenzettel_2026-04_Juergen_Weiss.pdf', first!]);
    people.push(['Stundenzettel_2026-04_Juergen_Weiss_2.pdf', second!]);
    for (const [name, person] of people) {
      const sheet = (
        await callAs(t.app, a.admin, 'GET', `/time/month?month=2026-04&userId=${person.id}`)
      ).json<Sheet>();
      const text = texts.get(name)!;
      expect(text, name).toContain('Stundenzettel April 2026');
      expect(text, name).toContain(shown(sheet.totals.workedMinutes));
      expect(text, name).toContain(shown(sheet.totals.targetMinutes));
      expect(text, name).toContain(shown(sheet.totals.diffMinutes, true));
      expect(text, name).toContain(`${shown(sheet.balance.after, true)} h`);
    }
    expect(texts.get('Stundenzettel_2026-04_Ayse_Yilmaz.pdf')).toContain('Ayşe Yılmaz');
    // The two files are not the same person twice: 8:30 + 10:00 worked against 3:00.
    const workedOf = (name: string) => texts.get(name)!.includes('18:30');
    expect(
      [
        workedOf('Stundenzettel_2026-04_Juergen_Weiss.pdf'),
        workedOf('Stundenzettel_2026-04_Juergen_Weiss_2.pdf'),
      ].filter(Boolean),
    ).toHaveLength(1);
  });

  it('audits every download', async () => {
    const rows = await auditRows('report.exported', archive.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      tenant_id: a.tenant.id,
      actor_user_id: a.admin.id,
      entity_type: 'report_export',
      after: { report: 'timesheet_archive', month: '2026-04', people: 5, lang: 'de' },
    });
  });

  it('writes its progress per person as it goes, throttled', async () => {
    // Every change of done_count, as the database saw it.
    await sql`CREATE TABLE progress_seen (id uuid, done integer, total integer, at serial)`.execute(
      database.db,
    );
    await sql`CREATE FUNCTION log_progress() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.done_count IS DISTINCT FROM OLD.done_count THEN
          INSERT INTO progress_seen (id, done, total) VALUES (NEW.id, NEW.done_count, NEW.total_count);
        END IF;
        RETURN NEW;
      END $$`.execute(database.db);
    await sql`CREATE TRIGGER log_progress AFTER UPDATE ON report_exports
      FOR EACH ROW EXECUTE FUNCTION log_progress()`.execute(database.db);
    const seen = async (id: string) =>
      (
        await sql<{ done: number; total: number }>`
          SELECT done, total FROM progress_seen WHERE id = ${id} ORDER BY at`.execute(database.db)
      ).rows;
    try {
      const stepwise = (await ask(a.admin, { month: '2026-04', lang: 'en' })).json<Archive>();
      const payload = (await queuedJobs()).find((p) => p.exportId === stepwise.id);
      await runTimesheetArchive({ ...archiveDeps(), progressIntervalMs: 0 }, payload!, {
        attempts: 1,
        maxAttempts: 3,
        signal: new AbortController().signal,
      });
      expect(await seen(stepwise.id)).toEqual([1, 2, 3, 4, 5].map((done) => ({ done, total: 5 })));
      // Throttled (here to a minute): one write, at the end, however many people.
      const quick = (
        await ask(a.admin, { month: '2026-04', role: 'employee', lang: 'de' })
      ).json<Archive>();
      const quickPayload = (await queuedJobs()).find((p) => p.exportId === quick.id);
      await runTimesheetArchive({ ...archiveDeps(), progressIntervalMs: 60_000 }, quickPayload!, {
        attempts: 1,
        maxAttempts: 3,
        signal: new AbortController().signal,
      });
      expect(await seen(quick.id)).toEqual([{ done: 3, total: 3 }]);
    } finally {
      await sql`DROP TRIGGER log_progress ON report_exports`.execute(database.db);
    }
  });

  it('skips a job delivered twice: the finished archive stays as it is', async () => {
    const before = await status(a.admin, archive.id);
    await archiveHandler()({ tenantId: a.tenant.id, exportId: archive.id });
    expect(await status(a.admin, archive.id)).toEqual(before);
  });
});

describe('who gets which archive', () => {
  it('gives a manager only their team, in English on request', async () => {
    const res = await ask(a.manager, { month: '2026-04', lang: 'en' });
    expect(res.statusCode).toBe(202);
    const archive = res.json<Archive>();
    expect(archive.totalCount).toBe(3);
    await runQueued(archive.id);
    const zip = await download(a.manager, archive.id);
    expect(zip.statusCode).toBe(200);
    expect(zip.headers['content-disposition']).toContain('filename="Timesheets_2026-04.zip"');
    const texts = await entries(zip.rawPayload);
    expect([...texts.keys()]).toEqual([
      'Timesheet_2026-04_Ayse_Yilmaz.pdf',
      'Timesheet_2026-04_Juergen_Weiss.pdf',
      'Timesheet_2026-04_Juergen_Weiss_2.pdf',
    ]);
    expect([...texts.values()].join(' ')).not.toContain('Olaf');
    expect(texts.get('Timesheet_2026-04_Ayse_Yilmaz.pdf')).toContain('Timesheet April 2026');

    // The admin sees it too; the employee, another company's admin and anyone else do not.
    expect((await status(a.admin, archive.id)).status).toBe('done');
    expect((await download(a.admin, archive.id)).statusCode).toBe(200);
    for (const res of [
      await callAs(t.app, b.admin, 'GET', `/reports/timesheets/archive/${archive.id}`),
      await download(b.admin, archive.id),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    }
    expect((await download(a.employee, archive.id)).statusCode).toBe(403);
    const list = await callAs(t.app, b.admin, 'GET', '/reports/timesheets/archive');
    expect(list.json<Archive[]>()).toEqual([]);
    // The manager's own: this one and the queued one every test company has.
    const own = await callAs(t.app, a.manager, 'GET', '/reports/timesheets/archive');
    expect(
      own
        .json<Archive[]>()
        .map((x) => x.id)
        .sort(),
    ).toEqual([archive.id, a.reportExport.id].sort());
  });

  it('keeps a manager out of the admin’s archives and names a team filter in the file', async () => {
    const mine = (await callAs(t.app, a.admin, 'GET', '/reports/timesheets/archive')).json<
      Archive[]
    >();
    expect(mine.length).toBeGreaterThan(0);
    expect((await download(a.manager, mine[0]!.id)).statusCode).toBe(404);

    const res = await ask(a.admin, { month: '2026-04', teamId: a.otherTeam.id, lang: 'de' });
    const archive = res.json<Archive>();
    expect(archive).toMatchObject({ teamId: a.otherTeam.id, totalCount: 1 });
    await runQueued(archive.id);
    const zip = await download(a.admin, archive.id);
    expect(zip.headers['content-disposition']).toContain(
      'filename="Stundenzettel_2026-04_Verwaltung.zip"',
    );
    expect([...(await entries(zip.rawPayload)).keys()]).toEqual([
      'Stundenzettel_2026-04_Olaf_Aussen.pdf',
    ]);
  });

  it('refuses employees, a bad month, a team out of scope and an empty selection, changing nothing', async () => {
    const count = async () =>
      (await database.db.selectFrom('report_exports').select('id').execute()).length;
    const before = await count();
    const employee = await ask(a.employee, { month: '2026-04' });
    expect(employee.statusCode).toBe(403);
    for (const month of ['2026-13', '2026-4', 'April']) {
      const res = await ask(a.admin, { month });
      expect(res.statusCode, month).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
    const otherTeam = await ask(a.manager, { month: '2026-04', teamId: a.otherTeam.id });
    expect(otherTeam.statusCode).toBe(404);
    const foreignTeam = await ask(a.admin, { month: '2026-04', teamId: b.team.id });
    expect(foreignTeam.statusCode).toBe(404);
    const empty = await ask(a.admin, { month: '2026-04', teamId: a.emptyTeam.id });
    expect(empty.statusCode).toBe(409);
    expect(empty.json()).toMatchObject({ error: { code: 'REPORT_EXPORT_EMPTY' } });
    expect(await count()).toBe(before);
  });
});

describe('a run that fails or is killed', () => {
  const files = async () => readdir(archiveDir(t.app.deps.config)).catch(() => []);

  it('leaves no file and no `done` when a run breaks off, and a retry starts over', async () => {
    const archive = (await ask(a.admin, { month: '2026-03', lang: 'de' })).json<Archive>();
    const filesBefore = await files();
    const aborted = new AbortController();
    aborted.abort(new Error('runner stopping'));
    await expect(runQueued(archive.id, { signal: aborted.signal })).rejects.toThrow(
      'runner stopping',
    );
    expect(await status(a.admin, archive.id)).toMatchObject({ status: 'queued', doneCount: 0 });
    expect(await files()).toEqual(filesBefore);

    // A runner killed mid-write left its half file (and the row says running): the next run
    // removes it and writes a new, whole archive under a new key.
    const row = await database.db
      .updateTable('report_exports')
      .set({ status: 'running', storage_key: 'f'.repeat(32) })
      .where('id', '=', archive.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const dir = archiveDir(t.app.deps.config);
    await writeFile(path.join(dir, `.${row.storage_key}.partial`), 'PK half');
    await writeFile(path.join(dir, row.storage_key!), 'PK whole but never recorded');
    await runQueued(archive.id);
    const done = await database.db
      .selectFrom('report_exports')
      .selectAll()
      .where('id', '=', archive.id)
      .executeTakeFirstOrThrow();
    expect(done.status).toBe('done');
    expect(done.storage_key).not.toBe(row.storage_key);
    expect((await files()).sort()).toEqual([...filesBefore, done.storage_key!].sort());
    expect(
      (await JSZip.loadAsync((await download(a.admin, archive.id)).rawPayload)).files,
    ).not.toEqual({});
  });

  it('is marked failed on the last attempt, and with a plain reason when access was lost', async () => {
    const archive = (await ask(a.admin, { month: '2026-02', lang: 'de' })).json<Archive>();
    const aborted = new AbortController();
    aborted.abort(new Error('boom'));
    await runQueued(archive.id, { attempts: 3, signal: aborted.signal });
    expect(await status(a.admin, archive.id)).toMatchObject({
      status: 'failed',
      error: 'INTERNAL_ERROR',
    });
    const failed = await download(a.admin, archive.id);
    expect(failed.statusCode).toBe(409);
    expect(failed.json()).toMatchObject({ error: { code: 'REPORT_EXPORT_FAILED' } });

    // The manager is made an employee before the job runs: no archive for them.
    const asked = (await ask(a.manager, { month: '2026-02', lang: 'de' })).json<Archive>();
    await database.db
      .updateTable('users')
      .set({ role: 'employee' })
      .where('id', '=', a.manager.id)
      .execute();
    try {
      await runQueued(asked.id);
    } finally {
      await database.db
        .updateTable('users')
        .set({ role: 'manager' })
        .where('id', '=', a.manager.id)
        .execute();
    }
    expect(await status(a.admin, asked.id)).toMatchObject({ status: 'failed', error: 'FORBIDDEN' });
  });
});

describe('clean-up', () => {
  it('removes archives after seven days (file and row state) and gives up on abandoned ones', async () => {
    const dir = archiveDir(t.app.deps.config);
    const stuck = await database.db
      .insertInto('report_exports')
      .values({
        tenant_id: a.tenant.id,
        requested_by: a.admin.id,
        kind: 'timesheet_archive',
        parameters: { month: '2025-12', teamId: null, role: null, lang: 'de' },
        status: 'running',
        storage_key: 'e'.repeat(32),
        created_at: new Date(clock().getTime() - 2 * 86_400_000),
        expires_at: new Date(clock().getTime() + 5 * 86_400_000),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeFile(path.join(dir, `.${stuck.storage_key}.partial`), 'PK half');

    const done = await database.db
      .selectFrom('report_exports')
      .select(['id', 'storage_key'])
      .where('tenant_id', '=', a.tenant.id)
      .where('status', '=', 'done')
      .execute();
    expect(done.length).toBeGreaterThan(0);
    const now = await cleanUpReportExports({
      db: database.db,
      clock,
      config: t.app.deps.config,
    });
    expect(now).toEqual({ expired: 0, abandoned: 1 });
    expect(await status(a.admin, stuck.id)).toMatchObject({
      status: 'failed',
      error: 'NOT_FINISHED',
    });
    expect(await readdir(dir)).not.toContain(`.${stuck.storage_key}.partial`);

    clock.advance((ARCHIVE_DAYS_KEPT + 1) * 86_400_000);
    try {
      const later = await cleanUpReportExports({
        db: database.db,
        clock,
        config: t.app.deps.config,
      });
      expect(later.expired).toBeGreaterThanOrEqual(done.length + 1);
      expect(await readdir(dir)).toEqual([]);
      for (const row of done) {
        expect((await status(a.admin, row.id)).status).toBe('expired');
        const gone = await download(a.admin, row.id);
        expect(gone.statusCode).toBe(410);
        expect(gone.json()).toMatchObject({ error: { code: 'REPORT_EXPORT_EXPIRED' } });
      }
    } finally {
      clock.set(new Date('2026-05-04T10:00:00Z'));
    }
  });
});

describe('in a real job runner', () => {
  it('makes the archive from the queue', async () => {
    // Nothing else waiting: the earlier tests ran their jobs by hand.
    await sql`DELETE FROM graphile_worker._private_jobs`.execute(database.db);
    const archive = (await ask(a.admin, { month: '2026-01', lang: 'de' })).json<Archive>();
    const runner = await startJobRunner({
      databaseUrl: database.url,
      jobs: [registeredArchiveJob()],
      logger: pino({ level: 'silent' }),
      concurrency: 1,
      pollIntervalMs: 100,
    });
    try {
      await expect
        .poll(async () => (await status(a.admin, archive.id)).status, { timeout: 30_000 })
        .toBe('done');
    } finally {
      await runner.stop();
    }
    const finished = await status(a.admin, archive.id);
    expect(finished.doneCount).toBe(finished.totalCount);
    const zip = await download(a.admin, archive.id);
    expect(Object.keys((await JSZip.loadAsync(zip.rawPayload)).files)).toHaveLength(
      finished.totalCount,
    );
  });
});

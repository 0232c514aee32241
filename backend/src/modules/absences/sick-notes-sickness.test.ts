import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../test/factories.js';
import type { TestApp, TestDatabase } from '../../../test/helpers.js';
import {
  buildTestApp,
  createTestDatabase,
  manualClock,
  testConfig,
} from '../../../test/helpers.js';
import type { Company } from '../../../test/world.js';
import { callAs, createCompany } from '../../../test/world.js';
import type { JobContext } from '../../jobs/index.js';
import { makeCertificateRemindersJob } from '../../jobs/certificate-reminders.js';
import type { IllnessView, SicknessView } from './sick-notes-sickness.js';

let database: TestDatabase;
let t: TestApp;
let a: Company;
let b: Company;
const clock = manualClock(new Date('2026-03-20T10:00:00Z'));

beforeAll(async () => {
  database = await createTestDatabase();
  t = await buildTestApp({ database, redis: false, clock });
  a = await createCompany(database.db, 'Alpha');
  b = await createCompany(database.db, 'Beta');
  for (const c of [a, b]) {
    await database.db
      .insertInto('work_schedules')
      .values({
        tenant_id: c.tenant.id,
        user_id: null,
        valid_from: '2025-01-01',
        minutes: [480, 480, 480, 480, 480, 0, 0],
      })
      .execute();
  }
});
afterAll(async () => {
  await t.close();
  await database.drop();
});

type Person = Awaited<ReturnType<typeof createUser>>;

async function sick(
  c: Company,
  person: Person,
  from: string,
  to: string | null,
  values: { key?: string; status?: string } = {},
) {
  const type = await database.db
    .selectFrom('absence_types')
    .select('id')
    .where('tenant_id', '=', c.tenant.id)
    .where('key', '=', values.key ?? 'sick')
    .executeTakeFirstOrThrow();
  return database.db
    .insertInto('absences')
    .values({
      tenant_id: c.tenant.id,
      user_id: person.id,
      type_id: type.id,
      start_day: from,
      end_day: to,
      status: (values.status ?? 'approved') as 'approved',
      created_by: person.id,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

async function note(c: Company, person: Person, absenceId: string) {
  await database.db
    .insertInto('files')
    .values({
      tenant_id: c.tenant.id,
      user_id: person.id,
      absence_id: absenceId,
      kind: 'sick_note',
      file_name: 'AU.pdf',
      content_type: 'application/pdf',
      size_bytes: 10,
      sha256: 'x'.repeat(64),
      storage_key: `${absenceId.replace(/-/g, '')}`,
      uploaded_by: person.id,
    })
    .execute();
}

interface Summary {
  userId: string;
  today: string;
  sicknesses: SicknessView[];
  illnesses: IllnessView[];
}

describe('the 6-week counter and certificate state (GET /sickness/summary)', () => {
  let paula: Person;
  const ids = { long: '', first: '', followUp: '', open: '', child: '', cancelled: '' };

  beforeAll(async () => {
    paula = await createUser(database.db, {
      tenantId: a.tenant.id,
      role: 'employee',
      teamId: a.team.id,
      name: 'Paula',
    });
    ids.long = (await sick(a, paula, '2025-06-02', '2025-08-01')).id;
    ids.first = (await sick(a, paula, '2026-02-02', '2026-02-20')).id;
    ids.followUp = (await sick(a, paula, '2026-02-21', '2026-03-10')).id;
    ids.open = (await sick(a, paula, '2026-03-16', null)).id;
    ids.child = (await sick(a, paula, '2026-01-12', '2026-01-12', { key: 'child_sick' })).id;
    ids.cancelled = (await sick(a, paula, '2026-01-20', '2026-01-23', { status: 'cancelled' })).id;
    await note(a, paula, ids.child);
    await note(a, paula, ids.first);
  });

  it('counts 42 calendar days per illness, chaining sickness without a free day between', async () => {
    const res = await callAs(t.app, paula, 'GET', '/sickness/summary');
    expect(res.statusCode, res.body).toBe(200);
    const summary = res.json<Summary>();
    expect(summary.today).toBe('2026-03-20');
    expect(summary.illnesses).toEqual([
      {
        illnessId: ids.open,
        from: '2026-03-16',
        to: null,
        sickDays: 5,
        paidDays: 5,
        remainingDays: 37,
        // Goes on: paid until 37 more days have passed.
        payEndsOn: '2026-04-26',
        payEndsOnProjected: true,
        sicknessIds: [ids.open],
      },
      {
        illnessId: ids.first,
        from: '2026-02-02',
        to: '2026-03-10',
        sickDays: 37,
        paidDays: 37,
        remainingDays: 5,
        payEndsOn: null,
        payEndsOnProjected: false,
        sicknessIds: [ids.first, ids.followUp],
      },
      {
        illnessId: ids.long,
        from: '2025-06-02',
        to: '2025-08-01',
        sickDays: 61,
        paidDays: 42,
        remainingDays: 0,
        payEndsOn: '2025-07-13',
        payEndsOnProjected: false,
        sicknessIds: [ids.long],
      },
    ]);
    const byId = new Map(summary.sicknesses.map((s) => [s.absenceId, s]));
    expect(byId.has(ids.cancelled)).toBe(false);
    expect(byId.get(ids.long)?.continuedPay).toEqual({
      illnessId: ids.long,
      paidDays: 42,
      unpaidFrom: '2025-07-14',
    });
    expect(byId.get(ids.followUp)?.continuedPay).toEqual({
      illnessId: ids.first,
      paidDays: 18,
      unpaidFrom: null,
    });
    // Kind krank: no continued pay by the employer, a certificate from day 1.
    expect(byId.get(ids.child)).toMatchObject({
      continuedPay: null,
      certificate: {
        required: true,
        dueOn: '2026-01-12',
        received: true,
        overdue: false,
        notes: 1,
      },
    });
    // Sick since Monday: the certificate was due on the 4th day (Thursday) and is missing.
    expect(byId.get(ids.open)).toMatchObject({
      to: null,
      certificate: { required: true, dueOn: '2026-03-19', received: false, overdue: true },
    });
    expect(byId.get(ids.first)?.certificate).toEqual({
      required: true,
      dueOn: '2026-02-05',
      received: true,
      overdue: false,
      notes: 1,
    });
  });

  it('shows it to the person, their manager and admins; nobody else', async () => {
    for (const someone of [a.manager, a.admin]) {
      const res = await callAs(t.app, someone, 'GET', `/sickness/summary?userId=${paula.id}`);
      expect(res.statusCode, someone.role).toBe(200);
      expect(res.json<Summary>().illnesses).toHaveLength(3);
    }
    for (const someone of [a.outsider, a.employee, b.admin, b.manager]) {
      const res = await callAs(t.app, someone, 'GET', `/sickness/summary?userId=${paula.id}`);
      expect(res.statusCode, someone.role).toBe(404);
    }
    // The manager's reach ends at the team.
    const other = await callAs(
      t.app,
      a.manager,
      'GET',
      `/sickness/summary?userId=${a.outsider.id}`,
    );
    expect(other.statusCode).toBe(404);
  });

  it('lists the company’s sickness of a period for admins, the team for managers, own for others', async () => {
    const url = '/sickness?from=2026-03-01&to=2026-03-31';
    const admin = (await callAs(t.app, a.admin, 'GET', url)).json<{
      sicknesses: SicknessView[];
      illnesses: IllnessView[];
    }>();
    expect(admin.sicknesses.map((s) => s.absenceId)).toEqual([ids.open, ids.followUp]);
    expect(admin.illnesses.map((i) => i.illnessId).sort()).toEqual([ids.first, ids.open].sort());
    expect(admin.sicknesses[0]).toMatchObject({ user: { id: paula.id, name: 'Paula' } });
    const manager = (await callAs(t.app, a.manager, 'GET', url)).json<{
      sicknesses: SicknessView[];
    }>();
    expect(manager.sicknesses).toHaveLength(2);
    for (const someone of [a.outsider, b.admin]) {
      const res = (await callAs(t.app, someone, 'GET', url)).json<{ sicknesses: SicknessView[] }>();
      expect(res.sicknesses, someone.role).toEqual([]);
    }
    const backwards = await callAs(
      t.app,
      a.admin,
      'GET',
      '/sickness?from=2026-03-31&to=2026-03-01',
    );
    expect(backwards.statusCode).toBe(400);
  });
});

describe('the certificate reminder job', () => {
  const context: JobContext = {
    attempts: 1,
    maxAttempts: 3,
    jobId: 'test',
    signal: new AbortController().signal,
  };
  const config = testConfig({ FRONTEND_URL: 'https://zeit.example.com' });
  const runAt = (now: string) =>
    makeCertificateRemindersJob({
      db: database.db,
      config,
      logger: pino({ level: 'silent' }),
      clock: () => new Date(now),
    }).handler({}, context);

  const mailsTo = (email: string) =>
    database.db
      .selectFrom('email_outbox')
      .selectAll()
      .where('to_email', '=', email)
      .where('template', '=', 'certificate_due_reminder')
      .execute();

  it('mails the person once when the certificate is due and missing', async () => {
    const rita = await createUser(database.db, { tenantId: b.tenant.id, name: 'Rita' });
    const open = await sick(b, rita, '2026-03-16', null);
    // Short sickness: no certificate needed.
    await sick(b, rita, '2026-03-02', '2026-03-03');
    // Certificate uploaded.
    const covered = await sick(b, rita, '2026-03-09', '2026-03-13');
    await note(b, rita, covered.id);
    // Cancelled, and a vacation: never.
    await sick(b, rita, '2026-02-02', '2026-02-06', { status: 'cancelled' });
    await sick(b, rita, '2026-02-09', '2026-02-13', { key: 'vacation' });
    // Due long ago (before the reminders existed): left to the admins' page.
    await sick(b, rita, '2026-01-05', '2026-01-16');

    await runAt('2026-03-18T12:00:00Z'); // day 3: not due yet
    await runAt('2026-03-19T07:00:00Z'); // due today, but 08:00 in Berlin: too early
    expect(await mailsTo(rita.email)).toEqual([]);

    await runAt('2026-03-19T09:00:00Z');
    await runAt('2026-03-19T10:00:00Z');
    await runAt('2026-03-23T10:00:00Z');
    const mails = await mailsTo(rita.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      idempotency_key: `reminder:certificate_due:${open.id}`,
      user_id: rita.id,
      locale: 'de',
    });
    expect(mails[0]!.data).toMatchObject({
      name: 'Rita',
      from: '2026-03-16',
      dueOn: '2026-03-19',
      uploadUrl: `https://zeit.example.com/sick-notes?absence=${open.id}`,
    });
    const sent = await database.db
      .selectFrom('reminders_sent')
      .selectAll()
      .where('user_id', '=', rita.id)
      .execute();
    expect(sent).toMatchObject([{ kind: 'certificate_due', subject_key: open.id }]);
    const marked = await database.db
      .selectFrom('absences')
      .select('certificate_reminded_at')
      .where('id', '=', open.id)
      .executeTakeFirstOrThrow();
    expect(marked.certificate_reminded_at).not.toBeNull();
  });

  it('does not remind when the note arrived before the due day', async () => {
    const sven = await createUser(database.db, { tenantId: b.tenant.id, name: 'Sven' });
    const sickness = await sick(b, sven, '2026-04-06', '2026-04-17');
    await note(b, sven, sickness.id);
    await runAt('2026-04-10T12:00:00Z');
    expect(await mailsTo(sven.email)).toEqual([]);
  });
});

/**
 * Reconciliation of one absence's event against a real Radicale: create, change, remove, run
 * twice, server down and back, refused sign-in. The events belong to real absences rows
 * (caldav_events references them), inserted directly.
 */
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
import { CaldavError } from '../../integrations/caldav/client.js';
import { resourceName } from '../../integrations/caldav/ical.js';
import type { DesiredEvent } from './sync.js';
import { absenceUid, reconcileAbsenceEvent } from './sync.js';

describe.skipIf(radicaleMissing)('reconcileAbsenceEvent', () => {
  let database: TestDatabase;
  let t: TestApp;
  let a: Company;
  let radicale: Radicale;

  beforeAll(async () => {
    database = await createTestDatabase();
    t = await buildTestApp({
      database,
      redis: false,
      env: { CALDAV_ALLOWED_CIDRS: '127.0.0.1/32', ALLOWED_HOSTS: 'zeit.example.com' },
    });
    a = await createCompany(database.db, 'Alpha');
    radicale = await startRadicale();
    await radicale.createCalendar('firma');
  });
  afterAll(async () => {
    await radicale.close();
    await t.close();
    await database.drop();
  });

  async function configure(overrides: object = {}) {
    const res = await callAs(t.app, a.admin, 'PUT', '/caldav/settings', {
      url: radicale.calendarUrl('firma'),
      username: SYNC_USER,
      password: SYNC_PASSWORD,
      enabled: true,
      titleTemplate: '{name} – {type}',
      privacy: 'type',
      syncedTypeIds: [a.absenceType.id],
      ...overrides,
    });
    expect(res.statusCode).toBe(200);
  }
  beforeEach(() => configure());

  const present = (summary: string): DesiredEvent => ({
    present: true,
    event: {
      summary,
      from: '2026-07-06',
      to: '2026-07-10',
      halfDayStart: false,
      halfDayEnd: false,
      timeZone: 'Europe/Berlin',
    },
  });

  async function remote(absenceId: string): Promise<string | null> {
    const res = await fetch(
      `${radicale.calendarUrl('firma')}${resourceName(absenceUid(t.app.deps, absenceId))}`,
      {
        headers: {
          authorization: `Basic ${Buffer.from(`${SYNC_USER}:${SYNC_PASSWORD}`).toString('base64')}`,
        },
      },
    );
    return res.status === 200 ? res.text() : null;
  }

  // Each absence a week of its own: holding absences of one person may not overlap.
  let weeks = 0;
  async function newAbsence(): Promise<string> {
    weeks += 1;
    const start = new Date(Date.UTC(2026, 0, 5 + 7 * weeks));
    const day = (offset: number) =>
      new Date(start.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    const inserted = await database.db
      .insertInto('absences')
      .values({
        tenant_id: a.tenant.id,
        user_id: a.employee.id,
        type_id: a.absenceType.id,
        start_day: day(0),
        end_day: day(4),
        status: 'approved',
        created_by: a.employee.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return inserted.id;
  }

  const row = (absenceId: string) =>
    database.db
      .selectFrom('caldav_events')
      .selectAll()
      .where('tenant_id', '=', a.tenant.id)
      .where('absence_id', '=', absenceId)
      .executeTakeFirst();

  it('creates, changes and removes the event, and each step can run twice', async () => {
    const absence = await newAbsence();
    for (let run = 0; run < 2; run += 1)
      expect(
        await reconcileAbsenceEvent(t.app.deps, a.tenant.id, absence, present('Anna – Urlaub')),
      ).toBe('synced');
    expect(await remote(absence)).toContain(`UID:${absence}@zeit.example.com`);
    const created = await row(absence);
    expect(created).toMatchObject({ state: 'synced', attempts: 0, last_error: null });
    expect(created?.etag).toBeTruthy();

    await reconcileAbsenceEvent(t.app.deps, a.tenant.id, absence, present('Anna – Abwesend'));
    expect(await remote(absence)).toContain('SUMMARY:Anna – Abwesend');
    expect((await row(absence))?.etag).not.toBe(created?.etag);

    for (let run = 0; run < 2; run += 1)
      expect(
        await reconcileAbsenceEvent(t.app.deps, a.tenant.id, absence, { present: false }),
      ).toBe('synced');
    expect(await remote(absence)).toBeNull();
    expect(await row(absence)).toMatchObject({ state: 'synced', href: null });
    const settings = await callAs(t.app, a.admin, 'GET', '/caldav/settings');
    expect(settings.json()).toMatchObject({ lastError: null });
    expect(settings.json<{ lastSyncAt: string | null }>().lastSyncAt).not.toBeNull();
  });

  it('throws a retryable error while the server is down and succeeds when it is back', async () => {
    const absence = await newAbsence();
    await radicale.stop();
    try {
      const error = await reconcileAbsenceEvent(
        t.app.deps,
        a.tenant.id,
        absence,
        present('Bert – Urlaub'),
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CaldavError);
      expect(error).toMatchObject({ retryable: true, code: 'connect' });
      expect(await row(absence)).toMatchObject({ state: 'pending', attempts: 1 });
    } finally {
      await radicale.start();
    }
    expect(
      await reconcileAbsenceEvent(t.app.deps, a.tenant.id, absence, present('Bert – Urlaub')),
    ).toBe('synced');
    expect(await remote(absence)).toContain('SUMMARY:Bert – Urlaub');
  });

  it('records a refused sign-in as a permanent error on the event and the company', async () => {
    await configure({ password: 'falsch' });
    const absence = await newAbsence();
    expect(
      await reconcileAbsenceEvent(t.app.deps, a.tenant.id, absence, present('Cleo – Urlaub')),
    ).toBe('error');
    expect(await row(absence)).toMatchObject({
      state: 'error',
      last_error: 'Anmeldung abgelehnt (401): Benutzername oder App-Passwort falsch.',
    });
    const settings = await callAs(t.app, a.admin, 'GET', '/caldav/settings');
    expect(settings.json()).toMatchObject({
      lastError: {
        de: 'Anmeldung abgelehnt (401): Benutzername oder App-Passwort falsch.',
        en: 'Sign-in refused (401): user name or app password is wrong.',
      },
    });
    // An error stored before the English column existed is shown in German in both languages.
    await t.database.db
      .updateTable('caldav_settings')
      .set({ last_error: 'Alter Fehler', last_error_en: null })
      .where('tenant_id', '=', a.tenant.id)
      .execute();
    const old = await callAs(t.app, a.admin, 'GET', '/caldav/settings');
    expect(old.json()).toMatchObject({ lastError: { de: 'Alter Fehler', en: 'Alter Fehler' } });
  });

  it('does nothing while sync is off', async () => {
    await configure({ enabled: false });
    const absence = await newAbsence();
    expect(
      await reconcileAbsenceEvent(t.app.deps, a.tenant.id, absence, present('Dora – Urlaub')),
    ).toBe('skipped');
    expect(await row(absence)).toBeUndefined();
    expect(await remote(absence)).toBeNull();
  });
});

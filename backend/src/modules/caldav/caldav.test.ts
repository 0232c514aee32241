import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { CONNECTION_TEST_LIMIT } from './connection-test.js';
import { decryptPassword } from './secret.js';

let database: TestDatabase;
let t: TestApp;
let a: Company;
let b: Company;

beforeAll(async () => {
  database = await createTestDatabase();
  // The loopback Radicale is an internal host: opened as an operator would, and only it.
  t = await buildTestApp({ database, redis: false, env: { CALDAV_ALLOWED_CIDRS: '127.0.0.1/32' } });
  a = await createCompany(database.db, 'Alpha');
  b = await createCompany(database.db, 'Beta');
});
afterAll(async () => {
  await t.close();
  await database.drop();
});

const settings = (overrides: object = {}) => ({
  url: 'https://cloud.example.com/remote.php/dav/calendars/timemaster-sync/firma/',
  username: SYNC_USER,
  password: 'app-passwort-geheim',
  enabled: true,
  titleTemplate: '{name} – {type}',
  privacy: 'type',
  syncedTypeIds: [] as string[],
  ...overrides,
});

const errorOf = (res: { json: () => unknown }) =>
  (res.json() as { error: { code: string; details?: { fields: { field: string }[] } } }).error;

async function storedRow(tenantId: string) {
  return database.db
    .selectFrom('caldav_settings')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
}

describe('CalDAV settings', () => {
  it('answers defaults before anything is configured', async () => {
    const res = await callAs(t.app, a.admin, 'GET', '/caldav/settings');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      url: '',
      passwordSet: false,
      enabled: false,
      titleTemplate: '{name} – {type}',
      privacy: 'type',
      syncedTypeIds: [],
    });
  });

  it('stores the password encrypted, never returns it, and keeps it when omitted', async () => {
    const saved = await callAs(
      t.app,
      a.admin,
      'PUT',
      '/caldav/settings',
      settings({ syncedTypeIds: [a.absenceType.id] }),
    );
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ passwordSet: true, syncedTypeIds: [a.absenceType.id] });
    expect(saved.body).not.toContain('app-passwort-geheim');
    const row = await storedRow(a.tenant.id);
    expect(row?.password_encrypted).toMatch(/^v1:/);
    expect(row?.password_encrypted).not.toContain('geheim');
    expect(decryptPassword(t.app.deps.caldavKey, a.tenant.id, row!.password_encrypted!)).toBe(
      'app-passwort-geheim',
    );

    const { password: _omitted, ...withoutPassword } = settings({ privacy: 'absent' });
    const kept = await callAs(t.app, a.admin, 'PUT', '/caldav/settings', withoutPassword);
    expect(kept.json()).toMatchObject({ passwordSet: true, privacy: 'absent' });
    expect((await storedRow(a.tenant.id))?.password_encrypted).toBe(row?.password_encrypted);

    const read = await callAs(t.app, a.admin, 'GET', '/caldav/settings');
    expect(read.body).not.toMatch(/password"|geheim|v1:/);

    const audit = await database.db
      .selectFrom('audit_log')
      .select(['action', 'before', 'after', 'actor_user_id'])
      .where('entity_type', '=', 'caldav_settings')
      .where('tenant_id', '=', a.tenant.id)
      .orderBy('id')
      .execute();
    expect(audit.map((e) => e.action)).toEqual([
      'caldav.settings_changed',
      'caldav.settings_changed',
    ]);
    expect(audit[0]).toMatchObject({ before: null, actor_user_id: a.admin.id });
    expect(audit[0]!.after).toMatchObject({ passwordChanged: true, passwordSet: true });
    expect(audit[1]!.after).toMatchObject({ passwordChanged: false, privacy: 'absent' });
    expect(JSON.stringify(audit)).not.toMatch(/geheim|v1:/);
  });

  it.each([
    ['an ftp URL', { url: 'ftp://cloud.example.com/cal/' }, 'body.url'],
    ['user info in the URL', { url: 'https://u:p@cloud.example.com/cal/' }, 'body.url'],
    ['not a URL', { url: 'cloud.example.com/cal' }, 'body.url'],
    ['enabling without a URL', { url: '' }, 'body.url'],
    ['enabling without a user', { username: '' }, 'body.username'],
    ['an empty title', { titleTemplate: '  ' }, 'body.titleTemplate'],
    ['an unknown privacy', { privacy: 'alles' }, 'body.privacy'],
  ])('refuses %s and changes nothing', async (_name, change, field) => {
    const before = await storedRow(b.tenant.id);
    const res = await callAs(t.app, b.admin, 'PUT', '/caldav/settings', settings(change));
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).code).toBe('VALIDATION_FAILED');
    expect(errorOf(res).details?.fields.map((f) => f.field)).toContain(field);
    expect(await storedRow(b.tenant.id)).toEqual(before);
  });

  it('refuses enabling without any stored password', async () => {
    const { password: _none, ...body } = settings();
    const res = await callAs(t.app, b.admin, 'PUT', '/caldav/settings', body);
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).details?.fields.map((f) => f.field)).toEqual(['body.password']);
  });

  it('refuses another company’s absence type', async () => {
    const res = await callAs(
      t.app,
      b.admin,
      'PUT',
      '/caldav/settings',
      settings({ syncedTypeIds: [a.absenceType.id] }),
    );
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).details?.fields.map((f) => f.field)).toEqual(['body.syncedTypeIds']);
    expect(await storedRow(b.tenant.id)).toBeUndefined();
  });

  it('keeps companies apart', async () => {
    const res = await callAs(t.app, b.admin, 'GET', '/caldav/settings');
    expect(res.json()).toMatchObject({ url: '', passwordSet: false });
  });
});

type Step = { step: string; status: string; code?: string; message?: { de: string; en: string } };

async function connectionTest(body: object) {
  const res = await callAs(t.app, a.admin, 'POST', '/caldav/test', body);
  expect(res.statusCode).toBe(200);
  return res.json<{ ok: boolean; steps: Step[] }>();
}

/** "url:ok dns:ok … write:skipped" — the whole walk in one comparable line. */
const walk = (result: { steps: Step[] }) =>
  result.steps.map((s) => `${s.step}:${s.status}`).join(' ');
const failed = (result: { steps: Step[] }) => result.steps.find((s) => s.status === 'failed');

describe('connection test without a server', () => {
  it('stops at an internal address with how to allow it', async () => {
    const result = await connectionTest({
      url: 'http://192.168.1.50/remote.php/dav/calendars/u/k/',
      username: 'u',
      password: 'p',
    });
    expect(result.ok).toBe(false);
    expect(walk(result)).toBe(
      'url:ok dns:ok policy:failed connect:skipped auth:skipped calendar:skipped write:skipped',
    );
    expect(failed(result)?.message?.de).toBe(
      'Adresse 192.168.1.50 ist gesperrt (internes Netz). Freischalten mit CALDAV_ALLOWED_CIDRS=192.168.1.50/32 in der .env',
    );
  });

  it('stops at a malformed URL', async () => {
    const result = await connectionTest({ url: 'webcal://x.example/', username: 'u' });
    expect(walk(result)).toMatch(/^url:failed dns:skipped/);
  });

  it('changes nothing', async () => {
    const before = await database.db.selectFrom('caldav_settings').selectAll().execute();
    await connectionTest({ url: 'http://10.0.0.1/', username: 'u', password: 'p' });
    expect(await database.db.selectFrom('caldav_settings').selectAll().execute()).toEqual(before);
  });
});

describe('connection test limit', () => {
  it('answers 429 with Retry-After after 30 tests of one company in 10 minutes, others unaffected', async () => {
    const c = await createCompany(database.db, 'Gamma OHG');
    const body = { url: 'webcal://x.example/', username: 'u' };
    for (let i = 0; i < CONNECTION_TEST_LIMIT.max; i += 1) {
      const res = await callAs(t.app, c.admin, 'POST', '/caldav/test', body);
      expect(res.statusCode, res.body).toBe(200);
    }
    const refused = await callAs(t.app, c.admin, 'POST', '/caldav/test', body);
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another company's admin still gets an answer.
    expect((await callAs(t.app, b.admin, 'POST', '/caldav/test', body)).statusCode).toBe(200);
  });
});

describe.skipIf(radicaleMissing)('connection test against Radicale', () => {
  let radicale: Radicale;
  beforeAll(async () => {
    radicale = await startRadicale();
    await radicale.createCalendar('firma');
  });
  afterAll(() => radicale.close());

  const form = (overrides: object = {}) => ({
    url: radicale.calendarUrl('firma'),
    username: SYNC_USER,
    password: SYNC_PASSWORD,
    ...overrides,
  });

  it('passes every step and leaves no probe event behind', async () => {
    const result = await connectionTest(form());
    expect(walk(result)).toBe('url:ok dns:ok policy:ok connect:ok auth:ok calendar:ok write:ok');
    expect(result.ok).toBe(true);
    const listing = await fetch(radicale.calendarUrl('firma'), {
      method: 'PROPFIND',
      headers: {
        depth: '1',
        authorization: `Basic ${Buffer.from(`${SYNC_USER}:${SYNC_PASSWORD}`).toString('base64')}`,
      },
    });
    expect(await listing.text()).not.toContain('.ics');
  });

  it('uses the stored password when the form has none', async () => {
    const { password: _none, ...body } = form();
    await callAs(t.app, a.admin, 'PUT', '/caldav/settings', {
      ...settings(),
      url: radicale.calendarUrl('firma'),
      password: SYNC_PASSWORD,
    });
    expect((await connectionTest(body)).ok).toBe(true);
  });

  it.each([
    [
      'a wrong password',
      () => ({ password: 'falsch' }),
      'url:ok dns:ok policy:ok connect:ok auth:failed calendar:skipped write:skipped',
      'Anmeldung abgelehnt (401): Benutzername oder App-Passwort falsch.',
    ],
    [
      'a calendar that does not exist',
      () => ({ url: radicale.calendarUrl('gibtsnicht') }),
      'url:ok dns:ok policy:ok connect:ok auth:ok calendar:failed write:skipped',
      'Kein Kalender unter dieser Adresse (404): Pfad oder Benutzer-ID prüfen.',
    ],
    [
      'the user folder instead of a calendar',
      () => ({ url: `${radicale.origin}/${SYNC_USER}/` }),
      'url:ok dns:ok policy:ok connect:ok auth:ok calendar:failed write:skipped',
      'Unter dieser Adresse liegt kein Kalender, sondern ein Ordner: bitte die Adresse des Kalenders selbst eintragen.',
    ],
    [
      'a port nothing listens on',
      () => ({ url: `http://127.0.0.1:1/${SYNC_USER}/firma/` }),
      'url:ok dns:ok policy:ok connect:failed auth:skipped calendar:skipped write:skipped',
      'Keine Verbindung zu 127.0.0.1 (Server aus oder Port falsch?).',
    ],
    [
      'the loopback server under its IPv6-mapped name when only 127.0.0.1 is open',
      () => ({ url: `http://[::ffff:127.0.0.2]:${radicale.port}/${SYNC_USER}/firma/` }),
      'url:ok dns:ok policy:failed connect:skipped auth:skipped calendar:skipped write:skipped',
      'Adresse 127.0.0.2 ist gesperrt (Loopback, dieser Server selbst). Freischalten mit CALDAV_ALLOWED_CIDRS=127.0.0.2/32 in der .env',
    ],
  ])('stops at %s', async (_name, change, expectedWalk, message) => {
    const result = await connectionTest(form(change()));
    expect(result.ok).toBe(false);
    expect(walk(result)).toBe(expectedWalk);
    expect(failed(result)?.message?.de).toBe(message);
  });
});

/**
 * Einstellungen → CalDAV in the browser: an admin enters the Radicale calendar, tests the
 * connection (a wrong password first, then the right one), saves, and the form then shows the
 * password only as "gespeichert". Then an absence is approved (through the API) and the app's own
 * job runner writes it to Radicale, where a CalDAV GET finds it (issue 6, item 7).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Db } from '../backend/src/db/index.js';
import { createDb } from '../backend/src/db/index.js';
import { seedDefaultAbsenceTypes } from '../backend/src/modules/absences/defaults.js';
import { PASSWORD, createTenant, createUser } from '../backend/test/factories.js';
import type { Radicale } from '../backend/test/radicale.js';
import {
  SYNC_PASSWORD,
  SYNC_USER,
  radicaleMissing,
  startRadicale,
} from '../backend/test/radicale.js';
import {
  DESKTOP,
  clientAddress,
  launchBrowser,
  newContext,
  seriousA11yViolations,
} from './browser.js';

const baseUrl = inject('e2eBaseUrl');
const databaseUrl = inject('e2eDatabaseUrl');
const run = Date.now().toString(36);
const admin = { email: `carla.${run}@kalender.test`, name: 'Carla Admin' };
const employee = { email: `emil.${run}@kalender.test`, name: 'Emil Urlauber' };
const syncAuth = `Basic ${Buffer.from(`${SYNC_USER}:${SYNC_PASSWORD}`).toString('base64')}`;

async function api<T>(path: string, body: unknown, token?: string): Promise<T> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: baseUrl,
      'x-forwarded-for': clientAddress(),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  expect(response.status, `${path}: ${text}`).toBeLessThan(300);
  return JSON.parse(text) as T;
}

const login = async (email: string) =>
  (await api<{ accessToken: string }>('/auth/login', { email, password: PASSWORD })).accessToken;

/** The calendar's event resources (a CalDAV PROPFIND, as any client would list them). */
async function eventHrefs(calendarUrl: string): Promise<string[]> {
  const response = await fetch(calendarUrl, {
    method: 'PROPFIND',
    headers: { authorization: syncAuth, depth: '1', 'content-type': 'application/xml' },
    body: '<?xml version="1.0"?><propfind xmlns="DAV:"><prop><getetag/></prop></propfind>',
  });
  return [...(await response.text()).matchAll(/<(?:\w+:)?href>([^<]+\.ics)</g)].map((m) => m[1]!);
}

describe.skipIf(!baseUrl || radicaleMissing)('CalDAV settings', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let db: Db;
  let radicale: Radicale;

  beforeAll(async () => {
    db = createDb(databaseUrl);
    const tenant = await createTenant(db, { name: `Kalender ${run}` });
    await seedDefaultAbsenceTypes(db, tenant.id);
    await createUser(db, { tenantId: tenant.id, role: 'admin', ...admin });
    const emil = await createUser(db, { tenantId: tenant.id, role: 'employee', ...employee });
    await db
      .insertInto('work_schedules')
      .values({
        tenant_id: tenant.id,
        user_id: emil.id,
        valid_from: '2020-01-01',
        minutes: [480, 480, 480, 480, 480, 0, 0],
      })
      .execute();
    radicale = await startRadicale();
    await radicale.createCalendar('abwesenheiten');
    browser = await launchBrowser();
    context = await newContext(browser, { viewport: DESKTOP });
    page = await context.newPage();
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('E-Mail-Adresse').fill(admin.email);
    await page.getByRole('textbox', { name: 'Passwort', exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await radicale?.close();
    await db?.destroy();
  });

  it('tests the connection, saves, and shows the password only as stored', async () => {
    await page.goto(`${baseUrl}/company-settings`);
    const section = page.getByRole('region', { name: 'Kalender (CalDAV)' });
    await section.getByTestId('caldav-url').waitFor();
    await section.getByLabel('Kalender-Adresse (URL)').fill(radicale.calendarUrl('abwesenheiten'));
    await section.getByLabel('Benutzername').fill(SYNC_USER);
    const password = section.getByRole('textbox', { name: 'App-Passwort' });
    await password.fill('falsch');
    await section.getByTestId('caldav-test').click();
    const result = section.getByTestId('caldav-test-result');
    await expect
      .poll(() => result.textContent())
      .toContain('Anmeldung abgelehnt (401): Benutzername oder App-Passwort falsch.');
    expect(await result.textContent()).toMatch(/Server ✓.*Anmeldung ✗.*Kalender –.*Schreibtest –/);

    await password.fill(SYNC_PASSWORD);
    await section.getByTestId('caldav-test').click();
    await expect
      .poll(() => result.textContent())
      .toMatch(/Server ✓.*Anmeldung ✓.*Kalender ✓.*Schreibtest ✓/);
    const violations = await seriousA11yViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);

    await section.getByLabel('Synchronisation an').check({ force: true });
    await section.getByLabel('Urlaub', { exact: true }).check();
    await section.getByTestId('caldav-save').click();
    await expect.poll(() => password.getAttribute('placeholder')).toBe('gespeichert');
    expect(await password.inputValue()).toBe('');

    // After a reload the password is still only "gespeichert", and the test uses the stored one.
    await page.reload();
    await section.getByTestId('caldav-test').click();
    await expect
      .poll(() => section.getByTestId('caldav-test-result').textContent())
      .toMatch(/Schreibtest ✓/);
    expect(await section.getByRole('textbox', { name: 'App-Passwort' }).inputValue()).toBe('');
  });

  it('writes an approved absence to the calendar (the job runner syncs it)', async () => {
    // Monday to Wednesday of a week well ahead.
    const monday = new Date();
    monday.setUTCDate(monday.getUTCDate() + 60);
    monday.setUTCDate(monday.getUTCDate() + ((8 - monday.getUTCDay()) % 7));
    const day = (n: number) =>
      new Date(monday.getTime() + n * 86_400_000).toISOString().slice(0, 10);
    const types = (await (
      await fetch(`${baseUrl}/api/v1/absence-types`, {
        headers: { authorization: `Bearer ${await login(admin.email)}` },
      })
    ).json()) as { id: string; key: string | null }[];
    const vacation = types.find((type) => type.key === 'vacation')!;
    const created = await api<{ absence: { id: string } }>(
      '/absences',
      { typeId: vacation.id, from: day(0), to: day(2) },
      await login(employee.email),
    );
    const id = created.absence.id;
    await api(`/absences/${id}/approve`, {}, await login(admin.email));

    const calendarUrl = radicale.calendarUrl('abwesenheiten');
    await expect
      .poll(async () => (await eventHrefs(calendarUrl)).find((href) => href.includes(id)), {
        timeout: 20_000,
      })
      .toBeTruthy();
    const href = (await eventHrefs(calendarUrl)).find((h) => h.includes(id))!;
    const event = await fetch(new URL(href, calendarUrl), { headers: { authorization: syncAuth } });
    expect(event.status).toBe(200);
    const text = await event.text();
    expect(text).toContain('SUMMARY:Emil Urlauber – Urlaub');
    expect(text).toContain(`DTSTART;VALUE=DATE:${day(0).replaceAll('-', '')}`);
    expect(text).toContain(`DTEND;VALUE=DATE:${day(3).replaceAll('-', '')}`);

    // The settings screen shows it as synchronised.
    await page.reload();
    const section = page.getByRole('region', { name: 'Kalender (CalDAV)' });
    await expect
      .poll(() => section.getByTestId('caldav-counts').textContent())
      .toContain('1 synchronisiert');
  });
});

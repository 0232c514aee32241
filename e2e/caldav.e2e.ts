/**
 * Einstellungen → CalDAV in the browser: an admin enters the Radicale calendar, tests the
 * connection (a wrong password first, then the right one), saves, and the form then shows the
 * password only as "gespeichert". The sync of an approved absence to this calendar follows with
 * the absences (issue 6, item 7).
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
import { DESKTOP, launchBrowser, newContext, seriousA11yViolations } from './browser.js';

const baseUrl = inject('e2eBaseUrl');
const databaseUrl = inject('e2eDatabaseUrl');
const run = Date.now().toString(36);
const admin = { email: `carla.${run}@kalender.test`, name: 'Carla Admin' };

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
});

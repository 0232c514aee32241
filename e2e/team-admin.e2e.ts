/**
 * The working-time screens of admins and managers, in the browser: an admin changes the edit
 * window, takes 24 December as a half closure day and sets the company's default schedule; a
 * manager opens last month's team view, finds a team member's handed-in month and approves it.
 * People are written to the database with the backend's factories; their time entries and the
 * month's hand-in go through the API, as the employee screens would send them. Every new screen
 * is checked with axe at desktop width and at 360 px.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Db } from '../backend/src/db/index.js';
import { createDb } from '../backend/src/db/index.js';
import { PASSWORD, createTeam, createTenant, createUser } from '../backend/test/factories.js';
import {
  DESKTOP,
  PHONE,
  clientAddress,
  launchBrowser,
  newContext,
  seriousA11yViolations,
} from './browser.js';

const baseUrl = inject('e2eBaseUrl');
const databaseUrl = inject('e2eDatabaseUrl');

const run = Date.now().toString(36);
const people = {
  admin: { email: `anna.${run}@werkstatt.test`, name: 'Anna Admin' },
  manager: { email: `mia.${run}@werkstatt.test`, name: 'Mia Meister' },
  employee: { email: `erik.${run}@werkstatt.test`, name: 'Erik Beispiel' },
};

/** Last month as "YYYY-MM" and two of its weekdays, in Berlin (the company's zone). */
function lastMonth(): { month: string; workdays: string[] } {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
  const [year, month] = today.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(year, month - 2, 1));
  const workdays: string[] = [];
  for (let d = new Date(first); workdays.length < 2; d.setUTCDate(d.getUTCDate() + 1)) {
    const weekday = d.getUTCDay();
    if (weekday >= 1 && weekday <= 5) workdays.push(d.toISOString().slice(0, 10));
  }
  return { month: first.toISOString().slice(0, 7), workdays };
}

async function apiLogin(email: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: baseUrl,
      'x-forwarded-for': clientAddress(),
    },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(response.status, `login ${email}`).toBe(200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

async function apiPost(token: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: baseUrl,
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify(body),
  });
  expect(response.status, `${path}: ${await response.clone().text()}`).toBeLessThan(300);
}

async function heading(page: Page): Promise<string> {
  // Long German titles carry soft hyphens for narrow screens.
  const text = (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
  return text.replace(/\u00ad/g, '');
}

async function expectNoA11yViolations(page: Page, where: string) {
  const violations = await seriousA11yViolations(page);
  expect(violations, `${where}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

async function expectNoSidewaysScroll(page: Page, where: string) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow, where).toBeLessThanOrEqual(0);
}

async function signIn(page: Page, email: string) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByRole('textbox', { name: 'Passwort', exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await expect.poll(() => heading(page)).toMatch(/^Willkommen, /);
}

describe.skipIf(!baseUrl)('working-time screens of admins and managers', () => {
  let browser: Browser;
  let db: Db;
  const contexts: BrowserContext[] = [];
  const { month, workdays } = lastMonth();

  // Sign-ins are rate-limited per address (30 in 15 min, shared by every run on this host), so
  // each role signs in once and the phone checks resize the same page.
  const pages = new Map<string, Page>();
  async function open(email: string, viewport = DESKTOP) {
    let page = pages.get(email);
    if (!page) {
      const context = await newContext(browser, { viewport });
      contexts.push(context);
      page = await context.newPage();
      await signIn(page, email);
      pages.set(email, page);
    }
    await page.setViewportSize(viewport);
    return page;
  }
  let employeeToken = '';

  beforeAll(async () => {
    db = createDb(databaseUrl);
    const tenant = await createTenant(db, { name: `Werkstatt ${run}` });
    const team = await createTeam(db, tenant.id, 'Werkstatt');
    await createUser(db, { tenantId: tenant.id, role: 'admin', ...people.admin });
    const manager = await createUser(db, {
      tenantId: tenant.id,
      role: 'manager',
      ...people.manager,
    });
    await createUser(db, {
      tenantId: tenant.id,
      role: 'employee',
      teamId: team.id,
      ...people.employee,
    });
    await db
      .insertInto('team_managers')
      .values({ tenant_id: tenant.id, team_id: team.id, user_id: manager.id })
      .execute();

    // The manager records two days of last month for Erik (with a reason, as corrections of
    // others need one); Erik hands the month in.
    const managerToken = await apiLogin(people.manager.email);
    const employee = await db
      .selectFrom('users')
      .select('id')
      .where('email', '=', people.employee.email)
      .executeTakeFirstOrThrow();
    for (const day of workdays) {
      await apiPost(managerToken, '/time/entries', {
        userId: employee.id,
        start: `${day}T07:00:00+01:00`,
        end: `${day}T15:00:00+01:00`,
        reason: 'Stundenzettel nachgetragen',
      });
    }
    employeeToken = await apiLogin(people.employee.email);
    await apiPost(employeeToken, '/time/months/submit', { month });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await db?.destroy();
  });

  it('an admin changes the edit window, adds a closure day and sets the company schedule', async () => {
    const page = await open(people.admin.email);
    await page.getByRole('navigation').getByRole('link', { name: 'Firmeneinstellungen' }).click();
    await expect.poll(() => heading(page)).toBe('Firmeneinstellungen');

    // Bearbeitungsfenster: explained in a sentence that follows the number.
    const editWindow = page.getByTestId('edit-window-days');
    await editWindow.fill('30');
    await expect
      .poll(() => page.getByText('bis zu 30 Tage zurück ändern').count())
      .toBeGreaterThan(0);
    await page.getByTestId('working-time-save').click();
    await expect
      .poll(() => page.getByText('Arbeitszeit-Einstellungen gespeichert.').isVisible())
      .toBe(true);
    await page.reload();
    await expect.poll(() => page.getByTestId('edit-window-days').inputValue()).toBe('30 Tage');

    // 24 December as a half day, in one click.
    const year = await page.getByTestId('closure-year').textContent();
    await page.getByTestId('closure-suggestion-christmasEve').click();
    const christmasEve = page.locator(`[data-testid="closure-day"][data-day="${year}-12-24"]`);
    await expect.poll(() => christmasEve.textContent()).toContain('Heiligabend');
    expect(await christmasEve.textContent()).toContain('Halber Tag');
    expect(await page.getByTestId('closure-suggestion-christmasEve').count()).toBe(0);
    await expectNoA11yViolations(page, 'company settings');

    // The company default schedule: 7,5 hours Monday to Friday from today.
    await page.getByRole('link', { name: /Arbeitszeitmodell der Firma/ }).click();
    await expect.poll(() => heading(page)).toBe('Arbeitszeitmodelle');
    expect(await page.getByTestId('schedule-in-force').textContent()).toContain(
      'Noch kein Firmenstandard',
    );
    await page.getByTestId('schedule-hours').fill('7,5');
    await expect.poll(() => page.getByText('7,5 = 7 h 30 min').isVisible()).toBe(true);
    expect(await page.getByTestId('schedule-weekly-sum').textContent()).toBe(
      'Woche: 37:30 h an 5 Tagen',
    );
    await page.getByTestId('schedule-save').click();
    const version = page.getByTestId('schedule-version');
    await expect.poll(() => version.getAttribute('data-state')).toBe('inForce');
    expect(await version.textContent()).toContain('Mo 7:30 h');
    expect(await page.getByTestId('schedule-in-force').textContent()).toContain('Woche: 37:30 h');
    // A version in force cannot be deleted; only planned ones offer it.
    expect(await version.getByTestId('schedule-delete').count()).toBe(0);
    await expectNoA11yViolations(page, 'schedules');
  });

  it('the admin screens work on a 360 px phone', async () => {
    const page = await open(people.admin.email, PHONE);
    for (const [path, title] of [
      ['/company-settings', 'Firmeneinstellungen'],
      ['/schedules', 'Arbeitszeitmodelle'],
    ] as const) {
      await page.goto(`${baseUrl}${path}`);
      await expect.poll(() => heading(page)).toBe(title);
      await page.getByTestId('loading').first().waitFor({ state: 'detached' });
      await expectNoSidewaysScroll(page, path);
      await expectNoA11yViolations(page, `${path} (360 px)`);
    }
  });

  it("a manager sees last month's team view and approves a handed-in month", async () => {
    const page = await open(people.manager.email);
    await page.getByRole('navigation').getByRole('link', { name: 'Team', exact: true }).click();
    await expect.poll(() => heading(page)).toBe('Team');
    await page.getByRole('button', { name: 'Vorheriger Monat' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('month')).toBe(month);

    const row = page.locator(`[data-testid="team-month-row"][data-name="${people.employee.name}"]`);
    await expect.poll(() => row.getByTestId('lock-badge').textContent()).toBe('Abgegeben');
    // Two days of 8 h: 16:00 h worked; the name links to Erik's month in the timesheet.
    expect(await row.textContent()).toContain('16:00 h');
    expect(
      await row.getByRole('link', { name: people.employee.name }).getAttribute('href'),
    ).toMatch(new RegExp(`^/timesheet\\?userId=[0-9a-f-]+&view=month&day=${month}-01$`));
    expect(await page.getByTestId('team-month-summary').textContent()).toContain('1 abgegeben');
    await expectNoA11yViolations(page, 'team month');

    await row.getByTestId('approve-month').click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.textContent()).toContain('gesperrt');
    await dialog.getByRole('button', { name: 'Genehmigen' }).click();
    await expect.poll(() => row.getByTestId('lock-badge').textContent()).toBe('✓Genehmigt');
    expect(await row.getByTestId('approve-month').count()).toBe(0);
    // Managers do not reopen; that is for admins.
    expect(await row.getByTestId('reopen-month').count()).toBe(0);

    // The ArbZG list and the live presence board.
    await page.getByRole('navigation').getByRole('link', { name: 'Arbeitszeitverstöße' }).click();
    await expect.poll(() => heading(page)).toBe('Arbeitszeitverstöße');
    await expect.poll(() => page.getByTestId('loading').count()).toBe(0);
    await expectNoA11yViolations(page, 'findings');
    await page.getByRole('navigation').getByRole('link', { name: 'Anwesenheit' }).click();
    await expect.poll(() => heading(page)).toBe('Anwesenheit');
    await expect
      .poll(() => page.getByTestId('presence-status').getAttribute('data-state'))
      .toBe('live');
    const erik = page.locator(
      `[data-testid="presence-person"][data-name="${people.employee.name}"]`,
    );
    expect(await erik.getAttribute('data-status')).toBe('off');
    expect(await page.getByTestId('presence-as-of').textContent()).toMatch(/^Stand \d\d:\d\d$/);

    // Erik clocks in: the board follows without a reload.
    await apiPost(employeeToken, '/clock/in', {});
    await expect.poll(() => erik.getAttribute('data-status')).toBe('working');
    expect(await page.getByTestId('presence-count-working').textContent()).toBe('1 anwesend');
    await expectNoA11yViolations(page, 'presence');
  });

  it('the manager screens work on a 360 px phone', async () => {
    const page = await open(people.manager.email, PHONE);
    await page.goto(`${baseUrl}/team?month=${month}`);
    await expect
      .poll(() =>
        page
          .locator(`[data-testid="team-month-row"][data-name="${people.employee.name}"]`)
          .getByTestId('lock-badge')
          .textContent(),
      )
      .toBe('✓Genehmigt');
    await expectNoSidewaysScroll(page, 'team');
    await expectNoA11yViolations(page, 'team (360 px)');

    await page.goto(`${baseUrl}/findings`);
    await expect.poll(() => heading(page)).toBe('Arbeitszeitverstöße');
    await expect.poll(() => page.getByTestId('loading').count()).toBe(0);
    await expectNoSidewaysScroll(page, 'findings');
    await expectNoA11yViolations(page, 'findings (360 px)');

    await page.goto(`${baseUrl}/presence`);
    await expect
      .poll(() => page.getByTestId('presence-status').getAttribute('data-state'))
      .toBe('live');
    await expectNoSidewaysScroll(page, 'presence');
    await expectNoA11yViolations(page, 'presence (360 px)');
  });
});

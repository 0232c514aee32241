/**
 * Berichte & Export in the browser: an admin opens the overview of last month, sorts it, opens
 * a person's month from it, and downloads the overview as XLSX; on a 360 px phone the table
 * scrolls sideways within itself, never the page. Then the statistics: balance trend, absence
 * days and ArbZG findings as charts (SVG) with their tables, on a desktop and a 360 px phone;
 * and an employee's "Meine Statistik" with only their own figures. Accessibility is checked on
 * the way.
 *
 * The company, its admin and two employees with a schedule and an entry are set up through the
 * API; the server runs on the real clock, so "last month" is computed here the same way.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DESKTOP, launchBrowser, newContext, PHONE, seriousA11yViolations } from './browser.js';
import { acceptInvitation, api } from './helpers.js';

const baseUrl = inject('e2eBaseUrl');
const superAdmin = inject('e2eSuperAdmin');

const run = Date.now().toString(36);
const admin = {
  email: `bericht.${run}@kanzlei.test`,
  name: 'Berta Bericht',
  password: 'Lohnabrechnung am Monatsende 2026',
};

/** Today in Berlin (the company's zone). */
function berlinToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
}

/** The first and last day of last month (the report's default period). */
function lastMonth(): { from: string; to: string } {
  const [year, month] = berlinToday().split('-').map(Number) as [number, number];
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  return {
    from: iso(new Date(Date.UTC(year, month - 2, 1))),
    to: iso(new Date(Date.UTC(year, month - 1, 0))),
  };
}

async function settled(page: Page) {
  await expect
    .poll(() =>
      page.evaluate(() => document.getAnimations().filter((a) => a.playState === 'running').length),
    )
    .toBe(0);
}

async function expectNoA11yViolations(page: Page, where: string) {
  await settled(page);
  const violations = await seriousA11yViolations(page);
  expect(violations, `${where}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

/** An employee of the company (signs in for "Meine Statistik"). */
function employee(name: string) {
  const email = `${name.split(' ')[0]!.toLowerCase().replace('ö', 'oe')}.${run}@kanzlei.test`;
  return { email, name, password: `${name} rechnet nach 2026` };
}
const anton = employee('Anton Ahorn');
const ozlem = employee('Özlem Öztürk');

describe.skipIf(!baseUrl)('reports: the overview of a period and its export', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const period = lastMonth();
  let adminToken = '';

  async function signedIn(viewport = DESKTOP, who = admin): Promise<Page> {
    const context = await newContext(browser, { viewport });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('E-Mail-Adresse').fill(who.email);
    await page.getByRole('textbox', { name: 'Passwort', exact: true }).fill(who.password);
    await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
    await expect
      .poll(async () => (await page.getByRole('heading', { level: 1 }).textContent()) ?? '')
      .toBe(`Willkommen, ${who.name}`);
    return page;
  }

  beforeAll(async () => {
    browser = await launchBrowser();
    const sa = await api<{ accessToken: string }>('/auth/login', {
      method: 'POST',
      body: superAdmin,
    });
    await api('/tenants', {
      method: 'POST',
      token: sa.accessToken,
      body: {
        name: `Kanzlei ${run}`,
        holidayRegion: 'DE-BE',
        firstAdmin: { email: admin.email, name: admin.name },
      },
    });
    const token = await acceptInvitation(admin.email, admin.name, admin.password);
    adminToken = token;
    await api('/schedules', {
      method: 'POST',
      token,
      body: {
        userId: null,
        validFrom: period.from,
        minutesPerWeekday: [480, 480, 480, 480, 480, 0, 0],
      },
    });
    // Invited people are not in a report until they have accepted.
    for (const person of [anton, ozlem]) {
      await api('/users', {
        method: 'POST',
        token,
        body: { email: person.email, name: person.name, role: 'employee', startDate: period.from },
      });
      await acceptInvitation(person.email, person.name, person.password);
    }
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  it('shows last month per person, sorts, links to the month and downloads the XLSX', async () => {
    const page = await signedIn();
    await page.getByRole('link', { name: 'Berichte' }).first().click();
    await expect.poll(() => page.getByTestId('overview-row').count()).toBe(3);
    expect(page.url()).toContain('/reports');
    expect(await page.getByTestId('reports-from').inputValue()).toBe(period.from);
    expect(await page.getByTestId('reports-to').inputValue()).toBe(period.to);
    await expectNoA11yViolations(page, 'reports (desktop)');

    const names = () =>
      page.getByTestId('overview-row').evaluateAll((rows) => rows.map((r) => r.dataset.name));
    expect(await names()).toEqual(['Anton Ahorn', admin.name, 'Özlem Öztürk']);
    await page.getByTestId('sort-name').click();
    await expect.poll(names).toEqual(['Özlem Öztürk', admin.name, 'Anton Ahorn']);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page
        .getByTestId('reports-export')
        .click()
        .then(() => page.getByRole('menuitem', { name: 'Excel (XLSX)' }).click()),
    ]);
    expect(download.suggestedFilename()).toBe(`Übersicht_${period.from}_${period.to}.xlsx`);
    // An XLSX file is a ZIP archive.
    expect((await readFile(await download.path())).subarray(0, 2).toString()).toBe('PK');

    await page.getByRole('link', { name: 'Anton Ahorn' }).click();
    await expect.poll(() => page.url()).toContain('/timesheet?');
    expect(page.url()).toContain(`day=${period.from}`);
  });

  it('makes all timesheets of the month as one ZIP, shows its progress and downloads it', async () => {
    const page = await signedIn();
    await page.goto(`${baseUrl}/reports`);
    await expect.poll(() => page.getByTestId('overview-row').count()).toBe(3);
    await page.getByRole('button', { name: 'Alle Stundenzettel (ZIP)' }).click();
    const row = page.getByTestId('archive-row').first();
    // The job runner of the app makes it; the row polls until it is done.
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 60_000 }).toBe('done');
    await expect.poll(() => row.textContent()).toContain('Fertig: 3 Stundenzettel');
    await expectNoA11yViolations(page, 'reports with a finished ZIP');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByTestId('archive-download').click(),
    ]);
    const month = period.from.slice(0, 7);
    expect(download.suggestedFilename()).toBe(`Stundenzettel_${month}.zip`);
    const zip = await readFile(await download.path());
    expect(zip.subarray(0, 2).toString()).toBe('PK');
    // The entry names stand in the ZIP's directory as plain text.
    for (const name of ['Anton_Ahorn', 'Berta_Bericht', 'Oezlem_Oeztuerk']) {
      expect(zip.toString('latin1')).toContain(`Stundenzettel_${month}_${name}.pdf`);
    }
  });

  it('keeps a 360 px phone from scrolling sideways: the table scrolls within itself', async () => {
    const page = await signedIn(PHONE);
    await page.goto(`${baseUrl}/reports`);
    await expect.poll(() => page.getByTestId('overview-row').count()).toBe(3);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    const table = page.getByTestId('overview-table');
    const scrolls = await table.evaluate((el) => {
      const box = el.parentElement!;
      return box.scrollWidth > box.clientWidth;
    });
    expect(scrolls).toBe(true);
    await expectNoA11yViolations(page, 'reports (360 px)');
  });

  describe('statistics', () => {
    /** A weekday of last month: the `n`-th Tuesday (a Monday may be Easter Monday). */
    function tuesday(n: number): string {
      const first = new Date(`${period.from}T00:00:00Z`);
      const offset = (2 - first.getUTCDay() + 7) % 7;
      first.setUTCDate(first.getUTCDate() + offset + 7 * n);
      return first.toISOString().slice(0, 10);
    }

    beforeAll(async () => {
      const users = await api<{ id: string; name: string }[]>('/users', { token: adminToken });
      const person = (name: string) => users.find((u) => u.name === name)!.id;
      const types = await api<{ id: string; key: string | null }[]>('/absence-types', {
        token: adminToken,
      });
      // Anton was sick on two days (recorded by the admin: sickness needs no approval) …
      const sick = types.find((type) => type.key === 'sick')!;
      const day = tuesday(1);
      const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString();
      await api('/absences', {
        method: 'POST',
        token: adminToken,
        body: { userId: person('Anton Ahorn'), typeId: sick.id, from: day, to: next.slice(0, 10) },
      });
      // … and Özlem worked eleven hours without a break (ArbZG findings).
      const long = tuesday(2);
      await api('/time/entries', {
        method: 'POST',
        token: adminToken,
        body: {
          userId: person('Özlem Öztürk'),
          start: `${long}T05:00:00Z`,
          end: `${long}T16:00:00Z`,
          reason: 'Inventur nachgetragen',
        },
      });
    });

    const SECTIONS = ['statistics-balance', 'statistics-absences', 'statistics-findings'];
    const chartsDrawn = (page: Page) =>
      Promise.all(
        SECTIONS.map((id) =>
          page.getByTestId(`${id}-chart`).locator('svg.recharts-surface').count(),
        ),
      );

    it('draws the balance trend, absences and findings, with their tables and a person', async () => {
      const page = await signedIn();
      await page.getByRole('link', { name: 'Berichte' }).first().click();
      await page.getByRole('link', { name: 'Statistik' }).click();
      await expect.poll(() => page.url()).toContain('/reports/statistics');
      await expect.poll(() => chartsDrawn(page)).toEqual([1, 1, 1]);
      expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual([
        'Gleitzeitsaldo am Monatsende',
        'Abwesenheitstage je Monat und Art',
        'ArbZG-Befunde je Monat',
      ]);
      // The key figure first, in German formats.
      const summary = (id: string) => page.getByTestId(`${id}-summary`).textContent();
      expect(await summary('statistics-balance')).toMatch(
        /^Ø Saldo am \w\w, \d\d\.\d\d\.\d{4}: [+−]?\d+:\d\d h je Person – zusammen [+−]?\d+:\d\d h \(3 Personen\)\.$/,
      );
      expect(await summary('statistics-absences')).toMatch(/^[12] Tage? abwesend von .+ bis .+\./);
      expect(await summary('statistics-findings')).toMatch(
        /^\d+ ArbZG-Befunde? von .+, davon \d+ Verstö/,
      );
      // Every chart has its table for screen readers; "Als Tabelle" shows it instead.
      const table = page.getByTestId('statistics-findings-table');
      // Visually hidden: a 1 px box that clips the table.
      const tableWidth = () =>
        table.evaluate((el) => el.parentElement!.getBoundingClientRect().width);
      expect(await tableWidth()).toBeLessThanOrEqual(1);
      expect(await table.locator('tbody tr').count()).toBe(12);
      await page.getByTestId('statistics-findings-as-table').click();
      await expect.poll(tableWidth).toBeGreaterThan(300);
      expect(await page.getByTestId('statistics-findings-chart').count()).toBe(0);
      expect(
        await page.getByTestId('statistics-findings-as-table').getAttribute('aria-pressed'),
      ).toBe('true');

      await page.getByTestId('statistics-person').selectOption({ label: 'Özlem Öztürk' });
      await expect
        .poll(() => summary('statistics-balance'))
        .toMatch(/Özlem Öztürk: [+−]?\d+:\d\d h\.$/);
      expect(page.url()).toContain('person=');
      await expect
        .poll(() => page.getByTestId('statistics-balance-table').locator('th').allTextContents())
        .toContain('Özlem Öztürk');
      await expectNoA11yViolations(page, 'statistics (desktop)');
    });

    it('fits a 360 px phone: the charts shrink to the screen, the page never scrolls sideways', async () => {
      const page = await signedIn(PHONE);
      await page.goto(`${baseUrl}/reports/statistics`);
      await expect.poll(() => chartsDrawn(page)).toEqual([1, 1, 1]);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      const widths = await page
        .locator('svg.recharts-surface')
        .evaluateAll((svgs) => svgs.map((svg) => svg.getBoundingClientRect().width));
      expect(widths).toHaveLength(3);
      for (const width of widths) {
        expect(width).toBeGreaterThan(200);
        expect(width).toBeLessThanOrEqual(360);
      }
      await expectNoA11yViolations(page, 'statistics (360 px)');
    });

    it('gives an employee "Meine Statistik": their own balance line, no filters, no overview', async () => {
      const page = await signedIn(DESKTOP, anton);
      expect(await page.getByRole('link', { name: 'Berichte' }).count()).toBe(0);
      await page.getByRole('link', { name: 'Meine Statistik' }).first().click();
      await expect.poll(() => page.url()).toContain('/reports/statistics');
      await expect.poll(() => chartsDrawn(page)).toEqual([1, 1, 0]);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Meine Statistik');
      // Their own line and figure, not an average of people.
      const summary = (id: string) => page.getByTestId(`${id}-summary`).textContent();
      expect(await summary('statistics-balance')).toMatch(
        /^Dein Saldo am \w\w, \d\d\.\d\d\.\d{4}: [+−]?\d+:\d\d h\.$/,
      );
      expect(
        await page.getByTestId('statistics-balance-table').locator('thead th').allTextContents(),
      ).toEqual(['Monat', 'Mein Saldo']);
      // Anton's sick days are his; Özlem's long day is not, so he has no findings.
      expect(await summary('statistics-absences')).toMatch(/^[12] Tage? abwesend von .+ bis .+\./);
      expect(await page.getByTestId('statistics-findings-empty').textContent()).toBe(
        'Keine ArbZG-Befunde in diesem Zeitraum.',
      );
      // Nothing to filter, and no way to the overview, which is not his.
      for (const testId of ['team-filter', 'statistics-person', 'reports-view-overview']) {
        expect(await page.getByTestId(testId).count(), testId).toBe(0);
      }
      expect(await page.getByText('Özlem Öztürk').count()).toBe(0);
      await expectNoA11yViolations(page, 'my statistics (desktop)');

      // On a phone too, without scrolling sideways.
      const phone = await signedIn(PHONE, anton);
      await phone.goto(`${baseUrl}/reports/statistics`);
      await expect.poll(() => chartsDrawn(phone)).toEqual([1, 1, 0]);
      expect(
        await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).toBeLessThanOrEqual(0);
      await expectNoA11yViolations(phone, 'my statistics (360 px)');

      // The overview stays closed to him.
      await page.goto(`${baseUrl}/reports`);
      await expect.poll(() => page.getByTestId('forbidden').count()).toBe(1);
    });
  });
});

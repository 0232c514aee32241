/**
 * The working-time flow in the browser: an employee clocks in, takes a break, clocks out (and
 * undoes it once), then adds a forgotten entry to yesterday with a reason and sees the Saldo
 * move by exactly its length, and reads the fix in the entry's Historie; accessibility and the
 * 360 px layout are checked on the way.
 *
 * The company, its admin, the employee and a work schedule (so there is a Soll) are set up
 * through the API. The server runs on the real clock, so assertions are on states and entries,
 * never on exact minutes of the clock itself.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DESKTOP, launchBrowser, newContext, seriousA11yViolations } from './browser.js';
import { acceptInvitation, api } from './helpers.js';

const baseUrl = inject('e2eBaseUrl');
const superAdmin = inject('e2eSuperAdmin');

const run = Date.now().toString(36);
const employee = {
  email: `zeit.${run}@werkstatt.test`,
  name: 'Zoe Zeitlos',
  password: 'Kommen und Gehen im Takt 2026',
};
const PHONE_SMALL = { width: 360, height: 640 };

/** A calendar day in Berlin (the company's zone), `offset` days from today. */
function berlinDay(offset = 0): string {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + offset);
  return date.toISOString().slice(0, 10);
}

/** Screenshots for a person to look at, when E2E_SCREENSHOT_DIR is set (not used by CI). */
async function snap(page: Page, name: string) {
  const dir = process.env.E2E_SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

/** Waits until transitions (a drawer sliding in, a toast) are over, so axe sees the end state. */
async function settled(page: Page) {
  await expect
    .poll(() =>
      page.evaluate(() => document.getAnimations().filter((a) => a.playState === 'running').length),
    )
    .toBe(0);
}

async function expectNoA11yViolations(page: Page, where: string) {
  await settled(page);
  await snap(page, where.replace(/[^a-z0-9]+/gi, '-'));
  const violations = await seriousA11yViolations(page);
  expect(violations, `${where}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

async function heading(page: Page): Promise<string> {
  return (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
}

function clockStatus(page: Page) {
  return page.getByTestId('clock-status').getAttribute('data-status');
}

async function balanceMinutes(page: Page): Promise<number> {
  return Number(await page.getByTestId('balance').getAttribute('data-minutes'));
}

describe.skipIf(!baseUrl)('working time: clock, timesheet and balance', () => {
  let browser: Browser;
  let employeeToken: string;
  const contexts: BrowserContext[] = [];

  async function signedIn(viewport = DESKTOP): Promise<Page> {
    const context = await newContext(browser, { viewport });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('E-Mail-Adresse').fill(employee.email);
    await page.getByRole('textbox', { name: 'Passwort', exact: true }).fill(employee.password);
    await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
    await expect.poll(() => heading(page)).toBe(`Willkommen, ${employee.name}`);
    return page;
  }

  beforeAll(async () => {
    browser = await launchBrowser();
    const sa = await api<{ accessToken: string }>('/auth/login', {
      method: 'POST',
      body: superAdmin,
    });
    const adminEmail = `chefin.${run}@werkstatt.test`;
    await api('/tenants', {
      method: 'POST',
      token: sa.accessToken,
      body: {
        name: `Werkstatt ${run}`,
        holidayRegion: 'DE-BE',
        firstAdmin: { email: adminEmail, name: 'Clara Chefin' },
      },
    });
    const adminToken = await acceptInvitation(
      adminEmail,
      'Clara Chefin',
      'Werkbank und Hobel 2026!',
    );
    // Employed since two weeks, so yesterday counts towards the balance.
    const person = await api<{ id: string }>('/users', {
      method: 'POST',
      token: adminToken,
      body: {
        email: employee.email,
        name: employee.name,
        role: 'employee',
        startDate: berlinDay(-14),
      },
    });
    await api('/schedules', {
      method: 'POST',
      token: adminToken,
      body: {
        userId: person.id,
        validFrom: berlinDay(-14),
        minutesPerWeekday: [480, 480, 480, 480, 480, 0, 0],
      },
    });
    employeeToken = await acceptInvitation(employee.email, employee.name, employee.password);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  it('clocks in, takes a break, clocks out and undoes the clock-out once', async () => {
    const page = await signedIn();
    await expect.poll(() => clockStatus(page)).toBe('off');
    expect(await page.getByTestId('clock-status').textContent()).toContain('Nicht eingestempelt');
    await expectNoA11yViolations(page, 'dashboard (desktop, off)');

    await page.getByRole('button', { name: 'Kommen', exact: true }).click();
    await expect.poll(() => clockStatus(page)).toBe('working');
    expect(await page.getByTestId('clock-status').textContent()).toMatch(
      /^Arbeitet seit \d\d:\d\d$/,
    );

    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await expect.poll(() => clockStatus(page)).toBe('break');
    expect(await page.getByTestId('clock-status').textContent()).toMatch(
      /^In Pause seit \d\d:\d\d$/,
    );

    await page.getByRole('button', { name: 'Pause beenden', exact: true }).click();
    await expect.poll(() => clockStatus(page)).toBe('working');
    await expectNoA11yViolations(page, 'dashboard (desktop, working)');

    // Gehen acts at once and offers undo; undo clocks in again.
    await page.getByRole('button', { name: 'Gehen', exact: true }).click();
    await expect.poll(() => clockStatus(page)).toBe('off');
    const toast = page.getByTestId('clock-out-toast');
    await expect.poll(() => toast.isVisible()).toBe(true);
    await toast.getByRole('button', { name: 'Rückgängig' }).click();
    await expect.poll(() => clockStatus(page)).toBe('working');
    await page.getByRole('button', { name: 'Gehen', exact: true }).click();
    await expect.poll(() => clockStatus(page)).toBe('off');

    // The state survives a reload, and the server has the record: three closed entries today.
    await page.reload();
    await expect.poll(() => clockStatus(page)).toBe('off');
    const today = berlinDay();
    const sheet = await api<{ days: { entries: { end: string | null }[] }[] }>(
      `/time/days?from=${today}&to=${today}`,
      { token: employeeToken },
    );
    const entries = sheet.days[0]!.entries;
    expect(entries).toHaveLength(3);
    expect(entries.every((e) => e.end !== null)).toBe(true);

    // The header clock is on the other pages.
    await page.getByRole('navigation').getByRole('link', { name: 'Meine Zeiten' }).click();
    await expect.poll(() => heading(page)).toBe('Meine Zeiten');
    expect(await page.getByTestId('header-clock').getAttribute('data-status')).toBe('off');
  });

  it('adds a forgotten entry to yesterday with a reason and the Saldo moves by its length', async () => {
    const page = await signedIn();
    const yesterday = berlinDay(-1);
    // As the reminder mail links it: the day's week with the day's drawer open.
    await page.goto(`${baseUrl}/timesheet?day=${yesterday}`);
    const drawer = page.getByRole('dialog');
    await expect.poll(() => drawer.isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('balance').isVisible()).toBe(true);
    const before = await balanceMinutes(page);
    await expectNoA11yViolations(page, 'timesheet drawer (desktop)');

    await drawer.getByRole('button', { name: 'Eintrag hinzufügen' }).click();
    await drawer.getByLabel('Von').fill('800');
    await drawer.getByLabel('Bis').fill('1000');
    await drawer.getByLabel('Bis').press('Tab');
    // Two fields give the third; the typed times are shown normalised.
    await expect.poll(() => drawer.getByLabel('Dauer').inputValue()).toBe('2:00');
    expect(await drawer.getByLabel('Von').inputValue()).toBe('08:00');
    // The reason is mandatory.
    await drawer.getByRole('button', { name: 'Speichern' }).click();
    await expect.poll(() => drawer.getByText('Bitte gib einen Grund').isVisible()).toBe(true);
    await drawer.getByLabel('Grund der Änderung').fill('Vergessen zu stempeln');
    await drawer.getByRole('button', { name: 'Speichern' }).click();

    const item = drawer.getByTestId('entry-item');
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.textContent()).toContain('08:00 – 10:00');
    expect(await item.textContent()).toContain('manuell');
    await expect.poll(() => balanceMinutes(page)).toBe(before + 120);

    // Fixing it: a longer Dauer moves Bis and the Saldo follows.
    await item.getByRole('button', { name: /^Bearbeiten/ }).click();
    await drawer.getByLabel('Dauer').fill('2,5');
    await drawer.getByLabel('Dauer').press('Tab');
    await expect.poll(() => drawer.getByLabel('Bis').inputValue()).toBe('10:30');
    await drawer.getByLabel('Grund der Änderung').fill('Länger gearbeitet als notiert');
    await drawer.getByRole('button', { name: 'Speichern' }).click();
    await expect.poll(() => item.textContent()).toContain('08:00 – 10:30');
    await expect.poll(() => balanceMinutes(page)).toBe(before + 150);

    // The Historie says what changed, when, by whom and why (UX rule 7).
    const historyButton = item.getByRole('button', { name: /^Historie/ });
    await historyButton.click();
    const history = item.getByTestId('entry-history');
    await expect.poll(() => history.isVisible()).toBe(true);
    expect(await historyButton.getAttribute('aria-expanded')).toBe('true');
    const changes = (await history.textContent()) ?? '';
    expect(changes).toContain('hinzugefügt: 08:00 – 10:00');
    expect(changes).toContain('Grund: „Vergessen zu stempeln“');
    expect(changes).toContain('geändert: Bis 10:00 → 10:30');
    expect(changes).toContain('Grund: „Länger gearbeitet als notiert“');
    expect(changes).toContain(employee.name);
    await expectNoA11yViolations(page, 'timesheet drawer with Historie (desktop)');

    // The Saldo explains itself.
    await page.keyboard.press('Escape');
    await expect.poll(() => drawer.isVisible()).toBe(false);
    await page.getByTestId('balance').click();
    await expect
      .poll(() => page.getByTestId('balance-breakdown').textContent())
      .toContain('Saldo am');
    await page.keyboard.press('Escape');
    await expectNoA11yViolations(page, 'timesheet week (desktop)');

    // The segmented control's radios are visually hidden; people tap the label.
    await page
      .locator('label')
      .filter({ hasText: /^Monat$/ })
      .click();
    await expect
      .poll(() => page.getByRole('radio', { name: 'Monat' }).isChecked(), { timeout: 10_000 })
      .toBe(true);
    await expect
      .poll(() => page.getByTestId('day-list').getByTestId('day-row').count(), { timeout: 10_000 })
      .toBeGreaterThan(27);
    await expectNoA11yViolations(page, 'timesheet month (desktop)');

    // The month as the signed PDF (Stundenzettel), downloaded with the session's token.
    await page.getByTestId('timesheet-export').click();
    await page.getByRole('menuitem', { name: /^PDF/ }).waitFor();
    await expectNoA11yViolations(page, 'timesheet export menu (desktop)');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: /^PDF/ }).click(),
    ]);
    const month = berlinDay(0).slice(0, 7);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^Stundenzettel_${month}_.+\\.pdf$`));
    expect((await readFile(await download.path())).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('works on a 360 px phone: the clock button without scrolling, no a11y violations', async () => {
    const page = await signedIn(PHONE_SMALL);
    const button = page.getByRole('button', { name: 'Kommen', exact: true });
    await expect.poll(() => button.isVisible()).toBe(true);
    const box = await button.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y + box!.height).toBeLessThanOrEqual(PHONE_SMALL.height);
    expect(box!.height).toBeGreaterThanOrEqual(44);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await expectNoA11yViolations(page, 'dashboard (360 px)');

    await page.goto(`${baseUrl}/timesheet`);
    await expect.poll(() => page.getByTestId('day-row').count()).toBe(7);
    await expectNoA11yViolations(page, 'timesheet (360 px)');
    await page.getByTestId('day-row').first().getByRole('link').click();
    await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(true);
    await expectNoA11yViolations(page, 'timesheet drawer (360 px)');
  });
});

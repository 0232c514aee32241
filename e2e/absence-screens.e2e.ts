/**
 * The absence screens around the request flow, in the browser: an admin sets a person's
 * entitlement by hand with a reason in "Urlaubsansprüche" and the row and the account say so;
 * a colleague opens the person's Jahresansicht from the team calendar and finds the approved
 * vacation; the person subscribes to their absences as an iCal feed, the feed serves the
 * vacation, and after revoking it serves nothing; the admin records a sickness for the person,
 * who uploads the AU as a PDF on the sickness card, the admin downloads it from
 * "Krankmeldungen" byte for byte, and colleagues see the sickness only as "abwesend". Every
 * screen is checked with axe at 1280 and 360 px.
 *
 * People, team and schedule are written with the backend's factories, the vacation is requested
 * and approved through the API (absence-flow.e2e.ts does that on the screens); everything the
 * screens are about goes through them.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Db } from '../backend/src/db/index.js';
import { createDb } from '../backend/src/db/index.js';
import { publicHolidayName } from '../backend/src/domain/holidays.js';
import { seedDefaultAbsenceTypes } from '../backend/src/modules/absences/defaults.js';
import { createTeam, createTenant, createUser } from '../backend/test/factories.js';
import { DESKTOP, launchBrowser } from './browser.js';
import {
  Sessions,
  addDays,
  api,
  apiLogin,
  berlinToday,
  employFullTime,
  eventually,
  expectAccessibleScreen,
  expectNoA11yViolations,
  expectTouchTargets,
  germanDate,
  heading,
  weekday,
} from './helpers.js';

const baseUrl = inject('e2eBaseUrl');
const databaseUrl = inject('e2eDatabaseUrl');

const run = Date.now().toString(36);
const people = {
  admin: { email: `anja.${run}@lager.test`, name: 'Anja Admin' },
  employee: { email: `erik.${run}@lager.test`, name: 'Erik Beispiel' },
  colleague: { email: `kim.${run}@lager.test`, name: 'Kim Kollegin' },
};

/** A small PDF, as a scanner would send it (the server looks at the first bytes). */
const CERTIFICATE = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n' +
    '2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n' +
    'trailer << /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);

/**
 * Monday to Wednesday of a week at least two weeks ahead, without public holidays and within
 * one year, so the vacation is three working days whatever day the test runs.
 */
function quietDays(region: string) {
  let monday = addDays(berlinToday(), 14);
  monday = addDays(monday, (8 - weekday(monday)) % 7);
  for (; ; monday = addDays(monday, 7)) {
    const days = [0, 1, 2].map((d) => addDays(monday, d));
    if (days.some((d) => publicHolidayName(d, region))) continue;
    if (days[0]!.slice(0, 4) !== days[2]!.slice(0, 4)) continue;
    return {
      from: days[0]!,
      to: days[2]!,
      year: days[0]!.slice(0, 4),
      month: days[0]!.slice(0, 7),
    };
  }
}

/** The last working day before today (a weekday that is no public holiday). */
function lastWorkday(region: string): string {
  let day = addDays(berlinToday(), -1);
  while (weekday(day) === 0 || weekday(day) === 6 || publicHolidayName(day, region))
    day = addDays(day, -1);
  return day;
}

describe.skipIf(!baseUrl)('absence screens: entitlements, year view, iCal feed, sick notes', () => {
  let browser: Browser;
  let db: Db;
  let employeeId = '';
  let vacationId = '';
  const vacation = quietDays('DE-BY');
  const sickDay = lastWorkday('DE-BY');
  const sessions = new Sessions(() => browser);
  const open = (email: string, viewport = DESKTOP) => sessions.open(email, viewport);

  beforeAll(async () => {
    db = createDb(databaseUrl);
    const tenant = await createTenant(db, { name: `Lager ${run}` });
    await seedDefaultAbsenceTypes(db, tenant.id);
    const team = await createTeam(db, tenant.id, 'Lager');
    await createUser(db, { tenantId: tenant.id, role: 'admin', ...people.admin });
    const employee = await createUser(db, {
      tenantId: tenant.id,
      role: 'employee',
      teamId: team.id,
      ...people.employee,
    });
    employeeId = employee.id;
    await createUser(db, {
      tenantId: tenant.id,
      role: 'employee',
      teamId: team.id,
      ...people.colleague,
    });
    await employFullTime(db, tenant.id, employee.id);

    const [employeeToken, adminToken] = await Promise.all([
      apiLogin(people.employee.email),
      apiLogin(people.admin.email),
    ]);
    const types = await api<{ id: string; key: string | null }[]>('/absence-types', {
      token: employeeToken,
    });
    const created = await api<{ absence: { id: string } }>('/absences', {
      method: 'POST',
      token: employeeToken,
      body: {
        typeId: types.find((t) => t.key === 'vacation')!.id,
        from: vacation.from,
        to: vacation.to,
      },
    });
    vacationId = created.absence.id;
    await api(`/absences/${vacationId}/approve`, { method: 'POST', token: adminToken, body: {} });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await sessions.close();
    await browser?.close();
    await db?.destroy();
  });

  it('lets the admin set an entitlement with a reason, and the row and the account say why', async () => {
    const page = await open(people.admin.email);
    await page.getByRole('navigation').getByRole('link', { name: 'Urlaubsansprüche' }).click();
    await eventually(() => heading(page)).toBe('Urlaubsansprüche');
    await page.goto(`${baseUrl}/vacation/entitlements?year=${vacation.year}`);
    await eventually(() => page.getByTestId('entitlements-year').textContent()).toBe(vacation.year);
    const table = page.getByTestId('entitlements-table');
    await eventually(() => table.isVisible()).toBe(true);
    // The company's people, each with their figures.
    expect(await page.getByTestId('entitlements-count').textContent()).toBe('3 Personen');
    const tableText = (await table.textContent()) ?? '';
    for (const person of Object.values(people)) expect(tableText).toContain(person.name);

    const row = page.getByTestId(`entitlement-${employeeId}`);
    const cell = async (column: number) =>
      Number(
        ((await row.locator('td').nth(column).locator('.tm-num').textContent()) ?? '').replace(
          ',',
          '.',
        ),
      );
    const columns = { computed: 2, override: 3, planned: 7, remaining: 8 };
    const computed = await cell(columns.computed);
    expect(computed).toBeGreaterThan(0);
    expect(await row.locator('td').nth(columns.override).textContent()).toBe('–');
    expect(await cell(columns.planned)).toBe(3);
    const remainingBefore = await cell(columns.remaining);
    // The wide table scrolls in its own box, the page does not.
    await expectAccessibleScreen(page, 'entitlements');

    await page.getByRole('button', { name: `Aktionen für ${people.employee.name}` }).click();
    await page.getByRole('menuitem', { name: 'Anspruch festlegen' }).click();
    const dialog = page.getByRole('dialog', {
      name: `Anspruch ${vacation.year} für ${people.employee.name} festlegen`,
    });
    await eventually(() => dialog.isVisible()).toBe(true);
    const days = dialog.getByLabel('Anspruch in Tagen');
    expect(await days.inputValue()).toBe(String(computed));
    const target = computed - 2;
    await days.fill(String(target));
    // Without a reason nothing is saved.
    await dialog.getByRole('button', { name: 'Speichern' }).click();
    await eventually(() => dialog.getByText('Gib einen Grund ein.').isVisible()).toBe(true);
    await expectNoA11yViolations(page, 'entitlement override dialog (desktop)');
    const reason = 'Sonderregelung laut Arbeitsvertrag';
    await dialog.getByLabel('Grund').fill(reason);
    await dialog.getByRole('button', { name: 'Speichern' }).click();
    await eventually(() => dialog.count()).toBe(0);

    await eventually(() => cell(columns.override)).toBe(target);
    expect(await cell(columns.remaining)).toBe(remainingBefore - 2);
    expect(await row.getByTestId('entitlement-override-reason').textContent()).toBe(`„${reason}“`);
    await expectAccessibleScreen(page, 'entitlements with an override');

    // "Konto ansehen": the person's account shows the figure and explains it.
    await page.getByRole('button', { name: `Aktionen für ${people.employee.name}` }).click();
    await page.getByRole('menuitem', { name: 'Konto ansehen' }).click();
    await eventually(() => heading(page)).toBe('Urlaubskonto');
    const entitlement = page.getByTestId('vacation-figure-entitlement');
    await eventually(() => entitlement.getByRole('button').textContent()).toContain(
      `${target} Tage`,
    );
    await entitlement.getByRole('button').click();
    await eventually(() => entitlement.getByTestId('vacation-override').textContent()).toMatch(
      new RegExp(
        `^Von Hand festgelegt auf ${target} Tage von ${people.admin.name} am .+: „${reason}“ \\(berechnet wären ${computed} Tage\\)\\.$`,
      ),
    );
  });

  it('opens a person’s year from the team calendar, with the vacation in it', async () => {
    const page = await open(people.colleague.email);
    await page.goto(`${baseUrl}/calendar?month=${vacation.month}`);
    await eventually(() => heading(page)).toBe('Teamkalender');
    await page.getByRole('link', { name: people.employee.name, exact: true }).click();
    await eventually(() => heading(page)).toBe(`Jahresansicht: ${people.employee.name}`);
    expect(new URL(page.url()).searchParams.get('year')).toBe(vacation.year);

    const grid = page.getByTestId('year-grid');
    const month = grid.locator(`[data-testid="calendar-row"][data-row="${vacation.month}"]`);
    const bars = month.locator(`[data-absence="${vacationId}"]`);
    await eventually(() => bars.count()).toBe(3);
    // Vacation is a type colleagues may see.
    expect(await bars.first().getAttribute('aria-label')).toBe(
      `U: ${people.employee.name}, ${await weekdayDate(page, vacation.from)}: Urlaub, Genehmigt`,
    );
    await expectAccessibleScreen(page, 'year view');
  });

  it('makes an iCal feed that serves the vacation, and ends it on revoking', async () => {
    const page = await open(people.employee.email);
    await page.goto(`${baseUrl}/calendar`);
    const panel = page.getByTestId('feed-panel');
    await eventually(() => panel.isVisible()).toBe(true);
    expect(await panel.getByRole('heading', { level: 2 }).textContent()).toBe(
      'Kalender abonnieren',
    );
    expect(await panel.getByLabel('Was').inputValue()).toBe('person');
    await panel.getByRole('button', { name: 'Adresse erstellen' }).click();
    const address = panel.getByRole('textbox', { name: 'Abo-Adresse' });
    await eventually(() => address.isVisible()).toBe(true);
    const url = await address.inputValue();
    expect(url).toMatch(new RegExp(`^${baseUrl}/api/v1/ical/[A-Za-z0-9_-]+\\.ics$`));
    await eventually(() => panel.getByTestId('feed-item').count()).toBe(1);
    await expectAccessibleScreen(page, 'calendar feed made', (where) =>
      expectTouchTargets(panel.getByRole('button'), where),
    );

    // As a calendar app fetches it: no session, the secret in the URL.
    const feed = await fetch(url);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/);
    const ics = await feed.text();
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toContain('SUMMARY:Urlaub\r\n');
    expect(ics).toContain(`DTSTART;VALUE=DATE:${vacation.from.replaceAll('-', '')}`);
    expect(ics).toContain(`DTEND;VALUE=DATE:${addDays(vacation.to, 1).replaceAll('-', '')}`);

    await panel.getByRole('button', { name: 'Meine Abwesenheiten widerrufen' }).click();
    const confirm = page.getByRole('dialog', { name: 'Abo widerrufen?' });
    await eventually(() => confirm.isVisible()).toBe(true);
    await expectNoA11yViolations(page, 'revoke calendar feed (desktop)');
    await confirm.getByRole('button', { name: 'Widerrufen' }).click();
    await eventually(() => panel.getByTestId('feed-item').count()).toBe(0);
    const revoked = await fetch(url);
    expect([404, 410]).toContain(revoked.status);
    expect(await revoked.text()).not.toContain('BEGIN:VCALENDAR');
  });

  it('lets the admin record a sickness and the employee upload the AU, which the admin downloads', async () => {
    // The admin records it in the inbox: the last working day, over now. (An open end is the
    // form's default, but the person's vacation ahead would overlap an open sickness.)
    const admin = await open(people.admin.email);
    await admin.goto(`${baseUrl}/approvals`);
    await admin.getByTestId('record-sickness').click();
    const form = admin.getByRole('dialog', { name: 'Krankheit erfassen' });
    await eventually(() => form.isVisible()).toBe(true);
    await form.getByLabel('Person').selectOption({ label: people.employee.name });
    await form.getByLabel('Ende noch offen').uncheck();
    await form.getByRole('button', { name: 'Zeitraum' }).click();
    await pickDay(admin, sickDay);
    await pickDay(admin, sickDay);
    await eventually(() => form.getByRole('button', { name: 'Zeitraum' }).textContent()).toBe(
      `${germanDate(sickDay)} – ${germanDate(sickDay)}`,
    );
    await eventually(() => form.getByTestId('absence-count').textContent()).toMatch(
      /^1 Arbeitstag\b/,
    );
    await expectAccessibleScreen(admin, 'record sickness');
    await form.getByRole('button', { name: 'Eintragen' }).click();
    await eventually(() => form.count()).toBe(0);

    // The employee finds it among their absences and uploads the certificate on its card.
    const page = await open(people.employee.email);
    await page.goto(`${baseUrl}/absences`);
    await page.getByTestId('absences-past-toggle').click();
    const slot = page.locator('#absences-past').getByTestId('sick-note-slot');
    await eventually(() => slot.count()).toBe(1);
    await slot.getByTestId('sick-note-input').setInputFiles({
      name: 'AU-Bescheinigung.pdf',
      mimeType: 'application/pdf',
      buffer: CERTIFICATE,
    });
    await eventually(() => slot.getByTestId('sick-note').textContent()).toContain(
      'AU-Bescheinigung.pdf',
    );
    await expectAccessibleScreen(page, 'my absences with a sick note', (where) =>
      expectTouchTargets(slot.getByRole('button'), where),
    );

    // The admin sees it received in "Krankmeldungen" and downloads the very bytes.
    await admin.getByRole('navigation').getByRole('link', { name: 'Krankmeldungen' }).click();
    await eventually(() => heading(admin)).toBe('Krankmeldungen');
    const sickness = admin.getByTestId('sickness').filter({ hasText: people.employee.name });
    await eventually(() => sickness.count()).toBe(1);
    const card = (await sickness.textContent()) ?? '';
    expect(card).toMatch(
      new RegExp(`Krankheit · \\w+, ${germanDate(sickDay)} – \\w+, ${germanDate(sickDay)}`),
    );
    expect(card).toContain('AU liegt vor');
    expect(card).toContain('Entgeltfortzahlung: ');
    await sickness.getByRole('button', { name: 'Krankmeldungen (1)' }).click();
    const note = sickness.getByTestId('sick-note');
    await eventually(() => note.count()).toBe(1);
    const [download] = await Promise.all([
      admin.waitForEvent('download'),
      note.getByRole('button', { name: /^Herunterladen\b.*AU-Bescheinigung\.pdf$/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('AU-Bescheinigung.pdf');
    const bytes = await readFile(await download.path());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.equals(CERTIFICATE)).toBe(true);
    await expectAccessibleScreen(admin, 'sick notes', (where) =>
      expectTouchTargets(sickness.getByRole('button'), where),
    );
  });

  it('shows colleagues the sickness only as "abwesend"', async () => {
    const page = await open(people.colleague.email);
    await page.goto(`${baseUrl}/calendar?month=${sickDay.slice(0, 7)}`);
    await eventually(() => heading(page)).toBe('Teamkalender');
    const day = await weekdayDate(page, sickDay);
    const sick = page.locator(
      `[data-row="${employeeId}"] [data-testid="absence-bar"][aria-label*="${day}"]`,
    );
    await eventually(() => sick.count()).toBe(1);
    expect(await sick.getAttribute('aria-label')).toBe(
      `A: ${people.employee.name}, ${day}: abwesend, Genehmigt`,
    );
    expect(await page.getByTestId('calendar-grid').textContent()).not.toContain('Krankheit');
  });
});

/** "Mo, 04.01.2027" – a day as the calendar names it (the weekday from the page's locale). */
async function weekdayDate(page: Page, day: string): Promise<string> {
  const weekdayName = await page.evaluate(
    (d) =>
      new Intl.DateTimeFormat('de-DE', { weekday: 'short', timeZone: 'UTC' })
        .format(new Date(`${d}T12:00:00Z`))
        .replace(/\.$/, ''),
    day,
  );
  return `${weekdayName}, ${germanDate(day)}`;
}

/**
 * Taps a day in the open date picker, going back a month when it is not shown (the days are
 * named as Mantine names them: "27 November 2026").
 */
async function pickDay(page: Page, day: string) {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const monthName = new Intl.DateTimeFormat('de-DE', { month: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, 1)),
  );
  const button = page.locator(
    `button[aria-label="${date} ${monthName} ${year}"]:not([data-outside])`,
  );
  const previous = page.getByRole('button', { name: 'Vorheriger Monat' });
  await previous.waitFor(); // the picker is open
  if ((await button.count()) === 0) await previous.click();
  await button.click();
}

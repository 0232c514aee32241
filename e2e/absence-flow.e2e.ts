/**
 * The absence flow in the browser (issue 5): an employee requests vacation over a public
 * holiday and the live count leaves the holiday out; the manager approves it in the inbox
 * (after trying undo once); the employee's vacation account counts the days as planned and the
 * team calendar shows them, to a colleague as well; the employee asks to cancel it; the manager
 * approves the cancellation; the employee sees it cancelled, the days are back on the account
 * and gone from the calendar. The form, the inbox, the account and the calendar are checked
 * with axe at 1280 and 360 px.
 *
 * People, team and schedule are written with the backend's factories (as team-admin.e2e.ts
 * does); everything the flow is about goes through the screens. The week is the next one with
 * a public holiday on a Tuesday to Thursday in the company's Bundesland, so the test keeps
 * working whatever day it runs on; the expected count comes from the backend's holiday table.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Db } from '../backend/src/db/index.js';
import { createDb } from '../backend/src/db/index.js';
import { publicHolidayName } from '../backend/src/domain/holidays.js';
import { seedDefaultAbsenceTypes } from '../backend/src/modules/absences/defaults.js';
import { createTeam, createTenant, createUser } from '../backend/test/factories.js';
import { DESKTOP, PHONE, launchBrowser } from './browser.js';
import {
  Sessions,
  addDays,
  berlinToday,
  employFullTime,
  eventually,
  expectAccessibleScreen,
  expectNoA11yViolations,
  expectNoSidewaysScroll,
  germanDate,
  heading,
  parseDays,
  weekday,
} from './helpers.js';

const baseUrl = inject('e2eBaseUrl');
const databaseUrl = inject('e2eDatabaseUrl');

const run = Date.now().toString(36);
const people = {
  manager: { email: `mara.${run}@urlaub.test`, name: 'Mara Meister' },
  employee: { email: `ulla.${run}@urlaub.test`, name: 'Ulla Urlaub' },
  colleague: { email: `kai.${run}@urlaub.test`, name: 'Kai Kollege' },
};

/**
 * Monday to Friday of the next week (at least a week ahead) with a public holiday on a
 * Tuesday, Wednesday or Thursday in `region`, the holiday, and the working days left in it.
 */
function holidayWeek(region: string) {
  const start = addDays(berlinToday(), 7);
  for (let i = 0; i < 800; i += 1) {
    const day = addDays(start, i);
    const name = publicHolidayName(day, region);
    if (!name || weekday(day) < 2 || weekday(day) > 4) continue;
    const monday = addDays(day, 1 - weekday(day));
    const week = [0, 1, 2, 3, 4].map((d) => addDays(monday, d));
    const workdays = week.filter((d) => !publicHolidayName(d, region)).length;
    // The account and the calendar look at the holiday's year and month (the week may reach
    // into the one before).
    const year = day.slice(0, 4);
    const month = day.slice(0, 7);
    return {
      from: week[0]!,
      to: week[4]!,
      holiday: day,
      name,
      workdays,
      year,
      month,
      workdaysInYear: week.filter((d) => d.startsWith(year) && !publicHolidayName(d, region))
        .length,
      daysInMonth: week.filter((d) => d.startsWith(month)).length,
    };
  }
  throw new Error(`no holiday on a Tuesday to Thursday in ${region}`);
}

describe.skipIf(!baseUrl)('absences: request, approval, cancellation', () => {
  let browser: Browser;
  let db: Db;
  let absenceStatus: () => Promise<string | undefined>;
  let absenceCount: () => Promise<number>;
  let employeeId = '';
  const week = holidayWeek('DE-BY');
  const sessions = new Sessions(() => browser);
  const open = (email: string, viewport = DESKTOP) => sessions.open(email, viewport);

  beforeAll(async () => {
    db = createDb(databaseUrl);
    const tenant = await createTenant(db, { name: `Urlaubsfirma ${run}` });
    expect(tenant.holiday_region).toBe('DE-BY');
    await seedDefaultAbsenceTypes(db, tenant.id);
    const team = await createTeam(db, tenant.id, 'Montage');
    const manager = await createUser(db, {
      tenantId: tenant.id,
      role: 'manager',
      ...people.manager,
    });
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
    await db
      .insertInto('team_managers')
      .values({ tenant_id: tenant.id, team_id: team.id, user_id: manager.id })
      .execute();
    await employFullTime(db, tenant.id, employee.id);
    absenceStatus = async () =>
      (
        await db
          .selectFrom('absences')
          .select('status')
          .where('user_id', '=', employee.id)
          .executeTakeFirst()
      )?.status;
    absenceCount = async () =>
      Number(
        (
          await db
            .selectFrom('absences')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('user_id', '=', employee.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await sessions.close();
    await browser?.close();
    await db?.destroy();
  });

  it('counts the request live without the holiday and sends it', async () => {
    const page = await open(people.employee.email);
    await page.getByRole('navigation').getByRole('link', { name: 'Meine Abwesenheiten' }).click();
    await eventually(() => heading(page)).toBe('Meine Abwesenheiten');
    await eventually(() => page.getByTestId('absences-empty').isVisible()).toBe(true);
    await expectNoA11yViolations(page, 'my absences, empty (desktop)');

    // The button opens the form; the team calendar will open it with the days prefilled.
    await page.getByTestId('request-absence').click();
    const dialog = page.getByRole('dialog', { name: 'Abwesenheit beantragen' });
    await eventually(() => dialog.isVisible()).toBe(true);
    expect(await dialog.getByRole('radio', { name: 'Urlaub' }).isChecked()).toBe(true);
    await page.goto(`${baseUrl}/absences?request=new&from=${week.from}&to=${week.to}`);
    await eventually(() => dialog.isVisible()).toBe(true);

    const count = dialog.getByTestId('absence-count');
    const days = (n: number) => `${String(n).replace('.', ',')} Arbeitstage`;
    await eventually(() => count.textContent()).toMatch(
      new RegExp(`^${days(week.workdays)} – danach \\d+(,\\d)? übrig$`),
    );
    // Five weekdays, the holiday not among the counted ones: the breakdown names it.
    await dialog.getByRole('button', { name: 'Tage einzeln anzeigen' }).click();
    const rows = dialog.getByTestId('absence-day');
    await eventually(() => rows.count()).toBe(5);
    const [y, m, d] = week.holiday.split('-');
    const holidayRow = rows.filter({ hasText: `${d}.${m}.${y}` });
    expect(await holidayRow.textContent()).toContain(`0 · ${week.name}`);
    expect(await dialog.getByTestId('absent-colleagues').textContent()).toContain(
      'Niemand aus deinem Team.',
    );

    // The half-day switch for the last day recounts at once.
    const halfEnd = dialog.getByRole('switch', { name: 'Letzter Tag nur halb (bis Mittag)' });
    await halfEnd.check();
    await eventually(() => count.textContent()).toMatch(
      new RegExp(`^${days(week.workdays - 0.5)} – `),
    );
    await halfEnd.uncheck();
    await eventually(() => count.textContent()).toMatch(new RegExp(`^${days(week.workdays)} – `));
    await expectNoA11yViolations(page, 'request form (desktop)');

    await page.setViewportSize(PHONE);
    await eventually(() => dialog.getByTestId('absence-submit').isVisible()).toBe(true);
    await expectNoA11yViolations(page, 'request form (360 px)');
    await expectNoSidewaysScroll(page, 'request form (360 px)');
    await page.setViewportSize(DESKTOP);

    await dialog.getByLabel('Notiz').fill('Brückentage mit der Familie');
    const submit = dialog.getByTestId('absence-submit');
    // A double tap sends one request: the button is busy after the first.
    await submit.dblclick();
    await eventually(() => dialog.isVisible()).toBe(false);
    await eventually(() =>
      page.getByTestId('absences-pending').getByTestId('absence-card').count(),
    ).toBe(1);
    const card = page.getByTestId('absences-pending').getByTestId('absence-card');
    expect(await card.getByTestId('absence-status').textContent()).toBe('Beantragt');
    expect(await card.textContent()).toContain(days(week.workdays));
    expect(await absenceStatus()).toBe('requested');
    expect(await absenceCount()).toBe(1);

    // The same days again: the form names the request in the way.
    await page.goto(`${baseUrl}/absences?request=new&from=${week.from}&to=${week.from}`);
    await eventually(() => dialog.getByTestId('absence-refusal').textContent()).toContain(
      'überschneidet sich mit der bestehenden Abwesenheit „Urlaub“',
    );
    expect(await dialog.getByTestId('absence-submit').isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
    await eventually(() => dialog.isVisible()).toBe(false);
  });

  it('lets the manager approve in the inbox, with undo', async () => {
    const page = await open(people.manager.email);
    const nav = page.getByRole('navigation');
    await eventually(() => nav.getByTestId('approvals-badge').textContent()).toBe('1');
    await nav.getByRole('link', { name: /^Genehmigungen/ }).click();
    await eventually(() => heading(page)).toBe('Genehmigungen');
    const card = page.getByTestId('approval-card');
    await eventually(() => card.count()).toBe(1);
    const text = (await card.textContent()) ?? '';
    expect(text).toContain(people.employee.name);
    expect(text).toContain('Urlaub');
    expect(text).toContain(`${week.workdays} Arbeitstage`);
    expect(text).toContain('Resturlaub danach');
    expect(text).toContain('Notiz: Brückentage mit der Familie');
    await expectAccessibleScreen(page, 'approvals inbox');

    // Approve, then undo: the card comes back and nothing was sent.
    await card.getByTestId('approve').click();
    await eventually(() => card.count()).toBe(0);
    const toast = page.getByTestId('approve-toast');
    await toast.getByRole('button', { name: 'Rückgängig' }).click();
    await eventually(() => card.count()).toBe(1);
    expect(await absenceStatus()).toBe('requested');

    // Approve with the keyboard (A on the selected card); closing the toast sends it at once.
    await card.focus();
    await page.keyboard.press('a');
    await eventually(() => page.getByTestId('approvals-empty').textContent()).toContain(
      'Alles erledigt ✓',
    );
    await page
      .locator('.mantine-Notification-root')
      .filter({ has: page.getByTestId('approve-toast') })
      .getByRole('button', { name: 'Schließen' })
      .click();
    await eventually(() => absenceStatus()).toBe('approved');
    await eventually(() => nav.getByTestId('approvals-badge').count()).toBe(0);
  });

  /** A figure of the vacation account on the page ("Geplant 4 Tage" → 4); 0 when not shown. */
  async function figure(page: Page, which: string): Promise<number> {
    const value = page
      .getByTestId(`vacation-figure-${which}`)
      .getByRole('button')
      .locator('.tm-num');
    return (await value.count()) === 0 ? 0 : parseDays(await value.textContent());
  }

  /** The account of the holiday's year, once loaded; with all its figures. */
  async function vacationAccount(page: Page) {
    await page.goto(`${baseUrl}/vacation?year=${week.year}`);
    await eventually(() => heading(page)).toBe('Urlaubskonto');
    await eventually(() => page.getByTestId('vacation-sentence').isVisible()).toBe(true);
    expect(await page.locator('#vacation-year').textContent()).toBe(`Urlaubsjahr ${week.year}`);
    const figures = ['entitlement', 'carried', 'adjustments', 'taken', 'planned', 'expired'];
    const [entitlement, carried, adjustments, taken, planned, expired] = await Promise.all(
      figures.map((which) => figure(page, which)),
    );
    const remaining = await figure(page, 'remaining');
    // The account adds up as its formula says, whatever the company's default entitlement.
    expect(remaining).toBe(entitlement! + carried! + adjustments! - taken! - planned! - expired!);
    return {
      entitlement: entitlement!,
      carried: carried!,
      adjustments: adjustments!,
      taken: taken!,
      planned: planned!,
      remaining,
    };
  }

  function employeeBars(page: Page) {
    return page
      .locator(`[data-testid="calendar-row"][data-row="${employeeId}"]`)
      .getByTestId('absence-bar');
  }

  async function teamCalendar(page: Page) {
    await page.goto(`${baseUrl}/calendar?month=${week.month}`);
    await eventually(() => heading(page)).toBe('Teamkalender');
    await eventually(() => page.getByTestId('calendar-grid').isVisible()).toBe(true);
  }

  // What the account said after the approval, to compare with after the cancellation.
  let remainingWhileApproved = Number.NaN;

  it('shows the approved days as planned in the vacation account', async () => {
    const page = await open(people.employee.email);
    const account = await vacationAccount(page);
    // The week lies ahead: its working days are planned, none taken; the holiday is not counted.
    expect(account.planned).toBe(week.workdaysInYear);
    expect(account.taken).toBe(0);
    // Nothing else on the account: what is left is the entitlement less these days.
    expect(account.remaining).toBe(
      account.entitlement + account.carried + account.adjustments - week.workdaysInYear,
    );
    remainingWhileApproved = account.remaining;
    const sentence = await page.getByTestId('vacation-sentence').textContent();
    expect(sentence).toContain(`${String(account.remaining).replace('.', ',')} Urlaubstag`);

    // "Geplant" explains itself: the approved absence with its days, not marked as pending.
    const planned = page.getByTestId('vacation-figure-planned');
    await planned.getByRole('button').click();
    await eventually(() => planned.getByRole('button').getAttribute('aria-expanded')).toBe('true');
    const explained = (await planned.textContent()) ?? '';
    expect(explained).toMatch(
      new RegExp(
        `${germanDate(week.from)} – \\w+, ${germanDate(week.to)}: ${week.workdaysInYear} Tage`,
      ),
    );
    expect(explained).not.toContain('(beantragt)');
    await expectAccessibleScreen(page, 'vacation account');
  });

  it('shows the approved days in the team calendar, to a colleague as well', async () => {
    const page = await open(people.employee.email);
    await teamCalendar(page);
    const bars = employeeBars(page);
    await eventually(() => bars.count()).toBe(week.daysInMonth);
    // Every day of the week in the month is a solid "U" (approved), the holiday too.
    for (const label of await bars.evaluateAll((els) => els.map((el) => el.ariaLabel ?? '')))
      expect(label).toMatch(
        new RegExp(
          `^U: ${people.employee.name}, \\w+, \\d\\d\\.\\d\\d\\.\\d{4}: Urlaub, Genehmigt$`,
        ),
      );
    expect(await bars.first().getAttribute('data-pending')).toBe('false');
    await bars.first().click();
    const details = page.getByTestId('absence-details');
    await eventually(() => details.isVisible()).toBe(true);
    const text = (await details.textContent()) ?? '';
    expect(text).toContain(people.employee.name);
    expect(text).toContain('Urlaub');
    expect(text).toContain(germanDate(week.from));
    expect(text).toContain(germanDate(week.to));
    expect(text).toContain('Genehmigt');
    await expectNoA11yViolations(page, 'team calendar with details (desktop)');
    await page.keyboard.press('Escape');
    await eventually(() => details.count()).toBe(0);

    // Only the calendar itself scrolls sideways, never the page.
    await expectAccessibleScreen(page, 'team calendar');

    // A colleague sees the days too, and which type: vacation is visible to colleagues (the
    // default; sickness shows only "abwesend", see absence-screens.e2e.ts).
    const colleague = await open(people.colleague.email);
    await teamCalendar(colleague);
    const seen = employeeBars(colleague);
    await eventually(() => seen.count()).toBe(week.daysInMonth);
    expect(await seen.first().getAttribute('aria-label')).toMatch(/: Urlaub, Genehmigt$/);
  });

  it('shows the employee the approval and takes their request to cancel', async () => {
    const page = await open(people.employee.email);
    await page.goto(`${baseUrl}/absences`);
    const card = page.getByTestId('absences-upcoming').getByTestId('absence-card');
    await eventually(() => card.getByTestId('absence-status').textContent()).toBe('Genehmigt');

    await card.getByRole('button', { name: 'Stornierung beantragen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Stornierung beantragen' });
    await eventually(() => dialog.isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'Stornierung beantragen' }).click();
    await eventually(() => dialog.getByText('Bitte gib einen Grund an.').isVisible()).toBe(true);
    await dialog.getByLabel('Grund').fill('Die Familie fährt doch nicht');
    await dialog.getByRole('button', { name: 'Stornierung beantragen' }).click();
    await eventually(() => dialog.isVisible()).toBe(false);
    const pending = page.getByTestId('absences-pending').getByTestId('absence-card');
    await eventually(() => pending.getByTestId('absence-status').textContent()).toBe(
      'Storno beantragt',
    );
    expect(await absenceStatus()).toBe('cancel_requested');
  });

  it('lets the manager approve the cancellation, and the employee sees it cancelled', async () => {
    const manager = await open(people.manager.email);
    await manager.goto(`${baseUrl}/approvals`);
    await manager.getByTestId('tab-cancellations').click();
    const card = manager.getByTestId('approval-card');
    await eventually(() => card.count()).toBe(1);
    expect(await card.textContent()).toContain(
      'Grund der Stornierung: „Die Familie fährt doch nicht“',
    );
    await expectNoA11yViolations(manager, 'approvals, cancellations (desktop)');
    await card.getByRole('button', { name: 'Stornierung genehmigen' }).click();
    // Left alone, the undo toast closes after five seconds and the decision goes out.
    await eventually(() => absenceStatus(), 15_000).toBe('cancelled');

    const page = await open(people.employee.email);
    await page.goto(`${baseUrl}/absences`);
    await page.getByTestId('absences-past-toggle').click();
    const past = page.locator('#absences-past').getByTestId('absence-card');
    await eventually(() => past.getByTestId('absence-status').textContent()).toBe('Storniert');
    expect(await page.getByTestId('absences-pending').getByTestId('absence-card').count()).toBe(0);
    await expectNoA11yViolations(page, 'my absences with history (desktop)');
  });

  it('gives the days back and takes them off the calendar once the cancellation is approved', async () => {
    const page = await open(people.employee.email);
    const account = await vacationAccount(page);
    expect(account.planned).toBe(0);
    expect(account.remaining).toBe(remainingWhileApproved + week.workdaysInYear);

    await teamCalendar(page);
    const row = page.locator(`[data-testid="calendar-row"][data-row="${employeeId}"]`);
    await eventually(() => row.count()).toBe(1);
    await eventually(() => employeeBars(page).count()).toBe(0);
    const colleague = await open(people.colleague.email);
    await teamCalendar(colleague);
    await eventually(() => employeeBars(colleague).count()).toBe(0);
  });
});

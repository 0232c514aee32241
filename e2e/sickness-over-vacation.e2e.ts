/**
 * Sickness during vacation (§ 9 BUrlG) in the browser: the employee records a sickness over
 * two days of their approved vacation. The live preview says the days would come back; sending
 * answers with what becomes of the vacation (split in two) and a confirm button; confirming
 * records the sickness, splits the vacation and gives the two days back on the account. The
 * confirmation is checked with axe at 1280 and 360 px.
 */
import type { Browser } from 'playwright-core';
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
  expectNoA11yViolations,
  expectNoSidewaysScroll,
  weekday,
} from './helpers.js';

const baseUrl = inject('e2eBaseUrl');
const databaseUrl = inject('e2eDatabaseUrl');

const run = Date.now().toString(36);
const employee = { email: `sina.${run}@krank.test`, name: 'Sina Schnupfen' };
const manager = { email: `mats.${run}@krank.test`, name: 'Mats Meister' };

/** Monday to Friday of the next week (at least a week ahead) without a public holiday. */
function plainWeek(region: string): string[] {
  let monday = addDays(berlinToday(), 7);
  monday = addDays(monday, (8 - weekday(monday)) % 7);
  for (let i = 0; i < 60; i += 1, monday = addDays(monday, 7)) {
    const week = [0, 1, 2, 3, 4].map((d) => addDays(monday, d));
    if (week.every((d) => !publicHolidayName(d, region))) return week;
  }
  throw new Error('no week without a holiday');
}

describe.skipIf(!baseUrl)('sickness during vacation', () => {
  let browser: Browser;
  let db: Db;
  let employeeId = '';
  let vacationTypeId = '';
  let sickTypeId = '';
  const week = plainWeek('DE-BY');
  const sessions = new Sessions(() => browser);

  beforeAll(async () => {
    db = createDb(databaseUrl);
    const tenant = await createTenant(db, { name: `Krankfirma ${run}` });
    await seedDefaultAbsenceTypes(db, tenant.id);
    const team = await createTeam(db, tenant.id, 'Lager');
    const boss = await createUser(db, { tenantId: tenant.id, role: 'manager', ...manager });
    const person = await createUser(db, {
      tenantId: tenant.id,
      role: 'employee',
      teamId: team.id,
      ...employee,
    });
    employeeId = person.id;
    await db
      .insertInto('team_managers')
      .values({ tenant_id: tenant.id, team_id: team.id, user_id: boss.id })
      .execute();
    await employFullTime(db, tenant.id, person.id);
    const types = await db
      .selectFrom('absence_types')
      .select(['id', 'key'])
      .where('tenant_id', '=', tenant.id)
      .execute();
    vacationTypeId = types.find((t) => t.key === 'vacation')!.id;
    sickTypeId = types.find((t) => t.key === 'sick')!.id;
    // The approved vacation of the whole week.
    await db
      .insertInto('absences')
      .values({
        tenant_id: tenant.id,
        user_id: person.id,
        type_id: vacationTypeId,
        start_day: week[0]!,
        end_day: week[4]!,
        status: 'approved',
        created_by: person.id,
        decided_by: boss.id,
        decided_at: new Date(),
      })
      .execute();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await sessions.close();
    await browser?.close();
    await db?.destroy();
  });

  it('asks to give the vacation days back, then records the sickness', async () => {
    const page = await sessions.open(employee.email, DESKTOP);
    // Sick on Tuesday and Wednesday of the vacation week.
    await page.goto(
      `${baseUrl}/absences?request=new&from=${week[1]}&to=${week[2]}&type=${sickTypeId}`,
    );
    const dialog = page.getByRole('dialog');
    await eventually(() => dialog.isVisible()).toBe(true);
    await eventually(() => dialog.getByTestId('absence-warning').textContent()).toContain(
      '2 Urlaubstage werden zurückgebucht',
    );
    const submit = dialog.getByTestId('absence-submit');
    expect(await submit.isDisabled()).toBe(false);
    await submit.click();

    const confirm = dialog.getByTestId('absence-vacation-return');
    await eventually(() => confirm.isVisible()).toBe(true);
    const text = (await confirm.textContent()) ?? '';
    expect(text).toContain('wird geteilt in');
    expect(text).toContain('2 Urlaubstage zurück');
    // It appears below the form, in a dialog that scrolls: it must come into view, its button
    // not hidden under the dialog's sticky footer.
    const confirmButton = confirm.getByRole('button', {
      name: 'Urlaubstage zurückbuchen und Krankheit eintragen',
    });
    await eventually(() =>
      confirmButton.evaluate((button) => {
        const box = button.getBoundingClientRect();
        const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
        return hit !== null && button.contains(hit);
      }),
    ).toBe(true);
    await expectNoA11yViolations(page, 'vacation return confirmation (desktop)');
    await page.setViewportSize(PHONE);
    await expectNoA11yViolations(page, 'vacation return confirmation (360 px)');
    await expectNoSidewaysScroll(page, 'vacation return confirmation (360 px)');
    await page.setViewportSize(DESKTOP);
    // Nothing changed before the confirmation.
    const rows = () =>
      db
        .selectFrom('absences')
        .select(['type_id', 'start_day', 'end_day', 'status'])
        .where('user_id', '=', employeeId)
        .orderBy('start_day')
        .execute();
    expect(await rows()).toHaveLength(1);

    await confirmButton.click();
    await eventually(() => dialog.isVisible()).toBe(false);
    await eventually(async () => (await rows()).length).toBe(3);
    expect(await rows()).toEqual([
      { type_id: vacationTypeId, start_day: week[0], end_day: week[0], status: 'approved' },
      { type_id: sickTypeId, start_day: week[1], end_day: week[2], status: 'approved' },
      { type_id: vacationTypeId, start_day: week[3], end_day: week[4], status: 'approved' },
    ]);
  });
});

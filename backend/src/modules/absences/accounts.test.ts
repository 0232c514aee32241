import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../test/factories.js';
import type { TestDatabase } from '../../../test/helpers.js';
import { createTestDatabase } from '../../../test/helpers.js';
import type { Company } from '../../../test/world.js';
import { createCompany } from '../../../test/world.js';
import type { AbsenceStatus } from '../../db/types.js';
import { vacationAccountOf } from './accounts.js';
import { countWorkingDays, personCalendar } from './calendar.js';

let database: TestDatabase;
let a: Company;
let vacationType: string;
let sickType: string;

beforeAll(async () => {
  database = await createTestDatabase();
  a = await createCompany(database.db, 'Alpha');
  const db = database.db;
  await db
    .updateTable('tenants')
    .set({ holiday_region: 'DE-BY' })
    .where('id', '=', a.tenant.id)
    .execute();
  // The company's default week: Mon–Fri 8 h.
  await db
    .insertInto('work_schedules')
    .values({
      tenant_id: a.tenant.id,
      user_id: null,
      valid_from: '2020-01-01',
      minutes: [480, 480, 480, 480, 480, 0, 0],
    })
    .execute();
  const types = await db
    .selectFrom('absence_types')
    .select(['id', 'key'])
    .where('tenant_id', '=', a.tenant.id)
    .execute();
  vacationType = types.find((t) => t.key === 'vacation')!.id;
  sickType = types.find((t) => t.key === 'sick')!.id;
});
afterAll(async () => {
  await database.drop();
});

async function person(values: { start: string; end?: string; days?: number; week?: number[] }) {
  const db = database.db;
  const user = await createUser(db, { tenantId: a.tenant.id, role: 'employee' });
  await db
    .updateTable('users')
    .set({
      start_date: values.start,
      end_date: values.end ?? null,
      vacation_days_per_year: values.days ?? null,
    })
    .where('id', '=', user.id)
    .execute();
  if (values.week) {
    await db
      .insertInto('work_schedules')
      .values({
        tenant_id: a.tenant.id,
        user_id: user.id,
        valid_from: values.start,
        minutes: values.week,
      })
      .execute();
  }
  return user;
}

async function absence(
  userId: string,
  from: string,
  to: string,
  status: AbsenceStatus,
  extra: { type?: string; halfStart?: boolean; halfEnd?: boolean } = {},
) {
  return database.db
    .insertInto('absences')
    .values({
      tenant_id: a.tenant.id,
      user_id: userId,
      type_id: extra.type ?? vacationType,
      start_day: from,
      end_day: to,
      half_day_start: extra.halfStart ?? false,
      half_day_end: extra.halfEnd ?? false,
      status,
      created_by: userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

const NOW = new Date('2026-06-15T10:00:00Z');

describe('vacation account from the database', () => {
  it('counts approved days before today as taken, later and pending ones as planned', async () => {
    const user = await person({ start: '2020-01-01' });
    // Mon 4 – Fri 8 May: Fri 1 May is a holiday outside the range; 5 days.
    await absence(user.id, '2026-05-04', '2026-05-08', 'approved');
    // Whit Monday 25 May (holiday) inside: Mon 25 – Fri 29 May = 4 days, pending.
    await absence(user.id, '2026-05-25', '2026-05-29', 'requested');
    // Later in the year, approved: 2 days, the second a half day.
    await absence(user.id, '2026-08-03', '2026-08-04', 'approved', { halfEnd: true });
    // Rejected and cancelled ones do not count; neither does sickness.
    await absence(user.id, '2026-09-07', '2026-09-11', 'rejected');
    await absence(user.id, '2026-09-14', '2026-09-18', 'cancelled');
    await absence(user.id, '2026-10-05', '2026-10-06', 'approved', { type: sickType });
    const view = await vacationAccountOf(database.db, a.tenant.id, user.id, 2026, { now: NOW });
    expect(view.computed.days).toBe(30);
    expect(view.account).toMatchObject({
      entitlement: 30,
      taken: 5,
      planned: 5.5,
      remaining: 19.5,
    });
  });

  it('pro-rates the entry year and honours a per-year override and adjustments', async () => {
    // Entry on 15 March: the waiting period ends in the year → the full year (§4 BUrlG).
    const march = await person({ start: '2026-03-15' });
    const full = await vacationAccountOf(database.db, a.tenant.id, march.id, 2026, { now: NOW });
    expect(full.computed).toMatchObject({ rule: 'full_year', days: 30 });
    // Entry on 15 July: not met in the year → 5 full months of 12 → 12.5 → 13 (§5 Abs. 1a, 2).
    const user = await person({ start: '2026-07-15' });
    const view = await vacationAccountOf(database.db, a.tenant.id, user.id, 2026, { now: NOW });
    expect(view.computed).toMatchObject({
      rule: 'partial_waiting_period_not_met',
      months: 5,
      days: 13,
    });
    await database.db
      .insertInto('vacation_entitlements')
      .values({
        tenant_id: a.tenant.id,
        user_id: user.id,
        year: 2026,
        days: 25,
        reason: 'Vertrag',
        set_by: a.admin.id,
      })
      .execute();
    await database.db
      .insertInto('vacation_adjustments')
      .values({
        tenant_id: a.tenant.id,
        user_id: user.id,
        year: 2026,
        days: -1.5,
        reason: 'Korrektur',
        created_by: a.admin.id,
      })
      .execute();
    const changed = await vacationAccountOf(database.db, a.tenant.id, user.id, 2026, { now: NOW });
    expect(changed.override).toEqual({ days: 25, reason: 'Vertrag' });
    expect(changed.account).toMatchObject({ entitlement: 25, adjustments: -1.5, remaining: 23.5 });
  });

  it('converts the contract days to a part-time week (3 days: 30 → 18)', async () => {
    const user = await person({ start: '2020-01-01', week: [480, 480, 480, 0, 0, 0, 0] });
    const view = await vacationAccountOf(database.db, a.tenant.id, user.id, 2026, { now: NOW });
    expect(view.computed.days).toBe(18);
    // Mon 8 – Sun 14 June counts only Mon–Wed.
    const calendar = await personCalendar(database.db, a.tenant.id, user.id);
    expect(countWorkingDays(calendar, { from: '2026-06-08', to: '2026-06-14' }).total).toBe(3);
  });

  it('draws from carried-over days that expire first and can leave out one request', async () => {
    const user = await person({ start: '2020-01-01' });
    await database.db
      .insertInto('vacation_carry_overs')
      .values({
        tenant_id: a.tenant.id,
        user_id: user.id,
        to_year: 2026,
        from_year: 2025,
        days: 5,
        expires_on: '2026-03-31',
      })
      .execute();
    // 2 days in February come from the carry-over; 3 expire on 31 March.
    const feb = await absence(user.id, '2026-02-09', '2026-02-10', 'approved');
    const view = await vacationAccountOf(database.db, a.tenant.id, user.id, 2026, { now: NOW });
    expect(view.account).toMatchObject({ carriedOver: 5, taken: 2, expired: 3, remaining: 30 });
    const without = await vacationAccountOf(database.db, a.tenant.id, user.id, 2026, {
      now: NOW,
      excludeAbsenceId: feb.id,
    });
    expect(without.account).toMatchObject({ taken: 0, expired: 5, remaining: 30 });
  });

  it('refuses overlapping absences of one person in the database', async () => {
    const user = await person({ start: '2020-01-01' });
    await absence(user.id, '2026-07-06', '2026-07-10', 'requested');
    await expect(absence(user.id, '2026-07-10', '2026-07-14', 'approved')).rejects.toThrow(
      /absences_no_overlap/,
    );
    // A rejected one does not hold its days.
    await absence(user.id, '2026-07-13', '2026-07-17', 'rejected');
    await absence(user.id, '2026-07-13', '2026-07-17', 'requested');
  });

  it('counts 24 and 31 December as half days when the company closes at noon', async () => {
    const user = await person({ start: '2020-01-01' });
    await database.db
      .insertInto('closure_days')
      .values([
        { tenant_id: a.tenant.id, day: '2026-12-24', name: 'Heiligabend', half: true },
        { tenant_id: a.tenant.id, day: '2026-12-31', name: 'Silvester', half: true },
      ])
      .execute();
    const calendar = await personCalendar(database.db, a.tenant.id, user.id);
    // Mon 21 – Thu 31 Dec: 21, 22, 23 (3) + 24 (½) + 25/26 holidays + 28, 29, 30 (3) + 31 (½).
    const count = countWorkingDays(calendar, { from: '2026-12-21', to: '2026-12-31' });
    expect(count.total).toBe(7);
    expect(count.days.find((d) => d.day === '2026-12-25')).toMatchObject({
      reason: 'holiday',
      holidayName: '1. Weihnachtstag',
    });
  });
});

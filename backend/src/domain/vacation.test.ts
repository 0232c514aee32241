import { describe, expect, it } from 'vitest';
import type { WeekdayMinutes, WorkSchedule } from './targets.js';
import { dayRange, isoWeekday } from './time.js';
import type {
  CarryOverFacts,
  CarryOverRules,
  Employment,
  VacationAccountInput,
  VacationBlock,
  VacationContract,
  VacationUse,
} from './vacation.js';
import {
  carryOver,
  carryOverExpiry,
  fullMonths,
  monthPeriodEnd,
  roundEntitlement,
  vacationAccount,
  waitingPeriodEnd,
  yearlyEntitlement,
} from './vacation.js';

// A schedule of `days` working days of 8 h, Monday first.
const week = (days: number, validFrom = '2020-01-01'): WorkSchedule => ({
  validFrom,
  minutesPerWeekday: [0, 1, 2, 3, 4, 5, 6].map((i) =>
    i < days ? 480 : 0,
  ) as unknown as WeekdayMinutes,
});
const MON_WED_FRI: WorkSchedule = {
  validFrom: '2020-01-01',
  minutesPerWeekday: [480, 0, 480, 0, 480, 0, 0],
};
const THIRTY: VacationContract = { daysPerYear: 30 };
const since2020: Employment = { start: '2020-01-01' };

describe('roundEntitlement (§5 Abs. 2 BUrlG)', () => {
  it.each([
    [30, 30],
    [22.5, 23], // exactly half a day rounds up
    [12.5, 13],
    [12.49, 12.49], // less than half a day is kept, not rounded down
    [16.8, 17],
    [16.2, 16.2],
    [25 / 12, 2.09], // 2.0833… kept to hundredths, rounded up
    [100 / 12, 8.34],
    [0.25, 0.25],
    [0.5, 1],
    [0, 0],
  ])('%d → %d', (exact, rounded) => {
    expect(roundEntitlement(exact)).toBe(rounded);
  });
});

describe('months as periods (§§187, 188 BGB)', () => {
  it.each([
    ['2026-03-15', 1, '2026-04-14'],
    ['2026-01-01', 1, '2026-01-31'],
    ['2026-01-01', 12, '2026-12-31'],
    // The corresponding day is missing: the month's last day ends the period.
    ['2026-01-31', 1, '2026-02-28'],
    ['2026-08-31', 6, '2027-02-28'],
    ['2027-08-31', 6, '2028-02-29'],
  ])('from %s, month %i ends on %s', (start, n, end) => {
    expect(monthPeriodEnd(start, n)).toBe(end);
  });

  it.each([
    ['2026-03-15', '2026-12-31', 9], // 15 Dec – 31 Dec is no full month
    ['2026-01-01', '2026-05-31', 5],
    ['2026-01-01', '2026-05-30', 4],
    ['2026-07-15', '2026-12-31', 5],
    ['2026-07-01', '2026-12-31', 6],
    ['2026-12-15', '2026-12-31', 0],
  ])('%s – %s: %i full months', (from, to, months) => {
    expect(fullMonths(from, to)).toBe(months);
  });

  it.each([
    ['2026-01-01', '2026-06-30'],
    ['2026-03-15', '2026-09-14'],
    ['2026-07-01', '2026-12-31'], // fulfilled within the year: full entitlement
    ['2026-07-02', '2027-01-01'],
  ])('waiting period (§4) from %s ends on %s', (start, end) => {
    expect(waitingPeriodEnd(start)).toBe(end);
  });
});

describe('yearlyEntitlement 2026 (30 days on a 5-day week)', () => {
  it.each<[string, VacationContract, Employment, WorkSchedule[], string, number | null, number]>([
    ['employed all year', THIRTY, since2020, [week(5)], 'full_year', null, 30],
    // Entry 15 March: the waiting period ends 14 September, inside the year → full (§4, §5 a
    // does not apply) …
    [
      'entry 15 March, by law',
      THIRTY,
      { start: '2026-03-15' },
      [week(5, '2026-03-15')],
      'full_year',
      null,
      30,
    ],
    // … unless the contract pro-rates the entry year: 9/12 × 30 = 22.5 → 23 (§5 Abs. 2).
    [
      'entry 15 March, contract pro-rates the entry year',
      { daysPerYear: 30, prorateEntryYear: true },
      { start: '2026-03-15' },
      [week(5, '2026-03-15')],
      'partial_entry_year_by_contract',
      9,
      23,
    ],
    // Entry 15 July: waiting period ends 14 January 2027 (§5 Abs. 1 a): 5/12 × 30 = 12.5 → 13.
    [
      'entry 15 July',
      THIRTY,
      { start: '2026-07-15' },
      [week(5, '2026-07-15')],
      'partial_waiting_period_not_met',
      5,
      13,
    ],
    [
      'entry 1 July',
      THIRTY,
      { start: '2026-07-01' },
      [week(5, '2026-07-01')],
      'full_year',
      null,
      30,
    ],
    [
      'entry 2 July',
      THIRTY,
      { start: '2026-07-02' },
      [week(5, '2026-07-02')],
      'partial_waiting_period_not_met',
      5,
      13,
    ],
    // Exit after 30 June after the waiting period keeps the full year.
    [
      'exit 30 September',
      THIRTY,
      { start: '2020-01-01', end: '2026-09-30' },
      [week(5)],
      'full_year',
      null,
      30,
    ],
    [
      'exit 1 July',
      THIRTY,
      { start: '2020-01-01', end: '2026-07-01' },
      [week(5)],
      'full_year',
      null,
      30,
    ],
    // Exit in the first half (§5 Abs. 1 c): 5/12 × 30 = 12.5 → 13; 30 June is still the first half.
    [
      'exit 31 May',
      THIRTY,
      { start: '2020-01-01', end: '2026-05-31' },
      [week(5)],
      'partial_left_first_half',
      5,
      13,
    ],
    [
      'exit 30 June',
      THIRTY,
      { start: '2020-01-01', end: '2026-06-30' },
      [week(5)],
      'partial_left_first_half',
      6,
      15,
    ],
    // Exit 15 May: 1 – 15 May is no full month: 4/12 × 30 = 10.
    [
      'exit 15 May',
      THIRTY,
      { start: '2020-01-01', end: '2026-05-15' },
      [week(5)],
      'partial_left_first_half',
      4,
      10,
    ],
    // Entry 1 February, exit 31 May, before the waiting period (§5 Abs. 1 b): 4/12 × 30 = 10.
    [
      'entry and exit before the waiting period',
      THIRTY,
      { start: '2026-02-01', end: '2026-05-31' },
      [week(5, '2026-02-01')],
      'partial_left_before_waiting_period',
      4,
      10,
    ],
    // Part-time: 30 × 3/5 = 18.
    ['part-time Mon/Wed/Fri', THIRTY, since2020, [MON_WED_FRI], 'full_year', null, 18],
    // 27 × 3/5 = 16.2: less than half a day stays.
    [
      'part-time, fraction kept',
      { daysPerYear: 27 },
      since2020,
      [MON_WED_FRI],
      'full_year',
      null,
      16.2,
    ],
    // Reference week of 6 days (Werktage): 36 × 5/6 = 30.
    [
      'contract in Werktage',
      { daysPerYear: 36, referenceDaysPerWeek: 6 },
      since2020,
      [week(5)],
      'full_year',
      null,
      30,
    ],
    // Below the statutory minimum (§3: 24 Werktage = 20 on 5 days): the minimum applies.
    [
      'contract below the minimum',
      { daysPerYear: 18 },
      since2020,
      [week(5)],
      'full_year',
      null,
      20,
    ],
    [
      'not employed yet',
      THIRTY,
      { start: '2027-01-01' },
      [week(5, '2027-01-01')],
      'not_employed',
      0,
      0,
    ],
    [
      'left last year',
      THIRTY,
      { start: '2020-01-01', end: '2025-12-31' },
      [week(5)],
      'not_employed',
      0,
      0,
    ],
  ])('%s', (_name, contract, employment, schedules, rule, months, days) => {
    const result = yearlyEntitlement(2026, contract, employment, schedules);
    expect(result).toMatchObject({ rule, months, days });
  });

  it('weights a schedule change within the year by the days each schedule is valid', () => {
    // 5 days until 30 June (181 days), 3 days from 1 July (184 days): 30 × 3.99/5 = 23.95 → 24.
    const result = yearlyEntitlement(2026, THIRTY, since2020, [
      week(5),
      { ...MON_WED_FRI, validFrom: '2026-07-01' },
    ]);
    expect(result).toMatchObject({
      rule: 'full_year',
      workingDaysPerWeek: 3.99,
      fullYear: 23.95,
      exact: 23.95,
      days: 24,
    });
  });

  it('keeps the statutory minimum of a partial year apart from the contract', () => {
    // Exit 31 May: 20 × 5/12 = 8.33… (kept, rounded up to hundredths); the contract gives 13.
    const result = yearlyEntitlement(2026, THIRTY, { start: '2020-01-01', end: '2026-05-31' }, [
      week(5),
    ]);
    expect(result).toMatchObject({ exact: 12.5, statutoryMinimum: 8.34, days: 13 });
  });

  it('gives the entry year of a December starter nothing and the next year in full', () => {
    const employment = { start: '2025-12-15' };
    expect(yearlyEntitlement(2025, THIRTY, employment, [week(5, '2025-12-15')])).toMatchObject({
      rule: 'partial_waiting_period_not_met',
      months: 0,
      days: 0,
    });
    expect(yearlyEntitlement(2026, THIRTY, employment, [week(5, '2025-12-15')]).days).toBe(30);
  });

  it('counts months per calendar year (known limit: a month across New Year is lost)', () => {
    // 15 Dec 2025 – 20 Jan 2026, waiting period never fulfilled (§5 Abs. 1 b): 0/12 in each year.
    const employment = { start: '2025-12-15', end: '2026-01-20' };
    const schedules = [week(5, '2025-12-15')];
    expect(yearlyEntitlement(2025, THIRTY, employment, schedules).days).toBe(0);
    expect(yearlyEntitlement(2026, THIRTY, employment, schedules)).toMatchObject({
      rule: 'partial_left_before_waiting_period',
      months: 0,
      days: 0,
    });
  });

  it.each<[VacationContract, Employment]>([
    [{ daysPerYear: -1 }, since2020],
    [{ daysPerYear: 30, referenceDaysPerWeek: 0 }, since2020],
    [THIRTY, { start: '2026-05-01', end: '2026-04-30' }],
    [THIRTY, { start: '2026-02-30' }],
  ])('refuses %j / %j', (contract, employment) => {
    expect(() => yearlyEntitlement(2026, contract, employment, [week(5)])).toThrow(RangeError);
  });
});

// Working days Mon–Fri of a range, one vacation day each.
const weekdays = (from: string, to: string, extra: Partial<VacationUse> = {}): VacationUse[] =>
  dayRange(from, to)
    .filter((day) => isoWeekday(day) <= 5)
    .map((day) => ({ day, days: 1, ...extra }));

const RESTURLAUB_2025: VacationBlock = {
  source: 'carry_over',
  fromYear: 2025,
  days: 5,
  expiresOn: '2026-03-31',
};

describe('vacationAccount (Urlaubskonto 2026)', () => {
  const base: VacationAccountInput = {
    year: 2026,
    entitlement: 30,
    carriedOver: [RESTURLAUB_2025],
    uses: [],
    today: '2026-01-10',
  };

  it('says: 14 days left, 5 of them Resturlaub that expire on 31 March', () => {
    const account = vacationAccount({
      ...base,
      // 10 days requested for July, 11 approved for August: both still ahead.
      uses: [
        ...weekdays('2026-07-06', '2026-07-17', { pending: true }),
        ...weekdays('2026-08-03', '2026-08-17'),
      ],
    });
    expect(account).toMatchObject({
      entitlement: 30,
      carriedOver: 5,
      adjustments: 0,
      taken: 0,
      planned: 21,
      expired: 0,
      remaining: 14,
      expiring: [{ expiresOn: '2026-03-31', days: 5 }],
    });
  });

  it.each<[string, VacationUse[], string, Record<string, number>, number, number]>([
    // Two days in February come from the carry-over first.
    [
      'carry-over consumed first',
      weekdays('2026-02-16', '2026-02-17'),
      '2026-03-15',
      { taken: 2, expired: 0, remaining: 33 },
      3,
      30,
    ],
    // On 1 April the 3 days left of the carry-over have expired.
    [
      'carry-over expired after 31 March',
      weekdays('2026-02-16', '2026-02-17'),
      '2026-04-01',
      { taken: 2, expired: 3, remaining: 30 },
      0,
      30,
    ],
    // A day after the expiry cannot use the carry-over any more.
    [
      'day after the expiry',
      [{ day: '2026-04-10', days: 1 }],
      '2026-05-01',
      { taken: 1, expired: 5, remaining: 29 },
      0,
      29,
    ],
    // 31 March is the last day the carry-over can be used.
    [
      'on the expiry day itself',
      [{ day: '2026-03-31', days: 0.5 }],
      '2026-03-31',
      { taken: 0.5, expired: 0, remaining: 34.5 },
      4.5,
      30,
    ],
    // Seven days in March: five from the carry-over, two from 2026.
    [
      'more than the carry-over',
      weekdays('2026-03-02', '2026-03-10'),
      '2026-04-01',
      { taken: 7, expired: 0, remaining: 28 },
      0,
      28,
    ],
    // Approved but ahead of today: planned.
    [
      'approved, still ahead',
      weekdays('2026-03-02', '2026-03-03'),
      '2026-03-02',
      { taken: 1, planned: 1, remaining: 33 },
      3,
      30,
    ],
    // More than the account holds: the year's own block goes negative (Vorgriff).
    [
      'overdrawn',
      weekdays('2026-04-01', '2026-05-19'),
      '2026-06-01',
      { taken: 35, expired: 5, remaining: -5 },
      0,
      -5,
    ],
  ])('%s', (_name, uses, today, figures, carryLeft, ownLeft) => {
    const account = vacationAccount({ ...base, uses, today });
    expect(account).toMatchObject(figures);
    expect(account.blocks.map((b) => [b.source, b.remaining])).toEqual([
      ['carry_over', carryLeft],
      ['entitlement', ownLeft],
    ]);
    // entitlement + carried over ± adjustments − taken − planned − expired = remaining
    expect(
      account.entitlement +
        account.carriedOver +
        account.adjustments -
        account.taken -
        account.planned -
        account.expired,
    ).toBe(account.remaining);
  });

  it('adds manual adjustments to the year’s own days', () => {
    const account = vacationAccount({
      ...base,
      carriedOver: [],
      adjustments: [
        { days: 2, reason: 'Schwerbehinderung (§208 SGB IX), anteilig' },
        { days: -0.5, reason: 'Korrektur Übertrag' },
      ],
      uses: [{ day: '2026-02-02', days: 1 }],
      today: '2026-03-01',
    });
    expect(account).toMatchObject({ adjustments: 1.5, taken: 1, remaining: 30.5, expiring: [] });
  });

  it('draws from the block that expires first, the oldest on a tie', () => {
    const account = vacationAccount({
      ...base,
      carriedOver: [
        { source: 'carry_over', fromYear: 2025, days: 3, expiresOn: '2026-03-31' },
        // 15-month case from 2024: expires on the same day, granted earlier.
        { source: 'carry_over', fromYear: 2024, days: 2, expiresOn: '2026-03-31' },
        // Never asked to take it: no expiry, used last.
        { source: 'carry_over', fromYear: 2023, days: 4, expiresOn: null },
      ],
      uses: weekdays('2026-02-02', '2026-02-05'),
      today: '2026-02-06',
    });
    expect(account.blocks.map((b) => [b.fromYear, b.used, b.remaining])).toEqual([
      [2024, 2, 0],
      [2025, 2, 1],
      [2026, 0, 30],
      [2023, 0, 4],
    ]);
    expect(account.expiring).toEqual([{ expiresOn: '2026-03-31', days: 1 }]);
  });

  it.each<[Partial<VacationAccountInput>]>([
    [{ uses: [{ day: '2027-01-04', days: 1 }] }],
    [{ uses: [{ day: '2026-01-05', days: 0 }] }],
    [{ today: '2026-13-01' }],
  ])('refuses %j', (change) => {
    expect(() => vacationAccount({ ...base, ...change })).toThrow(RangeError);
  });
});

describe('carryOver (§7 Abs. 3 BUrlG) and the 15-month case', () => {
  // 2026: 30 days, 26 taken before the end of the year → 4 left.
  const account2026 = vacationAccount({
    year: 2026,
    entitlement: 30,
    uses: weekdays('2026-06-01', '2026-07-06'),
    today: '2026-12-31',
  });

  it.each<[string, CarryOverFacts, CarryOverRules, string | null]>([
    ['notified in time', { employerNotified: true }, {}, '2027-03-31'],
    [
      'tenant keeps it until 30 June',
      { employerNotified: true },
      { expiry: { month: 6, day: 30 } },
      '2027-06-30',
    ],
    // Without the employer's request and warning the days do not expire (BAG 9 AZR 541/15).
    ['never asked to take it', { employerNotified: false }, {}, null],
    // Ill all year: 15 months after the end of the leave year, notice or not.
    [
      'ill since the start of the year',
      { employerNotified: false, longIllness: 'from_year_start' },
      {},
      '2028-03-31',
    ],
    [
      'fell ill during the year, notified',
      { employerNotified: true, longIllness: 'during_year' },
      {},
      '2028-03-31',
    ],
    [
      'fell ill during the year, not notified',
      { employerNotified: false, longIllness: 'during_year' },
      {},
      null,
    ],
  ])('%s → expires %s', (_name, facts, rules, expiresOn) => {
    expect(account2026.remaining).toBe(4);
    expect(carryOver(account2026, facts, rules)).toEqual({
      blocks: [{ source: 'carry_over', fromYear: 2026, days: 4, expiresOn }],
      overdrawn: 0,
    });
  });

  it('follows a long illness over three years: 2025 days usable until 31 March 2027', () => {
    // Ill from January 2025 to February 2027; no vacation taken in 2025 and 2026.
    const ill = { employerNotified: false, longIllness: 'from_year_start' } as const;
    const into2026 = carryOver(
      vacationAccount({ year: 2025, entitlement: 30, uses: [], today: '2025-12-31' }),
      ill,
    );
    expect(into2026.blocks).toEqual([
      { source: 'carry_over', fromYear: 2025, days: 30, expiresOn: '2027-03-31' },
    ]);
    const account2026Ill = vacationAccount({
      year: 2026,
      entitlement: 30,
      carriedOver: into2026.blocks,
      uses: [],
      today: '2026-12-31',
    });
    // The 2025 block stays valid after 31 December 2026 and moves on unchanged.
    const into2027 = carryOver(account2026Ill, ill);
    expect(into2027.blocks).toEqual([
      { source: 'carry_over', fromYear: 2025, days: 30, expiresOn: '2027-03-31' },
      { source: 'carry_over', fromYear: 2026, days: 30, expiresOn: '2028-03-31' },
    ]);
    // Back at work, 10 days in March 2027 use the 2025 days; the other 20 expire on 1 April.
    const account2027 = vacationAccount({
      year: 2027,
      entitlement: 30,
      carriedOver: into2027.blocks,
      uses: weekdays('2027-03-15', '2027-03-26'),
      today: '2027-04-01',
    });
    expect(account2027).toMatchObject({ carriedOver: 60, taken: 10, expired: 20, remaining: 60 });
    expect(account2027.expiring).toEqual([{ expiresOn: '2028-03-31', days: 30 }]);
  });

  it('drops blocks that expired in the year and reports days taken in advance', () => {
    const account = vacationAccount({
      year: 2026,
      entitlement: 30,
      carriedOver: [RESTURLAUB_2025],
      uses: weekdays('2026-04-01', '2026-05-19'),
      today: '2026-12-31',
    });
    expect(carryOver(account, { employerNotified: true })).toEqual({ blocks: [], overdrawn: 5 });
  });

  it.each([[{ month: 2, day: 29 }], [{ month: 4, day: 31 }], [{ month: 13, day: 1 }]])(
    'refuses the carry-over day %j',
    (expiry) => {
      expect(() => carryOverExpiry(2026, { expiry })).toThrow(RangeError);
    },
  );
});

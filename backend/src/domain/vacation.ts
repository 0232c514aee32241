/**
 * Vacation entitlement and the vacation account per year (Urlaubsanspruch, Urlaubskonto),
 * DOMAIN.md "Vacation (Bundesurlaubsgesetz, BUrlG)". Days are working days of the person's
 * schedule; counting the days of a request is absence-days.ts.
 *
 * Entitlement of a year:
 * - The contract grants `daysPerYear` for a reference week (usually 5 days). It is converted to
 *   the person's working days per week (30 on 5 days → 18 on 3 days). When the schedule changes
 *   during the year, each schedule earns its share of the year by the calendar days it is valid
 *   (pro rata temporis): days earned before a switch to fewer working days keep their value
 *   (EuGH C-415/12 "Brandes", BAG 9 AZR 53/14), and converting the whole year by one schedule
 *   would either take earned days away or grant days never earned.
 * - §4 waiting period (Wartezeit): full entitlement after 6 months of employment.
 * - §5 Abs. 1 partial vacation (Teilurlaub), 1/12 per full month of employment in the year:
 *   a) the waiting period is not fulfilled in the year (entry after 1 July);
 *   b) leaving before the waiting period is fulfilled;
 *   c) leaving in the first half of the year (on or before 30 June) after the waiting period.
 *   Leaving after 30 June after the waiting period keeps the full year. Months run from the entry
 *   day (or 1 January), as periods of §§187 Abs. 2, 188 Abs. 2 BGB: from 15 March, 15 March – 14
 *   April is the first full month. They are counted per calendar year, so an employment from
 *   15 December to 20 January that never completes the waiting period gets 0/12 + 0/12 although
 *   15 December – 14 January is a full month (open question, see README).
 * - Contracts may pro-rate the entry year even when the waiting period is fulfilled in it
 *   (`prorateEntryYear`, a common "Zwölftelung" clause), but only above the statutory minimum:
 *   §3 Abs. 1 gives 24 working days on 6 days a week (= 20 on 5), scaled by working days per week,
 *   and that minimum always follows §5 (§13 Abs. 1: no agreement below it).
 * - §5 Abs. 2 rounding: a fraction of at least half a day rounds up to a whole day; smaller
 *   fractions are kept (BAG: not rounded down), stored to hundredths rounded up. We round every
 *   computed entitlement this way, not only Teilurlaub: in the employee's favour, so lawful (§13).
 *
 * Account of a year: blocks of days with an expiry day. The year's own entitlement (plus manual
 * adjustments) has none inside the year; days carried over from earlier years (Resturlaub)
 * expire on the tenant's carry-over day (§7 Abs. 3: 31 March of the following year) or 15 months
 * after the leave year under long illness. Each vacation day draws from the usable block that
 * expires first, so carried-over days go first.
 */
import type { WorkSchedule } from './targets.js';
import { scheduleOn, workingDaysPerWeek } from './targets.js';
import type { Day } from './time.js';
import { addDays, addMonths, dayRange, parseDay } from './time.js';

/** §3 Abs. 1 BUrlG: 24 Werktage on a six-day week (Mon–Sat). */
export const STATUTORY_MINIMUM_DAYS = 24;
export const STATUTORY_REFERENCE_DAYS_PER_WEEK = 6;
/** §4 BUrlG: months until the full entitlement arises. */
export const WAITING_PERIOD_MONTHS = 6;
/** §7 Abs. 3 BUrlG: carried-over days must be taken in the first three months (until 31 March). */
export const DEFAULT_CARRY_OVER_EXPIRY = { month: 3, day: 31 } as const;

/** The contract's vacation (Urlaubsanspruch laut Arbeitsvertrag). */
export interface VacationContract {
  /** Days per year for the reference week, e.g. 30. */
  daysPerYear: number;
  /** Working days per week the figure refers to; default 5. */
  referenceDaysPerWeek?: number;
  /** Pro-rate the entry year by full months even when the waiting period is met in it. */
  prorateEntryYear?: boolean;
}

/** Employment from the entry day to the exit day, both included; `end` null while employed. */
export interface Employment {
  start: Day;
  end?: Day | null;
}

/** Which part of BUrlG decided the year. */
export type EntitlementRule =
  | 'not_employed'
  | 'full_year'
  /** §5 Abs. 1 a */
  | 'partial_waiting_period_not_met'
  /** §5 Abs. 1 b */
  | 'partial_left_before_waiting_period'
  /** §5 Abs. 1 c */
  | 'partial_left_first_half'
  /** contract clause, above the statutory minimum */
  | 'partial_entry_year_by_contract';

/** The entitlement of a year and how it came about. */
export interface YearlyEntitlement {
  year: number;
  /** Average working days per week over the employed part of the year (schedule-weighted). */
  workingDaysPerWeek: number;
  /** The contract's full year, converted to the person's working days, before §5. */
  fullYear: number;
  rule: EntitlementRule;
  /** Full months of employment in the year under a partial rule; 0 when not employed, else null. */
  months: number | null;
  /** Contractual days before rounding. */
  exact: number;
  /** Statutory minimum for the year (§3, §5), rounded. */
  statutoryMinimum: number;
  /** Entitlement: the rounded contractual days, never below the statutory minimum. */
  days: number;
}

const EPSILON = 1e-9;

/** Hundredths, rounded up (in the employee's favour): the precision accounts are kept in. */
function ceilHundredths(value: number): number {
  // + 0 turns -0 (from ceil of a tiny negative) into 0.
  return Math.ceil(value * 100 - EPSILON) / 100 + 0;
}

function roundHundredths(value: number): number {
  return Math.round(value * 100) / 100 + 0;
}

/** §5 Abs. 2 BUrlG: fractions of at least half a day round up to a whole day; smaller ones stay. */
export function roundEntitlement(days: number): number {
  const whole = Math.floor(days + EPSILON);
  const fraction = days - whole;
  if (fraction >= 0.5 - EPSILON) return whole + 1;
  return ceilHundredths(days);
}

/**
 * Last day of the `n`-th month of a period starting on `start` (§188 Abs. 2, 3 BGB): the day
 * before the corresponding day, or the month's last day when the corresponding day is missing
 * (from 31 August, the sixth month ends on 28/29 February).
 */
export function monthPeriodEnd(start: Day, n: number): Day {
  const corresponding = addMonths(start, n);
  return parseDay(corresponding).date === parseDay(start).date
    ? addDays(corresponding, -1)
    : corresponding;
}

/** Full months (§5 Abs. 1 BUrlG) from `from` to `to`, both included. */
export function fullMonths(from: Day, to: Day): number {
  let months = 0;
  while (monthPeriodEnd(from, months + 1) <= to) months += 1;
  return months;
}

/** Last day of the §4 waiting period. */
export function waitingPeriodEnd(start: Day): Day {
  return monthPeriodEnd(start, WAITING_PERIOD_MONTHS);
}

function averageWorkingDaysPerWeek(from: Day, to: Day, schedules: readonly WorkSchedule[]): number {
  let sum = 0;
  let days = 0;
  for (const day of dayRange(from, to)) {
    const schedule = scheduleOn(day, schedules);
    // Days before the first schedule are no part of the average: the person had no week yet.
    if (schedule === null) continue;
    sum += workingDaysPerWeek(schedule);
    days += 1;
  }
  return days === 0 ? 0 : sum / days;
}

interface PartialYear {
  rule: EntitlementRule;
  months: number | null;
}

// §§4, 5 Abs. 1 BUrlG for one year; `byContract` applies the entry-year clause.
function partialYear(
  year: number,
  employment: Employment,
  from: Day,
  to: Day,
  byContract: boolean,
): PartialYear {
  const yearEnd = `${year}-12-31`;
  const end = employment.end ?? null;
  const leaves = end !== null && end <= yearEnd;
  const waitingEnd = waitingPeriodEnd(employment.start);
  const partial = (rule: EntitlementRule): PartialYear => ({ rule, months: fullMonths(from, to) });
  if (waitingEnd > to) {
    return partial(
      leaves ? 'partial_left_before_waiting_period' : 'partial_waiting_period_not_met',
    );
  }
  if (leaves && end <= `${year}-06-30`) return partial('partial_left_first_half');
  if (byContract && employment.start > `${year}-01-01`) {
    return partial('partial_entry_year_by_contract');
  }
  return { rule: 'full_year', months: null };
}

/** The vacation entitlement (Urlaubsanspruch) of one calendar year. */
export function yearlyEntitlement(
  year: number,
  contract: VacationContract,
  employment: Employment,
  schedules: readonly WorkSchedule[],
): YearlyEntitlement {
  const referenceDays = contract.referenceDaysPerWeek ?? 5;
  if (!(contract.daysPerYear >= 0) || !(referenceDays > 0 && referenceDays <= 7)) {
    throw new RangeError('vacation contract: days per year ≥ 0, reference week of 1–7 days');
  }
  parseDay(employment.start);
  if (employment.end != null) {
    parseDay(employment.end);
    if (employment.end < employment.start) {
      throw new RangeError(`employment ends (${employment.end}) before it starts`);
    }
  }
  const yearStart = `${year}-01-01`;
  const yearEnd = `${year}-12-31`;
  parseDay(yearStart);
  const end = employment.end ?? null;
  if (employment.start > yearEnd || (end !== null && end < yearStart)) {
    return {
      year,
      workingDaysPerWeek: 0,
      fullYear: 0,
      rule: 'not_employed',
      months: 0,
      exact: 0,
      statutoryMinimum: 0,
      days: 0,
    };
  }
  const from = employment.start > yearStart ? employment.start : yearStart;
  const to = end !== null && end < yearEnd ? end : yearEnd;
  const weekDays = averageWorkingDaysPerWeek(from, to, schedules);

  const share = ({ months }: PartialYear): number => (months === null ? 1 : months / 12);
  const contractual = partialYear(year, employment, from, to, contract.prorateEntryYear === true);
  const statutory = partialYear(year, employment, from, to, false);
  const fullYear = (contract.daysPerYear * weekDays) / referenceDays;
  const exact = fullYear * share(contractual);
  const statutoryMinimum = roundEntitlement(
    ((STATUTORY_MINIMUM_DAYS * weekDays) / STATUTORY_REFERENCE_DAYS_PER_WEEK) * share(statutory),
  );
  return {
    year,
    workingDaysPerWeek: roundHundredths(weekDays),
    fullYear: roundHundredths(fullYear),
    rule: contractual.rule,
    months: contractual.months,
    exact: roundHundredths(exact),
    statutoryMinimum,
    days: Math.max(roundEntitlement(exact), statutoryMinimum),
  };
}

/** Days of an account with the last day they can be taken. */
export interface VacationBlock {
  /** The account year's own entitlement, or days carried over from an earlier year (Resturlaub). */
  source: 'entitlement' | 'carry_over';
  /** The leave year the days were granted for. */
  fromYear: number;
  days: number;
  /**
   * Last day the days can be taken. Null: the year's own entitlement (carried over at year end),
   * or carried-over days that do not expire because the employer never asked the employee to
   * take them (BAG 9 AZR 541/15, 19.02.2019).
   */
  expiresOn: Day | null;
}

/** Vacation taken or planned on a day: 1 or 0.5 (absence-days.ts), of one account year. */
export interface VacationUse {
  day: Day;
  days: number;
  /** A request not yet approved: planned, whatever its day. */
  pending?: boolean;
}

/** A manual change of the account (Korrektur), with its reason; audited by the service. */
export interface VacationAdjustment {
  days: number;
  reason: string;
}

export interface VacationAccountInput {
  year: number;
  /** yearlyEntitlement(...).days, or an entitlement the admin set. */
  entitlement: number;
  /** Blocks carried over into this year (carryOver of the previous year's account). */
  carriedOver?: readonly VacationBlock[];
  adjustments?: readonly VacationAdjustment[];
  /** Vacation days of this year. */
  uses: readonly VacationUse[];
  /** Days up to and including today that are approved count as taken; later ones as planned. */
  today: Day;
}

/** A block after this year's vacation was drawn from it. */
export interface VacationBlockState extends VacationBlock {
  used: number;
  /** Days lost because the expiry day has passed (verfallen). */
  expired: number;
  /** Days left; negative on the entitlement block when more was taken than granted. */
  remaining: number;
}

/**
 * The account summary: entitlement + carriedOver + adjustments − taken − planned − expired =
 * remaining, with the blocks and what expires when ("davon 5 Resturlaub – verfällt am 31.03.").
 */
export interface VacationAccount {
  year: number;
  entitlement: number;
  carriedOver: number;
  adjustments: number;
  taken: number;
  planned: number;
  expired: number;
  remaining: number;
  blocks: VacationBlockState[];
  /** Remaining days that will expire, per expiry day on or after today, earliest first. */
  expiring: { expiresOn: Day; days: number }[];
}

// Which block a vacation day draws from first: dated blocks by expiry day; then the year's own
// days (they become carry-over with an expiry at the year's end); last the carried-over days
// that never expire. Oldest first on a tie (§366 Abs. 2 BGB: the debt less secure for the
// employee is fulfilled first).
function drawRank(block: VacationBlock): string {
  if (block.expiresOn !== null) return `0|${block.expiresOn}`;
  return block.source === 'entitlement' ? '1|' : '2|';
}

function expiryOrder(a: VacationBlock, b: VacationBlock): number {
  const rankA = drawRank(a);
  const rankB = drawRank(b);
  if (rankA !== rankB) return rankA < rankB ? -1 : 1;
  return a.fromYear - b.fromYear;
}

/** The vacation account of a year: draws each day from the usable block that expires first. */
export function vacationAccount(input: VacationAccountInput): VacationAccount {
  const { year, today } = input;
  parseDay(today);
  const adjustments = (input.adjustments ?? []).reduce((sum, a) => sum + a.days, 0);
  const carried = input.carriedOver ?? [];
  const own: VacationBlockState = {
    source: 'entitlement',
    fromYear: year,
    days: input.entitlement + adjustments,
    expiresOn: null,
    used: 0,
    expired: 0,
    remaining: 0,
  };
  const blocks: VacationBlockState[] = [
    ...carried.map((block) => ({ ...block, used: 0, expired: 0, remaining: 0 })),
    own,
  ].sort(expiryOrder);

  let taken = 0;
  let planned = 0;
  const uses = [...input.uses].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  for (const use of uses) {
    if (parseDay(use.day).year !== year) {
      throw new RangeError(`vacation on ${use.day} belongs to the account of another year`);
    }
    if (!(use.days > 0)) throw new RangeError(`vacation on ${use.day}: days must be > 0`);
    if (use.pending !== true && use.day <= today) taken += use.days;
    else planned += use.days;
    let need = use.days;
    for (const block of blocks) {
      if (need <= EPSILON) break;
      if (block.expiresOn !== null && block.expiresOn < use.day) continue;
      const take = Math.min(need, block.days - block.used);
      if (take <= EPSILON) continue;
      block.used += take;
      need -= take;
    }
    // More than the account holds (Vorgriff): the year's own entitlement goes negative.
    if (need > EPSILON) own.used += need;
  }

  const expiring = new Map<Day, number>();
  for (const block of blocks) {
    const left = block.days - block.used;
    if (block.expiresOn !== null && block.expiresOn < today && left > 0) {
      block.expired = roundHundredths(left);
      block.remaining = 0;
    } else {
      block.remaining = roundHundredths(left);
      if (block.expiresOn !== null && left > EPSILON) {
        expiring.set(block.expiresOn, (expiring.get(block.expiresOn) ?? 0) + left);
      }
    }
    block.used = roundHundredths(block.used);
  }
  const sum = (f: (b: VacationBlockState) => number): number =>
    roundHundredths(blocks.reduce((s, b) => s + f(b), 0));
  return {
    year,
    entitlement: input.entitlement,
    carriedOver: roundHundredths(carried.reduce((s, b) => s + b.days, 0)),
    adjustments: roundHundredths(adjustments),
    taken: roundHundredths(taken),
    planned: roundHundredths(planned),
    expired: sum((b) => b.expired),
    remaining: sum((b) => b.remaining),
    blocks,
    expiring: [...expiring]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([expiresOn, days]) => ({ expiresOn, days: roundHundredths(days) })),
  };
}

/** Tenant setting: the day of the following year on which carried-over days expire. */
export interface CarryOverRules {
  expiry?: { month: number; day: number };
}

/** What the employer and the employee's health decide about the carried-over days. */
export interface CarryOverFacts {
  /**
   * The employer asked the employee in time to take the remaining days and warned that they
   * would expire (Mitwirkungsobliegenheit, BAG 9 AZR 541/15; EuGH C-684/16). Without it the days
   * do not expire (the notice log is the evidence, DOMAIN.md).
   */
  employerNotified: boolean;
  /**
   * Unable to work through the end of the leave year and the carry-over period because of illness:
   * 'from_year_start' = ill from the start of the leave year, 'during_year' = fell ill during it.
   */
  longIllness?: 'none' | 'from_year_start' | 'during_year';
}

/** What the closing of a year hands to the next one. */
export interface CarryOver {
  blocks: VacationBlock[];
  /** Days taken beyond the account (Vorgriff); the service books them against the next year. */
  overdrawn: number;
}

/** The day carried-over days of `leaveYear` expire in the following year (31 March by default). */
export function carryOverExpiry(leaveYear: number, rules: CarryOverRules = {}): Day {
  const { month, day } = rules.expiry ?? DEFAULT_CARRY_OVER_EXPIRY;
  // 29 February does not exist every year; a tenant setting must hold in all of them.
  if (month === 2 && day === 29) throw new RangeError('carry-over expiry cannot be 29 February');
  const expiry = `${leaveYear + 1}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  parseDay(expiry);
  return expiry;
}

/**
 * The 15-month case: under long illness, days of `leaveYear` expire 15 months after its end, on
 * 31 March of the second following year (EuGH C-214/10 "KHS"; BAG 9 AZR 353/10, 07.08.2012;
 * BAG 9 AZR 401/19, 20.12.2022). Fixed by case law, not by the tenant's carry-over day.
 */
export function longIllnessExpiry(leaveYear: number): Day {
  return `${leaveYear + 2}-03-31`;
}

/**
 * Closes the account of a year (§7 Abs. 3 BUrlG): what is left of the year's own days becomes a
 * carry-over block, and carried-over blocks still valid after 31 December move on unchanged.
 * Expiry of the new block:
 * - notified, no long illness: the tenant's carry-over day of the following year;
 * - ill from the start of the leave year until beyond the carry-over period: 15 months, notice or
 *   not (BAG 9 AZR 401/19: a notice could not have helped);
 * - fell ill during the year: 15 months if notified, else no expiry (BAG 9 AZR 401/19);
 * - not notified otherwise: no expiry.
 * Call it with the final account of the year: pending requests count as used.
 */
export function carryOver(
  account: VacationAccount,
  facts: CarryOverFacts,
  rules: CarryOverRules = {},
): CarryOver {
  const yearEnd = `${account.year}-12-31`;
  const illness = facts.longIllness ?? 'none';
  const expiry = ((): Day | null => {
    if (illness === 'from_year_start') return longIllnessExpiry(account.year);
    if (!facts.employerNotified) return null;
    if (illness === 'during_year') return longIllnessExpiry(account.year);
    return carryOverExpiry(account.year, rules);
  })();
  const blocks: VacationBlock[] = [];
  let overdrawn = 0;
  for (const block of account.blocks) {
    const left = roundHundredths(block.days - block.used);
    if (block.source === 'entitlement') {
      if (left > 0)
        blocks.push({
          source: 'carry_over',
          fromYear: block.fromYear,
          days: left,
          expiresOn: expiry,
        });
      else if (left < 0) overdrawn = -left;
    } else if (left > 0 && (block.expiresOn === null || block.expiresOn > yearEnd)) {
      blocks.push({
        source: 'carry_over',
        fromYear: block.fromYear,
        days: left,
        expiresOn: block.expiresOn,
      });
    }
  }
  return { blocks: blocks.sort(expiryOrder), overdrawn };
}

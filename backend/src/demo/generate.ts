/**
 * The demo companies as plain data: who works there, on which schedules, and every clock entry
 * from `months` ago until now. Pure and deterministic: the same options (seed and "now" included)
 * give the same rows, ids included. Writing them is write.ts's job.
 *
 * The data is meant to look like a real German company to someone trying the product, and to
 * exercise the rules: part-time and 4-day weeks, schedule changes (history), people starting
 * mid-period, opening balances and adjustments, public holidays and closure days of the
 * company's Bundesland, absences (vacation approved and requested, sickness, training, Gleittage;
 * no entries on their days), and a few ArbZG findings (long days, missing breaks,
 * short rest, weekend and holiday work, a shift across midnight).
 */
import type { Role } from '../db/types.js';
import { BUNDESLAENDER, publicHolidayLookup, publicHolidays } from '../domain/holidays.js';
import type { WeekdayMinutes } from '../domain/targets.js';
import type { Day } from '../domain/time.js';
import {
  addDays,
  addMonths,
  dayRange,
  isoWeekday,
  localDay,
  localInstant,
  MINUTE_MS,
  parseDay,
} from '../domain/time.js';
import { COMPANIES, emailLocalPart, FIRST_NAMES, LAST_NAMES, TEAM_NAMES } from './names.js';
import type { Random } from './random.js';
import { seededRandom } from './random.js';

export interface DemoOptions {
  tenants: number;
  /** People per company who record time: 1 admin, the team managers and employees. */
  employees: number;
  months: number;
  seed: number;
  /** Entries run until this instant; people are clocked in or on a break at it. */
  now: Date;
}

export const DEMO_TIME_ZONE = 'Europe/Berlin';
/** E-mail domain of the demo companies: `<slug>.demo.example` (example is reserved, RFC 2606). */
export const DEMO_EMAIL_DOMAIN = 'demo.example';

export interface DemoTenant {
  id: string;
  name: string;
  slug: string;
  holidayRegion: string;
  holidaySubregion: string | null;
  timeZone: string;
}

export interface DemoTeam {
  id: string;
  tenantId: string;
  name: string;
  managerId: string;
}

export interface DemoUser {
  id: string;
  tenantId: string;
  email: string;
  name: string;
  role: Exclude<Role, 'super_admin'>;
  teamId: string | null;
  employeeNumber: string;
  startDate: Day;
  openingBalanceMinutes: number;
  createdAt: Date;
}

export interface DemoSchedule {
  id: string;
  tenantId: string;
  /** Null: the company default. */
  userId: string | null;
  validFrom: Day;
  minutes: WeekdayMinutes;
  createdBy: string | null;
  createdAt: Date;
}

export interface DemoEntry {
  id: string;
  tenantId: string;
  userId: string;
  start: Date;
  end: Date | null;
  endReason: 'break' | 'clock_out' | null;
  source: 'clock' | 'manual' | 'correction';
  note: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  updatedBy: string | null;
}

export interface DemoAdjustment {
  id: string;
  tenantId: string;
  userId: string;
  day: Day;
  minutes: number;
  reason: string;
  createdBy: string;
  createdAt: Date;
}

export interface DemoClosureDay {
  tenantId: string;
  day: Day;
  name: string;
  half: boolean;
}

export type DemoAbsenceKind =
  'vacation' | 'sick' | 'child_sick' | 'training' | 'overtime_off' | 'business_trip';

/** An absence as the requests module records it (type by its default key). */
export interface DemoAbsence {
  id: string;
  tenantId: string;
  userId: string;
  typeKey: DemoAbsenceKind;
  from: Day;
  to: Day;
  halfDayStart: boolean;
  halfDayEnd: boolean;
  /** Past ones are approved (sickness: recorded); some planned ones still wait for a decision. */
  status: 'approved' | 'requested';
  note: string | null;
  createdBy: string;
  createdAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
}

export interface DemoCompany {
  tenant: DemoTenant;
  teams: DemoTeam[];
  users: DemoUser[];
  schedules: DemoSchedule[];
  entries: DemoEntry[];
  adjustments: DemoAdjustment[];
  closureDays: DemoClosureDay[];
  absences: DemoAbsence[];
}

const FULL_TIME: WeekdayMinutes = [480, 480, 480, 480, 480, 0, 0];
/** The working-time models handed out, with their share among employees. */
const MODELS = {
  fullTime: FULL_TIME,
  partTime5x6: [360, 360, 360, 360, 360, 0, 0],
  partTime4x5: [300, 300, 300, 300, 0, 0, 0],
  threeDays: [480, 480, 480, 0, 0, 0, 0],
  fourDays: [540, 540, 540, 540, 0, 0, 0],
} as const satisfies Record<string, WeekdayMinutes>;
type Model = keyof typeof MODELS | 'companyDefault';
const MODEL_WEIGHTS: [Model, number][] = [
  ['companyDefault', 0.7],
  ['partTime5x6', 0.09],
  ['partTime4x5', 0.07],
  ['threeDays', 0.05],
  ['fourDays', 0.06],
  ['fullTime', 0.03],
];

const MANUAL_NOTES = [
  'Stempeln vergessen, nachgetragen',
  'Außentermin beim Kunden',
  'Handy-Akku leer, nachgetragen',
  'Schulung extern',
];
const CORRECTION_NOTES = [
  'Korrektur: Gehen vergessen, laut Schichtplan nachgetragen',
  'Korrektur: Beginn laut Zutrittsprotokoll',
  'Korrektur nach Rücksprache mit der Mitarbeiterin / dem Mitarbeiter',
];

/** Personal habits that make one person's days look alike and different from others'. */
interface Habits {
  /** Usual start, minutes after local midnight (6:30–9:30). */
  start: number;
  startJitter: number;
  /** Minutes usually worked beyond (or short of) the target. */
  extra: number;
  twoBreaks: boolean;
  weekendWorker: boolean;
  holidayWorker: boolean;
  lateShifts: boolean;
}

interface PersonPlan {
  user: DemoUser;
  model: Model;
  /** A later change of the working-time model: from this day on. */
  change: { from: Day; model: keyof typeof MODELS } | null;
  habits: Habits;
  /** Days without work because of an absence (past ones; entries skip them). */
  absent: Set<Day>;
  absences: AbsenceBlock[];
  forceMidnight: boolean;
  forceLong: boolean;
  random: Random;
}

/** A working day as wall-clock minutes after local midnight of the day (may pass 24:00). */
interface DayPlan {
  blocks: { start: number; end: number }[];
}

function weighted<T>(random: Random, options: readonly [T, number][]): T {
  let roll = random.next() * options.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [value, weight] of options) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return options[0]![0];
}

/**
 * Instants of local wall-clock times, with the zone offset computed once per day: `localInstant`
 * per entry would dominate the generator's time. Times before 04:00 can fall on a DST switch and
 * are resolved exactly.
 */
function wallClock(timeZone: string) {
  const offsets = new Map<Day, number>();
  const at = (day: Day, minute: number, second = 0): Date => {
    if (minute >= 1440) return at(addDays(day, Math.floor(minute / 1440)), minute % 1440, second);
    if (minute < 240) {
      return new Date(
        localInstant(day, Math.floor(minute / 60), minute % 60, timeZone).getTime() + second * 1000,
      );
    }
    const { year, month, date } = parseDay(day);
    const midnightUtc = Date.UTC(year, month - 1, date);
    let offset = offsets.get(day);
    if (offset === undefined) {
      offset = midnightUtc + 12 * 3_600_000 - localInstant(day, 12, 0, timeZone).getTime();
      offsets.set(day, offset);
    }
    return new Date(midnightUtc + minute * MINUTE_MS - offset + second * 1000);
  };
  return at;
}

function scheduleOf(plan: PersonPlan, day: Day): WeekdayMinutes {
  const model = plan.change && day >= plan.change.from ? plan.change.model : plan.model;
  return model === 'companyDefault' ? FULL_TIME : MODELS[model];
}

interface AbsenceBlock {
  kind: DemoAbsenceKind;
  from: Day;
  to: Day;
  halfDayStart: boolean;
  halfDayEnd: boolean;
  status: 'approved' | 'requested';
}

const VACATION_NOTES = ['Sommerurlaub', 'Familienbesuch', 'Umzug', 'Hochzeit der Schwester'];
/** How far ahead people have planned their vacation. */
const PLANNING_DAYS = 120;

/**
 * A person's absences from `from` until `today` + PLANNING_DAYS, never overlapping: about three
 * vacation trips (from a Monday, one or two weeks), four short illnesses, a training and a
 * Gleittag a year in the past; one or two planned trips ahead, some still requested. Admins
 * (nobody approves their own) only fall ill.
 */
function planAbsences(
  random: Random,
  role: DemoUser['role'],
  from: Day,
  today: Day,
): { blocks: AbsenceBlock[]; pastDays: Set<Day> } {
  const blocks: AbsenceBlock[] = [];
  const yesterday = addDays(today, -1);
  const fits = (a: Day, b: Day) =>
    blocks.every((x) => b < addDays(x.from, -1) || a > addDays(x.to, 1));
  const place = (
    window: { from: Day; to: Day },
    kind: DemoAbsenceKind,
    length: () => number,
    options: { monday?: boolean; status?: AbsenceBlock['status']; half?: boolean } = {},
  ) => {
    const span = dayRange(window.from, window.to).length;
    if (span < 1) return;
    for (let attempt = 0; attempt < 6; attempt++) {
      let first = addDays(window.from, random.int(0, span - 1));
      if (options.monday) first = addDays(first, (8 - isoWeekday(first)) % 7);
      else if (isoWeekday(first) >= 6) first = addDays(first, 8 - isoWeekday(first));
      let last = addDays(first, length() - 1);
      if (last > window.to) last = window.to;
      if (first > last || !fits(first, last)) continue;
      const half = options.half === true && first === last;
      blocks.push({
        kind,
        from: first,
        to: last,
        halfDayStart: half,
        halfDayEnd: false,
        status: options.status ?? 'approved',
      });
      return;
    }
  };
  const past = { from, to: yesterday };
  const years = dayRange(from, yesterday).length / 365;
  if (years * 365 >= 20) {
    const takesLeave = role !== 'admin';
    // Illness first: it is not planned around vacation.
    for (let i = 0; i < Math.round(years * 4); i++) {
      place(past, random.chance(0.15) ? 'child_sick' : 'sick', () => random.int(1, 3));
    }
    if (takesLeave) {
      for (let i = 0; i < Math.max(1, Math.round(years * 3)); i++) {
        place(past, 'vacation', () => (random.chance(0.6) ? 12 : 5), { monday: true });
      }
      if (random.chance(0.5)) place(past, 'training', () => random.int(1, 3));
      if (random.chance(0.3)) place(past, 'business_trip', () => random.int(2, 4));
      place(past, 'overtime_off', () => 1, { half: random.chance(0.3) });
    }
  }
  if (role !== 'admin') {
    const ahead = { from: addDays(today, 7), to: addDays(today, PLANNING_DAYS) };
    for (let i = 0; i < random.int(1, 2); i++) {
      place(ahead, 'vacation', () => (random.chance(0.5) ? 12 : 5), {
        monday: true,
        status: random.chance(0.35) ? 'requested' : 'approved',
      });
    }
    if (random.chance(0.15)) place(ahead, 'training', () => random.int(1, 2));
  }
  blocks.sort((a, b) => (a.from < b.from ? -1 : 1));
  const pastDays = new Set<Day>();
  for (const block of blocks) {
    if (block.from > yesterday || block.halfDayStart) continue;
    for (const day of dayRange(block.from, block.to)) pastDays.add(day);
  }
  return { blocks, pastDays };
}

/** The blocks of work of an ordinary working day with `target` minutes. */
function workingDay(plan: PersonPlan, target: number, kind: 'normal' | 'long' | 'late' | 'night') {
  const { random, habits } = plan;
  let start = Math.min(
    11 * 60,
    Math.max(5 * 60 + 30, random.normal(habits.start, habits.startJitter)),
  );
  let worked = Math.max(120, target + habits.extra + random.normal(0, 20));
  if (kind === 'long') worked = random.int(605, 670);
  if (kind === 'late') start = random.int(13 * 60, 14 * 60 + 30);
  if (kind === 'night') {
    start = random.int(17 * 60, 18 * 60);
    worked = random.int(420, 480);
  }
  let breaks: number[];
  if (worked > 360) {
    if (random.chance(0.03)) {
      breaks = random.chance(0.5) ? [] : [random.int(10, 20)];
    } else {
      const total = worked > 540 ? random.int(9, 12) * 5 : random.int(6, 12) * 5;
      breaks = habits.twoBreaks && total >= 30 ? [15, total - 15] : [total];
    }
  } else {
    breaks = random.chance(0.4) ? [random.int(3, 6) * 5] : [];
  }
  // Share of the worked time before each break: lunch after about half of the day.
  const shares = breaks.length === 2 ? [0.3, 0.4, 0.3] : breaks.length === 1 ? [0.5, 0.5] : [1];
  const blocks: DayPlan['blocks'] = [];
  let at = start;
  let left = worked;
  shares.forEach((share, i) => {
    const isLast = i === shares.length - 1;
    const length = isLast ? left : Math.max(30, Math.round(worked * share) + random.int(-20, 20));
    blocks.push({ start: at, end: at + length });
    left -= length;
    at += length + (breaks[i] ?? 0);
  });
  return { blocks: blocks.filter((b) => b.end - b.start >= 5) };
}

/** Half a day of work on a weekend or holiday, without a break. */
function extraDay(random: Random): DayPlan {
  const start = random.int(8 * 60, 10 * 60);
  return { blocks: [{ start, end: start + random.int(180, 330) }] };
}

interface Calendar {
  isHoliday: (day: Day) => boolean;
  closure: Map<Day, DemoClosureDay>;
}

/** What a person does on a day, or null when they do not work. */
function dayPlan(plan: PersonPlan, day: Day, calendar: Calendar, nextDay: Day): DayPlan | null {
  const { random, habits } = plan;
  const weekday = isoWeekday(day);
  const scheduled = scheduleOf(plan, day)[weekday - 1] ?? 0;
  if (plan.absent.has(day)) return null;
  const closure = calendar.closure.get(day);
  if (calendar.isHoliday(day) || (closure && !closure.half)) {
    return habits.holidayWorker && calendar.isHoliday(day) && random.chance(0.3)
      ? extraDay(random)
      : null;
  }
  if (scheduled === 0) {
    const p = weekday === 6 ? 0.12 : weekday === 7 ? 0.04 : 0.01;
    return habits.weekendWorker && random.chance(p) ? extraDay(random) : null;
  }
  const target = closure?.half ? Math.floor(scheduled / 2) : scheduled;
  const nextIsWorkday = (scheduleOf(plan, nextDay)[isoWeekday(nextDay) - 1] ?? 0) > 0;
  if (plan.forceMidnight) {
    plan.forceMidnight = false;
    return workingDay(plan, target, 'night');
  }
  if (plan.forceLong) {
    plan.forceLong = false;
    return workingDay(plan, target, 'long');
  }
  const kind = random.chance(0.02)
    ? 'long'
    : habits.lateShifts && nextIsWorkday && random.chance(0.03)
      ? 'late'
      : random.chance(0.003)
        ? 'night'
        : 'normal';
  return workingDay(plan, target, kind);
}

/** One demo company with everything it records, for the tenant at `index` of the run. */
export function planCompany(options: DemoOptions, index: number): DemoCompany {
  const random = seededRandom(options.seed).fork(`tenant-${index}`);
  const zone = DEMO_TIME_ZONE;
  const now = options.now;
  const today = localDay(now, zone);
  const periodStart = addMonths(today, -options.months);
  const at = wallClock(zone);

  const company = COMPANIES[(random.int(0, COMPANIES.length - 1) + index) % COMPANIES.length]!;
  const slug = index < COMPANIES.length ? company.slug : `${company.slug}-${index + 1}`;
  const holidayRegion = random.pick(BUNDESLAENDER);
  // Most Bavarian communes are predominantly catholic and keep 15 August (holidays.ts).
  const holidaySubregion = holidayRegion === 'DE-BY' ? 'KATH' : null;
  const tenant: DemoTenant = {
    id: random.uuid(),
    name: index < COMPANIES.length ? company.name : `${company.name} (${index + 1})`,
    slug,
    holidayRegion,
    holidaySubregion,
    timeZone: zone,
  };
  const domain = `${slug}.${DEMO_EMAIL_DOMAIN}`;

  // Company calendar: public holidays, half days on 24/31 December, a bridge day after Ascension.
  const isHoliday = publicHolidayLookup(holidayRegion, holidaySubregion);
  const closureDays: DemoClosureDay[] = [];
  for (let year = parseDay(periodStart).year; year <= parseDay(today).year; year++) {
    for (const [day, name] of [
      [`${year}-12-24`, 'Heiligabend (halber Tag)'],
      [`${year}-12-31`, 'Silvester (halber Tag)'],
    ] as const) {
      if (isoWeekday(day) <= 5) closureDays.push({ tenantId: tenant.id, day, name, half: true });
    }
    for (const [day, name] of publicHolidays(holidayRegion, holidaySubregion, year)) {
      if (name === 'Christi Himmelfahrt') {
        closureDays.push({
          tenantId: tenant.id,
          day: addDays(day, 1),
          name: 'Brückentag',
          half: false,
        });
      }
    }
  }
  const calendar: Calendar = { isHoliday, closure: new Map(closureDays.map((c) => [c.day, c])) };

  // People: one admin, a manager per team of about twelve, the rest employees in the teams.
  const total = Math.max(2, options.employees);
  const teamCount = Math.max(1, Math.round((total - 1) / 12));
  const usedEmails = new Set<string>();
  const emailFor = (first: string, last: string) => {
    const base = emailLocalPart(first, last);
    let local = base;
    for (let n = 2; usedEmails.has(local); n++) local = `${base}${n}`;
    usedEmails.add(local);
    return `${local}@${domain}`;
  };
  const teams: DemoTeam[] = [];
  const plans: PersonPlan[] = [];
  for (let i = 0; i < total; i++) {
    const personRandom = random.fork(`person-${i}`);
    const first = personRandom.pick(FIRST_NAMES);
    const last = personRandom.pick(LAST_NAMES);
    const role: DemoUser['role'] = i === 0 ? 'admin' : i <= teamCount ? 'manager' : 'employee';
    const employeeIndex = i - 1 - teamCount;
    let teamId: string | null = null;
    if (role === 'manager') {
      const name = TEAM_NAMES[(i - 1) % TEAM_NAMES.length]!;
      const round = Math.floor((i - 1) / TEAM_NAMES.length);
      teamId = personRandom.uuid();
      teams.push({
        id: teamId,
        tenantId: tenant.id,
        name: round === 0 ? name : `${name} ${round + 1}`,
        managerId: '',
      });
    } else if (role === 'employee') {
      teamId = teams[employeeIndex % teams.length]!.id;
    }
    // The last employee joins mid-period; a few others too.
    const midPeriod =
      role === 'employee' && (i === total - 1 || personRandom.chance(0.07)) && options.months >= 2;
    const latestStart = addDays(today, -20);
    const earliestStart = addDays(periodStart, 30);
    const startDate =
      midPeriod && earliestStart < latestStart
        ? addDays(
            earliestStart,
            personRandom.int(0, dayRange(earliestStart, latestStart).length - 1),
          )
        : periodStart;
    const openingBalance =
      startDate === periodStart && (role === 'manager' || personRandom.chance(0.3))
        ? personRandom.int(-40, 160) * 15
        : 0;
    const user: DemoUser = {
      id: personRandom.uuid(),
      tenantId: tenant.id,
      email: role === 'admin' ? `admin@${domain}` : emailFor(first, last),
      name: `${first} ${last}`,
      role,
      teamId,
      employeeNumber: String(1001 + i),
      startDate,
      openingBalanceMinutes: openingBalance,
      createdAt: at(addDays(startDate, -personRandom.int(3, 20)), 9 * 60),
    };
    if (role === 'manager') teams.at(-1)!.managerId = user.id;
    // The first employees get one model each, so even a small company shows them all.
    const forced: Model[] = ['partTime5x6', 'fourDays', 'companyDefault', 'partTime4x5'];
    const model: Model =
      employeeIndex >= 0 && employeeIndex < forced.length
        ? forced[employeeIndex]!
        : weighted(personRandom, MODEL_WEIGHTS);
    const changeDay = addDays(startDate, Math.round(dayRange(startDate, today).length / 2));
    const wantsChange = employeeIndex === 2 || (employeeIndex > 3 && personRandom.chance(0.05));
    const change =
      wantsChange && changeDay < today
        ? {
            // From the Monday of that week: contracts change on week starts.
            from: addDays(changeDay, 1 - isoWeekday(changeDay)),
            model: personRandom.pick(['partTime5x6', 'fourDays', 'partTime4x5'] as const),
          }
        : null;
    const planned = planAbsences(personRandom.fork('absences'), role, startDate, today);
    plans.push({
      user,
      model,
      change: change && change.from > startDate ? change : null,
      habits: {
        start: personRandom.int(13, 19) * 30 + personRandom.int(0, 29),
        startJitter: personRandom.int(5, 20),
        extra: personRandom.int(-10, 25),
        twoBreaks: personRandom.chance(0.3),
        weekendWorker: personRandom.chance(0.15),
        holidayWorker: personRandom.chance(0.1),
        lateShifts: personRandom.chance(0.3),
      },
      absent: planned.pastDays,
      absences: planned.blocks,
      forceMidnight: employeeIndex === 0,
      forceLong: employeeIndex === 1,
      random: personRandom,
    });
  }
  const users = plans.map((p) => p.user);
  const admin = users[0]!;
  const managerOf = new Map(teams.map((t) => [t.id, t.managerId]));

  const schedules: DemoSchedule[] = [
    {
      id: random.uuid(),
      tenantId: tenant.id,
      userId: null,
      validFrom: `${parseDay(periodStart).year}-01-01`,
      minutes: FULL_TIME,
      createdBy: admin.id,
      createdAt: admin.createdAt,
    },
  ];
  for (const plan of plans) {
    const own = (validFrom: Day, model: keyof typeof MODELS) =>
      schedules.push({
        id: plan.random.uuid(),
        tenantId: tenant.id,
        userId: plan.user.id,
        validFrom,
        minutes: MODELS[model],
        createdBy: admin.id,
        createdAt: at(addDays(validFrom, -7), 10 * 60),
      });
    if (plan.model !== 'companyDefault') own(plan.user.startDate, plan.model);
    if (plan.change) own(plan.change.from, plan.change.model);
  }

  const entries: DemoEntry[] = [];
  const adjustments: DemoAdjustment[] = [];
  for (const plan of plans) {
    const { user, random: r } = plan;
    const corrector = user.teamId ? (managerOf.get(user.teamId) ?? admin.id) : admin.id;
    let lastEnd = 0;
    const push = (blocks: DayPlan['blocks'], day: Day, cutAt: Date | null) => {
      const first = blocks[0];
      if (!first || at(day, first.start).getTime() < lastEnd + MINUTE_MS) return;
      for (const [i, block] of blocks.entries()) {
        const start = at(day, block.start, r.int(0, 59));
        let end: Date | null = at(day, block.end, r.int(0, 59));
        if (cutAt && start.getTime() >= cutAt.getTime() - MINUTE_MS) break;
        if (cutAt && end.getTime() > cutAt.getTime()) end = null;
        const roll = r.next();
        const source =
          end === null ? 'clock' : roll < 0.012 ? 'manual' : roll < 0.016 ? 'correction' : 'clock';
        const laterOn = (instant: Date) =>
          new Date(Math.min(now.getTime(), instant.getTime() + r.int(1, 30) * 3_600_000));
        const entry: DemoEntry = {
          id: r.uuid(),
          tenantId: tenant.id,
          userId: user.id,
          start,
          end,
          endReason: end === null ? null : i === blocks.length - 1 ? 'clock_out' : 'break',
          source,
          note:
            source === 'manual'
              ? r.pick(MANUAL_NOTES)
              : source === 'correction'
                ? r.pick(CORRECTION_NOTES)
                : null,
          createdBy: source === 'correction' ? corrector : user.id,
          createdAt: source === 'clock' ? start : laterOn(end ?? start),
          updatedAt: source === 'clock' ? (end ?? start) : laterOn(end ?? start),
          updatedBy: source === 'correction' ? corrector : end === null ? null : user.id,
        };
        entries.push(entry);
        lastEnd = (end ?? now).getTime();
        if (end === null) break;
      }
    };
    for (const day of dayRange(user.startDate, addDays(today, -1))) {
      const work = dayPlan(plan, day, calendar, addDays(day, 1));
      if (!work) continue;
      const lastBlock = work.blocks.at(-1);
      // Work of yesterday evening must have ended by now.
      if (lastBlock && at(day, lastBlock.end, 59).getTime() > now.getTime()) continue;
      push(work.blocks, day, null);
    }
    const todayWork =
      user.startDate <= today ? dayPlan(plan, today, calendar, addDays(today, 1)) : null;
    if (todayWork) push(todayWork.blocks, today, now);
    if (user.startDate === periodStart && (r.chance(0.05) || plan === plans[1])) {
      const day = addDays(periodStart, r.int(0, dayRange(periodStart, today).length - 1));
      const payout = r.chance(0.6);
      adjustments.push({
        id: r.uuid(),
        tenantId: tenant.id,
        userId: user.id,
        day,
        minutes: payout ? -r.int(10, 20) * 60 : r.int(4, 16) * 15,
        reason: payout
          ? 'Überstunden ausbezahlt (Lohnabrechnung)'
          : 'Übertrag aus der alten Zeiterfassung korrigiert',
        createdBy: admin.id,
        createdAt: at(day, 15 * 60),
      });
    }
  }
  ensurePresence(entries, plans, now, random);
  ensureHandEdits(entries, plans, managerOf, admin, random);

  const absences: DemoAbsence[] = [];
  for (const plan of plans) {
    const { user } = plan;
    const approver =
      user.teamId && user.role === 'employee' ? managerOf.get(user.teamId)! : admin.id;
    const r = plan.random.fork('absence-records');
    for (const block of plan.absences) {
      const recorded = block.kind === 'sick' || block.kind === 'child_sick';
      // Vacation is asked for weeks ahead; sickness is reported on its first morning.
      const createdAt = recorded
        ? at(block.from, 7 * 60 + r.int(0, 90))
        : new Date(
            Math.min(now.getTime(), at(addDays(block.from, -r.int(14, 60)), 10 * 60).getTime()),
          );
      const decidedAt =
        block.status === 'requested'
          ? null
          : recorded
            ? createdAt
            : new Date(Math.min(now.getTime(), createdAt.getTime() + r.int(1, 48) * 3_600_000));
      absences.push({
        id: r.uuid(),
        tenantId: tenant.id,
        userId: user.id,
        typeKey: block.kind,
        from: block.from,
        to: block.to,
        halfDayStart: block.halfDayStart,
        halfDayEnd: block.halfDayEnd,
        status: block.status,
        note: block.kind === 'vacation' && r.chance(0.2) ? r.pick(VACATION_NOTES) : null,
        createdBy: user.id,
        createdAt,
        decidedBy: block.status === 'requested' ? null : recorded ? user.id : approver,
        decidedAt,
      });
    }
  }
  return { tenant, teams, users, schedules, entries, adjustments, closureDays, absences };
}

/**
 * Entries added and corrected by hand are rare (under 2%); even a small demo company shows
 * one of each, made from an ordinary clocked entry of an employee.
 */
function ensureHandEdits(
  entries: DemoEntry[],
  plans: PersonPlan[],
  managerOf: ReadonlyMap<string, string>,
  admin: DemoUser,
  random: Random,
): void {
  const employees = new Map(
    plans.filter((p) => p.user.role === 'employee').map((p) => [p.user.id, p.user]),
  );
  for (const source of ['manual', 'correction'] as const) {
    if (entries.some((e) => e.source === source)) continue;
    const entry = entries.find(
      (e) => e.source === 'clock' && e.end !== null && employees.has(e.userId),
    );
    if (!entry) return;
    const user = employees.get(entry.userId)!;
    const corrector = user.teamId ? (managerOf.get(user.teamId) ?? admin.id) : admin.id;
    const by = source === 'correction' ? corrector : user.id;
    const later = new Date(entry.end!.getTime() + 3_600_000);
    Object.assign(entry, {
      source,
      note: random.pick(source === 'manual' ? MANUAL_NOTES : CORRECTION_NOTES),
      createdBy: by,
      createdAt: later,
      updatedAt: later,
      updatedBy: by,
    });
  }
}

/**
 * Someone trying the demo expects colleagues clocked in and on a break right now, even when the
 * seed runs at night or on a Sunday: if today's plans gave nobody, a few people started late.
 */
function ensurePresence(
  entries: DemoEntry[],
  plans: PersonPlan[],
  now: Date,
  random: Random,
): void {
  const lastByUser = new Map<string, DemoEntry>();
  for (const entry of entries) lastByUser.set(entry.userId, entry);
  const running = () => [...lastByUser.values()].filter((e) => e.end === null);
  const wanted = Math.max(2, Math.round(plans.length * 0.03));
  for (const plan of plans) {
    if (running().length >= wanted) break;
    const last = lastByUser.get(plan.user.id);
    if (!last || last.end === null || last.endReason === 'break') continue;
    const start = new Date(
      Math.max(
        now.getTime() - random.int(60, 150) * MINUTE_MS,
        last.end.getTime() + 30 * MINUTE_MS,
      ),
    );
    if (start.getTime() > now.getTime() - 10 * MINUTE_MS) continue;
    const entry: DemoEntry = {
      id: random.uuid(),
      tenantId: plan.user.tenantId,
      userId: plan.user.id,
      start,
      end: null,
      endReason: null,
      source: 'clock',
      note: null,
      createdBy: plan.user.id,
      createdAt: start,
      updatedAt: start,
      updatedBy: null,
    };
    entries.push(entry);
    lastByUser.set(plan.user.id, entry);
  }
  const onBreak = [...lastByUser.values()].some((e) => e.endReason === 'break');
  if (onBreak) return;
  // Nobody on a break: the one who has worked longest takes one now.
  const longest = running().sort((a, b) => a.start.getTime() - b.start.getTime())[0];
  const breakStart = new Date(now.getTime() - random.int(3, 12) * MINUTE_MS);
  if (longest && longest.start.getTime() < breakStart.getTime() - MINUTE_MS) {
    longest.end = breakStart;
    longest.endReason = 'break';
    longest.updatedAt = breakStart;
    longest.updatedBy = longest.userId;
  }
}

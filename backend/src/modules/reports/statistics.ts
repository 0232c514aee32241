/**
 * Statistics (Berichte → Statistik): month by month over up to two years, for the people of the
 * actor's `report.export` scope (as the overview, narrowed by team or one person):
 * - the Gleitzeit balance at each month's end, per person and as the sum and the average per
 *   person of those employed that month. The sum is what the company owes in hours; the average
 *   stays comparable while people join and leave, and with one person's line, so the chart
 *   draws the average;
 * - working days of approved absences per type;
 * - ArbZG findings by severity and by rule.
 *
 * Each month's figures are the overview's of that month (tested): the same people (employed in
 * the month), balances from time/balances.ts, findings and absence days from figures.ts. They
 * are computed for the whole range at once – one balance ledger per person read at every month
 * end, one ArbZG check per person over the range, one day count per absence – with a constant
 * number of queries, whatever the number of people or months.
 */
import type { Deps } from '../../deps.js';
import type { ArbzgCode, FindingSeverity } from '../../domain/arbzg.js';
import type { Day } from '../../domain/time.js';
import { addMonths, daysOfMonth, localDay } from '../../domain/time.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../auth/permissions.js';
import { balanceSeries, splitPersonWork } from '../time/balances.js';
import { countedAbsences, findingsByPerson, reportInputs } from './figures.js';
import type { ReportPerson } from './people.js';
import { employedIn, peopleInScope } from './people.js';

/** Longest range of the statistics: two years of months. */
export const MAX_STATISTICS_MONTHS = 24;

/** A calendar month, 'YYYY-MM'. */
export type Month = string;

export interface StatisticsQuery {
  from: Month;
  to: Month;
  teamId?: string | undefined;
  userId?: string | undefined;
}

export type FindingCounts = Record<FindingSeverity, number> & { total: number };

export interface StatisticsMonth {
  month: Month;
  /** The day the balances stand at: the month's end, today while it runs; null before it starts. */
  balanceAsOf: Day | null;
  /** People in the month's figures: in scope and employed in the month (the overview's rule). */
  people: number;
  /** Balances at `balanceAsOf`: sum and average per person (rounded); null without any. */
  balance: { totalMinutes: number; averageMinutes: number } | null;
  /** Working days of approved absences per type (days > 0 only), in the company's type order. */
  absences: { typeId: string; days: number }[];
  absenceDays: number;
  findings: FindingCounts;
  findingsByCode: { code: ArbzgCode; count: number }[];
}

export interface StatisticsPerson {
  userId: string;
  name: string;
  teamId: string | null;
  teamName: string | null;
  /** Balance at each month's `balanceAsOf`, in the order of `months`; null while not employed. */
  balances: (number | null)[];
}

export interface Statistics {
  from: Month;
  to: Month;
  /** Today in the company's time zone. */
  today: Day;
  /** The types that have days in the range, in the company's order, with their colours. */
  absenceTypes: { id: string; key: string | null; nameDe: string; nameEn: string; color: string }[];
  months: StatisticsMonth[];
  people: StatisticsPerson[];
}

/** The months from `from` to `to`, refused when reversed or longer than two years. */
export function monthsOf(from: Month, to: Month): Month[] {
  if (to < from) {
    throw new AppError('PERIOD_ENDS_BEFORE_START', 'The period ends before it starts.');
  }
  const months: Month[] = [];
  for (let day = `${from}-01`; day.slice(0, 7) <= to; day = addMonths(day, 1)) {
    if (months.length === MAX_STATISTICS_MONTHS) {
      throw new AppError(
        'PERIOD_TOO_LONG',
        `The statistics span at most ${MAX_STATISTICS_MONTHS} months.`,
        { maxMonths: MAX_STATISTICS_MONTHS },
      );
    }
    months.push(day.slice(0, 7));
  }
  return months;
}

function bounds(month: Month): { from: Day; to: Day } {
  const days = daysOfMonth(Number(month.slice(0, 4)), Number(month.slice(5, 7)));
  return { from: days[0]!, to: days.at(-1)! };
}

/** Days rounded to hundredths (half days add up exactly; this keeps sums of them tidy). */
const roundDays = (days: number) => Math.round(days * 100) / 100;

/** The statistics of the months `from`–`to` for the actor's scope (see the module comment). */
export async function statistics(
  deps: Deps,
  actor: Actor,
  query: StatisticsQuery,
): Promise<Statistics> {
  const months = monthsOf(query.from, query.to);
  const periods = months.map(bounds);
  const from = periods[0]!.from;
  const to = periods.at(-1)!.to;
  const { tenantId, rows } = await peopleInScope(deps, actor, { ...query, from, to });
  const now = deps.clock();
  const ids = rows.map((r) => r.id);

  const {
    data,
    types,
    more: absences,
  } = await reportInputs(deps.db, tenantId, ids, { from, to }, ({ company, calendars }) =>
    countedAbsences(
      deps.db,
      tenantId,
      ids,
      { from, to, today: localDay(now, company.timeZone) },
      calendars,
    ),
  );
  const today = localDay(now, data.timeZone);
  // A month not begun yet has no balance; the running month's stands at today (computeBalances
  // counts no day after today, so its month end gives today's balance).
  const asOf = periods.map((p) => (p.from > today ? null : p.to < today ? p.to : today));
  const checkpoints = periods.filter((_, i) => asOf[i] !== null).map((p) => p.to);
  // Everyone's entries split into days once, for the balances and the checks.
  const work = splitPersonWork(data, now);
  const balances = balanceSeries(data, checkpoints, now, work);
  const findings = findingsByPerson(data, from, to, now, work);

  const monthIndex = new Map(months.map((m, i) => [m, i]));
  const employed = (person: ReportPerson, i: number) =>
    employedIn(person, periods[i]!.from, periods[i]!.to);
  const byId = new Map(rows.map((r) => [r.id, r]));

  const absenceDays = months.map(() => new Map<string, number>());
  for (const absence of absences) {
    const person = byId.get(absence.userId)!;
    for (const { day, counted } of absence.days) {
      const i = monthIndex.get(day.slice(0, 7))!;
      if (!employed(person, i)) continue;
      const perType = absenceDays[i]!;
      perType.set(absence.typeId, (perType.get(absence.typeId) ?? 0) + counted);
    }
  }
  const findingCounts = months.map(() => ({
    severity: { violation: 0, warning: 0, info: 0, total: 0 },
    code: new Map<ArbzgCode, number>(),
  }));
  for (const person of rows) {
    for (const finding of findings.get(person.id) ?? []) {
      const i = monthIndex.get(finding.day.slice(0, 7))!;
      if (!employed(person, i)) continue;
      const counts = findingCounts[i]!;
      counts.severity[finding.severity] += 1;
      counts.severity.total += 1;
      counts.code.set(finding.code, (counts.code.get(finding.code) ?? 0) + 1);
    }
  }

  const people = rows.map((person): StatisticsPerson => {
    const series = balances.get(person.id);
    let checkpoint = 0;
    return {
      userId: person.id,
      name: person.name || person.email,
      teamId: person.team_id,
      teamName: person.team_name,
      balances: months.map((_, i) => {
        if (asOf[i] === null) return null;
        const balance = series?.[checkpoint++] ?? null;
        return employed(person, i) ? balance : null;
      }),
    };
  });

  const usedTypes = new Set(absenceDays.flatMap((perType) => [...perType.keys()]));
  const shownTypes = types.filter((t) => usedTypes.has(t.id));
  return {
    from: query.from,
    to: query.to,
    today,
    absenceTypes: shownTypes.map((t) => ({
      id: t.id,
      key: t.key,
      nameDe: t.name_de,
      nameEn: t.name_en,
      color: t.color,
    })),
    months: months.map((month, i): StatisticsMonth => {
      const standing = people
        .map((p) => p.balances[i])
        .filter((b): b is number => typeof b === 'number');
      const total = standing.reduce((sum, b) => sum + b, 0);
      const perType = absenceDays[i]!;
      const typeDays = shownTypes
        .filter((t) => (perType.get(t.id) ?? 0) > 0)
        .map((t) => ({ typeId: t.id, days: roundDays(perType.get(t.id)!) }));
      return {
        month,
        balanceAsOf: asOf[i] ?? null,
        people: rows.filter((person) => employed(person, i)).length,
        balance:
          standing.length === 0
            ? null
            : { totalMinutes: total, averageMinutes: Math.round(total / standing.length) },
        absences: typeDays,
        absenceDays: roundDays(typeDays.reduce((sum, t) => sum + t.days, 0)),
        findings: findingCounts[i]!.severity,
        findingsByCode: [...findingCounts[i]!.code]
          .map(([code, count]) => ({ code, count }))
          .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
      };
    }),
    people,
  };
}

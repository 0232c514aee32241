/**
 * Absences day by day, for the modules that count working time: the month view, bulk balances,
 * live presence and the missing-entry reminders. Only approved absences (and those asked to be
 * cancelled, which still hold until decided) count; pending ones are only planned.
 *
 * What a day of absence does to the target (domain/targets.ts AbsenceCredit), from the type:
 * - credits_target: the target counts as worked (fraction 1, or 0.5 for a half day);
 * - deducts_overtime (Gleittag): nothing is credited, the target stays and the Gleitzeit
 *   balance pays for it (fraction 0);
 * - neither (unpaid leave, Kind krank without pay): the target is waived for the day or half
 *   day, so no work is owed and the balance is untouched (defaults.ts), shown as 0 target.
 */
import type { Db } from '../../db/index.js';
import type { AbsenceCredit } from '../../domain/targets.js';
import type { Day } from '../../domain/time.js';
import { addDays, localDay, localInstant, startOfLocalDay } from '../../domain/time.js';

/** Absences that count (credit the target, show as absent). */
export const COUNTING_STATUSES = ['approved', 'cancel_requested'] as const;

export interface DayAbsence {
  absenceId: string;
  typeId: string;
  key: string | null;
  name: { de: string; en: string };
  color: string;
  /** Only half of this day is taken. */
  half: boolean;
  /** Which half: 'pm' off from noon (first day), 'am' back at noon (last day). */
  halfOf: 'am' | 'pm' | null;
  credit: AbsenceCredit;
}

/** The credit a day of absence of a type gives (see the module comment). */
export function creditOf(
  type: { key: string | null; credits_target: boolean; deducts_overtime: boolean },
  half: boolean,
): AbsenceCredit {
  const fraction = half ? 0.5 : 1;
  const kind = type.key ?? 'other';
  if (type.credits_target) return { fraction, kind };
  if (type.deducts_overtime) return { fraction: 0, kind };
  return { fraction, kind, waives: true };
}

/**
 * Counting absences of the given people between `from` and `to` (inclusive), as
 * user → day → absence, in one query. An open sickness runs to `to`.
 */
export async function countingAbsenceDays(
  db: Db,
  tenantId: string,
  userIds: readonly string[],
  from: Day,
  to: Day,
): Promise<Map<string, Map<Day, DayAbsence>>> {
  const result = new Map<string, Map<Day, DayAbsence>>();
  if (userIds.length === 0 || to < from) return result;
  const rows = await db
    .selectFrom('absences')
    .innerJoin('absence_types', 'absence_types.id', 'absences.type_id')
    .select([
      'absences.id',
      'absences.user_id',
      'absences.start_day',
      'absences.end_day',
      'absences.half_day_start',
      'absences.half_day_end',
      'absence_types.id as type_id',
      'absence_types.key',
      'absence_types.name_de',
      'absence_types.name_en',
      'absence_types.color',
      'absence_types.credits_target',
      'absence_types.deducts_overtime',
    ])
    .where('absences.tenant_id', '=', tenantId)
    .where('absences.user_id', '=', (eb) => eb.fn.any(eb.val([...userIds])))
    .where('absences.status', 'in', COUNTING_STATUSES)
    .where('absences.start_day', '<=', to)
    .where((eb) => eb.or([eb('absences.end_day', 'is', null), eb('absences.end_day', '>=', from)]))
    .execute();
  for (const row of rows) {
    let days = result.get(row.user_id);
    if (!days) result.set(row.user_id, (days = new Map<Day, DayAbsence>()));
    const first = row.start_day > from ? row.start_day : from;
    const last = row.end_day === null || row.end_day > to ? to : row.end_day;
    for (let day = first; day <= last; day = addDays(day, 1)) {
      const halfOf =
        row.half_day_start && day === row.start_day
          ? 'pm'
          : row.half_day_end && day === row.end_day
            ? 'am'
            : null;
      days.set(day, {
        absenceId: row.id,
        typeId: row.type_id,
        key: row.key,
        name: { de: row.name_de, en: row.name_en },
        color: row.color,
        half: halfOf !== null,
        halfOf,
        credit: creditOf(row, halfOf !== null),
      });
    }
  }
  return result;
}

/** Local noon splits a day into the halves a half-day absence takes. */
const NOON = 12;

/**
 * Who of `userIds` is on an approved absence right now (local time of the company), with when
 * it began: a full day from its first day's midnight; a half day only in the half taken
 * (afternoon of the first day, morning of the last). One query for all people.
 */
export async function absentNow(
  db: Db,
  tenantId: string,
  userIds: readonly string[],
  now: Date,
): Promise<Map<string, string | null>> {
  const result = new Map<string, string | null>();
  if (userIds.length === 0) return result;
  const { time_zone: zone } = await db
    .selectFrom('tenants')
    .select('time_zone')
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
  const today = localDay(now, zone);
  const days = await countingAbsenceDays(db, tenantId, userIds, today, today);
  const noon = localInstant(today, NOON, 0, zone);
  for (const [userId, byDay] of days) {
    const absence = byDay.get(today);
    if (!absence) continue;
    if (absence.halfOf === 'pm' && now < noon) continue;
    if (absence.halfOf === 'am' && now >= noon) continue;
    const since = await absenceStart(db, tenantId, absence.absenceId);
    result.set(
      userId,
      absence.halfOf === 'pm' ? noon.toISOString() : startOfLocalDay(since, zone).toISOString(),
    );
  }
  return result;
}

async function absenceStart(db: Db, tenantId: string, id: string): Promise<Day> {
  const row = await db
    .selectFrom('absences')
    .select('start_day')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row.start_day;
}

/**
 * Which of these people (user → a day) were absent for the whole of that day, so a day without
 * entries is no reason to remind them. A half day of absence leaves the other half to record.
 */
export async function absentWholeDay(
  db: Db,
  tenantId: string,
  dayByUser: ReadonlyMap<string, Day>,
): Promise<Set<string>> {
  const absent = new Set<string>();
  if (dayByUser.size === 0) return absent;
  const days = [...dayByUser.values()].sort();
  const byUser = await countingAbsenceDays(
    db,
    tenantId,
    [...dayByUser.keys()],
    days[0]!,
    days.at(-1)!,
  );
  for (const [userId, day] of dayByUser) {
    const absence = byUser.get(userId)?.get(day);
    if (absence && !absence.half) absent.add(userId);
  }
  return absent;
}

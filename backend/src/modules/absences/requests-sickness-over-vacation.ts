/**
 * Sickness during vacation (§ 9 BUrlG): "Erkrankt ein Arbeitnehmer während des Urlaubs, so
 * werden die durch ärztliches Zeugnis nachgewiesenen Tage der Arbeitsunfähigkeit auf den
 * Jahresurlaub nicht angerechnet." A sickness recorded over days of the person's vacation
 * (types that take vacation, in a holding status) is first refused with
 * ABSENCE_OVERLAPS_VACATION naming what would happen; confirmed (`returnVacationDays`), each
 * vacation loses exactly the sickness's days – cancelled, shortened or split in two – in the
 * transaction that records the sickness, with audit entries, CalDAV syncs and one mail.
 *
 * Two absences of a person never share a day (the EXCLUDE constraint absences_no_overlap, which
 * stays as it is): a sickness that starts or ends with half a day on a vacation day would need
 * the vacation to keep the other half of that day, so it is refused with a clear message.
 */
import type { Selectable } from 'kysely';
import type { Db } from '../../db/index.js';
import type { AbsenceStatus, AbsencesTable } from '../../db/types.js';
import type { Day } from '../../domain/time.js';
import { addDays } from '../../domain/time.js';
import { AppError } from '../../errors.js';
import type { Config } from '../../config.js';
import { recordAudit } from '../audit/service.js';
import { queueCaldavSync } from '../caldav/sync-job.js';
import { HOLDING_STATUSES } from './accounts.js';
import type { PersonCalendar } from './calendar.js';
import { countWorkingDays } from './calendar.js';
import type { NoticeAbsence } from './requests-mail.js';
import { approversOf, notify } from './requests-mail.js';

type AbsenceRow = Selectable<AbsencesTable>;

/** A range of days with its half first / last day, as absences store it. */
export interface HalfDayRange {
  from: Day;
  to: Day;
  /** Only the afternoon of the first day. */
  halfDayStart: boolean;
  /** Only the morning of the last day. */
  halfDayEnd: boolean;
}

export interface VacationCut {
  /** cancelled: nothing left; shortened: one part left; split: a part before and one after. */
  result: 'cancelled' | 'shortened' | 'split';
  /** What stays of the vacation (0, 1 or 2 parts, in order). */
  parts: HalfDayRange[];
  /** Working days the vacation no longer takes. */
  daysReturned: number;
}

/**
 * What stays of `vacation` when `sickness` (a closed range overlapping it) takes its days.
 * Half days: a sickness from noon leaves the vacation the morning of its first day, one until
 * noon leaves it the afternoon of its last day. Parts without a working day (a weekend left
 * over) are dropped: a vacation of no days is none. Pure: `workingDays` counts in the person's
 * calendar.
 */
export function cutVacation(
  vacation: HalfDayRange,
  sickness: HalfDayRange,
  workingDays: (range: HalfDayRange) => number,
): VacationCut {
  const candidates: HalfDayRange[] = [];
  // The part before the sickness.
  if (sickness.from > vacation.from) {
    candidates.push(
      sickness.halfDayStart
        ? { ...vacation, to: sickness.from, halfDayEnd: true }
        : { ...vacation, to: addDays(sickness.from, -1), halfDayEnd: false },
    );
  } else if (sickness.from === vacation.from && sickness.halfDayStart && !vacation.halfDayStart) {
    // Sick from noon of the vacation's first day: its morning stays vacation.
    candidates.push({
      from: vacation.from,
      to: vacation.from,
      halfDayStart: false,
      halfDayEnd: true,
    });
  }
  // The part after it.
  if (sickness.to < vacation.to) {
    candidates.push(
      sickness.halfDayEnd
        ? { ...vacation, from: sickness.to, halfDayStart: true }
        : { ...vacation, from: addDays(sickness.to, 1), halfDayStart: false },
    );
  } else if (sickness.to === vacation.to && sickness.halfDayEnd && !vacation.halfDayEnd) {
    candidates.push({ from: vacation.to, to: vacation.to, halfDayStart: true, halfDayEnd: false });
  }
  const parts = candidates.filter(
    // A one-day part with both halves taken away (or a vacation that had only that half) is
    // empty; so is one without working days.
    (p) => !(p.from === p.to && p.halfDayStart && p.halfDayEnd) && workingDays(p) > 0,
  );
  const kept = parts.reduce((sum, p) => sum + workingDays(p), 0);
  return {
    result: parts.length === 0 ? 'cancelled' : parts.length === 1 ? 'shortened' : 'split',
    parts,
    daysReturned: workingDays(vacation) - kept,
  };
}

/** A holding absence of the person that overlaps a requested range, with its type. */
export interface OverlapRow extends AbsenceRow {
  name_de: string;
  name_en: string;
  deducts_vacation: boolean;
}

/** The person's holding absences over the range (open end: all from its first day on). */
export async function overlappingAbsences(
  db: Db,
  tenantId: string,
  userId: string,
  range: { from: Day; to: Day | null },
  excludeId?: string,
): Promise<OverlapRow[]> {
  let query = db
    .selectFrom('absences')
    .innerJoin('absence_types', 'absence_types.id', 'absences.type_id')
    .selectAll('absences')
    .select(['absence_types.name_de', 'absence_types.name_en', 'absence_types.deducts_vacation'])
    .where('absences.tenant_id', '=', tenantId)
    .where('absences.user_id', '=', userId)
    .where('absences.status', 'in', HOLDING_STATUSES)
    .where((eb) =>
      eb.or([eb('absences.end_day', 'is', null), eb('absences.end_day', '>=', range.from)]),
    );
  if (range.to !== null) query = query.where('absences.start_day', '<=', range.to);
  if (excludeId) query = query.where('absences.id', '<>', excludeId);
  return query.orderBy('absences.start_day').execute();
}

/** One vacation the sickness would cut, as ABSENCE_OVERLAPS_VACATION's details name it. */
export interface VacationReturn {
  id: string;
  from: Day;
  to: Day;
  halfDayStart: boolean;
  halfDayEnd: boolean;
  status: AbsenceStatus;
  typeName: { de: string; en: string };
  result: VacationCut['result'];
  parts: HalfDayRange[];
  daysReturned: number;
  /** The row as read, to cut it only if nobody changed it since. */
  row: AbsenceRow;
}

export interface VacationPlan {
  vacations: VacationReturn[];
  daysReturned: number;
}

/** The details the API sends (the stored rows stay inside). */
export function planDetails(plan: VacationPlan): Record<string, unknown> {
  return {
    vacations: plan.vacations.map(({ row: _row, ...v }) => v),
    daysReturned: plan.daysReturned,
  };
}

const rangeOf = (row: AbsenceRow): HalfDayRange => ({
  from: row.start_day,
  to: row.end_day!,
  halfDayStart: row.half_day_start,
  halfDayEnd: row.half_day_end,
});

/**
 * What recording `sickness` would do to the vacations it overlaps. Every overlapping absence
 * must be a vacation with an end (the caller refuses the others as ABSENCE_OVERLAP).
 */
export function planReturns(
  calendar: PersonCalendar,
  sickness: HalfDayRange,
  vacations: readonly OverlapRow[],
): VacationPlan {
  const count = (r: HalfDayRange) => countWorkingDays(calendar, r).total;
  const planned = vacations.map((overlap): VacationReturn => {
    const { name_de, name_en, deducts_vacation: _deducts, ...row } = overlap;
    const cut = cutVacation(rangeOf(row), sickness, count);
    return {
      id: row.id,
      ...rangeOf(row),
      status: row.status,
      typeName: { de: name_de, en: name_en },
      ...cut,
      row,
    };
  });
  return { vacations: planned, daysReturned: planned.reduce((s, v) => s + v.daysReturned, 0) };
}

/** A day both a kept vacation part and the sickness would hold (half days), if any. */
export function sharedDay(plan: VacationPlan, sickness: HalfDayRange): Day | null {
  for (const v of plan.vacations)
    for (const p of v.parts)
      if (p.from <= sickness.to && p.to >= sickness.from)
        return p.from >= sickness.from ? p.from : p.to;
  return null;
}

/** The days the vacations give back, as one range per vacation (for locks and the mail). */
export function returnedSpans(plan: VacationPlan, sickness: HalfDayRange): HalfDayRange[] {
  return plan.vacations.map((v) => ({
    from: v.from > sickness.from ? v.from : sickness.from,
    to: v.to < sickness.to ? v.to : sickness.to,
    halfDayStart: false,
    halfDayEnd: false,
  }));
}

/** The audit's picture of an absence (the same fields requests.ts keeps). */
type Snapshot = (row: AbsenceRow) => Record<string, unknown>;

export interface ReturnContext {
  tenantId: string;
  actorUserId: string;
  sicknessId: string;
  person: { id: string; team_id: string | null; name: string; email: string; locale: string };
  personName: string;
  tenantLocale: string;
  config: Pick<Config, 'frontendUrl'>;
  now: Date;
  ip: string | null;
  snapshot: Snapshot;
}

/**
 * Cuts the vacations as planned, in the caller's transaction and before the sickness is
 * inserted (the EXCLUDE constraint checks each statement). Each row is changed only in the
 * state it was planned on; a concurrent change refuses the whole with ABSENCE_STATE_CHANGED.
 */
export async function returnVacationDays(
  trx: Db,
  plan: VacationPlan,
  sickness: HalfDayRange,
  ctx: ReturnContext,
): Promise<void> {
  const reason = `§ 9 BUrlG: sickness ${ctx.sicknessId}`;
  const audit = (action: string, entityId: string, before: AbsenceRow | null, after: AbsenceRow) =>
    recordAudit(trx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.actorUserId,
      action,
      entityType: 'absence',
      entityId,
      before: before ? ctx.snapshot(before) : null,
      after: ctx.snapshot(after),
      reason,
      ip: ctx.ip,
    });
  for (const v of plan.vacations) {
    const [first, second] = v.parts;
    const next = await trx
      .updateTable('absences')
      .set(
        first
          ? {
              start_day: first.from,
              end_day: first.to,
              half_day_start: first.halfDayStart,
              half_day_end: first.halfDayEnd,
              updated_at: ctx.now,
            }
          : {
              status: 'cancelled',
              cancelled_by: ctx.actorUserId,
              cancelled_at: ctx.now,
              cancel_reason: reason,
              updated_at: ctx.now,
            },
      )
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', v.row.id)
      // The state the cut was planned on (updated_at is not compared: stored in microseconds).
      .where('status', '=', v.row.status)
      .where('start_day', '=', v.row.start_day)
      .where('end_day', '=', v.row.end_day!)
      .where('half_day_start', '=', v.row.half_day_start)
      .where('half_day_end', '=', v.row.half_day_end)
      .returningAll()
      .executeTakeFirst();
    if (!next)
      throw new AppError(
        'ABSENCE_STATE_CHANGED',
        'A vacation this sickness overlaps was changed meanwhile. Please try again.',
      );
    await audit(
      first ? 'absence.vacation_days_returned' : 'absence.cancelled_for_sickness',
      next.id,
      v.row,
      next,
    );
    await queueCaldavSync(trx, ctx.tenantId, next.id);
    if (second) {
      // The part after the sickness: the same vacation, decided as it was.
      const { id: _id, ...copied } = v.row;
      const after = await trx
        .insertInto('absences')
        .values({
          ...copied,
          start_day: second.from,
          end_day: second.to,
          half_day_start: second.halfDayStart,
          half_day_end: second.halfDayEnd,
          updated_at: ctx.now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit('absence.split_for_sickness', after.id, null, after);
      await queueCaldavSync(trx, ctx.tenantId, after.id);
    }
  }
  const spans = returnedSpans(plan, sickness);
  const first = plan.vacations[0];
  if (!first || spans.length === 0) return;
  const notice: NoticeAbsence = {
    // The sickness names this occurrence; the mail links to the person's absences.
    id: ctx.sicknessId,
    userId: ctx.person.id,
    tenantId: ctx.tenantId,
    from: spans[0]!.from,
    to: spans[spans.length - 1]!.to,
    days: plan.daysReturned,
    personName: ctx.personName,
    type: { name_de: first.typeName.de, name_en: first.typeName.en, visible_to_colleagues: true },
  };
  // The person always hears of their account (also when they recorded it themselves, as a
  // record); the approvers as for other events, except the one who did it.
  const approvers = (await approversOf(trx, ctx.tenantId, ctx.person)).filter(
    (r) => r.id !== ctx.actorUserId,
  );
  await notify(
    trx,
    ctx.config,
    ctx.tenantLocale,
    notice,
    'vacation_returned',
    [ctx.person, ...approvers],
    String(ctx.now.getTime()),
  );
}

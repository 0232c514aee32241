/**
 * Recorded sickness as the sick-note features see it: which absences are sickness, whether a
 * certificate (AU-Bescheinigung) is due and received, and the 6-week continued-pay counter
 * (EFZG §3) per illness, from domain/sickness.ts.
 *
 * Decisions the schema leaves open, kept here in one place:
 * - A sickness is an absence whose type asks for a certificate (certificate_after_days set) or is
 *   one of the default sickness types (key sick / child_sick), unless cancelled or rejected.
 * - Continued pay counts the person's own sickness only: "Kind krank" is paid by the health
 *   insurer (Kinderkrankengeld, §45 SGB V), not by the employer, so it has no 6-week counter.
 * - There is no "same illness" link in the schema: sicknesses that follow each other without a
 *   free calendar day between them (or overlap) count as one illness; any gap starts a new
 *   illness with fresh 6 weeks. Linking a Fortsetzungserkrankung across a gap needs a field the
 *   absences table does not have yet.
 * - An open sickness (no end day yet) counts up to today.
 */
import type { Db } from '../../db/index.js';
import type { AbsenceStatus } from '../../db/types.js';
import type { IllnessPay, SicknessPeriod } from '../../domain/sickness.js';
import { CONTINUED_PAY_DAYS, certificateDue, continuedPay } from '../../domain/sickness.js';
import type { Day } from '../../domain/time.js';
import { addDays, localDay } from '../../domain/time.js';
import { AppError } from '../../errors.js';
import type { Deps } from '../../deps.js';
import type { Actor, Scope } from '../auth/permissions.js';
import { authorize, tenantOf } from '../auth/permissions.js';
import { managedTeamIds } from '../users/repo.js';
import { HOLDING_STATUSES } from './accounts.js';
import type { PersonCalendar } from './calendar.js';
import { calendarFor, companyCalendar, countWorkingDays, schedulesOf } from './calendar.js';

/** Type keys of the default sickness types. */
export const SICKNESS_TYPE_KEYS = ['sick', 'child_sick'] as const;
/** Sickness whose pay is not the employer's (no continued-pay counter). */
const NOT_CONTINUED_PAY_KEYS: readonly string[] = ['child_sick'];

/** Whether an absence type is a sickness type (sick notes may be attached). */
export function isSicknessType(type: {
  key: string | null;
  certificate_after_days: number | null;
}): boolean {
  return (
    type.certificate_after_days !== null ||
    (SICKNESS_TYPE_KEYS as readonly (string | null)[]).includes(type.key)
  );
}

/** One recorded sickness with what is needed to judge it. */
export interface SicknessRecord {
  id: string;
  userId: string;
  userName: string;
  typeId: string;
  typeKey: string | null;
  typeName: { de: string; en: string };
  certificateAfterDays: number | null;
  from: Day;
  /** Null while the sickness is open. */
  to: Day | null;
  status: AbsenceStatus;
  /** Sick notes uploaded and not deleted. */
  notes: number;
}

/**
 * The company's sicknesses (not cancelled/rejected) of the given people (all when undefined),
 * starting on or before `until`, ordered by person and start.
 */
export async function sicknessRecords(
  db: Db,
  tenantId: string,
  options: { userIds?: readonly string[]; until?: Day; endingFrom?: Day } = {},
): Promise<SicknessRecord[]> {
  if (options.userIds?.length === 0) return [];
  let query = db
    .selectFrom('absences as a')
    .innerJoin('absence_types as t', (join) =>
      join.onRef('t.id', '=', 'a.type_id').onRef('t.tenant_id', '=', 'a.tenant_id'),
    )
    .innerJoin('users as u', (join) =>
      join.onRef('u.id', '=', 'a.user_id').onRef('u.tenant_id', '=', 'a.tenant_id'),
    )
    .select((eb) => [
      'a.id',
      'a.user_id',
      'u.name as user_name',
      'a.type_id',
      't.key',
      't.name_de',
      't.name_en',
      't.certificate_after_days',
      'a.start_day',
      'a.end_day',
      'a.status',
      eb
        .selectFrom('files as f')
        .select((f) => f.fn.countAll<string>().as('n'))
        .whereRef('f.tenant_id', '=', 'a.tenant_id')
        .whereRef('f.absence_id', '=', 'a.id')
        .where('f.deleted_at', 'is', null)
        .as('notes'),
    ])
    .where('a.tenant_id', '=', tenantId)
    .where('a.status', 'in', HOLDING_STATUSES)
    .where((eb) =>
      eb.or([
        eb('t.certificate_after_days', 'is not', null),
        eb('t.key', 'in', SICKNESS_TYPE_KEYS),
      ]),
    );
  if (options.userIds) query = query.where('a.user_id', 'in', options.userIds);
  if (options.until) query = query.where('a.start_day', '<=', options.until);
  if (options.endingFrom) {
    const from = options.endingFrom;
    query = query.where((eb) => eb.or([eb('a.end_day', 'is', null), eb('a.end_day', '>=', from)]));
  }
  const rows = await query.orderBy('a.user_id').orderBy('a.start_day').execute();
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    userName: r.user_name,
    typeId: r.type_id,
    typeKey: r.key,
    typeName: { de: r.name_de, en: r.name_en },
    certificateAfterDays: r.certificate_after_days,
    from: r.start_day,
    to: r.end_day,
    status: r.status,
    notes: Number(r.notes ?? 0),
  }));
}

/** The certificate of one sickness: needed? by when? there? */
export interface CertificateState {
  required: boolean;
  /** The day it is (or was) due; null when not required (yet). */
  dueOn: Day | null;
  received: boolean;
  /** Due today or earlier and not received. */
  overdue: boolean;
}

/** A working day of the person (a day with a target after holidays and closures). */
function workingDayOf(calendar: PersonCalendar): (day: Day) => boolean {
  return (day) => countWorkingDays(calendar, { from: day, to: day }).total > 0;
}

/** The last day a sickness counts up to: its end, or today while it is open. */
function lastDayOf(record: Pick<SicknessRecord, 'from' | 'to'>, today: Day): Day {
  if (record.to !== null) return record.to;
  return today > record.from ? today : record.from;
}

/** The certificate state of a sickness in the person's calendar, as of `today`. */
export function certificateStateOf(
  record: SicknessRecord,
  calendar: PersonCalendar,
  today: Day,
): CertificateState {
  const received = record.notes > 0;
  if (record.certificateAfterDays === null) {
    return { required: false, dueOn: null, received, overdue: false };
  }
  const due = certificateDue(record.from, lastDayOf(record, today), {
    afterDays: record.certificateAfterDays,
    isWorkingDay: workingDayOf(calendar),
  });
  return {
    required: due.required,
    dueOn: due.dueOn,
    received,
    overdue: due.required && due.dueOn !== null && due.dueOn <= today && !received,
  };
}

/** The 6-week counter of the illness a sickness belongs to. */
export interface IllnessView {
  /** Id of the illness's first sickness. */
  illnessId: string;
  from: Day;
  /** Last day so far; null while the illness goes on (open sickness). */
  to: Day | null;
  sickDays: number;
  paidDays: number;
  remainingDays: number;
  /** Last day of continued pay: when the 42 days are used up, or will be if it goes on. */
  payEndsOn: Day | null;
  /** payEndsOn lies ahead and holds only if the open sickness goes on without a break. */
  payEndsOnProjected: boolean;
  sicknessIds: string[];
}

export interface SicknessView {
  absenceId: string;
  user: { id: string; name: string };
  type: { id: string; key: string | null; name: { de: string; en: string } };
  from: Day;
  to: Day | null;
  status: AbsenceStatus;
  certificate: CertificateState & { notes: number };
  /** Null for sickness without continued pay by the employer (Kind krank). */
  continuedPay: {
    illnessId: string;
    /** Calendar days of this sickness within the illness's 6 weeks. */
    paidDays: number;
    /** First day of this sickness without continued pay, if any. */
    unpaidFrom: Day | null;
  } | null;
}

/**
 * Illness chains of one person's sicknesses (see the module comment) and their 6-week counters.
 * `records` must be the person's sicknesses in start order.
 */
export function illnessesOf(
  records: readonly SicknessRecord[],
  today: Day,
): {
  illnesses: IllnessView[];
  pay: Map<string, { illnessId: string; paidDays: number; unpaidFrom: Day | null }>;
} {
  const paid = records.filter((r) => !NOT_CONTINUED_PAY_KEYS.includes(r.typeKey ?? ''));
  const periods: SicknessPeriod[] = [];
  // The chain being built: its first sickness and its last day so far.
  let chain: { first: string; last: Day } | null = null;
  for (const record of paid) {
    const last = lastDayOf(record, today);
    if (chain !== null && record.from <= addDays(chain.last, 1)) {
      periods.push({ id: record.id, from: record.from, to: last, sameIllnessAs: chain.first });
      if (last > chain.last) chain.last = last;
    } else {
      periods.push({ id: record.id, from: record.from, to: last, sameIllnessAs: null });
      chain = { first: record.id, last };
    }
  }
  const pay = new Map<string, { illnessId: string; paidDays: number; unpaidFrom: Day | null }>();
  const byId = new Map(paid.map((r) => [r.id, r]));
  const illnesses = continuedPay(periods).map((illness: IllnessPay): IllnessView => {
    const members = illness.periods.map((p) => byId.get(p.id)!);
    for (const p of illness.periods) {
      pay.set(p.id, {
        illnessId: illness.illnessId,
        paidDays: p.paidDays,
        unpaidFrom: p.unpaidFrom,
      });
    }
    const ongoing = members.some((m) => m.to === null);
    const lastDay = members.reduce((max, m) => {
      const day = lastDayOf(m, today);
      return day > max ? day : max;
    }, members[0]!.from);
    // While it goes on, every further day is paid until the 42 are used up.
    const projected = ongoing && illness.remainingDays > 0;
    return {
      illnessId: illness.illnessId,
      from: members[0]!.from,
      to: ongoing ? null : lastDay,
      sickDays: illness.sickDays,
      paidDays: illness.paidDays,
      remainingDays: illness.remainingDays,
      payEndsOn: projected ? addDays(lastDay, illness.remainingDays) : illness.payEndsOn,
      payEndsOnProjected: projected,
      sicknessIds: members.map((m) => m.id),
    };
  });
  return { illnesses, pay };
}

/** Whom of the company the actor may see sickness of: everyone, some people, or only themselves. */
async function visibleUserIds(
  deps: Deps,
  actor: Actor,
  tenantId: string,
  scope: Scope,
): Promise<string[] | undefined> {
  if (scope === 'all') return undefined;
  if (scope === 'own') return [actor.userId];
  const teams = await managedTeamIds(deps.db, tenantId, actor.userId);
  const members =
    teams.length === 0
      ? []
      : await deps.db
          .selectFrom('users')
          .select('id')
          .where('tenant_id', '=', tenantId)
          .where('team_id', 'in', teams)
          .execute();
  return [...new Set([actor.userId, ...members.map((m) => m.id)])];
}

async function tenantToday(deps: Deps, tenantId: string): Promise<Day> {
  const tenant = await deps.db
    .selectFrom('tenants')
    .select('time_zone')
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return localDay(deps.clock(), tenant.time_zone);
}

/** Views of the given records (several people), with certificate state and pay counters. */
async function viewsOf(
  deps: Deps,
  tenantId: string,
  records: readonly SicknessRecord[],
  today: Day,
): Promise<{ views: SicknessView[]; illnesses: IllnessView[] }> {
  const userIds = [...new Set(records.map((r) => r.userId))];
  const [company, schedules] = await Promise.all([
    companyCalendar(deps.db, tenantId),
    schedulesOf(deps.db, tenantId, userIds),
  ]);
  const views: SicknessView[] = [];
  const illnesses: IllnessView[] = [];
  for (const userId of userIds) {
    const own = records.filter((r) => r.userId === userId);
    const calendar = calendarFor(company, schedules.get(userId) ?? []);
    const chains = illnessesOf(own, today);
    illnesses.push(...chains.illnesses);
    for (const record of own) {
      views.push({
        absenceId: record.id,
        user: { id: record.userId, name: record.userName },
        type: { id: record.typeId, key: record.typeKey, name: record.typeName },
        from: record.from,
        to: record.to,
        status: record.status,
        certificate: { ...certificateStateOf(record, calendar, today), notes: record.notes },
        continuedPay: chains.pay.get(record.id) ?? null,
      });
    }
  }
  return { views, illnesses };
}

/**
 * A person's sickness of the last year (and everything still open), with certificate state per
 * sickness and the 6-week counter per illness. Own for everyone, the team for managers, anyone
 * for admins; someone out of reach is not found.
 */
export async function sicknessSummary(
  deps: Deps,
  actor: Actor,
  userId: string | undefined,
): Promise<{ userId: string; today: Day; sicknesses: SicknessView[]; illnesses: IllnessView[] }> {
  const scope = authorize(actor, 'sickness.read');
  const tenantId = tenantOf(actor);
  const target = userId ?? actor.userId;
  const visible = await visibleUserIds(deps, actor, tenantId, scope);
  const person = await deps.db
    .selectFrom('users')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', target)
    .executeTakeFirst();
  if (!person || (visible && !visible.includes(target))) {
    throw new AppError('NOT_FOUND', 'No such person.');
  }
  const today = await tenantToday(deps, tenantId);
  // Earlier sickness of a chain that reaches into the last year is needed for its counter.
  const records = await sicknessRecords(deps.db, tenantId, {
    userIds: [target],
    endingFrom: addDays(today, -365 - CONTINUED_PAY_DAYS),
  });
  const { views, illnesses } = await viewsOf(deps, tenantId, records, today);
  return {
    userId: target,
    today,
    sicknesses: views.reverse(),
    illnesses: illnesses.reverse(),
  };
}

/**
 * The company's sicknesses touching [from, to] (newest first), for the admins' "Krankmeldungen"
 * page: certificate state and continued pay per sickness. Managers get their team, others only
 * themselves (no documents here, only states).
 */
export async function listSickness(
  deps: Deps,
  actor: Actor,
  range: { from: Day; to: Day },
): Promise<{ today: Day; sicknesses: SicknessView[]; illnesses: IllnessView[] }> {
  const scope = authorize(actor, 'sickness.read');
  const tenantId = tenantOf(actor);
  if (range.to < range.from) {
    throw new AppError('VALIDATION_FAILED', undefined, {
      fields: [{ field: 'querystring.to', message: 'must not be before from' }],
    });
  }
  const visible = await visibleUserIds(deps, actor, tenantId, scope);
  const today = await tenantToday(deps, tenantId);
  // Reach back far enough for the chains that run into the range (their counters need them).
  const records = await sicknessRecords(deps.db, tenantId, {
    ...(visible ? { userIds: visible } : {}),
    until: range.to,
    endingFrom: addDays(range.from, -365),
  });
  const { views, illnesses } = await viewsOf(deps, tenantId, records, today);
  const inRange = views.filter((v) => lastDayOf(v, today) >= range.from);
  const shownIllnesses = new Set(
    inRange.flatMap((v) => (v.continuedPay ? [v.continuedPay.illnessId] : [])),
  );
  return {
    today,
    sicknesses: inRange.sort((a, b) => (a.from < b.from ? 1 : a.from > b.from ? -1 : 0)),
    illnesses: illnesses.filter((i) => shownIllnesses.has(i.illnessId)),
  };
}

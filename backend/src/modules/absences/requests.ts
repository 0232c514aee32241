/**
 * Absence requests and their approval (issue 5, items 2, 3, 7). The status machine:
 * - create: a type that needs approval → `requested`; else `approved` at once (recorded, e.g.
 *   sickness; admins may record it for someone, and it may start without an end);
 * - `requested` → `approved` | `rejected` by the person's manager (team) or an admin, never by
 *   the person; with the company's second stage (second_approval_min_days) a manager's approval
 *   of a long request makes it `pre_approved` and an admin's makes it `approved`;
 * - `requested`/`pre_approved` → `cancelled` by the person (withdraw);
 * - `approved` → `cancel_requested` by the person (with a reason) when the type needs approval,
 *   else `cancelled`; an approver cancels it at once;
 * - `cancel_requested` → `cancelled` | `approved` (cancellation refused) by an approver.
 * Every transition is one conditional UPDATE (`WHERE status = <expected>`), its audit entry and
 * its mails in one transaction, so concurrent decisions change the state exactly once.
 */
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Db } from '../../db/index.js';
import type { AbsenceStatus, AbsencesTable } from '../../db/types.js';
import type { AbsenceDay } from '../../domain/absence-days.js';
import type { Deps } from '../../deps.js';
import type { AbsenceEvent } from '../../integrations/mail/templates.js';
import type { ErrorCode } from '../../errors.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/service.js';
import type { Actor } from '../auth/permissions.js';
import { authorize, scopeOf, tenantOf } from '../auth/permissions.js';
import { queueCaldavSync } from '../caldav/sync-job.js';
import { announcePresenceOf } from '../presence/service.js';
import { managedTeamIds } from '../users/repo.js';
import { HOLDING_STATUSES, PENDING_STATUSES } from './accounts.js';
import type { PersonCalendar } from './calendar.js';
import { calendarFor, companyCalendar, countWorkingDays, schedulesOf } from './calendar.js';
import type { Recipient } from './requests-mail.js';
import { approversOf, notify } from './requests-mail.js';
import { othersAbsent, remainingVacation, yearsOf } from './requests-inbox.js';
import { overlappingAbsences, returnVacationDays } from './requests-sickness-over-vacation.js';
import type {
  AbsenceTypeRow,
  Assessment,
  Problem,
  RequestedRange,
  YearCount,
} from './requests-rules.js';
import {
  SICKNESS_KEY,
  assessRequest,
  lockedMonthError,
  lockedMonthsIn,
  overlapError,
  refuseOrWarn,
} from './requests-rules.js';

type AbsenceRow = Selectable<AbsencesTable>;
type Trx = Db;

export interface AbsenceView {
  id: string;
  userId: string;
  userName: string;
  type: { id: string; key: string | null; name: { de: string; en: string }; color: string };
  from: string;
  to: string | null;
  halfDayStart: boolean;
  halfDayEnd: boolean;
  /** Working days in the person's calendar; null while a sickness has no end. */
  days: number | null;
  status: AbsenceStatus;
  note: string | null;
  substitute: { id: string; name: string } | null;
  substituteNote: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  preApprovedBy: string | null;
  preApprovedAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionComment: string | null;
  cancelRequestedAt: string | null;
  cancelReason: string | null;
  cancelledBy: string | null;
  cancelledAt: string | null;
  remindedAt: string | null;
}

export interface AbsenceInput {
  userId?: string;
  typeId: string;
  from: string;
  to: string | null;
  halfDayStart: boolean;
  halfDayEnd: boolean;
  note?: string | null;
  substituteId?: string | null;
  substituteNote?: string | null;
  /** A sickness over vacation: give the vacation days back (§ 9 BUrlG), after being told. */
  returnVacationDays?: boolean;
}

/** The stored row as the API shows it; the caller passes names and the day count. */
function view(
  row: AbsenceRow,
  extra: {
    userName: string;
    type: AbsenceTypeRow;
    substituteName: string | null;
    days: number | null;
  },
): AbsenceView {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: row.id,
    userId: row.user_id,
    userName: extra.userName,
    type: {
      id: extra.type.id,
      key: extra.type.key,
      name: { de: extra.type.name_de, en: extra.type.name_en },
      color: extra.type.color,
    },
    from: row.start_day,
    to: row.end_day,
    halfDayStart: row.half_day_start,
    halfDayEnd: row.half_day_end,
    days: extra.days,
    status: row.status,
    note: row.note,
    substitute:
      row.substitute_id === null
        ? null
        : { id: row.substitute_id, name: extra.substituteName ?? '' },
    substituteNote: row.substitute_note,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    preApprovedBy: row.pre_approved_by,
    preApprovedAt: iso(row.pre_approved_at),
    decidedBy: row.decided_by,
    decidedAt: iso(row.decided_at),
    decisionComment: row.decision_comment,
    cancelRequestedAt: iso(row.cancel_requested_at),
    cancelReason: row.cancel_reason,
    cancelledBy: row.cancelled_by,
    cancelledAt: iso(row.cancelled_at),
    remindedAt: iso(row.reminded_at),
  };
}

/** What the audit log keeps of an absence (the row's business fields). */
function snapshot(row: AbsenceRow): Record<string, unknown> {
  return {
    userId: row.user_id,
    typeId: row.type_id,
    from: row.start_day,
    to: row.end_day,
    halfDayStart: row.half_day_start,
    halfDayEnd: row.half_day_end,
    status: row.status,
    note: row.note,
    substituteId: row.substitute_id,
    substituteNote: row.substitute_note,
    decisionComment: row.decision_comment,
    cancelReason: row.cancel_reason,
  };
}

function daysOf(calendar: PersonCalendar, row: AbsenceRow): number | null {
  if (row.end_day === null) return null;
  return countWorkingDays(calendar, {
    from: row.start_day,
    to: row.end_day,
    halfDayStart: row.half_day_start,
    halfDayEnd: row.half_day_end,
  }).total;
}

// --- reading people, types and scope -------------------------------------------------------

const personColumns = ['id', 'name', 'email', 'locale', 'team_id', 'status', 'role'] as const;

async function personOf(db: Trx, tenantId: string, userId: string) {
  return db
    .selectFrom('users')
    .select(personColumns)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', userId)
    .executeTakeFirst();
}

type Person = NonNullable<Awaited<ReturnType<typeof personOf>>>;

async function typeOf(db: Trx, tenantId: string, typeId: string): Promise<AbsenceTypeRow> {
  const type = await db
    .selectFrom('absence_types')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', typeId)
    .executeTakeFirst();
  if (!type) throw new AppError('NOT_FOUND', 'There is no such absence type.');
  return type;
}

/** Whether the actor's scope of `action` reaches the person (own, their managed teams, all). */
async function reaches(
  db: Trx,
  actor: Actor,
  action: 'absence.read' | 'absence.decide',
  person: { id: string; team_id: string | null },
  teams?: string[],
): Promise<boolean> {
  const scope = scopeOf(actor, action);
  if (scope === 'all') return true;
  if (scope === null) return false;
  if (person.id === actor.userId) return action === 'absence.read';
  if (scope !== 'team' || person.team_id === null) return false;
  const managed = teams ?? (await managedTeamIds(db, tenantOf(actor), actor.userId));
  return managed.includes(person.team_id);
}

/** A display name: the person's name, or their address when they have none yet. */
const displayName = (p: { name: string; email: string }) => p.name.trim() || p.email;

interface Loaded {
  row: AbsenceRow;
  person: Person;
  type: AbsenceTypeRow;
}

/** One absence the actor may read; another company's or out of scope: NOT_FOUND. */
async function loadReadable(deps: Deps, actor: Actor, id: string): Promise<Loaded> {
  authorize(actor, 'absence.read');
  const tenantId = tenantOf(actor);
  const row = await deps.db
    .selectFrom('absences')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  const person = row && (await personOf(deps.db, tenantId, row.user_id));
  if (!row || !person || !(await reaches(deps.db, actor, 'absence.read', person)))
    throw new AppError('NOT_FOUND', 'There is no such absence.');
  return { row, person, type: await typeOf(deps.db, tenantId, row.type_id) };
}

async function viewOf(deps: Deps, tenantId: string, loaded: Loaded): Promise<AbsenceView> {
  const [company, schedules, substitute] = await Promise.all([
    companyCalendar(deps.db, tenantId),
    schedulesOf(deps.db, tenantId, [loaded.row.user_id]),
    loaded.row.substitute_id
      ? personOf(deps.db, tenantId, loaded.row.substitute_id)
      : Promise.resolve(undefined),
  ]);
  const calendar = calendarFor(company, schedules.get(loaded.row.user_id) ?? []);
  return view(loaded.row, {
    userName: displayName(loaded.person),
    type: loaded.type,
    substituteName: substitute ? displayName(substitute) : null,
    days: daysOf(calendar, loaded.row),
  });
}

// --- reading ---------------------------------------------------------------------------------

/** GET /absences/:id */
export async function getAbsence(deps: Deps, actor: Actor, id: string): Promise<AbsenceView> {
  return viewOf(deps, tenantOf(actor), await loadReadable(deps, actor, id));
}

export interface AbsenceFilter {
  userId?: string;
  status?: AbsenceStatus[];
  from?: string;
  to?: string;
  /** Only the actor's own. */
  mine?: boolean;
}

/** Absences of several rows at once: one calendar per company, schedules of all people. */
async function viewsOf(
  deps: Deps,
  tenantId: string,
  rows: readonly AbsenceRow[],
): Promise<AbsenceView[]> {
  if (rows.length === 0) return [];
  const userIds = [...new Set(rows.flatMap((r) => [r.user_id, r.substitute_id ?? r.user_id]))];
  const [company, schedules, people, types] = await Promise.all([
    companyCalendar(deps.db, tenantId),
    schedulesOf(deps.db, tenantId, [...new Set(rows.map((r) => r.user_id))]),
    deps.db
      .selectFrom('users')
      .select(['id', 'name', 'email'])
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', userIds)
      .execute(),
    deps.db.selectFrom('absence_types').selectAll().where('tenant_id', '=', tenantId).execute(),
  ]);
  const nameOf = new Map(people.map((p) => [p.id, displayName(p)]));
  const typeById = new Map(types.map((t) => [t.id, t]));
  const calendars = new Map<string, PersonCalendar>();
  return rows.map((row) => {
    let calendar = calendars.get(row.user_id);
    if (!calendar)
      calendars.set(
        row.user_id,
        (calendar = calendarFor(company, schedules.get(row.user_id) ?? [])),
      );
    return view(row, {
      userName: nameOf.get(row.user_id) ?? '',
      type: typeById.get(row.type_id)!,
      substituteName: row.substitute_id ? (nameOf.get(row.substitute_id) ?? '') : null,
      days: daysOf(calendar, row),
    });
  });
}

/** The longest list one request returns (newest first). */
const LIST_LIMIT = 500;

/** GET /absences: own (employees), own and the managed teams' (managers), all (admins). */
export async function listAbsences(
  deps: Deps,
  actor: Actor,
  filter: AbsenceFilter,
): Promise<AbsenceView[]> {
  const scope = authorize(actor, 'absence.read');
  const tenantId = tenantOf(actor);
  let query = deps.db
    .selectFrom('absences')
    .innerJoin('users', (join) =>
      join
        .onRef('users.id', '=', 'absences.user_id')
        .onRef('users.tenant_id', '=', 'absences.tenant_id'),
    )
    .selectAll('absences')
    .where('absences.tenant_id', '=', tenantId);
  if (scope === 'own' || filter.mine) query = query.where('absences.user_id', '=', actor.userId);
  else if (scope === 'team') {
    const teams = await managedTeamIds(deps.db, tenantId, actor.userId);
    query = query.where((eb) =>
      eb.or([
        eb('absences.user_id', '=', actor.userId),
        ...(teams.length > 0 ? [eb('users.team_id', 'in', teams)] : []),
      ]),
    );
  }
  if (filter.userId) query = query.where('absences.user_id', '=', filter.userId);
  if (filter.status?.length) query = query.where('absences.status', 'in', filter.status);
  if (filter.to) query = query.where('absences.start_day', '<=', filter.to);
  if (filter.from) {
    const from = filter.from;
    query = query.where((eb) =>
      eb.or([eb('absences.end_day', 'is', null), eb('absences.end_day', '>=', from)]),
    );
  }
  const rows = await query
    .orderBy('absences.start_day', 'desc')
    .orderBy('absences.id')
    .limit(LIST_LIMIT)
    .execute();
  return viewsOf(deps, tenantId, rows);
}

// --- preview ---------------------------------------------------------------------------------

export interface AbsentColleague {
  userId: string;
  name: string;
  from: string;
  to: string | null;
  /** Approved (or asked to be cancelled) vs. still pending. */
  pending: boolean;
  /** null: the type is hidden from colleagues; show only "abwesend". */
  type: { id: string; name: { de: string; en: string }; color: string } | null;
}

export interface AbsencePreview {
  userId: string;
  workingDays: number | null;
  byYear: YearCount[];
  days: AbsenceDay[];
  problems: Problem[];
  absentColleagues: AbsentColleague[];
}

/**
 * Team colleagues (same team, not the person) with absences in the range; types hidden from
 * colleagues show only as absent unless the actor decides on that colleague's absences.
 */
async function absentColleagues(
  deps: Deps,
  actor: Actor,
  person: Pick<Person, 'id' | 'team_id'>,
  range: { from: string; to: string },
): Promise<AbsentColleague[]> {
  if (person.team_id === null) return [];
  const tenantId = tenantOf(actor);
  const rows = await deps.db
    .selectFrom('absences')
    .innerJoin('users', (join) =>
      join
        .onRef('users.id', '=', 'absences.user_id')
        .onRef('users.tenant_id', '=', 'absences.tenant_id'),
    )
    .innerJoin('absence_types', 'absence_types.id', 'absences.type_id')
    .select([
      'absences.user_id',
      'absences.start_day',
      'absences.end_day',
      'absences.status',
      'users.name',
      'users.email',
      'users.team_id',
      'absence_types.id as type_id',
      'absence_types.name_de',
      'absence_types.name_en',
      'absence_types.color',
      'absence_types.visible_to_colleagues',
    ])
    .where('absences.tenant_id', '=', tenantId)
    .where('users.team_id', '=', person.team_id)
    .where('users.status', '=', 'active')
    .where('absences.user_id', '<>', person.id)
    .where('absences.status', 'in', HOLDING_STATUSES)
    .where('absences.start_day', '<=', range.to)
    .where((eb) =>
      eb.or([eb('absences.end_day', 'is', null), eb('absences.end_day', '>=', range.from)]),
    )
    .orderBy('absences.start_day')
    .orderBy('users.name')
    .execute();
  const decides = await reaches(deps.db, actor, 'absence.decide', {
    id: '',
    team_id: person.team_id,
  });
  return rows.map((r) => ({
    userId: r.user_id,
    name: displayName(r),
    from: r.start_day,
    to: r.end_day,
    pending: PENDING_STATUSES.includes(r.status),
    type:
      r.visible_to_colleagues || decides
        ? { id: r.type_id, name: { de: r.name_de, en: r.name_en }, color: r.color }
        : null,
  }));
}

/** Whose absence a create/preview is about; others' only for who may record for them. */
async function subjectPerson(deps: Deps, actor: Actor, userId: string | undefined) {
  authorize(actor, 'absence.request');
  const tenantId = tenantOf(actor);
  const id = userId ?? actor.userId;
  if (id !== actor.userId) {
    // Recording for someone else (sickness reported by phone) is an admin's job.
    if (scopeOf(actor, 'absence.record') !== 'all')
      throw new AppError('FORBIDDEN', 'Only administrators record absences for someone else.');
  }
  const person = await personOf(deps.db, tenantId, id);
  if (!person || person.status === 'disabled' || person.role === 'super_admin')
    throw new AppError('NOT_FOUND', 'No such person.');
  return person;
}

/** POST /absences/preview: what the request would count and run into; writes nothing. */
export async function previewAbsence(
  deps: Deps,
  actor: Actor,
  input: Omit<AbsenceInput, 'note' | 'substituteId' | 'substituteNote'> & {
    excludeAbsenceId?: string;
  },
): Promise<AbsencePreview> {
  const tenantId = tenantOf(actor);
  const person = await subjectPerson(deps, actor, input.userId);
  if (input.excludeAbsenceId) {
    // Editing: the absence must be one the actor can see, and of this person.
    const editing = await loadReadable(deps, actor, input.excludeAbsenceId);
    if (editing.row.user_id !== person.id)
      throw new AppError('NOT_FOUND', 'There is no such absence.');
  }
  const type = await typeOf(deps.db, tenantId, input.typeId);
  const range: RequestedRange = {
    from: input.from,
    to: input.to,
    halfDayStart: input.halfDayStart,
    halfDayEnd: input.halfDayEnd,
  };
  const [assessment, colleagues] = await Promise.all([
    assessRequest(deps.db, tenantId, {
      userId: person.id,
      type,
      range,
      admin: actor.role === 'admin',
      now: deps.clock(),
      ...(input.excludeAbsenceId ? { excludeAbsenceId: input.excludeAbsenceId } : {}),
    }),
    input.to === null || input.to >= input.from
      ? absentColleagues(deps, actor, person, { from: input.from, to: input.to ?? input.from })
      : Promise.resolve([]),
  ]);
  return {
    userId: person.id,
    workingDays: input.to === null ? null : (assessment.count?.total ?? null),
    byYear: assessment.byYear,
    days: assessment.count?.days ?? [],
    problems: assessment.problems,
    absentColleagues: colleagues,
  };
}

// --- writing ---------------------------------------------------------------------------------

/** The substitute must be an active member of the company, not the person. */
async function checkSubstitute(
  db: Trx,
  tenantId: string,
  personId: string,
  substituteId: string | null | undefined,
): Promise<void> {
  if (!substituteId) return;
  const substitute = await personOf(db, tenantId, substituteId);
  if (!substitute || substitute.id === personId || substitute.status !== 'active')
    throw new AppError('ABSENCE_SUBSTITUTE_INVALID', undefined, {
      fields: [{ field: 'body.substituteId', message: 'not an active colleague' }],
    });
}

/** The EXCLUDE constraint caught a concurrent request for the same days: name the winner. */
async function translateOverlap(
  deps: Deps,
  tenantId: string,
  userId: string,
  range: RequestedRange,
  error: unknown,
  excludeId?: string,
): Promise<unknown> {
  const { code, constraint } = error as { code?: string; constraint?: string };
  if (code !== '23P01' || constraint !== 'absences_no_overlap') return error;
  const [other] = await overlappingAbsences(deps.db, tenantId, userId, range, excludeId);
  return other ? overlapError(other) : new AppError('ABSENCE_OVERLAP');
}

async function tenantSettings(db: Trx, tenantId: string) {
  return db
    .selectFrom('tenants')
    .select(['locale', 'second_approval_min_days'])
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
}

/**
 * Whether a sickness may give vacation days back: only with the flag, only a sickness, only
 * with an end (an open one is refused with its latest end by the assessment).
 */
function acceptedReturns(
  type: AbsenceTypeRow,
  range: RequestedRange,
  returnDays: boolean | undefined,
): ErrorCode[] {
  if (!returnDays) return [];
  if (type.key !== SICKNESS_KEY)
    throw new AppError('VALIDATION_FAILED', 'Only a sickness gives vacation days back.', {
      fields: [{ field: 'body.returnVacationDays', message: 'only for a sickness' }],
    });
  if (range.to === null) throw new AppError('ABSENCE_RETURN_NEEDS_END');
  return ['ABSENCE_OVERLAPS_VACATION'];
}

/** Cuts the confirmed vacations in `trx` before the sickness `sicknessId` is written. */
async function giveVacationDaysBack(
  deps: Deps,
  trx: Trx,
  actor: Actor,
  assessment: Assessment,
  sickness: { id: string; range: RequestedRange; person: Person },
  now: Date,
  ip: string | null,
): Promise<void> {
  const plan = assessment.vacationPlan;
  if (!plan || sickness.range.to === null) return;
  const { locale } = await tenantSettings(trx, tenantOf(actor));
  await returnVacationDays(
    trx,
    plan,
    { ...sickness.range, to: sickness.range.to },
    {
      tenantId: tenantOf(actor),
      actorUserId: actor.userId,
      sicknessId: sickness.id,
      person: sickness.person,
      personName: displayName(sickness.person),
      tenantLocale: locale,
      config: deps.config,
      now,
      ip,
      snapshot,
    },
  );
}

export interface CreatedAbsence {
  absence: AbsenceView;
  /** Warnings the request was let through with (e.g. over the vacation balance). */
  warnings: Problem[];
}

/** POST /absences: a request, or a recorded absence for types without approval. */
export async function createAbsence(
  deps: Deps,
  actor: Actor,
  input: AbsenceInput,
  ip: string | null,
): Promise<CreatedAbsence> {
  const tenantId = tenantOf(actor);
  const person = await subjectPerson(deps, actor, input.userId);
  const type = await typeOf(deps.db, tenantId, input.typeId);
  if (person.id !== actor.userId && type.needs_approval)
    throw new AppError(
      'FORBIDDEN',
      'For someone else only absences without approval (such as sickness) can be recorded.',
    );
  await checkSubstitute(deps.db, tenantId, person.id, input.substituteId);
  const range: RequestedRange = {
    from: input.from,
    to: input.to,
    halfDayStart: input.halfDayStart,
    halfDayEnd: input.halfDayEnd,
  };
  const accepted = acceptedReturns(type, range, input.returnVacationDays);
  const now = deps.clock();
  const assessment = await assessRequest(deps.db, tenantId, {
    userId: person.id,
    type,
    range,
    admin: actor.role === 'admin',
    now,
  });
  const warnings = refuseOrWarn(assessment, accepted);
  const days = input.to === null ? null : (assessment.count?.total ?? null);
  const recorded = !type.needs_approval;
  // Known before the insert: the vacations' audit entries name the sickness that cut them.
  const id = randomUUID();
  let row: AbsenceRow;
  try {
    row = await deps.db.transaction().execute(async (trx) => {
      if (accepted.length > 0)
        await giveVacationDaysBack(deps, trx, actor, assessment, { id, range, person }, now, ip);
      const inserted = await trx
        .insertInto('absences')
        .values({
          id,
          tenant_id: tenantId,
          user_id: person.id,
          type_id: type.id,
          start_day: range.from,
          end_day: range.to,
          half_day_start: range.halfDayStart,
          half_day_end: range.to === null ? false : range.halfDayEnd,
          status: recorded ? 'approved' : 'requested',
          note: input.note ?? null,
          substitute_id: input.substituteId ?? null,
          substitute_note: input.substituteNote ?? null,
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
          ...(recorded ? { decided_by: actor.userId, decided_at: now } : {}),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        tenantId,
        actorUserId: actor.userId,
        action: recorded ? 'absence.recorded' : 'absence.requested',
        entityType: 'absence',
        entityId: inserted.id,
        after: snapshot(inserted),
        ip,
      });
      const { locale } = await tenantSettings(trx, tenantId);
      const notice = noticeOf(inserted, person, type, days);
      const approvers = (await approversOf(trx, tenantId, person)).filter(
        (r) => r.id !== actor.userId,
      );
      const key = String(now.getTime());
      await notify(
        trx,
        deps.config,
        locale,
        notice,
        recorded ? 'recorded' : 'requested',
        approvers,
        key,
      );
      if (inserted.substitute_id) {
        const substitute = await personOf(trx, tenantId, inserted.substitute_id);
        if (substitute)
          await notify(trx, deps.config, locale, notice, 'substitute', [substitute], key);
      }
      if (recorded && person.id !== actor.userId)
        await notify(trx, deps.config, locale, notice, 'recorded', [person], key);
      // A recorded absence counts at once: it goes to the company calendar (if synced).
      if (recorded) await queueCaldavSync(trx, tenantId, inserted.id);
      return inserted;
    });
  } catch (error) {
    throw await translateOverlap(deps, tenantId, person.id, range, error);
  }
  if (recorded) announcePresence(deps, tenantId, row);
  return { absence: await viewOf(deps, tenantId, { row, person, type }), warnings };
}

function noticeOf(
  row: AbsenceRow,
  person: { name: string; email: string },
  type: AbsenceTypeRow,
  days: number | null,
) {
  return {
    id: row.id,
    userId: row.user_id,
    tenantId: row.tenant_id,
    from: row.start_day,
    to: row.end_day,
    days,
    personName: displayName(person),
    type,
  };
}

/**
 * Live presence shows people on approved absence as absent: after a change of what counts, the
 * person's state is announced again (streams drop announcements that change nothing).
 */
function announcePresence(deps: Deps, tenantId: string, row: AbsenceRow): void {
  announcePresenceOf(deps, tenantId, row.user_id);
}

export interface AbsenceChanges {
  typeId?: string;
  from?: string;
  to?: string | null;
  halfDayStart?: boolean;
  halfDayEnd?: boolean;
  note?: string | null;
  substituteId?: string | null;
  substituteNote?: string | null;
  /** Why an admin corrects a recorded absence (GoBD: a change keeps its reason). */
  reason?: string;
  /** A corrected sickness over vacation: give the vacation days back (§ 9 BUrlG). */
  returnVacationDays?: boolean;
}

/**
 * PATCH /absences/:id. The person changes a request still waiting for its first decision; an
 * admin sets the end of an open sickness or corrects a recorded absence (with a reason); the
 * person may set the end of their own open sickness.
 */
export async function updateAbsence(
  deps: Deps,
  actor: Actor,
  id: string,
  changes: AbsenceChanges,
  ip: string | null,
): Promise<CreatedAbsence> {
  const tenantId = tenantOf(actor);
  const loaded = await loadReadable(deps, actor, id);
  const { row, person } = loaded;
  const own = row.user_id === actor.userId;
  const isAdmin = scopeOf(actor, 'absence.record') === 'all';
  const recordedType = !loaded.type.needs_approval;
  let mode: 'request' | 'correction';
  if (own && row.status === 'requested') mode = 'request';
  else if (row.status === 'approved' && recordedType && (isAdmin || own)) {
    // The person only closes their own open sickness; everything else is an admin correction.
    if (!isAdmin) {
      const onlyEnd = Object.keys(changes).every((k) => k === 'to' || k === 'halfDayEnd');
      if (row.end_day !== null || !onlyEnd || !changes.to)
        throw new AppError('FORBIDDEN', 'Only an administrator corrects a recorded absence.');
    } else if (!own && !changes.reason?.trim()) {
      throw new AppError('VALIDATION_FAILED', 'A correction needs a reason.', {
        fields: [{ field: 'body.reason', message: 'required' }],
      });
    }
    mode = 'correction';
  } else if (!own && !isAdmin) {
    throw new AppError('FORBIDDEN', 'Only the person changes their request.');
  } else {
    throw new AppError(
      'ABSENCE_STATE_CHANGED',
      'Only a request still waiting for a decision, or a recorded absence, can be changed.',
    );
  }
  const type =
    changes.typeId && changes.typeId !== row.type_id
      ? await typeOf(deps.db, tenantId, changes.typeId)
      : loaded.type;
  if (mode === 'correction' && type.needs_approval)
    throw new AppError('VALIDATION_FAILED', 'A recorded absence keeps a type without approval.', {
      fields: [{ field: 'body.typeId', message: 'needs approval' }],
    });
  const substituteId =
    changes.substituteId === undefined ? row.substitute_id : changes.substituteId;
  if (changes.substituteId !== undefined)
    await checkSubstitute(deps.db, tenantId, person.id, substituteId);
  const range: RequestedRange = {
    from: changes.from ?? row.start_day,
    to: changes.to === undefined ? row.end_day : changes.to,
    halfDayStart: changes.halfDayStart ?? row.half_day_start,
    halfDayEnd: changes.halfDayEnd ?? row.half_day_end,
  };
  // Only an admin's correction of a recorded sickness moves its days over a vacation.
  const accepted =
    mode === 'correction' ? acceptedReturns(type, range, changes.returnVacationDays) : [];
  const now = deps.clock();
  const assessment = await assessRequest(deps.db, tenantId, {
    userId: person.id,
    // An inactive type that the absence already has is no obstacle to changing its dates.
    type: type.id === row.type_id ? { ...type, active: true } : type,
    range,
    excludeAbsenceId: row.id,
    admin: actor.role === 'admin',
    now,
  });
  const warnings = refuseOrWarn(assessment, accepted);
  const days = range.to === null ? null : (assessment.count?.total ?? null);
  let updated: AbsenceRow;
  try {
    updated = await deps.db.transaction().execute(async (trx) => {
      if (accepted.length > 0)
        await giveVacationDaysBack(
          deps,
          trx,
          actor,
          assessment,
          { id: row.id, range, person },
          now,
          ip,
        );
      const next = await trx
        .updateTable('absences')
        .set({
          type_id: type.id,
          start_day: range.from,
          end_day: range.to,
          half_day_start: range.halfDayStart,
          half_day_end: range.to === null ? false : range.halfDayEnd,
          ...(changes.note !== undefined ? { note: changes.note } : {}),
          substitute_id: substituteId,
          ...(changes.substituteNote !== undefined
            ? { substitute_note: changes.substituteNote }
            : {}),
          updated_at: now,
        })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', row.id)
        .where('status', '=', row.status)
        .where('updated_at', '=', row.updated_at)
        .returningAll()
        .executeTakeFirst();
      if (!next) throw new AppError('ABSENCE_STATE_CHANGED');
      await recordAudit(trx, {
        tenantId,
        actorUserId: actor.userId,
        action: mode === 'request' ? 'absence.request_changed' : 'absence.corrected',
        entityType: 'absence',
        entityId: row.id,
        before: snapshot(row),
        after: snapshot(next),
        reason: changes.reason?.trim() || null,
        ip,
      });
      if (mode === 'request') {
        const { locale } = await tenantSettings(trx, tenantId);
        const approvers = await approversOf(trx, tenantId, person);
        await notify(
          trx,
          deps.config,
          locale,
          noticeOf(next, person, type, days),
          'requested',
          approvers,
          String(now.getTime()),
        );
      }
      // A corrected absence that counts: its calendar event follows (dates, type).
      if (mode === 'correction') await queueCaldavSync(trx, tenantId, row.id);
      return next;
    });
  } catch (error) {
    throw await translateOverlap(deps, tenantId, person.id, range, error, row.id);
  }
  if (mode === 'correction') announcePresence(deps, tenantId, updated);
  return {
    absence: await viewOf(deps, tenantId, { row: updated, person, type }),
    warnings,
  };
}

// --- transitions -----------------------------------------------------------------------------

/**
 * Loads the absence for a decision: the actor must decide on the person's absences (team or
 * all), and never on their own.
 */
async function loadForDecision(deps: Deps, actor: Actor, id: string): Promise<Loaded> {
  authorize(actor, 'absence.decide');
  const loaded = await loadReadable(deps, actor, id);
  if (loaded.row.user_id === actor.userId) throw new AppError('ABSENCE_OWN_DECISION');
  if (!(await reaches(deps.db, actor, 'absence.decide', loaded.person)))
    throw new AppError('NOT_FOUND', 'There is no such absence.');
  return loaded;
}

/** Closed months stop changes of what counts, except for admins (audited corrections). */
async function checkLocks(deps: Deps, actor: Actor, row: AbsenceRow): Promise<void> {
  if (actor.role === 'admin') return;
  const months = await lockedMonthsIn(deps.db, row.tenant_id, row.user_id, {
    from: row.start_day,
    to: row.end_day,
  });
  if (months.length > 0) throw lockedMonthError(months);
}

interface Step {
  from: readonly AbsenceStatus[];
  set: Partial<{
    status: AbsenceStatus;
    pre_approved_by: string | null;
    pre_approved_at: Date | null;
    decided_by: string | null;
    decided_at: Date | null;
    decision_comment: string | null;
    cancel_requested_at: Date | null;
    cancel_reason: string | null;
    cancelled_by: string | null;
    cancelled_at: Date | null;
    reminded_at: Date | null;
  }>;
  action: string;
  /** Who is told, and what. */
  tell: { event: AbsenceEvent; to: 'person' | 'approvers' | 'admins' }[];
  comment?: string | null;
}

/** Applies one step: the conditional UPDATE, the audit entry and the mails, in one transaction. */
async function applyStep(
  deps: Deps,
  actor: Actor,
  loaded: Loaded,
  step: Step,
  ip: string | null,
): Promise<AbsenceView> {
  const { row, person, type } = loaded;
  const tenantId = row.tenant_id;
  if (!step.from.includes(row.status)) throw new AppError('ABSENCE_STATE_CHANGED');
  const now = deps.clock();
  const updated = await deps.db.transaction().execute(async (trx) => {
    const next = await trx
      .updateTable('absences')
      .set({ ...step.set, updated_at: now })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', row.id)
      // The state this decision was made on; a concurrent one makes it match nothing.
      .where('status', '=', row.status)
      .returningAll()
      .executeTakeFirst();
    if (!next) throw new AppError('ABSENCE_STATE_CHANGED');
    await recordAudit(trx, {
      tenantId,
      actorUserId: actor.userId,
      action: step.action,
      entityType: 'absence',
      entityId: row.id,
      before: snapshot(row),
      after: snapshot(next),
      reason: step.comment ?? null,
      ip,
    });
    if (step.tell.length > 0) {
      const { locale } = await tenantSettings(trx, tenantId);
      const company = await companyCalendar(trx, tenantId);
      const schedules = await schedulesOf(trx, tenantId, [row.user_id]);
      const days = daysOf(calendarFor(company, schedules.get(row.user_id) ?? []), next);
      for (const tell of step.tell) {
        const recipients: Recipient[] =
          tell.to === 'person'
            ? [person]
            : await approversOf(trx, tenantId, person, { adminsOnly: tell.to === 'admins' });
        await notify(
          trx,
          deps.config,
          locale,
          noticeOf(next, person, type, days),
          tell.event,
          recipients.filter((r) => r.id !== actor.userId),
          String(now.getTime()),
          step.comment,
        );
      }
    }
    // Approval, cancellation (and their refusals) change what the company calendar shows; the
    // job reads the state it must reach when it runs, so it is queued on every step that leaves
    // or enters a counting status.
    if ([row.status, next.status].some((s) => s === 'approved' || s === 'cancel_requested'))
      await queueCaldavSync(trx, tenantId, row.id);
    return next;
  });
  if (updated.status === 'approved' || updated.status === 'cancelled')
    announcePresence(deps, tenantId, updated);
  return viewOf(deps, tenantId, { row: updated, person, type });
}

/** Working days of a stored absence in the person's calendar. */
async function storedDays(deps: Deps, row: AbsenceRow): Promise<number | null> {
  const [company, schedules] = await Promise.all([
    companyCalendar(deps.db, row.tenant_id),
    schedulesOf(deps.db, row.tenant_id, [row.user_id]),
  ]);
  return daysOf(calendarFor(company, schedules.get(row.user_id) ?? []), row);
}

/** POST /absences/:id/approve */
export async function approveAbsence(
  deps: Deps,
  actor: Actor,
  id: string,
  comment: string | null,
  ip: string | null,
): Promise<AbsenceView> {
  const loaded = await loadForDecision(deps, actor, id);
  const { row } = loaded;
  const isAdmin = scopeOf(actor, 'absence.decide') === 'all';
  if (row.status === 'pre_approved' && !isAdmin)
    throw new AppError('ABSENCE_SECOND_APPROVAL_REQUIRED');
  const now = deps.clock();
  const { second_approval_min_days: secondStage } = await tenantSettings(deps.db, row.tenant_id);
  const needsSecond =
    !isAdmin &&
    row.status === 'requested' &&
    secondStage !== null &&
    ((await storedDays(deps, row)) ?? 0) >= Number(secondStage);
  if (!needsSecond) await checkLocks(deps, actor, row);
  return applyStep(
    deps,
    actor,
    loaded,
    needsSecond
      ? {
          from: ['requested'],
          set: { status: 'pre_approved', pre_approved_by: actor.userId, pre_approved_at: now },
          action: 'absence.pre_approved',
          // The person hears of the first stage; the admins get the request for the second.
          tell: [
            { event: 'pre_approved', to: 'person' },
            { event: 'requested', to: 'admins' },
          ],
          comment,
        }
      : {
          from: ['requested', 'pre_approved'],
          set: {
            status: 'approved',
            decided_by: actor.userId,
            decided_at: now,
            decision_comment: comment,
          },
          action: 'absence.approved',
          tell: [{ event: 'approved', to: 'person' }],
          comment,
        },
    ip,
  );
}

/** POST /absences/:id/reject (a comment is required: the person should read why). */
export async function rejectAbsence(
  deps: Deps,
  actor: Actor,
  id: string,
  comment: string,
  ip: string | null,
): Promise<AbsenceView> {
  const loaded = await loadForDecision(deps, actor, id);
  return applyStep(
    deps,
    actor,
    loaded,
    {
      from: ['requested', 'pre_approved'],
      set: {
        status: 'rejected',
        decided_by: actor.userId,
        decided_at: deps.clock(),
        decision_comment: comment,
      },
      action: 'absence.rejected',
      tell: [{ event: 'rejected', to: 'person' }],
      comment,
    },
    ip,
  );
}

/** The person's own absence (withdraw, cancel, remind); others in scope get FORBIDDEN. */
async function loadOwn(deps: Deps, actor: Actor, id: string): Promise<Loaded> {
  authorize(actor, 'absence.request');
  const loaded = await loadReadable(deps, actor, id);
  if (loaded.row.user_id !== actor.userId)
    throw new AppError('FORBIDDEN', 'Only the person themselves can do this.');
  return loaded;
}

/** POST /absences/:id/withdraw: the person takes back a request still pending. */
export async function withdrawAbsence(
  deps: Deps,
  actor: Actor,
  id: string,
  ip: string | null,
): Promise<AbsenceView> {
  const loaded = await loadOwn(deps, actor, id);
  const now = deps.clock();
  return applyStep(
    deps,
    actor,
    loaded,
    {
      from: PENDING_STATUSES,
      set: { status: 'cancelled', cancelled_by: actor.userId, cancelled_at: now },
      action: 'absence.withdrawn',
      tell: [],
    },
    ip,
  );
}

/**
 * POST /absences/:id/cancel. The person: an approved absence of a type that needs approval is
 * asked to be cancelled (with a reason), one without is cancelled at once. An approver (not
 * the person): approved or asked-to-cancel → cancelled.
 */
export async function cancelAbsence(
  deps: Deps,
  actor: Actor,
  id: string,
  reason: string | null,
  ip: string | null,
): Promise<AbsenceView> {
  authorize(actor, 'absence.request');
  const loaded = await loadReadable(deps, actor, id);
  const now = deps.clock();
  if (loaded.row.user_id === actor.userId) {
    if (loaded.type.needs_approval) {
      if (!reason?.trim())
        throw new AppError('VALIDATION_FAILED', 'Please give a reason for the cancellation.', {
          fields: [{ field: 'body.reason', message: 'required' }],
        });
      return applyStep(
        deps,
        actor,
        loaded,
        {
          from: ['approved'],
          set: { status: 'cancel_requested', cancel_requested_at: now, cancel_reason: reason },
          action: 'absence.cancel_requested',
          tell: [{ event: 'cancel_requested', to: 'approvers' }],
          comment: reason,
        },
        ip,
      );
    }
    await checkLocks(deps, actor, loaded.row);
    return applyStep(
      deps,
      actor,
      loaded,
      {
        from: ['approved'],
        set: {
          status: 'cancelled',
          cancelled_by: actor.userId,
          cancelled_at: now,
          cancel_reason: reason,
        },
        action: 'absence.cancelled',
        tell: [],
        comment: reason,
      },
      ip,
    );
  }
  const decision = await loadForDecision(deps, actor, id);
  await checkLocks(deps, actor, decision.row);
  return applyStep(
    deps,
    actor,
    decision,
    {
      from: ['approved', 'cancel_requested'],
      set: {
        status: 'cancelled',
        cancelled_by: actor.userId,
        cancelled_at: now,
        ...(reason ? { cancel_reason: reason } : {}),
      },
      action: 'absence.cancelled',
      tell: [{ event: 'cancelled', to: 'person' }],
      comment: reason,
    },
    ip,
  );
}

/** POST /absences/:id/cancel/approve and /cancel/reject: the approver decides a cancellation. */
export async function decideCancellation(
  deps: Deps,
  actor: Actor,
  id: string,
  approve: boolean,
  comment: string | null,
  ip: string | null,
): Promise<AbsenceView> {
  const loaded = await loadForDecision(deps, actor, id);
  const now = deps.clock();
  if (approve) await checkLocks(deps, actor, loaded.row);
  return applyStep(
    deps,
    actor,
    loaded,
    approve
      ? {
          from: ['cancel_requested'],
          set: { status: 'cancelled', cancelled_by: actor.userId, cancelled_at: now },
          action: 'absence.cancellation_approved',
          tell: [{ event: 'cancelled', to: 'person' }],
          comment,
        }
      : {
          from: ['cancel_requested'],
          set: { status: 'approved', cancel_requested_at: null },
          action: 'absence.cancellation_refused',
          tell: [{ event: 'cancel_refused', to: 'person' }],
          comment,
        },
    ip,
  );
}

const REMIND_INTERVAL_MS = 24 * 3_600_000;

/** POST /absences/:id/remind: the person reminds the approvers, at most once a day. */
export async function remindApprovers(
  deps: Deps,
  actor: Actor,
  id: string,
  ip: string | null,
): Promise<AbsenceView> {
  const loaded = await loadOwn(deps, actor, id);
  const { row } = loaded;
  const now = deps.clock();
  if (!PENDING_STATUSES.includes(row.status) && row.status !== 'cancel_requested')
    throw new AppError('ABSENCE_STATE_CHANGED', 'Only a pending request can be reminded of.');
  const since = new Date(now.getTime() - REMIND_INTERVAL_MS);
  const updated = await deps.db.transaction().execute(async (trx) => {
    const next = await trx
      .updateTable('absences')
      .set({ reminded_at: now })
      .where('tenant_id', '=', row.tenant_id)
      .where('id', '=', row.id)
      .where('status', '=', row.status)
      .where((eb) => eb.or([eb('reminded_at', 'is', null), eb('reminded_at', '<=', since)]))
      .returningAll()
      .executeTakeFirst();
    if (!next) throw new AppError('ABSENCE_REMINDED_TODAY');
    await recordAudit(trx, {
      tenantId: row.tenant_id,
      actorUserId: actor.userId,
      action: 'absence.reminded',
      entityType: 'absence',
      entityId: row.id,
      before: { remindedAt: row.reminded_at?.toISOString() ?? null },
      after: { remindedAt: now.toISOString() },
      ip,
    });
    const { locale } = await tenantSettings(trx, row.tenant_id);
    const approvers = await approversOf(trx, row.tenant_id, loaded.person, {
      adminsOnly: row.status === 'pre_approved',
    });
    await notify(
      trx,
      deps.config,
      locale,
      noticeOf(next, loaded.person, loaded.type, await storedDays(deps, next)),
      row.status === 'cancel_requested' ? 'cancel_requested' : 'reminder',
      approvers,
      String(now.getTime()),
    );
    return next;
  });
  return viewOf(deps, row.tenant_id, { ...loaded, row: updated });
}

// --- inbox -----------------------------------------------------------------------------------

export interface InboxItem {
  absence: AbsenceView;
  /** What the approver is asked: a request, or a cancellation. */
  kind: 'request' | 'cancellation';
  /** Vacation left per year after approving (types that take vacation), else empty. */
  remainingAfter: { year: number; days: number }[];
  /** Other people of the person's team absent (approved or pending) in the same days. */
  othersAbsent: number;
}

/**
 * GET /absences/inbox: pending requests and cancellations the actor decides (team managers:
 * their teams; admins: everyone, and the second stage), never their own.
 */
export async function approvalInbox(deps: Deps, actor: Actor): Promise<InboxItem[]> {
  const scope = authorize(actor, 'absence.decide');
  const tenantId = tenantOf(actor);
  const statuses: AbsenceStatus[] =
    scope === 'all'
      ? ['requested', 'pre_approved', 'cancel_requested']
      : ['requested', 'cancel_requested'];
  let query = deps.db
    .selectFrom('absences')
    .innerJoin('users', (join) =>
      join
        .onRef('users.id', '=', 'absences.user_id')
        .onRef('users.tenant_id', '=', 'absences.tenant_id'),
    )
    .selectAll('absences')
    .select('users.team_id')
    .where('absences.tenant_id', '=', tenantId)
    .where('absences.status', 'in', statuses)
    .where('absences.user_id', '<>', actor.userId);
  if (scope === 'team') {
    const teams = await managedTeamIds(deps.db, tenantId, actor.userId);
    if (teams.length === 0) return [];
    query = query.where('users.team_id', 'in', teams);
  }
  const rows = await query.orderBy('absences.created_at').limit(LIST_LIMIT).execute();
  const views = await viewsOf(deps, tenantId, rows);
  const now = deps.clock();
  const types = new Map(
    (
      await deps.db
        .selectFrom('absence_types')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .execute()
    ).map((t) => [t.id, t]),
  );
  const takingVacation = rows.filter(
    (row) => types.get(row.type_id)!.deducts_vacation && row.end_day !== null,
  );
  const [remaining, away] = await Promise.all([
    remainingVacation(deps.db, tenantId, takingVacation, now),
    othersAbsent(deps.db, tenantId, rows),
  ]);
  const items: InboxItem[] = rows.map((row, i) => ({
    absence: views[i]!,
    kind: row.status === 'cancel_requested' ? 'cancellation' : 'request',
    remainingAfter: takingVacation.includes(row)
      ? yearsOf(row).map((year) => ({ year, days: remaining.get(`${row.user_id}|${year}`) ?? 0 }))
      : [],
    othersAbsent: away.get(row.id) ?? 0,
  }));
  return items;
}

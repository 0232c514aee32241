/**
 * Team calendar (Teamkalender) and a person's year: who is away on which day, with the public
 * holidays of the company's region, its closure days, weekends and today. Everyone in a company
 * may look at any team's calendar (UX.md: "Colleagues see only 'abwesend' unless the type is
 * visible to all"); what they see of an absence depends on who they are to the person:
 * - the person themselves, an admin, or a manager of the person's team (their approvers) see
 *   the type;
 * - colleagues see the type only when it is visible to colleagues, otherwise only "abwesend";
 * - nobody sees the note here.
 * A month of 200 people is a fixed handful of queries (people, absences by the GiST index on
 * their date range, closure days, the teams' managers), never one per person, and is remembered
 * per process under the company's calendar version, with its finished answers per visibility
 * class (calendar-view-cache.ts).
 */
import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import type { AbsenceStatus } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { publicHolidayName } from '../../domain/holidays.js';
import type { Day } from '../../domain/time.js';
import { dayRange, isoWeekday, localDay } from '../../domain/time.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../auth/permissions.js';
import { authorize, tenantOf } from '../auth/permissions.js';
import { managedTeamIds } from '../users/repo.js';
import { asciiJson } from '../../server/ascii-json.js';
import { HOLDING_STATUSES } from './accounts.js';
import type { AbsenceTypeColor } from './palette.js';

export interface CalendarDay {
  day: Day;
  weekend: boolean;
  /** Name of the public holiday in the company's region. */
  holiday: string | null;
  closure: { name: string; half: boolean } | null;
}

export interface CalendarAbsence {
  id: string;
  from: Day;
  /** Null: a sickness whose end is not known yet. */
  to: Day | null;
  /** Only the afternoon of the first day. */
  halfDayStart: boolean;
  /** Only the morning of the last day. */
  halfDayEnd: boolean;
  status: Extract<AbsenceStatus, 'requested' | 'pre_approved' | 'approved' | 'cancel_requested'>;
  /** Null: the viewer may only know that the person is away ("abwesend"). */
  type: { id: string; name: { de: string; en: string }; color: AbsenceTypeColor } | null;
}

export interface CalendarPerson {
  id: string;
  name: string;
  teamId: string | null;
  absences: CalendarAbsence[];
}

/** Who looks, and what they may see of whom. */
export interface Viewer {
  userId: string;
  /** Admins see every type (they approve everybody). */
  seesAllTypes: boolean;
  /** Teams whose members' types the viewer sees (the teams they manage). */
  approverOfTeams: ReadonlySet<string>;
}

/** The viewer behind an actor (one query for the teams a manager leads). */
export async function viewerOf(
  db: Db,
  tenantId: string,
  user: { id: string; role: string },
): Promise<Viewer> {
  const seesAllTypes = user.role === 'admin';
  const teams =
    user.role === 'manager' ? await managedTeamIds(db, tenantId, user.id) : ([] as string[]);
  return { userId: user.id, seesAllTypes, approverOfTeams: new Set(teams) };
}

/** Weekends, holidays of the company's region and its closure days of a period. */
export async function calendarDays(
  db: Db,
  tenantId: string,
  from: Day,
  to: Day,
): Promise<{ days: CalendarDay[]; timeZone: string }> {
  const [tenant, closures] = await Promise.all([
    db
      .selectFrom('tenants')
      .select(['time_zone', 'holiday_region', 'holiday_subregion'])
      .where('id', '=', tenantId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('closure_days')
      .select(['day', 'name', 'half'])
      .where('tenant_id', '=', tenantId)
      .where('day', '>=', from)
      .where('day', '<=', to)
      .execute(),
  ]);
  const closureOf = new Map(closures.map((c) => [c.day, { name: c.name, half: c.half }]));
  const days = dayRange(from, to).map((day) => ({
    day,
    weekend: isoWeekday(day) >= 6,
    holiday: publicHolidayName(day, tenant.holiday_region, tenant.holiday_subregion) ?? null,
    closure: closureOf.get(day) ?? null,
  }));
  return { days, timeZone: tenant.time_zone };
}

export interface AbsenceRow {
  id: string;
  user_id: string;
  start_day: Day;
  end_day: Day | null;
  half_day_start: boolean;
  half_day_end: boolean;
  status: AbsenceStatus;
  type_id: string;
  name_de: string;
  name_en: string;
  color: string;
  visible_to_colleagues: boolean;
  updated_at: Date;
}

/**
 * Absences that hold days in `from`–`to` (approved, pending, asked to be cancelled), of the
 * given people or of the whole company: one query over the GiST index on the date range.
 */
export async function absencesInPeriod(
  db: Db,
  tenantId: string,
  from: Day,
  to: Day,
  userIds?: readonly string[],
): Promise<AbsenceRow[]> {
  if (userIds && userIds.length === 0) return [];
  let query = db
    .selectFrom('absences')
    .innerJoin('absence_types', (join) =>
      join
        .onRef('absence_types.id', '=', 'absences.type_id')
        .onRef('absence_types.tenant_id', '=', 'absences.tenant_id'),
    )
    .select([
      'absences.id',
      'absences.user_id',
      'absences.start_day',
      'absences.end_day',
      'absences.half_day_start',
      'absences.half_day_end',
      'absences.status',
      'absences.type_id',
      'absences.updated_at',
      'absence_types.name_de',
      'absence_types.name_en',
      'absence_types.color',
      'absence_types.visible_to_colleagues',
    ])
    .where('absences.tenant_id', '=', tenantId)
    .where('absences.status', 'in', HOLDING_STATUSES)
    // The same expression as the index absences_calendar, so the planner uses it.
    .where(
      sql<boolean>`daterange(absences.start_day, absences.end_day, '[]') && daterange(${from}::date, ${to}::date, '[]')`,
    );
  if (userIds) query = query.where('absences.user_id', 'in', userIds);
  return query.orderBy('absences.start_day').execute();
}

/** Whether the viewer may see which type an absence of this person is. */
export function seesType(
  viewer: Viewer,
  person: { id: string; teamId: string | null },
  visibleToColleagues: boolean,
): boolean {
  return (
    visibleToColleagues ||
    viewer.seesAllTypes ||
    person.id === viewer.userId ||
    (person.teamId !== null && viewer.approverOfTeams.has(person.teamId))
  );
}

/** An absence as this viewer may see it (never with its note). */
export function absenceFor(
  viewer: Viewer,
  person: { id: string; teamId: string | null },
  row: AbsenceRow,
): CalendarAbsence {
  return {
    id: row.id,
    from: row.start_day,
    to: row.end_day,
    halfDayStart: row.half_day_start,
    halfDayEnd: row.half_day_end,
    status: row.status as CalendarAbsence['status'],
    type: seesType(viewer, person, row.visible_to_colleagues)
      ? {
          id: row.type_id,
          name: { de: row.name_de, en: row.name_en },
          color: row.color as AbsenceTypeColor,
        }
      : null,
  };
}

function monthBounds(month: string): { from: Day; to: Day } {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** The month view's shape (teamCalendarJson writes it). */
export interface TeamCalendar {
  month: string;
  teamId: string | null;
  today: Day;
  days: CalendarDay[];
  people: CalendarPerson[];
}

/**
 * What the month view is made of, whoever looks, with each person's row already written as
 * JSON twice: as their approvers see it (every type) and as colleagues do (hidden types as
 * "abwesend"). An answer only picks one of the two per row and joins them.
 */
interface MonthInputs {
  teamFound: boolean;
  timeZone: string;
  daysJson: string;
  people: { id: string; teamId: string | null; approverJson: string; colleagueJson: string }[];
  /** The people whose rows differ between the two: an absence of a type hidden from colleagues. */
  hiding: { id: string; teamId: string | null }[];
  /** The teams each manager of the company leads (their approver rights). */
  managedTeams: Map<string, string[]>;
}

/** Sees every type of everyone: how the approvers' version of a row is made. */
const APPROVER: Viewer = { userId: '', seesAllTypes: true, approverOfTeams: new Set() };
/** Sees only types visible to colleagues. */
const COLLEAGUE: Viewer = { userId: '', seesAllTypes: false, approverOfTeams: new Set() };

async function monthInputs(
  db: Db,
  tenantId: string,
  month: string,
  teamId: string | undefined,
): Promise<MonthInputs> {
  const { from, to } = monthBounds(month);
  let people = db
    .selectFrom('users')
    .select(['id', 'name', 'team_id'])
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'active')
    .where((eb) => eb.or([eb('start_date', 'is', null), eb('start_date', '<=', to)]))
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', from)]));
  if (teamId) people = people.where('team_id', '=', teamId);
  const [team, rows, absences, calendar, managers] = await Promise.all([
    teamId
      ? db
          .selectFrom('teams')
          .select('id')
          .where('tenant_id', '=', tenantId)
          .where('id', '=', teamId)
          .executeTakeFirst()
      : Promise.resolve({ id: null }),
    people.orderBy('name').orderBy('id').execute(),
    // The whole company's absences of the month: one index scan, cheaper than listing ids.
    absencesInPeriod(db, tenantId, from, to),
    calendarDays(db, tenantId, from, to),
    db
      .selectFrom('team_managers')
      .select(['user_id', 'team_id'])
      .where('tenant_id', '=', tenantId)
      .execute(),
  ]);
  const byPerson = new Map<string, AbsenceRow[]>();
  for (const row of absences) {
    const list = byPerson.get(row.user_id);
    if (list) list.push(row);
    else byPerson.set(row.user_id, [row]);
  }
  const managedTeams = new Map<string, string[]>();
  for (const m of managers) {
    const teams = managedTeams.get(m.user_id);
    if (teams) teams.push(m.team_id);
    else managedTeams.set(m.user_id, [m.team_id]);
  }
  const hiding: MonthInputs['hiding'] = [];
  return {
    teamFound: team !== undefined,
    timeZone: calendar.timeZone,
    daysJson: JSON.stringify(calendar.days),
    people: rows.map((r) => {
      const person = { id: r.id, teamId: r.team_id };
      const own = byPerson.get(r.id) ?? [];
      const rowAs = (viewer: Viewer): string =>
        JSON.stringify({
          id: r.id,
          name: r.name,
          teamId: r.team_id,
          absences: own.map((a) => absenceFor(viewer, person, a)),
        } satisfies CalendarPerson);
      const approverJson = rowAs(APPROVER);
      if (!own.some((a) => !a.visible_to_colleagues)) {
        return { ...person, approverJson, colleagueJson: approverJson };
      }
      hiding.push(person);
      return { ...person, approverJson, colleagueJson: rowAs(COLLEAGUE) };
    }),
    hiding,
    managedTeams,
  };
}

/**
 * Which of the month's rows a viewer sees as approvers do, as a key: viewers with the same key
 * get the same answer. Admins see every row that way; everyone else the rows of people with
 * hidden types who are themselves or in a team they manage. Most employees have none and share
 * the colleagues' answer; a person has their own only while they have such an absence.
 */
function visibilityClass(inputs: MonthInputs, viewer: Viewer): string {
  if (viewer.seesAllTypes) return 'all';
  const approved = inputs.hiding.filter((person) => seesType(viewer, person, false));
  return approved.map((person) => person.id).join(',');
}

/**
 * The month view of the company or one team, as JSON bytes (a TeamCalendar): one row per active
 * person employed in the month, by name, each with the absences overlapping it as the actor
 * may see them.
 */
export async function teamCalendarJson(
  deps: Deps,
  actor: Actor,
  query: { month: string; teamId?: string | undefined },
): Promise<Buffer> {
  authorize(actor, 'calendar.read');
  const tenantId = tenantOf(actor);
  const { db } = deps;
  const version = await deps.calendars.versionOf(db, tenantId);
  const monthKey = `${tenantId}|${query.month}|${query.teamId ?? ''}`;
  const inputs = await deps.calendars.inputs(monthKey, version, () =>
    monthInputs(db, tenantId, query.month, query.teamId),
  );
  if (!inputs.teamFound) throw new AppError('NOT_FOUND', 'There is no such team.');
  const viewer: Viewer = {
    userId: actor.userId,
    seesAllTypes: actor.role === 'admin',
    approverOfTeams: new Set(
      actor.role === 'manager' ? (inputs.managedTeams.get(actor.userId) ?? []) : [],
    ),
  };
  const visibility = visibilityClass(inputs, viewer);
  const today = localDay(deps.clock(), inputs.timeZone);
  return deps.calendars.answer(`${monthKey}|${visibility}`, version, today, () => {
    const rows = inputs.people.map((person) =>
      seesType(viewer, person, false) ? person.approverJson : person.colleagueJson,
    );
    return asciiJson(
      `{"month":${JSON.stringify(query.month)},"teamId":${JSON.stringify(query.teamId ?? null)},` +
        `"today":${JSON.stringify(today)},"days":${inputs.daysJson},"people":[${rows.join(',')}]}`,
    );
  });
}

export interface PersonYear {
  year: number;
  today: Day;
  person: { id: string; name: string; teamId: string | null };
  days: CalendarDay[];
  absences: CalendarAbsence[];
}

/** One person's year (Jahresansicht), with the same visibility as the team calendar. */
export async function personYear(
  deps: Deps,
  actor: Actor,
  query: { userId: string; year: number },
): Promise<PersonYear> {
  authorize(actor, 'calendar.read');
  const tenantId = tenantOf(actor);
  const from = `${query.year}-01-01`;
  const to = `${query.year}-12-31`;
  const { db } = deps;
  const [user, absences, calendar, viewer] = await Promise.all([
    db
      .selectFrom('users')
      .select(['id', 'name', 'team_id'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', query.userId)
      // Invitees have no calendar yet; former colleagues' years stay readable.
      .where('status', '!=', 'invited')
      .executeTakeFirst(),
    absencesInPeriod(db, tenantId, from, to, [query.userId]),
    calendarDays(db, tenantId, from, to),
    viewerOf(db, tenantId, { id: actor.userId, role: actor.role }),
  ]);
  if (!user) throw new AppError('NOT_FOUND', 'No such person.');
  const person = { id: user.id, teamId: user.team_id };
  return {
    year: query.year,
    today: localDay(deps.clock(), calendar.timeZone),
    person: { id: user.id, name: user.name, teamId: user.team_id },
    days: calendar.days,
    absences: absences.map((a) => absenceFor(viewer, person, a)),
  };
}

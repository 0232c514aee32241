/**
 * Who appears in a report (overview, statistics): the people in the actor's `report.export`
 * scope (employee: self; manager: self and their teams; admin: the company), narrowed by team,
 * role or one person, and employed in the period. A team or person outside the scope is as
 * unknown as another company's (NOT_FOUND), so a report never tells them apart; an employee
 * has no team in scope, so any team filter of theirs is NOT_FOUND (else a team of their own
 * company would answer with an empty report and another company's with 404).
 */
import type { Deps } from '../../deps.js';
import type { Day } from '../../domain/time.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../auth/permissions.js';
import { authorize, tenantOf } from '../auth/permissions.js';
import { userInScope } from '../time/people.js';
import { managedTeamIds } from '../users/repo.js';

export const REPORT_ROLES = ['employee', 'manager', 'admin'] as const;
export type ReportRole = (typeof REPORT_ROLES)[number];

export interface ReportScopeQuery {
  from: Day;
  to: Day;
  teamId?: string | undefined;
  role?: ReportRole | undefined;
  userId?: string | undefined;
}

export interface ReportPerson {
  id: string;
  name: string;
  email: string;
  employee_number: string | null;
  team_id: string | null;
  team_name: string | null;
  role: string;
  status: string;
  start_date: string | null;
  end_date: string | null;
  /** What the vacation account is computed from (with the dates above). */
  created_at: Date;
  vacation_days_per_year: string | null;
}

/**
 * Whether a person belongs in the report of `from`–`to`: active, or disabled but leaving during
 * or after the period (payroll still needs them), and started by its end. The same rule as the
 * query in `peopleInScope`, for the months of a longer range.
 */
export function employedIn(person: ReportPerson, from: Day, to: Day): boolean {
  const present =
    person.status === 'active' ||
    (person.status === 'disabled' && person.end_date !== null && person.end_date >= from);
  return present && (person.start_date === null || person.start_date <= to);
}

/** The people of a report: in the actor's scope, narrowed by team, role and person. */
export async function peopleInScope(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  query: ReportScopeQuery,
): Promise<{ tenantId: string; rows: ReportPerson[] }> {
  const scope = authorize(actor, 'report.export');
  const tenantId = tenantOf(actor);
  const managed = scope === 'team' ? await managedTeamIds(deps.db, tenantId, actor.userId) : [];
  if (query.teamId !== undefined) {
    const team = await deps.db
      .selectFrom('teams')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', query.teamId)
      .executeTakeFirst();
    // An employee's scope holds no team, not even their own: the filter is theirs to leave off.
    if (!team || scope === 'own' || (scope === 'team' && !managed.includes(team.id))) {
      throw new AppError('NOT_FOUND', 'No such team.');
    }
  }
  if (query.userId !== undefined) {
    await userInScope(deps, actor, query.userId, 'report.export');
  }
  let people = deps.db
    .selectFrom('users')
    .leftJoin('teams', 'teams.id', 'users.team_id')
    .select([
      'users.id',
      'users.name',
      'users.email',
      'users.employee_number',
      'users.team_id',
      'teams.name as team_name',
      'users.role',
      'users.status',
      'users.start_date',
      'users.end_date',
      'users.created_at',
      'users.vacation_days_per_year',
    ])
    .where('users.tenant_id', '=', tenantId)
    .where('users.role', '!=', 'super_admin')
    // employedIn's rule, in SQL.
    .where((eb) =>
      eb.or([
        eb('users.status', '=', 'active'),
        eb.and([eb('users.status', '=', 'disabled'), eb('users.end_date', '>=', query.from)]),
      ]),
    )
    .where((eb) =>
      eb.or([eb('users.start_date', 'is', null), eb('users.start_date', '<=', query.to)]),
    );
  if (scope === 'own') people = people.where('users.id', '=', actor.userId);
  if (scope === 'team') {
    people = people.where((eb) =>
      eb.or([
        eb('users.id', '=', actor.userId),
        ...(managed.length > 0 ? [eb('users.team_id', 'in', managed)] : []),
      ]),
    );
  }
  if (query.teamId !== undefined) people = people.where('users.team_id', '=', query.teamId);
  if (query.role !== undefined) people = people.where('users.role', '=', query.role);
  if (query.userId !== undefined) people = people.where('users.id', '=', query.userId);
  const rows = await people.orderBy('users.name').orderBy('users.id').execute();
  return { tenantId, rows };
}

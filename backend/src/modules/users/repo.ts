/** Queries for people and teams; every function is scoped by tenant. */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database, Role, UserStatus } from '../../db/types.js';

type Tx = Kysely<Database>;

export interface UserFilter {
  id?: string;
  search?: string;
  status?: UserStatus;
  role?: Role;
  teamId?: string;
  /** Restrict to these ids (scope `own` / `team`). */
  onlyIds?: string[];
  onlyTeamIds?: string[];
}

function baseUserQuery(db: Tx, tenantId: string) {
  return db
    .selectFrom('users')
    .leftJoin('teams', (join) =>
      join.onRef('teams.id', '=', 'users.team_id').onRef('teams.tenant_id', '=', 'users.tenant_id'),
    )
    .select([
      'users.id',
      'users.email',
      'users.name',
      'users.role',
      'users.status',
      'users.locale',
      'users.team_id',
      'teams.name as team_name',
      'users.employee_number',
      'users.start_date',
      'users.end_date',
      'users.last_login_at',
      'users.created_at',
      (eb) =>
        eb
          .selectFrom('invitations')
          .select('invitations.expires_at')
          .whereRef('invitations.user_id', '=', 'users.id')
          .where('invitations.accepted_at', 'is', null)
          .where('invitations.revoked_at', 'is', null)
          .orderBy('invitations.created_at', 'desc')
          .limit(1)
          .as('invitation_expires_at'),
      // Whether the newest invitation mail got out: a failed one must not go unnoticed.
      (eb) =>
        eb
          .selectFrom('email_outbox')
          .select('email_outbox.status')
          .whereRef('email_outbox.user_id', '=', 'users.id')
          .where('email_outbox.template', '=', 'invitation')
          .orderBy('email_outbox.created_at', 'desc')
          .limit(1)
          .as('invitation_mail_status'),
      (eb) =>
        eb
          .selectFrom('email_outbox')
          .select('email_outbox.last_error')
          .whereRef('email_outbox.user_id', '=', 'users.id')
          .where('email_outbox.template', '=', 'invitation')
          .orderBy('email_outbox.created_at', 'desc')
          .limit(1)
          .as('invitation_mail_error'),
    ])
    .where('users.tenant_id', '=', tenantId);
}

export type UserRow = Awaited<
  ReturnType<ReturnType<typeof baseUserQuery>['executeTakeFirstOrThrow']>
>;

export function listUsers(db: Tx, tenantId: string, filter: UserFilter) {
  let query = baseUserQuery(db, tenantId);
  if (filter.id) query = query.where('users.id', '=', filter.id);
  if (filter.status) query = query.where('users.status', '=', filter.status);
  if (filter.role) query = query.where('users.role', '=', filter.role);
  if (filter.teamId) query = query.where('users.team_id', '=', filter.teamId);
  if (filter.search) {
    const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb('users.name', 'ilike', pattern),
        eb('users.email', 'ilike', pattern),
        eb('users.employee_number', 'ilike', pattern),
      ]),
    );
  }
  if (filter.onlyIds || filter.onlyTeamIds) {
    const ids = filter.onlyIds ?? [];
    const teams = filter.onlyTeamIds ?? [];
    query = query.where((eb) =>
      eb.or([
        ...(ids.length ? [eb('users.id', 'in', ids)] : []),
        ...(teams.length ? [eb('users.team_id', 'in', teams)] : []),
        sql<boolean>`false`,
      ]),
    );
  }
  return query.orderBy('users.name').orderBy('users.email').execute();
}

export function findUser(db: Tx, tenantId: string, userId: string) {
  return baseUserQuery(db, tenantId).where('users.id', '=', userId).executeTakeFirst();
}

export async function managedTeamIds(db: Tx, tenantId: string, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('team_managers')
    .select('team_id')
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .execute();
  return rows.map((r) => r.team_id);
}

export function findTeam(db: Tx, tenantId: string, teamId: string) {
  return db
    .selectFrom('teams')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', teamId)
    .executeTakeFirst();
}

export function listTeams(db: Tx, tenantId: string) {
  return db
    .selectFrom('teams')
    .select([
      'teams.id',
      'teams.name',
      (eb) =>
        eb
          .selectFrom('users')
          .select((e) => e.fn.countAll<string>().as('n'))
          .whereRef('users.team_id', '=', 'teams.id')
          .where('users.status', '<>', 'disabled')
          .as('member_count'),
      (eb) =>
        eb
          .selectFrom('team_managers')
          .select(
            sql<
              string[]
            >`coalesce(array_agg(team_managers.user_id ORDER BY team_managers.user_id), '{}')`.as(
              'ids',
            ),
          )
          .whereRef('team_managers.team_id', '=', 'teams.id')
          .as('manager_ids'),
    ])
    .where('teams.tenant_id', '=', tenantId)
    .orderBy('teams.name')
    .execute();
}

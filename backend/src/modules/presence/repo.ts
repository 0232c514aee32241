/** SQL for live presence: who is in scope, and each person's newest entry, tenant-scoped. */
import type { Db } from '../../db/index.js';

/** Which people an actor sees: the whole company, or themselves plus the teams they lead. */
export type PresenceScope = { kind: 'all' } | { kind: 'team'; selfId: string; teamIds: string[] };

/**
 * Every active person in scope with their newest non-deleted entry, in one query. A LATERAL
 * `ORDER BY started_at DESC LIMIT 1` per person is one backward probe of the index
 * time_entries_user_time (tenant_id, user_id, started_at); `DISTINCT ON (user_id)` would read
 * every entry of the company's whole history instead.
 */
export function listPresenceRows(db: Db, tenantId: string, scope: PresenceScope) {
  return presenceRowsQuery(db, tenantId, scope).execute();
}

/** The query behind listPresenceRows (tests read its plan). */
export function presenceRowsQuery(db: Db, tenantId: string, scope: PresenceScope) {
  return db
    .selectFrom('users')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('time_entries')
          .select([
            'time_entries.id as entry_id',
            'time_entries.started_at',
            'time_entries.ended_at',
            'time_entries.end_reason',
          ])
          .whereRef('time_entries.tenant_id', '=', 'users.tenant_id')
          .whereRef('time_entries.user_id', '=', 'users.id')
          .where('time_entries.deleted_at', 'is', null)
          .orderBy('time_entries.started_at', 'desc')
          .limit(1)
          .as('latest'),
      (join) => join.onTrue(),
    )
    .select([
      'users.id',
      'users.name',
      'users.team_id',
      'latest.entry_id',
      'latest.started_at',
      'latest.ended_at',
      'latest.end_reason',
    ])
    .where('users.tenant_id', '=', tenantId)
    .where('users.status', '=', 'active')
    .$if(scope.kind === 'team', (qb) =>
      qb.where((eb) => {
        const { selfId, teamIds } = scope as Extract<PresenceScope, { kind: 'team' }>;
        return eb.or([
          eb('users.id', '=', selfId),
          ...(teamIds.length > 0 ? [eb('users.team_id', 'in', teamIds)] : []),
        ]);
      }),
    );
}

/** The person a live change is about, if active in the tenant (name and team for the event). */
export function findPresencePerson(db: Db, tenantId: string, userId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'team_id'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', userId)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

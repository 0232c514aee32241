/**
 * The colleagues a person may name as their Vertretung (substitute): every active member of the
 * company, with name and team – what the team calendar shows everyone anyway, nothing more
 * (no e-mail, no role). Employees cannot read the people list, so the request form asks here.
 */
import type { Deps } from '../../deps.js';
import type { Actor } from '../auth/permissions.js';
import { authorize, tenantOf } from '../auth/permissions.js';

export interface Colleague {
  id: string;
  name: string;
  teamId: string | null;
  teamName: string | null;
}

export async function colleagues(deps: Deps, actor: Actor): Promise<Colleague[]> {
  authorize(actor, 'absence.request');
  const tenantId = tenantOf(actor);
  const rows = await deps.db
    .selectFrom('users')
    .leftJoin('teams', 'teams.id', 'users.team_id')
    .select(['users.id', 'users.name', 'users.team_id', 'teams.name as team_name'])
    .where('users.tenant_id', '=', tenantId)
    .where('users.status', '=', 'active')
    .where('users.role', '!=', 'super_admin')
    .orderBy('users.name')
    .orderBy('users.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    teamId: r.team_id,
    teamName: r.team_name,
  }));
}

/** Whose time records an actor may see: their own, their teams', or the whole company's. */
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../auth/permissions.js';
import { authorize, tenantOf } from '../auth/permissions.js';
import { managedTeamIds } from '../users/repo.js';

/** The person whose records are asked for, if the actor may read them; NOT_FOUND otherwise. */
export function readableUser(deps: Pick<Deps, 'db'>, actor: Actor, userId: string) {
  return userInScope(deps, actor, userId, 'time.read');
}

/** The person, if `action` reaches them from the actor (own, team or all); NOT_FOUND otherwise. */
export async function userInScope(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  userId: string,
  action: 'time.read' | 'time.edit' | 'time.approve' | 'time.adjust' | 'report.export',
) {
  const scope = authorize(actor, action);
  const tenantId = tenantOf(actor);
  const user = await deps.db
    .selectFrom('users')
    .select(['id', 'tenant_id', 'team_id', 'start_date', 'created_at', 'opening_balance_minutes'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', userId)
    .executeTakeFirst();
  const allowed =
    user &&
    (scope === 'all' ||
      user.id === actor.userId ||
      (scope === 'team' &&
        user.team_id !== null &&
        (await managedTeamIds(deps.db, tenantId, actor.userId)).includes(user.team_id)));
  if (!allowed) throw new AppError('NOT_FOUND', 'No such person.');
  return { ...user, tenantId };
}

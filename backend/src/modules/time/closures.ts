/**
 * Betriebsruhetage: days the whole company is closed (target 0) or works half a day (e.g. 24
 * and 31 December, where the company decides so). Every member sees them in their calendars;
 * admins set them. They feed every target and day count through domain/targets.ts.
 */
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/service.js';
import type { Actor } from '../auth/permissions.js';
import { authorize, tenantOf } from '../auth/permissions.js';

export interface ClosureDay {
  day: string;
  name: string;
  half: boolean;
}

/** Closure days of the actor's company in `from`–`to` (inclusive), by day. */
export async function listClosureDays(
  deps: Deps,
  actor: Actor,
  from: string,
  to: string,
): Promise<ClosureDay[]> {
  if (to < from) throw new AppError('VALIDATION_FAILED', 'The period ends before it starts.');
  return deps.db
    .selectFrom('closure_days')
    .select(['day', 'name', 'half'])
    .where('tenant_id', '=', tenantOf(actor))
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day')
    .execute();
}

/** Sets a closure day (a second call for the same day changes name or half). */
export async function setClosureDay(
  deps: Deps,
  actor: Actor,
  input: ClosureDay,
  ip: string | null,
): Promise<{ closure: ClosureDay; created: boolean }> {
  authorize(actor, 'tenant.settings');
  const tenantId = tenantOf(actor);
  return deps.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('closure_days')
      .select(['day', 'name', 'half'])
      .where('tenant_id', '=', tenantId)
      .where('day', '=', input.day)
      .forUpdate()
      .executeTakeFirst();
    const closure = await trx
      .insertInto('closure_days')
      .values({ tenant_id: tenantId, day: input.day, name: input.name, half: input.half })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'day']).doUpdateSet({ name: input.name, half: input.half }),
      )
      .returning(['day', 'name', 'half'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      tenantId,
      actorUserId: actor.userId,
      action: before ? 'closure_day.changed' : 'closure_day.created',
      entityType: 'closure_day',
      entityId: input.day,
      before: before ?? null,
      after: closure,
      ip,
    });
    return { closure, created: !before };
  });
}

export async function deleteClosureDay(
  deps: Deps,
  actor: Actor,
  day: string,
  ip: string | null,
): Promise<void> {
  authorize(actor, 'tenant.settings');
  const tenantId = tenantOf(actor);
  await deps.db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('closure_days')
      .where('tenant_id', '=', tenantId)
      .where('day', '=', day)
      .returning(['day', 'name', 'half'])
      .executeTakeFirst();
    if (!removed) throw new AppError('NOT_FOUND', 'There is no closure day on this date.');
    await recordAudit(trx, {
      tenantId,
      actorUserId: actor.userId,
      action: 'closure_day.deleted',
      entityType: 'closure_day',
      entityId: day,
      before: removed,
      ip,
    });
  });
}

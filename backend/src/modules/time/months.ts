/**
 * Closing a month (Monatsabschluss): the employee submits it, a manager of their team or an
 * admin approves it, which locks its entries (only admin corrections after that). Nobody
 * approves their own month. Reopening is an admin's audited decision. Plus manual balance
 * adjustments (Gleitzeit corrections), always with a reason.
 */
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/service.js';
import type { Actor } from '../auth/permissions.js';
import { userInScope } from './people.js';

export interface MonthLockView {
  userId: string;
  month: string;
  status: 'submitted' | 'approved' | 'open';
  approvedAt: string | null;
}

const firstDay = (month: string) => `${month}-01`;

async function lockView(
  deps: Deps,
  tenantId: string,
  userId: string,
  month: string,
): Promise<MonthLockView> {
  const row = await deps.db
    .selectFrom('month_locks')
    .select(['status', 'approved_at'])
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('month', '=', firstDay(month))
    .executeTakeFirst();
  return {
    userId,
    month,
    status: row?.status ?? 'open',
    approvedAt: row?.approved_at?.toISOString() ?? null,
  };
}

/** The employee hands in their month for approval. */
export async function submitMonth(
  deps: Deps,
  actor: Actor,
  month: string,
  ip: string | null,
): Promise<MonthLockView> {
  const user = await userInScope(deps, actor, actor.userId, 'time.edit');
  const current = await lockView(deps, user.tenantId, user.id, month);
  if (current.status === 'approved') return current;
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('month_locks')
      .values({
        tenant_id: user.tenantId,
        user_id: user.id,
        month: firstDay(month),
        status: 'submitted',
        submitted_at: deps.clock(),
      })
      .onConflict((oc) =>
        oc
          .columns(['user_id', 'month'])
          .doUpdateSet({ submitted_at: deps.clock() })
          .where('month_locks.status', '=', 'submitted'),
      )
      .execute();
    await recordAudit(trx, {
      tenantId: user.tenantId,
      actorUserId: actor.userId,
      action: 'month.submitted',
      entityType: 'month',
      entityId: `${user.id}:${month}`,
      ip,
    });
  });
  return lockView(deps, user.tenantId, user.id, month);
}

/** Approves (locks) a person's month; approving twice changes nothing. */
export async function approveMonth(
  deps: Deps,
  actor: Actor,
  userId: string,
  month: string,
  ip: string | null,
): Promise<MonthLockView> {
  const user = await userInScope(deps, actor, userId, 'time.approve');
  if (userId === actor.userId) throw new AppError('FORBIDDEN', 'Nobody approves their own month.');
  const now = deps.clock();
  await deps.db.transaction().execute(async (trx) => {
    const changed = await trx
      .insertInto('month_locks')
      .values({
        tenant_id: user.tenantId,
        user_id: userId,
        month: firstDay(month),
        status: 'approved',
        approved_at: now,
        approved_by: actor.userId,
      })
      .onConflict((oc) =>
        oc
          .columns(['user_id', 'month'])
          .doUpdateSet({ status: 'approved', approved_at: now, approved_by: actor.userId })
          .where('month_locks.status', '<>', 'approved'),
      )
      .executeTakeFirst();
    if (Number(changed.numInsertedOrUpdatedRows ?? 0n) > 0) {
      await recordAudit(trx, {
        tenantId: user.tenantId,
        actorUserId: actor.userId,
        action: 'month.approved',
        entityType: 'month',
        entityId: `${userId}:${month}`,
        ip,
      });
    }
  });
  return lockView(deps, user.tenantId, userId, month);
}

/** An admin reopens an approved month, with a reason. */
export async function reopenMonth(
  deps: Deps,
  actor: Actor,
  userId: string,
  month: string,
  reason: string,
  ip: string | null,
): Promise<MonthLockView> {
  const user = await userInScope(deps, actor, userId, 'time.adjust');
  await deps.db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('month_locks')
      .where('tenant_id', '=', user.tenantId)
      .where('user_id', '=', userId)
      .where('month', '=', firstDay(month))
      .executeTakeFirst();
    if (removed.numDeletedRows === 0n) throw new AppError('CONFLICT', 'This month is not closed.');
    await recordAudit(trx, {
      tenantId: user.tenantId,
      actorUserId: actor.userId,
      action: 'month.reopened',
      entityType: 'month',
      entityId: `${userId}:${month}`,
      reason,
      ip,
    });
  });
  return lockView(deps, user.tenantId, userId, month);
}

/** A Gleitzeit correction on a day (minutes, signed), with a reason; shown in the balance. */
export async function addAdjustment(
  deps: Deps,
  actor: Actor,
  input: { userId: string; day: string; minutes: number; reason: string },
  ip: string | null,
): Promise<{ id: string; userId: string; day: string; minutes: number; reason: string }> {
  const user = await userInScope(deps, actor, input.userId, 'time.adjust');
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('balance_adjustments')
      .values({
        tenant_id: user.tenantId,
        user_id: input.userId,
        day: input.day,
        minutes: input.minutes,
        reason: input.reason,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      tenantId: user.tenantId,
      actorUserId: actor.userId,
      action: 'balance.adjusted',
      entityType: 'balance_adjustment',
      entityId: row.id,
      after: { userId: input.userId, day: input.day, minutes: input.minutes },
      reason: input.reason,
      ip,
    });
    return { id: row.id, ...input };
  });
}

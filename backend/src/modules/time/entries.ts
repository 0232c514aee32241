/**
 * Manual entries and corrections (GoBD): adding, changing or deleting a past entry always takes
 * a reason, keeps before/after in the audit log, and never hides the original — a deleted entry
 * stays, marked deleted. Employees may fix their own entries within the company's edit window;
 * managers correct their teams', admins everyone's. Approved (locked) months change only through
 * an admin correction.
 */
import type { Deps } from '../../deps.js';
import { addDays, localDay } from '../../domain/time.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/service.js';
import type { Actor } from '../auth/permissions.js';
import { tenantOf } from '../auth/permissions.js';
import { announcePresenceOf } from '../presence/service.js';
import { userInScope } from './people.js';

export interface EntryView {
  id: string;
  userId: string;
  start: string;
  end: string | null;
  source: 'clock' | 'manual' | 'correction';
  note: string | null;
  deleted: boolean;
}

interface EntryInput {
  start: Date;
  end: Date;
  note?: string | null;
  reason: string;
}

/** The database's integrity constraints, in words. */
function constraintError(error: unknown): AppError | undefined {
  const { code } = error as { code?: string };
  if (code === '23P01') return new AppError('ENTRY_OVERLAP');
  if (code === '23505') return new AppError('ALREADY_CLOCKED_IN');
  return undefined;
}

async function rulesFor(deps: Deps, actor: Actor, userId: string) {
  const user = await userInScope(deps, actor, userId, 'time.edit');
  const tenant = await deps.db
    .selectFrom('tenants')
    .select(['time_zone', 'edit_window_days'])
    .where('id', '=', user.tenantId)
    .executeTakeFirstOrThrow();
  return { user, zone: tenant.time_zone, editWindowDays: tenant.edit_window_days };
}

/** Refuses what the actor may not change about a day: future, edit window, locked month. */
async function assertChangeable(
  deps: Deps,
  actor: Actor,
  rules: Awaited<ReturnType<typeof rulesFor>>,
  instants: Date[],
): Promise<void> {
  const now = deps.clock();
  if (instants.some((instant) => instant > now)) {
    throw new AppError('VALIDATION_FAILED', 'Entries cannot lie in the future.');
  }
  const today = localDay(now, rules.zone);
  const days = instants.map((instant) => localDay(instant, rules.zone));
  const ownEntry = rules.user.id === actor.userId && actor.role === 'employee';
  if (ownEntry && days.some((day) => day < addDays(today, -rules.editWindowDays))) {
    throw new AppError('EDIT_WINDOW_CLOSED', undefined, { editWindowDays: rules.editWindowDays });
  }
  const months = [...new Set(days.map((day) => `${day.slice(0, 7)}-01`))];
  const locked = await deps.db
    .selectFrom('month_locks')
    .select('month')
    .where('tenant_id', '=', rules.user.tenantId)
    .where('user_id', '=', rules.user.id)
    .where('status', '=', 'approved')
    .where('month', 'in', months)
    .executeTakeFirst();
  if (locked && actor.role !== 'admin') throw new AppError('MONTH_LOCKED');
}

function sourceFor(actor: Actor, userId: string): 'manual' | 'correction' {
  return actor.userId === userId ? 'manual' : 'correction';
}

const snapshot = (e: { started_at: Date; ended_at: Date | null; note: string | null }) => ({
  start: e.started_at.toISOString(),
  end: e.ended_at?.toISOString() ?? null,
  note: e.note,
});

async function loadEntry(deps: Deps, actor: Actor, id: string) {
  const entry = await deps.db
    .selectFrom('time_entries')
    .selectAll()
    .where('tenant_id', '=', tenantOf(actor))
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!entry) throw new AppError('NOT_FOUND', 'No such entry.');
  // Outside the actor's scope looks exactly like not existing.
  const rules = await rulesFor(deps, actor, entry.user_id);
  return { entry, rules };
}

function toView(e: {
  id: string;
  user_id: string;
  started_at: Date;
  ended_at: Date | null;
  source: EntryView['source'];
  note: string | null;
  deleted_at: Date | null;
}): EntryView {
  return {
    id: e.id,
    userId: e.user_id,
    start: e.started_at.toISOString(),
    end: e.ended_at?.toISOString() ?? null,
    source: e.source,
    note: e.note,
    deleted: e.deleted_at !== null,
  };
}

/** Adds a past entry for the actor or, as manager/admin, for someone in their scope. */
export async function addEntry(
  deps: Deps,
  actor: Actor,
  userId: string,
  input: EntryInput,
  ip: string | null,
): Promise<EntryView> {
  const rules = await rulesFor(deps, actor, userId);
  if (input.end <= input.start)
    throw new AppError('VALIDATION_FAILED', 'The end must be after the start.');
  await assertChangeable(deps, actor, rules, [input.start, input.end]);
  try {
    const view = await deps.db.transaction().execute(async (trx) => {
      const entry = await trx
        .insertInto('time_entries')
        .values({
          tenant_id: rules.user.tenantId,
          user_id: userId,
          started_at: input.start,
          ended_at: input.end,
          end_reason: 'clock_out',
          source: sourceFor(actor, userId),
          note: input.note ?? null,
          created_by: actor.userId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        tenantId: rules.user.tenantId,
        actorUserId: actor.userId,
        action: 'time_entry.created',
        entityType: 'time_entry',
        entityId: entry.id,
        after: { userId, ...snapshot(entry) },
        reason: input.reason,
        ip,
      });
      return toView(entry);
    });
    // Committed: live presence follows if this became the person's newest entry.
    announcePresenceOf(deps, rules.user.tenantId, userId);
    return view;
  } catch (error) {
    throw constraintError(error) ?? error;
  }
}

/** Changes start, end or note of an entry, with a reason; before and after are kept. */
export async function updateEntry(
  deps: Deps,
  actor: Actor,
  id: string,
  changes: { start?: Date; end?: Date; note?: string | null; reason: string },
  ip: string | null,
): Promise<EntryView> {
  const { entry, rules } = await loadEntry(deps, actor, id);
  const start = changes.start ?? entry.started_at;
  const end = changes.end ?? entry.ended_at;
  if (end && end <= start)
    throw new AppError('VALIDATION_FAILED', 'The end must be after the start.');
  await assertChangeable(deps, actor, rules, [entry.started_at, start, ...(end ? [end] : [])]);
  try {
    const view = await deps.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('time_entries')
        .set({
          started_at: start,
          ended_at: end,
          ...(changes.end && !entry.ended_at ? { end_reason: 'clock_out' as const } : {}),
          ...(changes.note === undefined ? {} : { note: changes.note }),
          ...(entry.user_id !== actor.userId ? { source: 'correction' as const } : {}),
          updated_at: deps.clock(),
          updated_by: actor.userId,
        })
        .where('id', '=', id)
        .where('tenant_id', '=', rules.user.tenantId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        tenantId: rules.user.tenantId,
        actorUserId: actor.userId,
        action: 'time_entry.updated',
        entityType: 'time_entry',
        entityId: id,
        before: snapshot(entry),
        after: snapshot(updated),
        reason: changes.reason,
        ip,
      });
      return toView(updated);
    });
    announcePresenceOf(deps, rules.user.tenantId, entry.user_id);
    return view;
  } catch (error) {
    throw constraintError(error) ?? error;
  }
}

/** Marks an entry deleted, with a reason; it stays visible to admins and in the audit log. */
export async function deleteEntry(
  deps: Deps,
  actor: Actor,
  id: string,
  reason: string,
  ip: string | null,
): Promise<void> {
  const { entry, rules } = await loadEntry(deps, actor, id);
  await assertChangeable(deps, actor, rules, [entry.started_at]);
  const now = deps.clock();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('time_entries')
      .set({
        deleted_at: now,
        deleted_by: actor.userId,
        delete_reason: reason,
        updated_at: now,
        updated_by: actor.userId,
      })
      .where('id', '=', id)
      .where('tenant_id', '=', rules.user.tenantId)
      .execute();
    await recordAudit(trx, {
      tenantId: rules.user.tenantId,
      actorUserId: actor.userId,
      action: 'time_entry.deleted',
      entityType: 'time_entry',
      entityId: id,
      before: snapshot(entry),
      reason,
      ip,
    });
  });
  announcePresenceOf(deps, rules.user.tenantId, entry.user_id);
}

/**
 * Historie of a time entry: who added, changed or deleted it, when and why, with the times
 * before and after (GoBD). Whoever may read the person's times sees it — so an employee reads
 * the reason their manager gave for a correction.
 */
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../auth/permissions.js';
import { authorize, tenantOf } from '../auth/permissions.js';
import type { EntryView } from './entries.js';
import { readableUser } from './people.js';

export interface EntryChange {
  at: string;
  action: 'created' | 'updated' | 'deleted';
  actor: { id: string; name: string } | null;
  reason: string | null;
  before: unknown;
  after: unknown;
}

export interface EntryHistory {
  entry: EntryView & { deleteReason: string | null; createdAt: string };
  changes: EntryChange[];
}

export async function entryHistory(deps: Deps, actor: Actor, id: string): Promise<EntryHistory> {
  authorize(actor, 'time.read');
  const tenantId = tenantOf(actor);
  const entry = await deps.db
    .selectFrom('time_entries')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!entry) throw new AppError('NOT_FOUND', 'No such entry.');
  // NOT_FOUND as well when the entry belongs to someone outside the actor's scope.
  await readableUser(deps, actor, entry.user_id);
  const rows = await deps.db
    .selectFrom('audit_log')
    .leftJoin('users', (join) =>
      join
        .onRef('users.id', '=', 'audit_log.actor_user_id')
        .onRef('users.tenant_id', '=', 'audit_log.tenant_id'),
    )
    .select([
      'audit_log.at',
      'audit_log.action',
      'audit_log.reason',
      'audit_log.before',
      'audit_log.after',
      'audit_log.actor_user_id',
      'users.name',
    ])
    .where('audit_log.tenant_id', '=', tenantId)
    .where('audit_log.entity_type', '=', 'time_entry')
    .where('audit_log.entity_id', '=', id)
    .orderBy('audit_log.at')
    .orderBy('audit_log.id')
    .execute();
  return {
    entry: {
      id: entry.id,
      userId: entry.user_id,
      start: entry.started_at.toISOString(),
      end: entry.ended_at?.toISOString() ?? null,
      source: entry.source,
      note: entry.note,
      deleted: entry.deleted_at !== null,
      deleteReason: entry.delete_reason,
      createdAt: entry.created_at.toISOString(),
    },
    changes: rows.map((row) => ({
      at: row.at.toISOString(),
      action: row.action.replace('time_entry.', '') as EntryChange['action'],
      actor: row.actor_user_id ? { id: row.actor_user_id, name: row.name ?? '' } : null,
      reason: row.reason,
      before: row.before,
      after: row.after,
    })),
  };
}

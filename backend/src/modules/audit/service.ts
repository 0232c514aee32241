/**
 * The audit log: who did what to which record, when, from where, and why (GoBD, works council).
 * Append-only; the database refuses updates and deletes.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';

export interface AuditEntry {
  tenantId: string | null;
  actorUserId: string | null;
  action: string;
  entityType?: string;
  entityId?: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  reason?: string | null;
  ip?: string | null;
}

/** Records one entry; pass the transaction that makes the change so both commit together. */
export async function recordAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      tenant_id: entry.tenantId,
      actor_user_id: entry.actorUserId,
      action: entry.action,
      entity_type: entry.entityType ?? null,
      entity_id: entry.entityId ?? null,
      before: entry.before ?? null,
      after: entry.after ?? null,
      reason: entry.reason ?? null,
      ip: entry.ip ?? null,
    })
    .execute();
}

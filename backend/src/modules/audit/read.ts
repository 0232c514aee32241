import type { Deps } from '../../deps.js';
import type { Actor } from '../auth/permissions.js';
import { authorize } from '../auth/permissions.js';

export interface AuditQuery {
  action?: string;
  entityType?: string;
  entityId?: string;
  actorUserId?: string;
  tenantId?: string;
  from?: string;
  to?: string;
  before?: string;
  limit: number;
}

/** Newest first, paged by id; admins see only their company, the super-admin everything. */
export async function readAuditLog(deps: Deps, actor: Actor, query: AuditQuery) {
  authorize(actor, 'audit.read');
  let q = deps.db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
    .select([
      'audit_log.id',
      'audit_log.at',
      'audit_log.tenant_id',
      'audit_log.actor_user_id',
      'users.name as actor_name',
      'users.email as actor_email',
      'audit_log.action',
      'audit_log.entity_type',
      'audit_log.entity_id',
      'audit_log.before',
      'audit_log.after',
      'audit_log.reason',
      'audit_log.ip',
    ]);
  if (actor.role === 'super_admin') {
    if (query.tenantId) q = q.where('audit_log.tenant_id', '=', query.tenantId);
  } else {
    // Tenant scoping: an admin's query can never reach another company's entries.
    q = q.where('audit_log.tenant_id', '=', actor.tenantId);
  }
  if (query.action) q = q.where('audit_log.action', '=', query.action);
  if (query.entityType) q = q.where('audit_log.entity_type', '=', query.entityType);
  if (query.entityId) q = q.where('audit_log.entity_id', '=', query.entityId);
  if (query.actorUserId) q = q.where('audit_log.actor_user_id', '=', query.actorUserId);
  if (query.from) q = q.where('audit_log.at', '>=', new Date(query.from));
  if (query.to) q = q.where('audit_log.at', '<', new Date(query.to));
  if (query.before) q = q.where('audit_log.id', '<', query.before);
  const rows = await q
    .orderBy('audit_log.id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  return {
    entries: page.map((r) => ({
      id: String(r.id),
      at: r.at.toISOString(),
      tenantId: r.tenant_id,
      actor: r.actor_user_id
        ? { id: r.actor_user_id, name: r.actor_name ?? '', email: r.actor_email ?? '' }
        : null,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      before: r.before,
      after: r.after,
      reason: r.reason,
      ip: r.ip,
    })),
    nextBefore: rows.length > query.limit ? String(page.at(-1)?.id) : null,
  };
}

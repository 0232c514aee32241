/**
 * What admins see of the sync (issue 6, item 4): each absence's event state ("synchronisiert",
 * "ausstehend", "Fehler: …") and the action "Alles neu synchronisieren".
 */
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/service.js';
import type { Actor } from '../auth/permissions.js';
import { authorize, tenantOf } from '../auth/permissions.js';
import type { Words } from '../../integrations/caldav/client.js';
import { errorWords } from './settings.js';
import { queueCaldavResync } from './sync-job.js';

export type EventState = 'pending' | 'synced' | 'error';

export interface CaldavEventView {
  absenceId: string;
  userId: string;
  userName: string;
  type: { id: string; name: { de: string; en: string } };
  from: string;
  to: string | null;
  /** The absence's status now (the event follows it). */
  absenceStatus: string;
  state: EventState;
  /** In the calendar (false: removed, or never written). */
  inCalendar: boolean;
  lastError: Words | null;
  /** Failed runs since the last success. */
  attempts: number;
  syncedAt: string | null;
  updatedAt: string;
}

/** Most recently changed first; at most `limit`. */
export async function listCaldavEvents(
  deps: Deps,
  actor: Actor,
  filter: { state?: EventState; limit: number },
): Promise<CaldavEventView[]> {
  authorize(actor, 'caldav.manage');
  const tenantId = tenantOf(actor);
  let query = deps.db
    .selectFrom('caldav_events as e')
    .innerJoin('absences as a', (j) =>
      j.onRef('a.tenant_id', '=', 'e.tenant_id').onRef('a.id', '=', 'e.absence_id'),
    )
    .innerJoin('users as u', (j) =>
      j.onRef('u.tenant_id', '=', 'a.tenant_id').onRef('u.id', '=', 'a.user_id'),
    )
    .innerJoin('absence_types as t', (j) =>
      j.onRef('t.tenant_id', '=', 'a.tenant_id').onRef('t.id', '=', 'a.type_id'),
    )
    .select([
      'e.absence_id',
      'e.state',
      'e.href',
      'e.last_error',
      'e.last_error_en',
      'e.attempts',
      'e.synced_at',
      'e.updated_at',
      'a.user_id',
      'a.start_day',
      'a.end_day',
      'a.status',
      'u.name',
      'u.email',
      't.id as type_id',
      't.name_de',
      't.name_en',
    ])
    .where('e.tenant_id', '=', tenantId);
  if (filter.state) query = query.where('e.state', '=', filter.state);
  const rows = await query
    .orderBy('e.updated_at', 'desc')
    .orderBy('e.absence_id')
    .limit(filter.limit)
    .execute();
  return rows.map((r) => ({
    absenceId: r.absence_id,
    userId: r.user_id,
    userName: r.name.trim() || r.email,
    type: { id: r.type_id, name: { de: r.name_de, en: r.name_en } },
    from: r.start_day,
    to: r.end_day,
    absenceStatus: r.status,
    state: r.state,
    inCalendar: r.href !== null,
    lastError: errorWords(r),
    attempts: r.attempts,
    syncedAt: r.synced_at?.toISOString() ?? null,
    updatedAt: r.updated_at.toISOString(),
  }));
}

/** POST /caldav/resync: a sync job for every absence whose event may differ; audited. */
export async function resyncAll(
  deps: Deps,
  actor: Actor,
  ip: string | null,
): Promise<{ queued: number }> {
  authorize(actor, 'caldav.manage');
  const tenantId = tenantOf(actor);
  return deps.db.transaction().execute(async (trx) => {
    const settings = await trx
      .selectFrom('caldav_settings')
      .select('enabled')
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    if (!settings?.enabled) throw new AppError('CALDAV_SYNC_OFF');
    const queued = await queueCaldavResync(trx, tenantId);
    await recordAudit(trx, {
      tenantId,
      actorUserId: actor.userId,
      action: 'caldav.resync',
      entityType: 'caldav_settings',
      entityId: tenantId,
      after: { queued },
      ip,
    });
    return { queued };
  });
}

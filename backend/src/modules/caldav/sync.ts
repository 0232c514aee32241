/**
 * Reconciliation of one absence's calendar event (SECURITY.md 17): the absence has a desired
 * remote state — present with this content, or absent — and this brings the calendar there,
 * however often it runs. The resource name comes from the stable UID, so a retry after a crash
 * overwrites instead of duplicating; a DELETE answered with 404 is done.
 *
 * For the `caldav_sync` job (sync-job.ts, keyed by the absence): a retryable failure is thrown
 * again so the job schedules its next attempt (`retryAfterMs` says how long the server asked to
 * wait); a permanent one is recorded and returned, so the job ends and the settings screen shows
 * it.
 */
import type { Deps } from '../../deps.js';
import { CaldavError, createCaldavClient } from '../../integrations/caldav/client.js';
import type { AbsenceEventInput } from '../../integrations/caldav/ical.js';
import { eventUid, renderAbsenceEvent, resourceName } from '../../integrations/caldav/ical.js';
import type { CaldavSettings } from './settings.js';
import { caldavAccountOf } from './settings.js';

/**
 * What reconciliation needs: no request context, so the job runner can build it from its own
 * db, config and clock plus an Outbound and the password key.
 */
export type SyncDeps = Pick<Deps, 'db' | 'config' | 'clock' | 'outbound' | 'caldavKey'>;

/** What the calendar should show for an absence. */
export type DesiredEvent =
  { present: false } | { present: true; event: Omit<AbsenceEventInput, 'uid' | 'stamp'> };

export type ReconcileOutcome =
  /** The calendar matches. */
  | 'synced'
  /** A permanent failure, recorded on the event and the company's sync status. */
  | 'error'
  /** Sync is off or not configured for the company: nothing was done. */
  | 'skipped';

/** Whether approved absences of this type go to the calendar at all. */
export function isSyncedType(settings: CaldavSettings, absenceTypeId: string): boolean {
  return settings.enabled && settings.syncedTypeIds.includes(absenceTypeId);
}

/** The UID of an absence's event in this installation. */
export function absenceUid(deps: Pick<Deps, 'config'>, absenceId: string): string {
  return eventUid(absenceId, deps.config.allowedHosts[0] ?? 'localhost');
}

/**
 * Brings the calendar to the desired state for one absence and records the result in
 * caldav_events. Throws a retryable CaldavError for the job runner to retry.
 */
export async function reconcileAbsenceEvent(
  deps: SyncDeps,
  tenantId: string,
  absenceId: string,
  desired: DesiredEvent,
  options: { evenWhenOff?: boolean } = {},
): Promise<ReconcileOutcome> {
  const configured = await caldavAccountOf(deps, tenantId, options);
  if (!configured) return 'skipped';
  const client = createCaldavClient(deps.outbound, configured.account);
  const uid = absenceUid(deps, absenceId);
  const name = resourceName(uid);

  await deps.db
    .insertInto('caldav_events')
    .values({ tenant_id: tenantId, absence_id: absenceId, attempts: 1, updated_at: deps.clock() })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'absence_id']).doUpdateSet((eb) => ({
        attempts: eb('caldav_events.attempts', '+', 1),
        state: 'pending',
        updated_at: deps.clock(),
      })),
    )
    .execute();

  try {
    let stored: { href: string | null; etag: string | null } = { href: null, etag: null };
    if (desired.present) {
      stored = await client.putEvent(
        name,
        renderAbsenceEvent({ ...desired.event, uid, stamp: deps.clock() }),
      );
    } else await client.deleteEvent(name);
    const now = deps.clock();
    await deps.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('caldav_events')
        .set({
          state: 'synced',
          href: stored.href,
          etag: stored.etag,
          last_error: null,
          last_error_en: null,
          attempts: 0,
          synced_at: now,
          updated_at: now,
        })
        .where('tenant_id', '=', tenantId)
        .where('absence_id', '=', absenceId)
        .execute();
      await trx
        .updateTable('caldav_settings')
        .set({ last_sync_at: now, last_error: null, last_error_en: null })
        .where('tenant_id', '=', tenantId)
        .execute();
    });
    return 'synced';
  } catch (error) {
    if (!(error instanceof CaldavError)) throw error;
    const now = deps.clock();
    // Both languages: the settings screen shows the one of the person reading it.
    const message = { last_error: error.words.de, last_error_en: error.words.en };
    await deps.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('caldav_events')
        .set({ state: error.retryable ? 'pending' : 'error', ...message, updated_at: now })
        .where('tenant_id', '=', tenantId)
        .where('absence_id', '=', absenceId)
        .execute();
      if (!error.retryable)
        await trx
          .updateTable('caldav_settings')
          .set(message)
          .where('tenant_id', '=', tenantId)
          .execute();
    });
    if (error.retryable) throw error;
    return 'error';
  }
}

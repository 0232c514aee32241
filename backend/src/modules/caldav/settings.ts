/**
 * A company's CalDAV connection (Einstellungen → CalDAV): which calendar, as whom, what is synced
 * and how it is titled. Admins only. The app password is stored encrypted and never leaves the
 * server again: reading the settings says only whether one is stored.
 */
import type { Selectable } from 'kysely';
import type { CaldavSettingsTable } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import type { CaldavAccount, Words } from '../../integrations/caldav/client.js';
import type { TitlePrivacy } from '../../integrations/caldav/ical.js';
import { OutboundError, parseOutboundUrl } from '../../integrations/outbound/http.js';
import { recordAudit } from '../audit/service.js';
import type { Actor } from '../auth/permissions.js';
import { authorize, tenantOf } from '../auth/permissions.js';
import { decryptPassword, encryptPassword } from './secret.js';
import { queueCaldavResync } from './sync-job.js';

export const DEFAULT_TITLE_TEMPLATE = '{name} – {type}';

/** A stored error in both languages (rows from before migration 0014 have German only). */
export function errorWords(row: { last_error: string | null; last_error_en: string | null }) {
  return row.last_error === null
    ? null
    : { de: row.last_error, en: row.last_error_en ?? row.last_error };
}

export interface CaldavSettings {
  url: string;
  username: string;
  /** A password is stored (it is never returned). */
  passwordSet: boolean;
  enabled: boolean;
  titleTemplate: string;
  privacy: TitlePrivacy;
  syncedTypeIds: string[];
  lastSyncAt: string | null;
  lastError: Words | null;
  updatedAt: string | null;
  /** How many absences' events are in each sync state. */
  events: EventCounts;
}

export interface EventCounts {
  synced: number;
  pending: number;
  error: number;
}

export interface CaldavSettingsInput {
  url: string;
  username: string;
  /** Omitted: keep the stored one. */
  password?: string;
  enabled: boolean;
  titleTemplate: string;
  privacy: TitlePrivacy;
  syncedTypeIds: string[];
  /**
   * When this save switches sync off: also delete the events written so far (true) or leave
   * them in the calendar (false, the default: nothing is removed silently).
   */
  deleteEvents?: boolean;
}

const NO_EVENTS: EventCounts = { synced: 0, pending: 0, error: 0 };

/** Events of the company per sync state (events known to be removed are not counted). */
async function eventCounts(db: Deps['db'], tenantId: string): Promise<EventCounts> {
  const rows = await db
    .selectFrom('caldav_events')
    .select(['state', (eb) => eb.fn.countAll<string>().as('n')])
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([eb('state', '!=', 'synced'), eb('href', 'is not', null)]))
    .groupBy('state')
    .execute();
  const counts = { ...NO_EVENTS };
  for (const row of rows) counts[row.state] = Number(row.n);
  return counts;
}

function view(
  row: Selectable<CaldavSettingsTable> | undefined,
  events: EventCounts = NO_EVENTS,
): CaldavSettings {
  if (!row)
    return {
      url: '',
      username: '',
      passwordSet: false,
      enabled: false,
      titleTemplate: DEFAULT_TITLE_TEMPLATE,
      privacy: 'type',
      syncedTypeIds: [],
      lastSyncAt: null,
      lastError: null,
      updatedAt: null,
      events,
    };
  return {
    url: row.url,
    username: row.username,
    passwordSet: row.password_encrypted !== null,
    enabled: row.enabled,
    titleTemplate: row.title_template,
    privacy: row.privacy,
    syncedTypeIds: row.synced_type_ids,
    lastSyncAt: row.last_sync_at?.toISOString() ?? null,
    lastError: errorWords(row),
    updatedAt: row.updated_at.toISOString(),
    events,
  };
}

/** What the audit log keeps: the settings without secrets and without the sync status. */
function snapshot(settings: CaldavSettings): Record<string, unknown> {
  return {
    url: settings.url,
    username: settings.username,
    passwordSet: settings.passwordSet,
    enabled: settings.enabled,
    titleTemplate: settings.titleTemplate,
    privacy: settings.privacy,
    syncedTypeIds: settings.syncedTypeIds,
  };
}

/** A URL outbound calls may go to at all (the address itself is checked when connecting). */
export function urlProblem(url: string): string | null {
  try {
    parseOutboundUrl(url);
    return null;
  } catch (error) {
    if (error instanceof OutboundError) return error.message;
    throw error;
  }
}

/** The company's CalDAV settings; defaults (nothing configured) when none are stored. */
export async function getCaldavSettings(deps: Deps, actor: Actor): Promise<CaldavSettings> {
  authorize(actor, 'caldav.manage');
  const row = await deps.db
    .selectFrom('caldav_settings')
    .selectAll()
    .where('tenant_id', '=', tenantOf(actor))
    .executeTakeFirst();
  return view(row, await eventCounts(deps.db, tenantOf(actor)));
}

/**
 * Replaces the settings; the password is kept when the input has none. Enabling needs a URL, a
 * user name and a password; synced types must be the company's own.
 */
export async function updateCaldavSettings(
  deps: Deps,
  actor: Actor,
  input: CaldavSettingsInput,
  ip: string | null,
): Promise<CaldavSettings> {
  authorize(actor, 'caldav.manage');
  const tenantId = tenantOf(actor);
  const fields: { field: string; message: string }[] = [];
  if (input.url) {
    const problem = urlProblem(input.url);
    if (problem) fields.push({ field: 'body.url', message: problem });
  }
  const typeIds = [...new Set(input.syncedTypeIds)];
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('caldav_settings')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .forUpdate()
      .executeTakeFirst();
    const before = view(row);
    const passwordEncrypted =
      input.password !== undefined
        ? encryptPassword(deps.caldavKey, tenantId, input.password)
        : (row?.password_encrypted ?? null);
    if (input.enabled) {
      if (!input.url)
        fields.push({ field: 'body.url', message: 'a calendar URL is needed to sync' });
      if (!input.username)
        fields.push({ field: 'body.username', message: 'a user name is needed to sync' });
      if (!passwordEncrypted)
        fields.push({ field: 'body.password', message: 'an app password is needed to sync' });
    }
    if (typeIds.length > 0) {
      const known = await trx
        .selectFrom('absence_types')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', typeIds)
        .execute();
      if (known.length !== typeIds.length)
        fields.push({
          field: 'body.syncedTypeIds',
          message: 'contains an id that is not an absence type of this company',
        });
    }
    if (fields.length) throw new AppError('VALIDATION_FAILED', undefined, { fields });

    const values = {
      url: input.url,
      username: input.username,
      password_encrypted: passwordEncrypted,
      enabled: input.enabled,
      title_template: input.titleTemplate,
      privacy: input.privacy,
      synced_type_ids: typeIds,
      updated_at: deps.clock(),
    };
    const saved = await trx
      .insertInto('caldav_settings')
      .values({ tenant_id: tenantId, ...values })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
      .returningAll()
      .executeTakeFirstOrThrow();
    const after = view(saved, await eventCounts(trx, tenantId));
    // What the calendar shows follows the settings: switched on, or changed while on (title,
    // privacy, types, calendar, a new password after a refused sign-in) → every absence is
    // synced again; switched off → the events stay, unless the admin chose to delete them.
    const changed =
      JSON.stringify(snapshot(before)) !== JSON.stringify(snapshot(after)) ||
      input.password !== undefined;
    let queued = 0;
    if (after.enabled && changed) queued = await queueCaldavResync(trx, tenantId);
    else if (before.enabled && !after.enabled && input.deleteEvents)
      queued = await queueCaldavResync(trx, tenantId, { remove: true });
    await recordAudit(trx, {
      tenantId,
      actorUserId: actor.userId,
      action: 'caldav.settings_changed',
      entityType: 'caldav_settings',
      entityId: tenantId,
      before: row ? snapshot(before) : null,
      // The password itself never goes into the log; that it was replaced does.
      after: {
        ...snapshot(after),
        passwordChanged: input.password !== undefined,
        ...(before.enabled && !after.enabled ? { deleteEvents: input.deleteEvents === true } : {}),
        syncJobsQueued: queued,
      },
      ip,
    });
    return after;
  });
}

/** The stored password of the company, decrypted; null when none is stored or it is unreadable. */
export async function storedPassword(deps: Deps, tenantId: string): Promise<string | null> {
  const row = await deps.db
    .selectFrom('caldav_settings')
    .select('password_encrypted')
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return row?.password_encrypted
    ? decryptPassword(deps.caldavKey, tenantId, row.password_encrypted)
    : null;
}

/**
 * The account the sync job writes with, or null when the company has sync switched off (unless
 * evenWhenOff) or not fully configured. (For the reconciliation job; no access check: jobs act for the company.)
 */
export async function caldavAccountOf(
  deps: Pick<Deps, 'db' | 'caldavKey'>,
  tenantId: string,
  options: { evenWhenOff?: boolean } = {},
): Promise<{ account: CaldavAccount; settings: CaldavSettings } | null> {
  const row = await deps.db
    .selectFrom('caldav_settings')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  // evenWhenOff: removing the events an admin chose to delete when switching sync off.
  if (!row || (!row.enabled && !options.evenWhenOff) || !row.password_encrypted) return null;
  const password = decryptPassword(deps.caldavKey, tenantId, row.password_encrypted);
  if (password === null) return null;
  return {
    account: { collectionUrl: row.url, username: row.username, password },
    settings: view(row),
  };
}

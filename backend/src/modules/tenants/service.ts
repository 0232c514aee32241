/**
 * Companies (tenants) of the installation. The super-admin creates them with their first admin
 * and can deactivate them; a company's admin edits its own settings.
 */
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/service.js';
import type { Actor } from '../auth/permissions.js';
import { authorize, tenantOf } from '../auth/permissions.js';
import { holidaySubregions } from '../../domain/holidays.js';
import { seedDefaultAbsenceTypes } from '../absences/defaults.js';
import { addInvitedUser } from '../users/service.js';

/** A subregion must be one date-holidays knows for the Bundesland (else its holidays vanish). */
function assertHolidayRegion(region: string, subregion: string | null): void {
  if (subregion === null) return;
  const known = holidaySubregions(region);
  if (!(subregion in known)) {
    const choices = Object.entries(known).map(([code, name]) => `${code} (${name})`);
    throw new AppError(
      'VALIDATION_FAILED',
      choices.length
        ? `Unknown holiday subregion for ${region}; known: ${choices.join(', ')}.`
        : `${region} has no holiday subregions.`,
      { fields: [{ field: 'body.holidaySubregion', message: 'unknown subregion' }] },
    );
  }
}

export interface TenantSettings {
  name: string;
  timeZone: string;
  holidayRegion: string;
  holidaySubregion: string | null;
  locale: 'de' | 'en';
  /** How many days back employees may add or change their own entries. */
  editWindowDays: number;
  /** After how many hours a still running entry triggers a reminder mail. */
  runningReminderHours: number;
}

/** The company's absence and vacation rules (issue 5), changed by its admin. */
export interface AbsenceSettings {
  /** Contract vacation days per year on a five-day week (people may have their own). */
  vacationDaysPerYear: number;
  /** A vacation request beyond the days left: warn and let it through, or refuse it. */
  vacationOverBalance: 'warn' | 'refuse';
  /** Requests of at least this many working days need an admin's second approval; null: off. */
  secondApprovalMinDays: number | null;
  /** Day of the following year on which carried-over vacation expires (§7 Abs. 3 BUrlG). */
  carryOverExpiry: { month: number; day: number };
  /** Pro-rate the entry year by full months even when the waiting period ends in it. */
  prorateEntryYear: boolean;
  /** Month in which people are asked to take their remaining vacation. */
  vacationNoticeMonth: number;
  /** Approvers are reminded of requests pending longer than this many days. */
  pendingReminderDays: number;
}

export interface TenantView extends TenantSettings, AbsenceSettings {
  id: string;
  status: 'active' | 'disabled';
  createdAt: string;
  counts: { active: number; invited: number; disabled: number };
}

async function loadTenants(deps: Deps, id?: string): Promise<TenantView[]> {
  let query = deps.db
    .selectFrom('tenants')
    .selectAll('tenants')
    .select((eb) => [
      eb
        .selectFrom('users')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('users.tenant_id', '=', 'tenants.id')
        .where('users.status', '=', 'active')
        .as('active_count'),
      eb
        .selectFrom('users')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('users.tenant_id', '=', 'tenants.id')
        .where('users.status', '=', 'invited')
        .as('invited_count'),
      eb
        .selectFrom('users')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('users.tenant_id', '=', 'tenants.id')
        .where('users.status', '=', 'disabled')
        .as('disabled_count'),
    ])
    .orderBy('tenants.name');
  if (id) query = query.where('tenants.id', '=', id);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    timeZone: r.time_zone,
    holidayRegion: r.holiday_region,
    holidaySubregion: r.holiday_subregion,
    locale: r.locale === 'en' ? 'en' : 'de',
    editWindowDays: r.edit_window_days,
    runningReminderHours: r.running_reminder_hours,
    vacationDaysPerYear: Number(r.vacation_days_per_year),
    vacationOverBalance: r.vacation_over_balance,
    secondApprovalMinDays:
      r.second_approval_min_days === null ? null : Number(r.second_approval_min_days),
    carryOverExpiry: { month: r.carry_over_expiry_month, day: r.carry_over_expiry_day },
    prorateEntryYear: r.prorate_entry_year,
    vacationNoticeMonth: r.vacation_notice_month,
    pendingReminderDays: r.pending_reminder_days,
    status: r.status,
    createdAt: r.created_at.toISOString(),
    counts: {
      active: Number(r.active_count ?? 0),
      invited: Number(r.invited_count ?? 0),
      disabled: Number(r.disabled_count ?? 0),
    },
  }));
}

async function loadTenant(deps: Deps, id: string): Promise<TenantView> {
  const [tenant] = await loadTenants(deps, id);
  if (!tenant) throw new AppError('NOT_FOUND', 'No such company.');
  return tenant;
}

/** Every company with head counts (super-admin). */
export async function listTenants(deps: Deps, actor: Actor): Promise<TenantView[]> {
  authorize(actor, 'tenant.manage');
  return loadTenants(deps);
}

export async function getTenant(deps: Deps, actor: Actor, id: string): Promise<TenantView> {
  authorize(actor, 'tenant.manage');
  return loadTenant(deps, id);
}

/** Creates a company and invites its first admin in one step. */
export async function createTenant(
  deps: Deps,
  actor: Actor,
  input: Omit<TenantSettings, 'editWindowDays' | 'runningReminderHours'> & {
    firstAdmin: { email: string; name: string };
  },
  ip: string | null,
): Promise<TenantView> {
  authorize(actor, 'tenant.manage');
  assertHolidayRegion(input.holidayRegion, input.holidaySubregion);
  const tenantId = await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('tenants')
      .values({
        name: input.name.trim(),
        time_zone: input.timeZone,
        holiday_region: input.holidayRegion,
        holiday_subregion: input.holidaySubregion,
        locale: input.locale,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // A company is usable from its first day: its absence types commit with it.
    await seedDefaultAbsenceTypes(trx, row.id);
    await recordAudit(trx, {
      tenantId: row.id,
      actorUserId: actor.userId,
      action: 'tenant.created',
      entityType: 'tenant',
      entityId: row.id,
      after: { ...input, firstAdmin: { email: input.firstAdmin.email } },
      ip,
    });
    // No company without its admin: both commit together, or neither (e.g. e-mail taken).
    await addInvitedUser(deps, trx, {
      tenantId: row.id,
      invitedBy: actor,
      input: {
        email: input.firstAdmin.email,
        name: input.firstAdmin.name,
        role: 'admin',
        locale: input.locale,
      },
      ip,
    });
    return row.id;
  });
  return loadTenant(deps, tenantId);
}

/** Super-admin: change any company's name, time zone, holiday region or language. */
export function updateTenant(
  deps: Deps,
  actor: Actor,
  id: string,
  changes: Partial<TenantSettings>,
  ip: string | null,
): Promise<TenantView> {
  authorize(actor, 'tenant.manage');
  return applySettings(deps, actor, id, changes, ip);
}

async function applySettings(
  deps: Deps,
  actor: Actor,
  id: string,
  changes: Partial<TenantSettings & AbsenceSettings>,
  ip: string | null,
): Promise<TenantView> {
  const before = await loadTenant(deps, id);
  assertHolidayRegion(
    changes.holidayRegion ?? before.holidayRegion,
    changes.holidaySubregion === undefined ? before.holidaySubregion : changes.holidaySubregion,
  );
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('tenants')
      .set({
        ...(changes.name === undefined ? {} : { name: changes.name.trim() }),
        ...(changes.timeZone === undefined ? {} : { time_zone: changes.timeZone }),
        ...(changes.holidayRegion === undefined ? {} : { holiday_region: changes.holidayRegion }),
        ...(changes.holidaySubregion === undefined
          ? {}
          : { holiday_subregion: changes.holidaySubregion }),
        ...(changes.locale === undefined ? {} : { locale: changes.locale }),
        ...(changes.editWindowDays === undefined
          ? {}
          : { edit_window_days: changes.editWindowDays }),
        ...(changes.runningReminderHours === undefined
          ? {}
          : { running_reminder_hours: changes.runningReminderHours }),
        ...absenceColumns(changes),
        updated_at: deps.clock(),
      })
      .where('id', '=', id)
      .execute();
    const keys = Object.keys(changes) as (keyof (TenantSettings & AbsenceSettings))[];
    await recordAudit(trx, {
      tenantId: id,
      actorUserId: actor.userId,
      action: 'tenant.settings_changed',
      entityType: 'tenant',
      entityId: id,
      before: Object.fromEntries(keys.map((k) => [k, before[k]])),
      after: changes,
      ip,
    });
  });
  // The company name is part of every member's cached profile.
  const members = await deps.db
    .selectFrom('users')
    .select('id')
    .where('tenant_id', '=', id)
    .execute();
  await deps.authStates.forget(members.map((m) => m.id));
  return loadTenant(deps, id);
}

/** The columns of the absence settings that a change touches. */
function absenceColumns(changes: Partial<AbsenceSettings>) {
  return {
    ...(changes.vacationDaysPerYear === undefined
      ? {}
      : { vacation_days_per_year: changes.vacationDaysPerYear }),
    ...(changes.vacationOverBalance === undefined
      ? {}
      : { vacation_over_balance: changes.vacationOverBalance }),
    ...(changes.secondApprovalMinDays === undefined
      ? {}
      : { second_approval_min_days: changes.secondApprovalMinDays }),
    ...(changes.carryOverExpiry === undefined
      ? {}
      : {
          carry_over_expiry_month: changes.carryOverExpiry.month,
          carry_over_expiry_day: changes.carryOverExpiry.day,
        }),
    ...(changes.prorateEntryYear === undefined
      ? {}
      : { prorate_entry_year: changes.prorateEntryYear }),
    ...(changes.vacationNoticeMonth === undefined
      ? {}
      : { vacation_notice_month: changes.vacationNoticeMonth }),
    ...(changes.pendingReminderDays === undefined
      ? {}
      : { pending_reminder_days: changes.pendingReminderDays }),
  };
}

/** An admin changes their own company's settings, the absence and vacation rules included. */
export function updateOwnTenant(
  deps: Deps,
  actor: Actor,
  changes: Partial<TenantSettings & AbsenceSettings>,
  ip: string | null,
): Promise<TenantView> {
  authorize(actor, 'tenant.settings');
  return applySettings(deps, actor, tenantOf(actor), changes, ip);
}

/** The actor's own company (every signed-in member may read it). */
export async function ownTenant(deps: Deps, actor: Actor): Promise<TenantView> {
  return loadTenant(deps, tenantOf(actor));
}

/** A deactivated company's people cannot sign in; their access tokens stop at once. */
export async function setTenantActive(
  deps: Deps,
  actor: Actor,
  id: string,
  active: boolean,
  ip: string | null,
): Promise<TenantView> {
  authorize(actor, 'tenant.manage');
  const before = await loadTenant(deps, id);
  const status = active ? 'active' : 'disabled';
  const members = await deps.db
    .selectFrom('users')
    .select('id')
    .where('tenant_id', '=', id)
    .execute();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('tenants')
      .set({ status, updated_at: deps.clock() })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, {
      tenantId: id,
      actorUserId: actor.userId,
      action: active ? 'tenant.reactivated' : 'tenant.deactivated',
      entityType: 'tenant',
      entityId: id,
      before: { status: before.status },
      after: { status },
      ip,
    });
  });
  await deps.authStates.forget(members.map((m) => m.id));
  return loadTenant(deps, id);
}

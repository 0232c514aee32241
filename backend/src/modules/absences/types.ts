/**
 * Absence types of a company (Urlaub, Krankheit, the company's own…): every member reads them,
 * admins add, change, deactivate and reactivate them. There is no deletion: absences will
 * reference their type for as long as the records are kept (GoBD, ArbZG §16), so a type that is
 * no longer wanted is deactivated and stays readable for the history.
 */
import type { Selectable } from 'kysely';
import type { AbsenceTypesTable } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/service.js';
import type { Actor } from '../auth/permissions.js';
import { authorize, tenantOf } from '../auth/permissions.js';
import { queueCaldavResync } from '../caldav/sync-job.js';
import type { AbsenceTypeFlags, AbsenceTypeKey } from './defaults.js';
import type { AbsenceTypeColor } from './palette.js';

export interface AbsenceTypeSettings extends AbsenceTypeFlags {
  name: { de: string; en: string };
  color: AbsenceTypeColor;
  sortOrder: number;
}

export interface AbsenceType extends AbsenceTypeSettings {
  id: string;
  key: AbsenceTypeKey | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export type NewAbsenceType = Omit<AbsenceTypeSettings, 'sortOrder'> & { sortOrder?: number };

export type AbsenceTypeChanges = Partial<Omit<AbsenceTypeSettings, 'name'>> & {
  name?: { de?: string; en?: string };
};

function view(row: Selectable<AbsenceTypesTable>): AbsenceType {
  return {
    id: row.id,
    key: row.key as AbsenceTypeKey | null,
    name: { de: row.name_de, en: row.name_en },
    color: row.color as AbsenceTypeColor,
    deductsVacation: row.deducts_vacation,
    creditsTarget: row.credits_target,
    deductsOvertime: row.deducts_overtime,
    needsApproval: row.needs_approval,
    halfDaysAllowed: row.half_days_allowed,
    certificateAfterDays: row.certificate_after_days,
    visibleToColleagues: row.visible_to_colleagues,
    active: row.active,
    sortOrder: row.sort_order,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** What the audit log keeps of a type: its settings, not the timestamps the log has itself. */
function snapshot(type: AbsenceType): Record<string, unknown> {
  const { createdAt: _created, updatedAt: _updated, ...rest } = type;
  return rest;
}

/**
 * The combinations of flags that make no sense, as field errors (the database refuses them
 * too, but a person should read why). Checked on the settings as they would be after a change.
 */
function assertConsistentFlags(flags: AbsenceTypeFlags): void {
  const fields: { field: string; message: string }[] = [];
  if (flags.deductsVacation && flags.deductsOvertime)
    fields.push({
      field: 'body.deductsOvertime',
      message: 'a day is taken from vacation or from the Gleitzeit balance, not both',
    });
  else if (flags.deductsOvertime && flags.creditsTarget)
    fields.push({
      field: 'body.creditsTarget',
      message: 'a day taken from the Gleitzeit balance cannot also credit the target',
    });
  if (flags.deductsVacation && !flags.creditsTarget)
    fields.push({
      field: 'body.creditsTarget',
      message: 'vacation is paid leave (BUrlG §§1, 11): its days credit the target',
    });
  if (fields.length) throw new AppError('VALIDATION_FAILED', undefined, { fields });
}

/** The unique indexes of migration 0009, in words. */
function nameTaken(error: unknown): AppError | undefined {
  const { code, constraint } = error as { code?: string; constraint?: string };
  if (code !== '23505') return undefined;
  const field =
    constraint === 'absence_types_name_de_key'
      ? 'body.name.de'
      : constraint === 'absence_types_name_en_key'
        ? 'body.name.en'
        : undefined;
  if (!field) return undefined;
  return new AppError('ABSENCE_TYPE_NAME_TAKEN', undefined, {
    fields: [{ field, message: 'already used by another absence type of this company' }],
  });
}

/**
 * The company's absence types in display order. Everyone sees the active ones; admins may ask
 * for the deactivated ones too (for the admin table and reactivation).
 */
export async function listAbsenceTypes(
  deps: Deps,
  actor: Actor,
  options: { includeInactive: boolean },
): Promise<AbsenceType[]> {
  authorize(actor, 'absence_type.read');
  if (options.includeInactive) authorize(actor, 'absence_type.manage');
  let query = deps.db
    .selectFrom('absence_types')
    .selectAll()
    .where('tenant_id', '=', tenantOf(actor));
  if (!options.includeInactive) query = query.where('active', '=', true);
  const rows = await query.orderBy('sort_order').orderBy('name_de').execute();
  return rows.map(view);
}

/** Adds a company's own absence type (without a key); it goes last unless sortOrder says else. */
export async function createAbsenceType(
  deps: Deps,
  actor: Actor,
  input: NewAbsenceType,
  ip: string | null,
): Promise<AbsenceType> {
  authorize(actor, 'absence_type.manage');
  const tenantId = tenantOf(actor);
  assertConsistentFlags(input);
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const last = await trx
        .selectFrom('absence_types')
        .select((eb) => eb.fn.max('sort_order').as('max'))
        .where('tenant_id', '=', tenantId)
        .executeTakeFirst();
      const now = deps.clock();
      const row = await trx
        .insertInto('absence_types')
        .values({
          tenant_id: tenantId,
          key: null,
          name_de: input.name.de,
          name_en: input.name.en,
          color: input.color,
          deducts_vacation: input.deductsVacation,
          credits_target: input.creditsTarget,
          deducts_overtime: input.deductsOvertime,
          needs_approval: input.needsApproval,
          half_days_allowed: input.halfDaysAllowed,
          certificate_after_days: input.certificateAfterDays,
          visible_to_colleagues: input.visibleToColleagues,
          sort_order: input.sortOrder ?? (last?.max ?? 0) + 10,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const created = view(row);
      await recordAudit(trx, {
        tenantId,
        actorUserId: actor.userId,
        action: 'absence_type.created',
        entityType: 'absence_type',
        entityId: created.id,
        after: snapshot(created),
        ip,
      });
      return created;
    });
  } catch (error) {
    throw nameTaken(error) ?? error;
  }
}

/** Locks and reads one type of the actor's company; another company's id is simply not found. */
async function lockType(
  trx: Deps['db'],
  tenantId: string,
  id: string,
): Promise<Selectable<AbsenceTypesTable>> {
  const row = await trx
    .selectFrom('absence_types')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'There is no such absence type.');
  return row;
}

/** Changes any setting but the key; a change that changes nothing is not recorded. */
export async function updateAbsenceType(
  deps: Deps,
  actor: Actor,
  id: string,
  changes: AbsenceTypeChanges,
  ip: string | null,
): Promise<AbsenceType> {
  authorize(actor, 'absence_type.manage');
  const tenantId = tenantOf(actor);
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const before = view(await lockType(trx, tenantId, id));
      const { name, ...rest } = changes;
      const wanted: AbsenceType = {
        ...before,
        ...rest,
        name: { ...before.name, ...name },
      };
      assertConsistentFlags(wanted);
      if (JSON.stringify(snapshot(wanted)) === JSON.stringify(snapshot(before))) return before;
      const row = await trx
        .updateTable('absence_types')
        .set({
          name_de: wanted.name.de,
          name_en: wanted.name.en,
          color: wanted.color,
          deducts_vacation: wanted.deductsVacation,
          credits_target: wanted.creditsTarget,
          deducts_overtime: wanted.deductsOvertime,
          needs_approval: wanted.needsApproval,
          half_days_allowed: wanted.halfDaysAllowed,
          certificate_after_days: wanted.certificateAfterDays,
          visible_to_colleagues: wanted.visibleToColleagues,
          sort_order: wanted.sortOrder,
          updated_at: deps.clock(),
        })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = view(row);
      // The company calendar shows the type's name unless colleagues may not see it: both
      // change the title of the events already written.
      if (
        JSON.stringify(before.name) !== JSON.stringify(after.name) ||
        before.visibleToColleagues !== after.visibleToColleagues
      )
        await queueCaldavResync(trx, tenantId, { typeIds: [id] });
      await recordAudit(trx, {
        tenantId,
        actorUserId: actor.userId,
        action: 'absence_type.changed',
        entityType: 'absence_type',
        entityId: id,
        before: snapshot(before),
        after: snapshot(after),
        ip,
      });
      return after;
    });
  } catch (error) {
    throw nameTaken(error) ?? error;
  }
}

/**
 * Deactivates or reactivates a type. A deactivated type is offered for no new absence and is
 * hidden from non-admins' lists; absences already recorded with it keep it. Setting the state a
 * type already has changes nothing and records nothing.
 */
export async function setAbsenceTypeActive(
  deps: Deps,
  actor: Actor,
  id: string,
  active: boolean,
  ip: string | null,
): Promise<AbsenceType> {
  authorize(actor, 'absence_type.manage');
  const tenantId = tenantOf(actor);
  return deps.db.transaction().execute(async (trx) => {
    const before = view(await lockType(trx, tenantId, id));
    if (before.active === active) return before;
    const row = await trx
      .updateTable('absence_types')
      .set({ active, updated_at: deps.clock() })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      tenantId,
      actorUserId: actor.userId,
      action: active ? 'absence_type.reactivated' : 'absence_type.deactivated',
      entityType: 'absence_type',
      entityId: id,
      before: { active: before.active },
      after: { active },
      ip,
    });
    return view(row);
  });
}

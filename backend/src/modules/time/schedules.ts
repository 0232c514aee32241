/**
 * Work schedules (Arbeitszeitmodelle): minutes per weekday, valid from a day on. A change is a
 * new version from a later day, so the past keeps the targets it had (DOMAIN.md).
 */
import type { Deps } from '../../deps.js';
import type { WorkSchedule } from '../../domain/targets.js';
import { localDay } from '../../domain/time.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/service.js';
import type { Actor } from '../auth/permissions.js';
import { authorize, tenantOf } from '../auth/permissions.js';
import { readableUser } from './people.js';

export interface ScheduleView {
  id: string;
  userId: string | null;
  validFrom: string;
  minutesPerWeekday: number[];
  createdAt: string;
}

function scheduleQuery(deps: Pick<Deps, 'db'>, tenantId: string) {
  return deps.db
    .selectFrom('work_schedules')
    .select(['id', 'user_id', 'valid_from', 'minutes', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .orderBy('valid_from');
}

const toView = (r: {
  id: string;
  user_id: string | null;
  valid_from: string;
  minutes: number[];
  created_at: Date;
}): ScheduleView => ({
  id: r.id,
  userId: r.user_id,
  validFrom: r.valid_from,
  minutesPerWeekday: r.minutes,
  createdAt: r.created_at.toISOString(),
});

/** A person's schedule history and the company default's (null userId: only the default). */
export async function listSchedules(
  deps: Deps,
  actor: Actor,
  userId: string | null,
): Promise<ScheduleView[]> {
  const tenantId = tenantOf(actor);
  if (userId) await readableUser(deps, actor, userId);
  else authorize(actor, 'time.read');
  const rows = await scheduleQuery(deps, tenantId)
    .where((eb) =>
      userId
        ? eb.or([eb('user_id', '=', userId), eb('user_id', 'is', null)])
        : eb('user_id', 'is', null),
    )
    .execute();
  return rows.map(toView);
}

/** The schedules that set a person's targets: their own where they have one, else the default. */
export async function schedulesFor(deps: Pick<Deps, 'db'>, tenantId: string, userId: string) {
  const rows = await scheduleQuery(deps, tenantId)
    .where((eb) => eb.or([eb('user_id', '=', userId), eb('user_id', 'is', null)]))
    .execute();
  const asDomain = (r: (typeof rows)[number]): WorkSchedule => ({
    validFrom: r.valid_from,
    minutesPerWeekday: r.minutes as unknown as WorkSchedule['minutesPerWeekday'],
  });
  return {
    own: rows.filter((r) => r.user_id === userId).map(asDomain),
    fallback: rows.filter((r) => r.user_id === null).map(asDomain),
  };
}

/** A new version from `validFrom` on; versions in the past are never rewritten. */
export async function addSchedule(
  deps: Deps,
  actor: Actor,
  input: { userId: string | null; validFrom: string; minutesPerWeekday: number[] },
  ip: string | null,
): Promise<ScheduleView> {
  authorize(actor, 'schedule.manage');
  const tenantId = tenantOf(actor);
  if (input.userId) await readableUser(deps, actor, input.userId);
  const tenant = await deps.db
    .selectFrom('tenants')
    .select('time_zone')
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
  const today = localDay(deps.clock(), tenant.time_zone);
  const clash = await deps.db
    .selectFrom('work_schedules')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where((eb) => (input.userId ? eb('user_id', '=', input.userId) : eb('user_id', 'is', null)))
    .where('valid_from', '=', input.validFrom)
    .executeTakeFirst();
  if (clash)
    throw new AppError('CONFLICT', 'There is already a version from this day on; remove it first.');
  const row = await deps.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('work_schedules')
      .values({
        tenant_id: tenantId,
        user_id: input.userId,
        valid_from: input.validFrom,
        minutes: input.minutesPerWeekday,
        created_by: actor.userId,
      })
      .returning(['id', 'user_id', 'valid_from', 'minutes', 'created_at'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      tenantId,
      actorUserId: actor.userId,
      action: 'schedule.created',
      entityType: 'work_schedule',
      entityId: inserted.id,
      after: { ...input, backdated: input.validFrom < today },
      ip,
    });
    return inserted;
  });
  return toView(row);
}

/** Removes a version that has not started yet. */
export async function deleteSchedule(
  deps: Deps,
  actor: Actor,
  id: string,
  ip: string | null,
): Promise<void> {
  authorize(actor, 'schedule.manage');
  const tenantId = tenantOf(actor);
  const tenant = await deps.db
    .selectFrom('tenants')
    .select('time_zone')
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
  const row = await deps.db
    .selectFrom('work_schedules')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'No such schedule.');
  if (row.valid_from <= localDay(deps.clock(), tenant.time_zone)) {
    throw new AppError('CONFLICT', 'This version is already in effect; add a new version instead.');
  }
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('work_schedules')
      .where('id', '=', id)
      .where('tenant_id', '=', tenantId)
      .execute();
    await recordAudit(trx, {
      tenantId,
      actorUserId: actor.userId,
      action: 'schedule.deleted',
      entityType: 'work_schedule',
      entityId: id,
      before: { userId: row.user_id, validFrom: row.valid_from, minutes: row.minutes },
      ip,
    });
  });
}

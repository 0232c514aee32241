/** Absences for calendar and feed tests, inserted directly (the requests module owns the API). */
import type { Db } from '../src/db/index.js';
import type { AbsenceStatus } from '../src/db/types.js';
import type { Company } from './world.js';

async function typeId(db: Db, tenantId: string, key: string): Promise<string> {
  const row = await db
    .selectFrom('absence_types')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An absence row as the requests module would leave it. */
export async function insertAbsence(
  db: Db,
  c: Company,
  user: { id: string },
  values: {
    key: string;
    from: string;
    to: string | null;
    status?: AbsenceStatus;
    halfDayStart?: boolean;
    halfDayEnd?: boolean;
    note?: string;
  },
): Promise<string> {
  const row = await db
    .insertInto('absences')
    .values({
      tenant_id: c.tenant.id,
      user_id: user.id,
      type_id: await typeId(db, c.tenant.id, values.key),
      start_day: values.from,
      end_day: values.to,
      half_day_start: values.halfDayStart ?? false,
      half_day_end: values.halfDayEnd ?? false,
      status: values.status ?? 'approved',
      note: values.note ?? null,
      created_by: user.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Writes planned demo companies in bulk: time entries (the bulk of the rows) as chunked
 * `INSERT … SELECT FROM unnest(arrays)`, one statement per few thousand rows with a dozen
 * parameters, and the small tables as multi-row INSERTs. Row by row would take minutes for a
 * year of a 200-person company; this takes seconds. Every constraint of the schema stays in
 * force (the generator never plans overlaps or two running entries per person).
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import { seedDefaultAbsenceTypes } from '../modules/absences/defaults.js';
import type { DemoCompany, DemoEntry } from './generate.js';

type Tx = Kysely<Database>;

/** Rows per statement: bounded by PostgreSQL's 65 535 parameters and by memory for arrays. */
const VALUES_CHUNK = 2_000;
const UNNEST_CHUNK = 20_000;

function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

async function insertEntries(db: Tx, entries: readonly DemoEntry[]): Promise<void> {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  for (const part of chunks(entries, UNNEST_CHUNK)) {
    const column = <T>(pick: (e: DemoEntry) => T) => part.map(pick);
    await sql`
      INSERT INTO time_entries (id, tenant_id, user_id, started_at, ended_at, end_reason, source,
                                note, created_by, created_at, updated_at, updated_by)
      SELECT * FROM unnest(
        ${column((e) => e.id)}::uuid[], ${column((e) => e.tenantId)}::uuid[],
        ${column((e) => e.userId)}::uuid[], ${column((e) => iso(e.start))}::timestamptz[],
        ${column((e) => iso(e.end))}::timestamptz[], ${column((e) => e.endReason)}::text[],
        ${column((e) => e.source)}::text[], ${column((e) => e.note)}::text[],
        ${column((e) => e.createdBy)}::uuid[], ${column((e) => iso(e.createdAt))}::timestamptz[],
        ${column((e) => iso(e.updatedAt))}::timestamptz[], ${column((e) => e.updatedBy)}::uuid[]
      )`.execute(db);
  }
}

/** Absences by their type's key (the types were just seeded with ids of their own). */
async function insertAbsences(db: Tx, company: DemoCompany): Promise<void> {
  if (company.absences.length === 0) return;
  const types = await db
    .selectFrom('absence_types')
    .select(['id', 'key'])
    .where('tenant_id', '=', company.tenant.id)
    .execute();
  const typeOf = new Map(types.map((t) => [t.key, t.id]));
  for (const part of chunks(company.absences, VALUES_CHUNK)) {
    await db
      .insertInto('absences')
      .values(
        part.map((a) => ({
          id: a.id,
          tenant_id: a.tenantId,
          user_id: a.userId,
          type_id: typeOf.get(a.typeKey)!,
          start_day: a.from,
          end_day: a.to,
          half_day_start: a.halfDayStart,
          half_day_end: a.halfDayEnd,
          status: a.status,
          note: a.note,
          created_by: a.createdBy,
          created_at: a.createdAt,
          updated_at: a.decidedAt ?? a.createdAt,
          decided_by: a.decidedBy,
          decided_at: a.decidedAt,
        })),
      )
      .execute();
  }
}

/** Inserts one planned company; all users get the same (already computed) password hash. */
export async function writeCompany(
  db: Tx,
  company: DemoCompany,
  passwordHash: string,
): Promise<void> {
  const { tenant } = company;
  await db
    .insertInto('tenants')
    .values({
      id: tenant.id,
      name: tenant.name,
      time_zone: tenant.timeZone,
      holiday_region: tenant.holidayRegion,
      holiday_subregion: tenant.holidaySubregion,
      locale: 'de',
    })
    .execute();
  // Like every company created through the API.
  await seedDefaultAbsenceTypes(db, tenant.id);
  await db
    .insertInto('teams')
    .values(company.teams.map((t) => ({ id: t.id, tenant_id: t.tenantId, name: t.name })))
    .execute();
  for (const part of chunks(company.users, VALUES_CHUNK)) {
    await db
      .insertInto('users')
      .values(
        part.map((u) => ({
          id: u.id,
          tenant_id: u.tenantId,
          email: u.email,
          name: u.name,
          password_hash: passwordHash,
          role: u.role,
          status: 'active' as const,
          locale: 'de' as const,
          team_id: u.teamId,
          employee_number: u.employeeNumber,
          start_date: u.startDate,
          opening_balance_minutes: u.openingBalanceMinutes,
          created_at: u.createdAt,
          updated_at: u.createdAt,
        })),
      )
      .execute();
  }
  await db
    .insertInto('team_managers')
    .values(
      company.teams.map((t) => ({ tenant_id: t.tenantId, team_id: t.id, user_id: t.managerId })),
    )
    .execute();
  for (const part of chunks(company.schedules, VALUES_CHUNK)) {
    await db
      .insertInto('work_schedules')
      .values(
        part.map((s) => ({
          id: s.id,
          tenant_id: s.tenantId,
          user_id: s.userId,
          valid_from: s.validFrom,
          minutes: [...s.minutes],
          created_by: s.createdBy,
          created_at: s.createdAt,
        })),
      )
      .execute();
  }
  if (company.closureDays.length > 0) {
    await db
      .insertInto('closure_days')
      .values(
        company.closureDays.map((c) => ({
          tenant_id: c.tenantId,
          day: c.day,
          name: c.name,
          half: c.half,
        })),
      )
      .execute();
  }
  await insertEntries(db, company.entries);
  await insertAbsences(db, company);
  if (company.adjustments.length > 0) {
    await db
      .insertInto('balance_adjustments')
      .values(
        company.adjustments.map((a) => ({
          id: a.id,
          tenant_id: a.tenantId,
          user_id: a.userId,
          day: a.day,
          minutes: a.minutes,
          reason: a.reason,
          created_by: a.createdBy,
          created_at: a.createdAt,
        })),
      )
      .execute();
  }
}

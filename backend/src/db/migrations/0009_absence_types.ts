import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen in time: never import app code here, never edit after release.
// Absence types per company (Urlaub, Krankheit, …), seeded with German defaults for every
// company that exists when this runs; companies created later get the same list from the app
// (modules/absences/defaults.ts). Both lists are copies on purpose: this one stays as shipped.

// Accessible palette: every colour has at least 4.5:1 contrast against white (UX.md: calendar
// fills ≥ 3:1; white letter codes on the fill stay readable too).
const PALETTE = [
  '#2563EB',
  '#DC2626',
  '#C2410C',
  '#7C3AED',
  '#0F766E',
  '#4F46E5',
  '#0E7490',
  '#475569',
  '#15803D',
  '#BE185D',
];

const KEYS = [
  'vacation',
  'sick',
  'child_sick',
  'special_leave',
  'overtime_off',
  'training',
  'business_trip',
  'unpaid_leave',
];

// key, name_de, name_en, color, deducts_vacation, credits_target, deducts_overtime,
// needs_approval, half_days_allowed, certificate_after_days, visible_to_colleagues, sort_order
type Seed = [
  string,
  string,
  string,
  string,
  boolean,
  boolean,
  boolean,
  boolean,
  boolean,
  number | null,
  boolean,
  number,
];
// prettier-ignore
const SEEDS: Seed[] = [
  ['vacation', 'Urlaub', 'Vacation', '#2563EB', true, true, false, true, true, null, true, 10],
  ['sick', 'Krankheit', 'Sick leave', '#DC2626', false, true, false, false, true, 3, false, 20],
  ['child_sick', 'Kind krank', 'Child sick', '#C2410C', false, false, false, false, false, 0, false, 30],
  ['special_leave', 'Sonderurlaub', 'Special leave', '#7C3AED', false, true, false, true, false, null, true, 40],
  ['overtime_off', 'Gleittag / Überstundenabbau', 'Overtime compensation', '#0F766E', false, false, true, true, true, null, true, 50],
  ['training', 'Fortbildung', 'Training', '#4F46E5', false, true, false, true, true, null, true, 60],
  ['business_trip', 'Dienstreise', 'Business trip', '#0E7490', false, true, false, true, true, null, true, 70],
  ['unpaid_leave', 'Unbezahlter Urlaub', 'Unpaid leave', '#475569', false, false, false, true, false, null, true, 80],
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('absence_types')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
    // Stable code of a seeded type (the app finds "the sickness type" by it); NULL for custom.
    .addColumn('key', 'text', (c) =>
      c.check(sql`key IN (${sql.join(KEYS.map((k) => sql.lit(k)))})`),
    )
    .addColumn('name_de', 'text', (c) =>
      c.notNull().check(sql`length(trim(name_de)) BETWEEN 1 AND 100`),
    )
    .addColumn('name_en', 'text', (c) =>
      c.notNull().check(sql`length(trim(name_en)) BETWEEN 1 AND 100`),
    )
    .addColumn('color', 'text', (c) =>
      c.notNull().check(sql`color IN (${sql.join(PALETTE.map((p) => sql.lit(p)))})`),
    )
    .addColumn('deducts_vacation', 'boolean', (c) => c.notNull())
    // The day's target counts as worked (paid absence).
    .addColumn('credits_target', 'boolean', (c) => c.notNull())
    // Gleittag: the day's target is taken from the Gleitzeit balance.
    .addColumn('deducts_overtime', 'boolean', (c) => c.notNull())
    .addColumn('needs_approval', 'boolean', (c) => c.notNull())
    .addColumn('half_days_allowed', 'boolean', (c) => c.notNull())
    // A certificate is due once the absence lasts MORE than this many calendar days:
    // 3 → due on day 4 (EFZG §5(1)); 0 → from the first day; NULL → never.
    .addColumn('certificate_after_days', 'integer', (c) =>
      c.check(sql`certificate_after_days BETWEEN 0 AND 365`),
    )
    // false: colleagues see only "abwesend", not the type.
    .addColumn('visible_to_colleagues', 'boolean', (c) => c.notNull())
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('sort_order', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`sort_order BETWEEN 0 AND 100000`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // A day is paid from vacation or from the Gleitzeit balance, never both.
    .addCheckConstraint(
      'absence_types_one_deduction',
      sql`NOT (deducts_vacation AND deducts_overtime)`,
    )
    // A day taken from the balance is not also credited (that would cancel out).
    .addCheckConstraint(
      'absence_types_overtime_not_credited',
      sql`NOT (deducts_overtime AND credits_target)`,
    )
    // Vacation is paid leave (BUrlG §§1, 11): its days credit the target.
    .addCheckConstraint(
      'absence_types_vacation_credited',
      sql`NOT deducts_vacation OR credits_target`,
    )
    // Absences will reference (tenant_id, id), so a type of another company cannot be used.
    .addUniqueConstraint('absence_types_tenant_id_key', ['tenant_id', 'id'])
    .execute();
  await sql`CREATE UNIQUE INDEX absence_types_key_key
    ON absence_types (tenant_id, key) WHERE key IS NOT NULL`.execute(db);
  // Names are unique per company, active or not, ignoring case: a deactivated "Urlaub" and a
  // new one would be indistinguishable in old absences and reports (reactivate instead).
  await sql`CREATE UNIQUE INDEX absence_types_name_de_key
    ON absence_types (tenant_id, lower(name_de))`.execute(db);
  await sql`CREATE UNIQUE INDEX absence_types_name_en_key
    ON absence_types (tenant_id, lower(name_en))`.execute(db);

  const rows = SEEDS.map((s) => sql`(${sql.join(s.map((v) => sql.lit(v)))})`);
  await sql`
    INSERT INTO absence_types (tenant_id, key, name_de, name_en, color, deducts_vacation,
      credits_target, deducts_overtime, needs_approval, half_days_allowed,
      certificate_after_days, visible_to_colleagues, sort_order)
    SELECT t.id, s.* FROM tenants t CROSS JOIN (VALUES ${sql.join(rows)}) AS s`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('absence_types').execute();
}

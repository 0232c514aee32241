import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen in time: never import app code here, never edit after release.
// A version number per person (and per company, user_id = the nil uuid) that the database
// raises whenever anything a timesheet is computed from changes: entries, adjustments, month
// locks, schedules, closure days, the person's start and opening balance, the company's time
// zone or holiday region. Computed month views are remembered under these numbers. Triggers,
// not application code, raise them: no write path (also scripts, seeds, psql) can forget it,
// and the new number commits together with the change.

const NIL = '00000000-0000-0000-0000-000000000000';

// Tables with a user_id: per-statement, once per distinct person.
const PER_PERSON = ['time_entries', 'balance_adjustments', 'month_locks', 'work_schedules'];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('time_data_versions')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('time_data_versions_pkey', ['tenant_id', 'user_id'])
    .execute();

  // A NULL user_id (the company's default schedule) concerns everyone: the company version.
  await sql`
    CREATE FUNCTION bump_time_data_versions() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
        INSERT INTO time_data_versions AS v (tenant_id, user_id)
          SELECT DISTINCT tenant_id, coalesce(user_id, ${sql.lit(NIL)}::uuid) FROM changed_new
        ON CONFLICT (tenant_id, user_id) DO UPDATE SET version = v.version + 1;
      END IF;
      IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN
        INSERT INTO time_data_versions AS v (tenant_id, user_id)
          SELECT DISTINCT tenant_id, coalesce(user_id, ${sql.lit(NIL)}::uuid) FROM changed_old
        ON CONFLICT (tenant_id, user_id) DO UPDATE SET version = v.version + 1;
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  for (const table of PER_PERSON) {
    await sql`CREATE TRIGGER ${sql.raw(`${table}_version_ins`)} AFTER INSERT ON ${sql.table(table)}
      REFERENCING NEW TABLE AS changed_new
      FOR EACH STATEMENT EXECUTE FUNCTION bump_time_data_versions()`.execute(db);
    await sql`CREATE TRIGGER ${sql.raw(`${table}_version_upd`)} AFTER UPDATE ON ${sql.table(table)}
      REFERENCING NEW TABLE AS changed_new OLD TABLE AS changed_old
      FOR EACH STATEMENT EXECUTE FUNCTION bump_time_data_versions()`.execute(db);
    await sql`CREATE TRIGGER ${sql.raw(`${table}_version_del`)} AFTER DELETE ON ${sql.table(table)}
      REFERENCING OLD TABLE AS changed_old
      FOR EACH STATEMENT EXECUTE FUNCTION bump_time_data_versions()`.execute(db);
  }

  // Company-wide inputs: closure days, the company's zone and holiday region. The argument
  // names the column holding the company id (tenant_id, or id on tenants itself).
  await sql`
    CREATE FUNCTION bump_company_time_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      company uuid := (to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END)
        ->> TG_ARGV[0])::uuid;
    BEGIN
      INSERT INTO time_data_versions AS v (tenant_id, user_id)
        VALUES (company, ${sql.lit(NIL)}::uuid)
      ON CONFLICT (tenant_id, user_id) DO UPDATE SET version = v.version + 1;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER closure_days_version AFTER INSERT OR UPDATE OR DELETE ON closure_days
    FOR EACH ROW EXECUTE FUNCTION bump_company_time_data_version('tenant_id')`.execute(db);
  await sql`CREATE TRIGGER tenants_version AFTER UPDATE ON tenants
    FOR EACH ROW
    WHEN (OLD.time_zone IS DISTINCT FROM NEW.time_zone
      OR OLD.holiday_region IS DISTINCT FROM NEW.holiday_region
      OR OLD.holiday_subregion IS DISTINCT FROM NEW.holiday_subregion)
    EXECUTE FUNCTION bump_company_time_data_version('id')`.execute(db);

  // The person's own inputs to the balance.
  await sql`
    CREATE FUNCTION bump_person_time_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.tenant_id IS NOT NULL THEN
        INSERT INTO time_data_versions AS v (tenant_id, user_id) VALUES (NEW.tenant_id, NEW.id)
        ON CONFLICT (tenant_id, user_id) DO UPDATE SET version = v.version + 1;
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER users_time_data_version AFTER UPDATE ON users
    FOR EACH ROW
    WHEN (OLD.start_date IS DISTINCT FROM NEW.start_date
      OR OLD.opening_balance_minutes IS DISTINCT FROM NEW.opening_balance_minutes
      OR OLD.created_at IS DISTINCT FROM NEW.created_at)
    EXECUTE FUNCTION bump_person_time_data_version()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER users_time_data_version ON users`.execute(db);
  await sql`DROP TRIGGER tenants_version ON tenants`.execute(db);
  await sql`DROP TRIGGER closure_days_version ON closure_days`.execute(db);
  for (const table of PER_PERSON) {
    for (const suffix of ['ins', 'upd', 'del']) {
      await sql`DROP TRIGGER ${sql.raw(`${table}_version_${suffix}`)} ON ${sql.table(table)}`.execute(
        db,
      );
    }
  }
  await sql`DROP FUNCTION bump_person_time_data_version()`.execute(db);
  await sql`DROP FUNCTION bump_company_time_data_version()`.execute(db);
  await sql`DROP FUNCTION bump_time_data_versions()`.execute(db);
  await db.schema.dropTable('time_data_versions').execute();
}

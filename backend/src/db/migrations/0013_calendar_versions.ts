import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen in time: never import app code here, never edit after release.
// A version number per company that the database raises whenever anything its team calendar
// (Teamkalender) is made of changes: absences, absence types' names, colours and visibility,
// closure days, the company's zone and holiday region, people's names, teams, status and
// employment dates, teams and their managers. Computed calendar months are remembered under it,
// so a request reads one row by its key instead of fingerprinting six tables. As with
// time_data_versions (0008), triggers raise it: no write path (also scripts, seeds, psql) can
// forget it, and the new number commits together with the change. Columns the calendar does not
// show (sign-ins, passwords, reminders sent, notes) leave it alone, so they cost no recomputation.

type Event = 'INSERT' | 'UPDATE' | 'DELETE';
const SUFFIX: Record<Event, string> = { INSERT: 'ins', UPDATE: 'upd', DELETE: 'del' };
const REFERENCING: Record<Event, string> = {
  INSERT: 'NEW TABLE AS changed_new',
  UPDATE: 'NEW TABLE AS changed_new OLD TABLE AS changed_old',
  DELETE: 'OLD TABLE AS changed_old',
};

// Tables whose every insert and delete changes the calendar, and those whose every update does.
// Absence types are only updated: a new type is in no calendar until an absence uses it, and a
// type with absences cannot be deleted. A team's name is not shown, so its updates do not count.
const CHANGED_BY_STATEMENT: [string, Event[]][] = [
  ['absences', ['INSERT', 'DELETE']],
  ['users', ['INSERT', 'DELETE']],
  ['teams', ['INSERT', 'DELETE']],
  ['closure_days', ['INSERT', 'UPDATE', 'DELETE']],
  ['team_managers', ['INSERT', 'UPDATE', 'DELETE']],
];

// Updates that change the calendar only through these columns (a sign-in, a password change,
// a reminder or a note on an absence do not).
const CHANGED_BY_ROW: [string, string, string[]][] = [
  [
    'absences',
    'tenant_id',
    [
      'tenant_id',
      'user_id',
      'type_id',
      'start_day',
      'end_day',
      'half_day_start',
      'half_day_end',
      'status',
    ],
  ],
  [
    'absence_types',
    'tenant_id',
    ['tenant_id', 'name_de', 'name_en', 'color', 'visible_to_colleagues'],
  ],
  ['users', 'tenant_id', ['tenant_id', 'name', 'team_id', 'status', 'start_date', 'end_date']],
  ['tenants', 'id', ['time_zone', 'holiday_region', 'holiday_subregion']],
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('calendar_versions')
    .addColumn('tenant_id', 'uuid', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(1))
    .execute();

  // Per statement: every company the inserted, updated or deleted rows belong to, once.
  await sql`
    CREATE FUNCTION bump_calendar_versions() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        INSERT INTO calendar_versions AS v (tenant_id)
          SELECT DISTINCT tenant_id FROM changed_new WHERE tenant_id IS NOT NULL
        ON CONFLICT (tenant_id) DO UPDATE SET version = v.version + 1;
      ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO calendar_versions AS v (tenant_id)
          SELECT DISTINCT tenant_id FROM changed_old WHERE tenant_id IS NOT NULL
        ON CONFLICT (tenant_id) DO UPDATE SET version = v.version + 1;
      ELSE
        INSERT INTO calendar_versions AS v (tenant_id)
          SELECT tenant_id FROM changed_new WHERE tenant_id IS NOT NULL
          UNION SELECT tenant_id FROM changed_old WHERE tenant_id IS NOT NULL
        ON CONFLICT (tenant_id) DO UPDATE SET version = v.version + 1;
      END IF;
      RETURN NULL;
    END $$`.execute(db);

  // Per updated row, behind a WHEN on the columns the calendar shows: the company before and
  // after (a person could move). The argument names the column holding the company id.
  await sql`
    CREATE FUNCTION bump_calendar_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO calendar_versions AS v (tenant_id)
        SELECT DISTINCT company FROM (VALUES
          ((to_jsonb(OLD) ->> TG_ARGV[0])::uuid),
          ((to_jsonb(NEW) ->> TG_ARGV[0])::uuid)) AS changed(company)
        WHERE company IS NOT NULL
      ON CONFLICT (tenant_id) DO UPDATE SET version = v.version + 1;
      RETURN NULL;
    END $$`.execute(db);

  for (const [table, events] of CHANGED_BY_STATEMENT) {
    for (const event of events) {
      await sql`CREATE TRIGGER ${sql.raw(`${table}_calendar_${SUFFIX[event]}`)}
        AFTER ${sql.raw(event)} ON ${sql.table(table)} REFERENCING ${sql.raw(REFERENCING[event])}
        FOR EACH STATEMENT EXECUTE FUNCTION bump_calendar_versions()`.execute(db);
    }
  }
  for (const [table, companyColumn, columns] of CHANGED_BY_ROW) {
    const changed = sql.join(
      columns.map((c) => sql`OLD.${sql.ref(c)} IS DISTINCT FROM NEW.${sql.ref(c)}`),
      sql` OR `,
    );
    await sql`CREATE TRIGGER ${sql.raw(`${table}_calendar_upd`)} AFTER UPDATE ON ${sql.table(table)}
      FOR EACH ROW WHEN (${changed})
      EXECUTE FUNCTION bump_calendar_version(${sql.lit(companyColumn)})`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [table] of CHANGED_BY_ROW) {
    await sql`DROP TRIGGER ${sql.raw(`${table}_calendar_upd`)} ON ${sql.table(table)}`.execute(db);
  }
  for (const [table, events] of CHANGED_BY_STATEMENT) {
    for (const event of events) {
      await sql`DROP TRIGGER ${sql.raw(`${table}_calendar_${SUFFIX[event]}`)} ON ${sql.table(table)}`.execute(
        db,
      );
    }
  }
  await sql`DROP FUNCTION bump_calendar_version()`.execute(db);
  await sql`DROP FUNCTION bump_calendar_versions()`.execute(db);
  await db.schema.dropTable('calendar_versions').execute();
}

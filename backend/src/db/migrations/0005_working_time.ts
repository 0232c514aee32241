import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen in time: never import app code here, never edit after release.
// Working time: schedules (Soll), time entries with database-enforced integrity, balance
// adjustments, month locks, company closure days and the related company settings.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('tenants')
    // How many days back employees may fix their own entries (admins and managers: any time).
    .addColumn('edit_window_days', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(14)
        .check(sql`edit_window_days BETWEEN 0 AND 366`),
    )
    // Mail someone whose entry is still running after this many hours.
    .addColumn('running_reminder_hours', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(12)
        .check(sql`running_reminder_hours BETWEEN 1 AND 48`),
    )
    .execute();

  await db.schema
    .alterTable('users')
    // Gleitzeit carried over from before TimeMaster, in minutes (signed).
    .addColumn('opening_balance_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  // A schedule applies from valid_from until the next one; user_id NULL is the company default.
  await db.schema
    .createTable('work_schedules')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
    .addColumn('user_id', 'uuid')
    .addColumn('valid_from', 'date', (c) => c.notNull())
    // Minutes per ISO weekday, Monday first.
    .addColumn('minutes', sql`integer[]`, (c) =>
      c
        .notNull()
        .check(sql`array_length(minutes, 1) = 7 AND 0 <= ALL(minutes) AND 1440 >= ALL(minutes)`),
    )
    .addColumn('created_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addForeignKeyConstraint('work_schedules_user_fk', ['tenant_id', 'user_id'], 'users', [
      'tenant_id',
      'id',
    ])
    .execute();
  await sql`CREATE UNIQUE INDEX work_schedules_valid_from_key
    ON work_schedules (tenant_id, user_id, valid_from) NULLS NOT DISTINCT`.execute(db);

  await db.schema
    .createTable('time_entries')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    // NULL while running.
    .addColumn('ended_at', 'timestamptz')
    // Why it ended: a break (Pause starten) or the end of work (Gehen).
    .addColumn('end_reason', 'text', (c) => c.check(sql`end_reason IN ('break', 'clock_out')`))
    .addColumn('source', 'text', (c) =>
      c.notNull().check(sql`source IN ('clock', 'manual', 'correction')`),
    )
    .addColumn('note', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'uuid', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'uuid')
    // Deleted entries stay (GoBD): visible to admins, ignored by every computation.
    .addColumn('deleted_at', 'timestamptz')
    .addColumn('deleted_by', 'uuid')
    .addColumn('delete_reason', 'text')
    .addForeignKeyConstraint('time_entries_user_fk', ['tenant_id', 'user_id'], 'users', [
      'tenant_id',
      'id',
    ])
    .addCheckConstraint('time_entries_order', sql`ended_at IS NULL OR ended_at > started_at`)
    .addCheckConstraint(
      'time_entries_deleted_reason',
      sql`deleted_at IS NULL OR delete_reason IS NOT NULL`,
    )
    .execute();
  // At most one running entry per person, whatever races against it.
  await sql`CREATE UNIQUE INDEX time_entries_one_running
    ON time_entries (user_id) WHERE ended_at IS NULL AND deleted_at IS NULL`.execute(db);
  // No two entries of a person overlap (a running one reaches to infinity).
  await sql`ALTER TABLE time_entries ADD CONSTRAINT time_entries_no_overlap
    EXCLUDE USING gist (user_id WITH =, tstzrange(started_at, coalesce(ended_at, 'infinity'), '[)') WITH &&)
    WHERE (deleted_at IS NULL)`.execute(db);
  await sql`CREATE INDEX time_entries_user_time ON time_entries (tenant_id, user_id, started_at)`.execute(
    db,
  );

  await db.schema
    .createTable('balance_adjustments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull().check(sql`minutes <> 0`))
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`length(trim(reason)) > 0`))
    .addColumn('created_by', 'uuid', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addForeignKeyConstraint('balance_adjustments_user_fk', ['tenant_id', 'user_id'], 'users', [
      'tenant_id',
      'id',
    ])
    .execute();

  await db.schema
    .createTable('month_locks')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    // First day of the month.
    .addColumn('month', 'date', (c) => c.notNull().check(sql`extract(day FROM month) = 1`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('submitted', 'approved')`))
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('approved_at', 'timestamptz')
    .addColumn('approved_by', 'uuid')
    .addPrimaryKeyConstraint('month_locks_pkey', ['user_id', 'month'])
    .addForeignKeyConstraint('month_locks_user_fk', ['tenant_id', 'user_id'], 'users', [
      'tenant_id',
      'id',
    ])
    .execute();

  await db.schema
    .createTable('closure_days')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // Half a working day (e.g. 24 and 31 December when the company says so).
    .addColumn('half', 'boolean', (c) => c.notNull().defaultTo(false))
    .addPrimaryKeyConstraint('closure_days_pkey', ['tenant_id', 'day'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'closure_days',
    'month_locks',
    'balance_adjustments',
    'time_entries',
    'work_schedules',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('users').dropColumn('opening_balance_minutes').execute();
  await db.schema
    .alterTable('tenants')
    .dropColumn('edit_window_days')
    .dropColumn('running_reminder_hours')
    .execute();
}

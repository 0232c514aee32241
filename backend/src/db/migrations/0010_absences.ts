import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen in time: never import app code here, never edit after release.
// Absences (requests, approvals, recorded sickness), vacation accounts (contract days,
// per-year overrides, adjustments, carry-over blocks, the autumn notices kept as evidence),
// sick notes and iCal feed tokens, plus the company's absence rules.

// requested → approved | rejected | cancelled (withdrawn while pending);
// requested → pre_approved (first stage of a long absence) → approved | rejected;
// approved → cancel_requested → cancelled | approved (cancellation refused);
// approved → cancelled (by an approver, or types without approval).
const STATUSES = [
  'requested',
  'pre_approved',
  'approved',
  'rejected',
  'cancel_requested',
  'cancelled',
];
// Absences that block the days for another one (and, when approved, count).
const HOLDING = ['requested', 'pre_approved', 'approved', 'cancel_requested'];

const list = (values: string[]) => sql.join(values.map((v) => sql.lit(v)));

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('tenants')
    // Contract vacation days per year on a five-day week; people can have their own.
    .addColumn('vacation_days_per_year', 'numeric(5, 2)', (c) =>
      c
        .notNull()
        .defaultTo(30)
        .check(sql`vacation_days_per_year BETWEEN 0 AND 365`),
    )
    // A vacation request beyond the days left: 'warn' lets it through with a warning.
    .addColumn('vacation_over_balance', 'text', (c) =>
      c
        .notNull()
        .defaultTo('warn')
        .check(sql`vacation_over_balance IN ('warn', 'refuse')`),
    )
    // Requests of at least this many working days need a second approval by an admin; NULL: off.
    .addColumn('second_approval_min_days', 'numeric(5, 1)', (c) =>
      c.check(sql`second_approval_min_days > 0`),
    )
    // Day of the following year on which carried-over vacation expires (§7 Abs. 3 BUrlG).
    .addColumn('carry_over_expiry_month', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(3)
        .check(sql`carry_over_expiry_month BETWEEN 1 AND 12`),
    )
    .addColumn('carry_over_expiry_day', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(31)
        .check(sql`carry_over_expiry_day BETWEEN 1 AND 31`),
    )
    // Pro-rate the entry year by full months even when the waiting period ends in it.
    .addColumn('prorate_entry_year', 'boolean', (c) => c.notNull().defaultTo(false))
    // Month in which people are asked to take their remaining vacation (the notice BAG requires).
    .addColumn('vacation_notice_month', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(10)
        .check(sql`vacation_notice_month BETWEEN 1 AND 12`),
    )
    // Remind approvers of requests pending longer than this many days.
    .addColumn('pending_reminder_days', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(3)
        .check(sql`pending_reminder_days BETWEEN 1 AND 60`),
    )
    .execute();
  await sql`ALTER TABLE tenants ADD CONSTRAINT tenants_carry_over_expiry_valid CHECK (
    carry_over_expiry_day <= (ARRAY[31,28,31,30,31,30,31,31,30,31,30,31])[carry_over_expiry_month]
  )`.execute(db);

  // The person's contract days per year (five-day reference week); NULL: the company's.
  await db.schema
    .alterTable('users')
    .addColumn('vacation_days_per_year', 'numeric(5, 2)', (c) =>
      c.check(sql`vacation_days_per_year BETWEEN 0 AND 365`),
    )
    .execute();

  await db.schema
    .createTable('absences')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('type_id', 'uuid', (c) => c.notNull())
    .addColumn('start_day', 'date', (c) => c.notNull())
    // NULL: a sickness whose end is not known yet (it runs until someone sets the end).
    .addColumn('end_day', 'date')
    // Only the second half of the first day is taken (off from noon).
    .addColumn('half_day_start', 'boolean', (c) => c.notNull().defaultTo(false))
    // Only the first half of the last day is taken (back at noon).
    .addColumn('half_day_end', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN (${list(STATUSES)})`))
    .addColumn('note', 'text', (c) => c.check(sql`length(note) <= 2000`))
    .addColumn('substitute_id', 'uuid')
    .addColumn('substitute_note', 'text', (c) => c.check(sql`length(substitute_note) <= 500`))
    // Who entered it: the person, or an admin recording a sickness for them.
    .addColumn('created_by', 'uuid', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // First stage of a two-stage approval.
    .addColumn('pre_approved_by', 'uuid')
    .addColumn('pre_approved_at', 'timestamptz')
    // The final decision (approved or rejected; for types without approval: the creator).
    .addColumn('decided_by', 'uuid')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decision_comment', 'text', (c) => c.check(sql`length(decision_comment) <= 2000`))
    .addColumn('cancel_requested_at', 'timestamptz')
    .addColumn('cancel_reason', 'text', (c) => c.check(sql`length(cancel_reason) <= 2000`))
    .addColumn('cancelled_by', 'uuid')
    .addColumn('cancelled_at', 'timestamptz')
    // Last time approvers were reminded of it (by the job, or by the person – once a day).
    .addColumn('reminded_at', 'timestamptz')
    // The sick-note reminder was sent (once per absence).
    .addColumn('certificate_reminded_at', 'timestamptz')
    .addForeignKeyConstraint('absences_user_fk', ['tenant_id', 'user_id'], 'users', [
      'tenant_id',
      'id',
    ])
    .addForeignKeyConstraint('absences_type_fk', ['tenant_id', 'type_id'], 'absence_types', [
      'tenant_id',
      'id',
    ])
    .addForeignKeyConstraint('absences_substitute_fk', ['tenant_id', 'substitute_id'], 'users', [
      'tenant_id',
      'id',
    ])
    .addUniqueConstraint('absences_tenant_id_key', ['tenant_id', 'id'])
    .addCheckConstraint('absences_order', sql`end_day IS NULL OR end_day >= start_day`)
    // One day taken by halves at both ends would be nothing; a single half day uses the start flag.
    .addCheckConstraint(
      'absences_half_days',
      sql`NOT (half_day_start AND half_day_end AND end_day = start_day)`,
    )
    .addCheckConstraint(
      'absences_substitute_not_self',
      sql`substitute_id IS NULL OR substitute_id <> user_id`,
    )
    .execute();
  // A day is held by at most one absence of a person (pending ones hold it too).
  await sql`ALTER TABLE absences ADD CONSTRAINT absences_no_overlap
    EXCLUDE USING gist (user_id WITH =, daterange(start_day, end_day, '[]') WITH &&)
    WHERE (status IN (${list(HOLDING)}))`.execute(db);
  // Calendars and reports read a company's absences by date range.
  await sql`CREATE INDEX absences_calendar ON absences
    USING gist (tenant_id, daterange(start_day, end_day, '[]'))`.execute(db);
  await sql`CREATE INDEX absences_user ON absences (tenant_id, user_id, start_day)`.execute(db);
  await sql`CREATE INDEX absences_open ON absences (tenant_id, status)
    WHERE status IN ('requested', 'pre_approved', 'cancel_requested')`.execute(db);

  // Absences credit the target: timesheets computed from them must be recomputed.
  for (const [suffix, event, refs] of [
    ['ins', 'INSERT', 'NEW TABLE AS changed_new'],
    ['upd', 'UPDATE', 'NEW TABLE AS changed_new OLD TABLE AS changed_old'],
    ['del', 'DELETE', 'OLD TABLE AS changed_old'],
  ] as const) {
    await sql`CREATE TRIGGER ${sql.raw(`absences_version_${suffix}`)}
      AFTER ${sql.raw(event)} ON absences REFERENCING ${sql.raw(refs)}
      FOR EACH STATEMENT EXECUTE FUNCTION bump_time_data_versions()`.execute(db);
  }
  // So does what a type credits.
  await sql`CREATE TRIGGER absence_types_version AFTER UPDATE ON absence_types
    FOR EACH ROW
    WHEN (OLD.credits_target IS DISTINCT FROM NEW.credits_target
      OR OLD.deducts_overtime IS DISTINCT FROM NEW.deducts_overtime)
    EXECUTE FUNCTION bump_company_time_data_version('tenant_id')`.execute(db);

  // A person's entitlement for one year set by hand instead of the computed one.
  await db.schema
    .createTable('vacation_entitlements')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull().check(sql`year BETWEEN 2000 AND 2100`))
    .addColumn('days', 'numeric(5, 2)', (c) => c.notNull().check(sql`days BETWEEN 0 AND 365`))
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`length(trim(reason)) > 0`))
    .addColumn('set_by', 'uuid', (c) => c.notNull())
    .addColumn('set_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('vacation_entitlements_pkey', ['tenant_id', 'user_id', 'year'])
    .addForeignKeyConstraint('vacation_entitlements_user_fk', ['tenant_id', 'user_id'], 'users', [
      'tenant_id',
      'id',
    ])
    .execute();

  // Manual corrections of an account (Korrektur), each with its reason.
  await db.schema
    .createTable('vacation_adjustments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull().check(sql`year BETWEEN 2000 AND 2100`))
    .addColumn('days', 'numeric(5, 2)', (c) =>
      c.notNull().check(sql`days <> 0 AND days BETWEEN -365 AND 365`),
    )
    .addColumn('reason', 'text', (c) =>
      c.notNull().check(sql`length(trim(reason)) BETWEEN 1 AND 500`),
    )
    // NULL: booked by the year-end job (days taken in advance from the next year).
    .addColumn('created_by', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addForeignKeyConstraint('vacation_adjustments_user_fk', ['tenant_id', 'user_id'], 'users', [
      'tenant_id',
      'id',
    ])
    .execute();
  await db.schema
    .createIndex('vacation_adjustments_user')
    .on('vacation_adjustments')
    .columns(['tenant_id', 'user_id', 'year'])
    .execute();

  // Days carried from the account of `from_year` into `to_year`, with their expiry
  // (NULL: they do not expire, e.g. the employer never asked the person to take them).
  await db.schema
    .createTable('vacation_carry_overs')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('to_year', 'integer', (c) => c.notNull().check(sql`to_year BETWEEN 2000 AND 2100`))
    .addColumn('from_year', 'integer', (c) => c.notNull())
    .addColumn('days', 'numeric(5, 2)', (c) => c.notNull().check(sql`days > 0`))
    .addColumn('expires_on', 'date')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('vacation_carry_overs_pkey', [
      'tenant_id',
      'user_id',
      'to_year',
      'from_year',
    ])
    .addForeignKeyConstraint('vacation_carry_overs_user_fk', ['tenant_id', 'user_id'], 'users', [
      'tenant_id',
      'id',
    ])
    .addCheckConstraint('vacation_carry_overs_order', sql`from_year < to_year`)
    .execute();

  // "Bitte nimm deinen Resturlaub": the notice the employer must be able to prove (BAG
  // 9 AZR 541/15). Kept with what it said; one per person and leave year.
  await db.schema
    .createTable('vacation_notices')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('remaining_days', 'numeric(5, 2)', (c) => c.notNull())
    // When the days the notice warns about expire.
    .addColumn('expires_on', 'date')
    .addColumn('email_outbox_id', 'uuid')
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('vacation_notices_once', ['tenant_id', 'user_id', 'year'])
    .addForeignKeyConstraint('vacation_notices_user_fk', ['tenant_id', 'user_id'], 'users', [
      'tenant_id',
      'id',
    ])
    .execute();

  // Uploaded documents (sick notes). The bytes live in the upload directory under
  // `storage_key`, never in a public folder; the name is only shown, never used as a path.
  await db.schema
    .createTable('files')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('absence_id', 'uuid', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('sick_note')`))
    .addColumn('file_name', 'text', (c) =>
      c.notNull().check(sql`length(file_name) BETWEEN 1 AND 200`),
    )
    .addColumn('content_type', 'text', (c) =>
      c.notNull().check(sql`content_type IN ('application/pdf', 'image/png', 'image/jpeg')`),
    )
    .addColumn('size_bytes', 'integer', (c) =>
      c.notNull().check(sql`size_bytes BETWEEN 1 AND 10485760`),
    )
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull().unique())
    .addColumn('uploaded_by', 'uuid', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('deleted_at', 'timestamptz')
    .addColumn('deleted_by', 'uuid')
    .addForeignKeyConstraint('files_user_fk', ['tenant_id', 'user_id'], 'users', [
      'tenant_id',
      'id',
    ])
    .addForeignKeyConstraint('files_absence_fk', ['tenant_id', 'absence_id'], 'absences', [
      'tenant_id',
      'id',
    ])
    .execute();
  await db.schema.createIndex('files_absence').on('files').columns(['absence_id']).execute();

  // Read-only iCal subscriptions. Only a hash of the token is kept; revoking ends it.
  await db.schema
    .createTable('calendar_feeds')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull())
    // Whose feed it is: their access decides what the feed may show.
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('scope', 'text', (c) =>
      c.notNull().check(sql`scope IN ('person', 'team', 'company')`),
    )
    .addColumn('team_id', 'uuid')
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .addForeignKeyConstraint('calendar_feeds_user_fk', ['tenant_id', 'user_id'], 'users', [
      'tenant_id',
      'id',
    ])
    .addCheckConstraint('calendar_feeds_team', sql`(scope = 'team') = (team_id IS NOT NULL)`)
    .execute();

  // Reminders about absences are recorded like the time reminders: once per subject.
  await sql`ALTER TABLE reminders_sent DROP CONSTRAINT reminders_sent_kind_check`.execute(db);
  await sql`ALTER TABLE reminders_sent ADD CONSTRAINT reminders_sent_kind_check CHECK (kind IN
    ('running_entry', 'missing_entry', 'absence_pending', 'certificate_due'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DELETE FROM reminders_sent
    WHERE kind IN ('absence_pending', 'certificate_due')`.execute(db);
  await sql`ALTER TABLE reminders_sent DROP CONSTRAINT reminders_sent_kind_check`.execute(db);
  await sql`ALTER TABLE reminders_sent ADD CONSTRAINT reminders_sent_kind_check CHECK (kind IN
    ('running_entry', 'missing_entry'))`.execute(db);
  await sql`DROP TRIGGER absence_types_version ON absence_types`.execute(db);
  for (const table of [
    'calendar_feeds',
    'files',
    'vacation_notices',
    'vacation_carry_overs',
    'vacation_adjustments',
    'vacation_entitlements',
    'absences',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('users').dropColumn('vacation_days_per_year').execute();
  await sql`ALTER TABLE tenants DROP CONSTRAINT tenants_carry_over_expiry_valid`.execute(db);
  await db.schema
    .alterTable('tenants')
    .dropColumn('vacation_days_per_year')
    .dropColumn('vacation_over_balance')
    .dropColumn('second_approval_min_days')
    .dropColumn('carry_over_expiry_month')
    .dropColumn('carry_over_expiry_day')
    .dropColumn('prorate_entry_year')
    .dropColumn('vacation_notice_month')
    .dropColumn('pending_reminder_days')
    .execute();
}

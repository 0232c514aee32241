import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen in time: never import app code here, never edit after release.
// Report exports made in the background (issue 8): "all timesheets of the month" as one ZIP of
// PDFs. A row is the request and the job's progress; the file lives in UPLOAD_DIR/exports under
// `storage_key` until `expires_at`, when a periodic job removes it and marks the row expired.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_exports')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
    .addColumn('requested_by', 'uuid', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('timesheet_archive')`))
    // What was asked for (for a timesheet archive: month, teamId, role, lang), as the app wrote
    // it: two equal requests have equal parameters (the running-export check compares them).
    .addColumn('parameters', 'jsonb', (c) => c.notNull())
    // queued → running → done | failed; a retry goes back to queued; done/failed → expired
    // (file removed). A running job whose runner died stays running until it is retried.
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('queued')
        .check(sql`status IN ('queued', 'running', 'done', 'failed', 'expired')`),
    )
    .addColumn('done_count', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`done_count >= 0`),
    )
    .addColumn('total_count', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`total_count >= 0`),
    )
    // The file's random name in UPLOAD_DIR/exports; set when a run starts writing, so a retry
    // (or the clean-up) finds what an interrupted run left.
    .addColumn('storage_key', 'text', (c) => c.unique())
    .addColumn('size_bytes', 'bigint')
    // Why it failed, as a stable code the UI puts in words (details are in the job log).
    .addColumn('error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addForeignKeyConstraint(
      'report_exports_requester_fk',
      ['tenant_id', 'requested_by'],
      'users',
      ['tenant_id', 'id'],
    )
    // Done means a whole file is there: it is renamed into place before the row says so.
    .addCheckConstraint(
      'report_exports_done_has_file',
      sql`status <> 'done' OR (storage_key IS NOT NULL AND size_bytes IS NOT NULL
        AND finished_at IS NOT NULL AND done_count = total_count)`,
    )
    .execute();
  // One unfinished export per person and request: a double click gets the running one back.
  await sql`CREATE UNIQUE INDEX report_exports_one_running
    ON report_exports (tenant_id, requested_by, kind, parameters)
    WHERE status IN ('queued', 'running')`.execute(db);
  await sql`CREATE INDEX report_exports_requester
    ON report_exports (tenant_id, requested_by, created_at DESC)`.execute(db);
  // The clean-up looks for files past their time.
  await sql`CREATE INDEX report_exports_expiry ON report_exports (expires_at)
    WHERE status <> 'expired'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_exports').execute();
}

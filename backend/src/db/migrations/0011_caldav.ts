import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen in time: never import app code here, never edit after release.
// CalDAV sync (issue 6): one calendar connection per company, and per absence the state of its
// event in that calendar.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('caldav_settings')
    .addColumn('tenant_id', 'uuid', (c) => c.primaryKey().references('tenants.id'))
    // The calendar collection URL (http/https, no user info; checked by the app).
    .addColumn('url', 'text', (c) => c.notNull().check(sql`length(url) <= 2000`))
    .addColumn('username', 'text', (c) => c.notNull().check(sql`length(username) <= 200`))
    // AES-256-GCM under a key derived from SECRET_KEY (HKDF), bound to the tenant; never
    // returned by the API. NULL: no password stored yet.
    .addColumn('password_encrypted', 'text')
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('title_template', 'text', (c) =>
      c
        .notNull()
        .defaultTo('{name} – {type}')
        .check(sql`length(trim(title_template)) BETWEEN 1 AND 200`),
    )
    // 'type': the title names the absence type; 'absent': only "Abwesend".
    .addColumn('privacy', 'text', (c) =>
      c
        .notNull()
        .defaultTo('type')
        .check(sql`privacy IN ('type', 'absent')`),
    )
    // Absence types whose approved absences are synced. A plain array (no foreign key): the app
    // checks the ids belong to the company when they are saved, and an id of a type that is
    // deactivated later simply stays.
    .addColumn('synced_type_ids', sql`uuid[]`, (c) => c.notNull().defaultTo(sql`'{}'::uuid[]`))
    .addColumn('last_sync_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('caldav_events')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
    .addColumn('absence_id', 'uuid', (c) => c.notNull())
    // Where the event lives (collection URL + resource name derived from the UID).
    .addColumn('href', 'text')
    .addColumn('etag', 'text')
    // pending: the calendar does not yet match the absence; synced: it does; error: a
    // permanent failure a person has to look at (last_error says which).
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`state IN ('pending', 'synced', 'error')`),
    )
    .addColumn('last_error', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('synced_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('caldav_events_pkey', ['tenant_id', 'absence_id'])
    .addForeignKeyConstraint('caldav_events_absence_fk', ['tenant_id', 'absence_id'], 'absences', [
      'tenant_id',
      'id',
    ])
    .execute();
  await sql`CREATE INDEX caldav_events_state_idx ON caldav_events (tenant_id, state)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('caldav_events').execute();
  await db.schema.dropTable('caldav_settings').execute();
}

import type { Kysely } from 'kysely';

// Frozen in time: never import app code here, never edit after release.
// CalDAV sync errors in both languages of the UI: last_error keeps the German text, the new
// column the English one (rows written before stay German only; the API falls back to it).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('caldav_settings').addColumn('last_error_en', 'text').execute();
  await db.schema.alterTable('caldav_events').addColumn('last_error_en', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('caldav_events').dropColumn('last_error_en').execute();
  await db.schema.alterTable('caldav_settings').dropColumn('last_error_en').execute();
}

import type { Kysely } from 'kysely';

// Frozen in time: never import app code here, never edit after release.
// The history of one record ("Historie" on a time entry, a schedule, a person) is read by
// entity; without this index each such read scans the company's whole audit log.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('audit_log_entity_idx')
    .on('audit_log')
    .columns(['tenant_id', 'entity_type', 'entity_id', 'at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_log_entity_idx').execute();
}

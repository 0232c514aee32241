import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen in time: never import app code here, never edit after release.

export async function up(db: Kysely<any>): Promise<void> {
  // One row per mail the app wants delivered. The row and the job that sends it are committed in
  // the same transaction; the idempotency key makes a second queueing (and a second delivery at
  // the provider) a no-op.
  await db.schema
    .createTable('email_outbox')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.references('tenants.id').onDelete('cascade'))
    // No foreign key: users arrive in a later migration, and a mail may outlive its user row.
    .addColumn('user_id', 'uuid')
    .addColumn('to_email', 'text', (c) => c.notNull().check(sql`length(to_email) > 0`))
    .addColumn('locale', 'text', (c) => c.notNull().check(sql`locale IN ('de', 'en')`))
    .addColumn('template', 'text', (c) => c.notNull())
    // Template variables; may hold one-time links, so it is emptied once the row is final.
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`status IN ('pending', 'sent', 'failed')`),
    )
    .addColumn('attempts', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`attempts >= 0`),
    )
    .addColumn('last_error', 'text')
    .addColumn('provider_message_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .addColumn('failed_at', 'timestamptz')
    .addCheckConstraint(
      'email_outbox_sent_has_sent_at',
      sql`status <> 'sent' OR sent_at IS NOT NULL`,
    )
    .addCheckConstraint(
      'email_outbox_failed_has_failed_at',
      sql`status <> 'failed' OR failed_at IS NOT NULL`,
    )
    .execute();
  // A company's mails, newest first (delivery status in the admin UI).
  await db.schema
    .createIndex('email_outbox_tenant_created_idx')
    .on('email_outbox')
    .columns(['tenant_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('email_outbox').execute();
}

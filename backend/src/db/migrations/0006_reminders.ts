import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen in time: never import app code here, never edit after release.
// Reminder mails (forgotten clock-out, day without entries): one row per reminder decided, so
// reruns of the periodic jobs and concurrent runners send each reminder once.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('reminders_sent')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind IN ('running_entry', 'missing_entry')`),
    )
    // What the reminder is about: the time entry's id, or the calendar day 'YYYY-MM-DD'.
    .addColumn('subject_key', 'text', (c) => c.notNull().check(sql`length(subject_key) > 0`))
    // When the reminder was decided and its mail queued in the same transaction.
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // The insert that wins this key is the one that queues the mail.
    .addPrimaryKeyConstraint('reminders_sent_pkey', ['kind', 'user_id', 'subject_key'])
    .addForeignKeyConstraint(
      'reminders_sent_user_fk',
      ['tenant_id', 'user_id'],
      'users',
      ['tenant_id', 'id'],
      // A record of mails already sent, not a business record: it goes with the person.
      (c) => c.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('reminders_sent_tenant_idx')
    .on('reminders_sent')
    .columns(['tenant_id', 'sent_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('reminders_sent').execute();
}

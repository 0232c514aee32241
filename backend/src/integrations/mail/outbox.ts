/**
 * Queueing mail. A feature that wants a mail sent calls `queueMail` inside the transaction of
 * its own state change (the invitation row, the reset token…): the outbox row and the job that
 * delivers it commit together or not at all (SECURITY.md 17).
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/types.js';
import { enqueueJob } from '../../jobs/index.js';
import { sendMailJob } from '../../jobs/send-mail.js';
import type { MailLocale, MailTemplateInput, MailTemplateName } from './templates.js';
import { mailLocales, mailTemplateSchema } from './templates.js';

/** One variant per template, so `data` is checked against the template named next to it. */
export type QueueMailInput = {
  [N in MailTemplateName]: {
    template: N;
    data: MailTemplateInput<N>;
    tenantId: string | null;
    userId: string | null;
    to: string;
    locale: MailLocale;
    /**
     * Names the mail, not the attempt: the same key queues and delivers one mail however often
     * the caller runs (e.g. `invitation:<invitation id>`). At most 256 characters (Resend's limit).
     */
    idempotencyKey: string;
  };
}[MailTemplateName];

export interface QueuedMail {
  outboxId: string;
  /** False when a mail with this idempotency key was queued before (nothing new was added). */
  created: boolean;
}

const envelope = z.object({
  tenantId: z.uuid().nullable(),
  userId: z.uuid().nullable(),
  to: z.email().max(320),
  locale: z.enum(mailLocales),
  idempotencyKey: z.string().min(1).max(256),
});

/**
 * Adds the mail to the outbox and its send job to the queue, both in `trx` (pass the caller's
 * transaction). Invalid template data throws here, failing the caller's transaction.
 */
export async function queueMail(trx: Kysely<Database>, input: QueueMailInput): Promise<QueuedMail> {
  const head = envelope.parse(input);
  const parsed: unknown = mailTemplateSchema(input.template).parse(input.data);
  // Dates become ISO strings here, exactly as the job will read them back.
  const data = JSON.parse(JSON.stringify(parsed)) as Record<string, unknown>;
  const inserted = await trx
    .insertInto('email_outbox')
    .values({
      tenant_id: head.tenantId,
      user_id: head.userId,
      to_email: head.to,
      locale: head.locale,
      template: input.template,
      data,
      idempotency_key: head.idempotencyKey,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) {
    const existing = await trx
      .selectFrom('email_outbox')
      .select('id')
      .where('idempotency_key', '=', head.idempotencyKey)
      .executeTakeFirstOrThrow();
    return { outboxId: existing.id, created: false };
  }
  await enqueueJob(trx, sendMailJob, { outboxId: inserted.id }, { jobKey: `mail:${inserted.id}` });
  return { outboxId: inserted.id, created: true };
}

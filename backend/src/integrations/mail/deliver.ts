/**
 * Delivering one outbox row: render, hand over with the row's idempotency key, record the
 * outcome. Safe to run twice: a row that is already sent or failed is left alone, and a repeated
 * hand-over carries the same idempotency key, so the provider delivers the mail once.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { Db } from '../../db/index.js';
import { isMailTemplateName, renderMail } from './templates.js';
import type { MailMessage, MailTransport } from './transport.js';
import { MailDeliveryError, formatAddress, recipientDomain } from './transport.js';

/** A provider's Retry-After up to this long is waited out in the job itself… */
export const MAX_IN_PROCESS_WAIT_MS = 60_000;
/** …this many times per run; anything else goes back to the queue's backoff. */
export const MAX_IN_PROCESS_RETRIES = 3;

export interface MailDeliveryDeps {
  db: Db;
  config: Pick<Config, 'appName' | 'emailFrom' | 'emailFromName'>;
  transport: MailTransport;
  logger: Logger;
}

/** Which run of the job this is (from graphile-worker) and its shutdown signal. */
export interface DeliveryRun {
  attempts: number;
  maxAttempts: number;
  signal?: AbortSignal;
}

export type DeliveryOutcome = 'sent' | 'failed' | 'already-final' | 'missing';

function asDeliveryError(error: unknown, transport: string): MailDeliveryError {
  if (error instanceof MailDeliveryError) return error;
  // An unexpected error of ours: name and code only, its message might quote anything.
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  const what = typeof code === 'string' ? code : typeof name === 'string' ? name : 'error';
  return new MailDeliveryError(`${transport}: ${what.slice(0, 60)}`, { permanent: false });
}

/**
 * Sends the outbox row `outboxId`. Resolves when the row is final (sent, failed for good) or
 * was so already; throws a MailDeliveryError when the job should run again later.
 */
export async function deliverOutboxMail(
  deps: MailDeliveryDeps,
  outboxId: string,
  run: DeliveryRun,
): Promise<DeliveryOutcome> {
  const { db, config, transport, logger } = deps;
  const row = await db
    .selectFrom('email_outbox')
    .selectAll()
    .where('id', '=', outboxId)
    .executeTakeFirst();
  if (!row) {
    logger.warn({ outboxId }, 'mail not found in outbox');
    return 'missing';
  }
  if (row.status !== 'pending') return 'already-final';
  const logFields = {
    outboxId,
    template: row.template,
    recipientDomain: recipientDomain(row.to_email),
  };

  const markFailed = async (lastError: string, called: boolean) => {
    await db
      .updateTable('email_outbox')
      .set((eb) => ({
        status: 'failed',
        failed_at: new Date(),
        last_error: lastError,
        attempts: called ? eb('attempts', '+', 1) : eb.ref('attempts'),
        // The row is final: one-time links in it have no reason to stay around.
        data: {},
      }))
      .where('id', '=', outboxId)
      .where('status', '=', 'pending')
      .execute();
    logger.warn({ ...logFields, error: lastError }, 'mail failed');
  };

  let message: MailMessage;
  try {
    if (!isMailTemplateName(row.template)) throw new Error('unknown template');
    const rendered = renderMail(row.template, row.locale, row.data, {
      appName: config.appName,
      fromName: config.emailFromName,
    });
    message = {
      from: formatAddress(config.emailFromName, config.emailFrom),
      to: row.to_email,
      ...rendered,
      idempotencyKey: row.idempotency_key,
      template: row.template,
    };
  } catch {
    // Data was checked when queued, so this means a template was removed or changed shape.
    await markFailed(`cannot render template ${row.template.slice(0, 60)}`, false);
    return 'failed';
  }

  for (let waited = 0; ; waited++) {
    let failure: MailDeliveryError;
    try {
      const { providerMessageId } = await transport.send(message);
      await db
        .updateTable('email_outbox')
        .set((eb) => ({
          status: 'sent',
          sent_at: new Date(),
          provider_message_id: providerMessageId,
          attempts: eb('attempts', '+', 1),
          last_error: null,
          data: {},
        }))
        .where('id', '=', outboxId)
        .where('status', '=', 'pending')
        .execute();
      logger.info(logFields, 'mail sent');
      return 'sent';
    } catch (error) {
      failure = asDeliveryError(error, transport.name);
    }

    if (failure.permanent) {
      await markFailed(failure.message, true);
      return 'failed';
    }
    await db
      .updateTable('email_outbox')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: failure.message }))
      .where('id', '=', outboxId)
      .where('status', '=', 'pending')
      .execute();

    const wait = failure.retryAfterMs;
    if (
      wait !== undefined &&
      wait <= MAX_IN_PROCESS_WAIT_MS &&
      waited < MAX_IN_PROCESS_RETRIES &&
      !run.signal?.aborted
    ) {
      logger.info({ ...logFields, error: failure.message, waitMs: wait }, 'mail delayed');
      try {
        await sleep(wait, undefined, { signal: run.signal });
        continue;
      } catch {
        // The runner is shutting down: leave the retry to the queue.
      }
    }
    if (run.attempts >= run.maxAttempts) {
      await db
        .updateTable('email_outbox')
        .set({ status: 'failed', failed_at: new Date(), data: {} })
        .where('id', '=', outboxId)
        .where('status', '=', 'pending')
        .execute();
      logger.warn({ ...logFields, error: failure.message }, 'mail failed');
      return 'failed';
    }
    logger.warn(
      { ...logFields, error: failure.message, attempt: run.attempts },
      'mail not delivered yet, will retry',
    );
    throw failure;
  }
}

/**
 * `send_mail`: delivers one outbox row (queued by integrations/mail/outbox.ts). The spec (name,
 * payload, attempts) is a constant, so code that enqueues needs no infrastructure; the handler
 * is built by `makeSendMailJob` from the runner process's db, config, transport and logger.
 */
import { z } from 'zod';
import type { MailDeliveryDeps } from '../integrations/mail/deliver.js';
import { deliverOutboxMail } from '../integrations/mail/deliver.js';
import type { JobDefinition, JobSpec } from './index.js';
import { defineJob } from './index.js';

const payload = z.object({ outboxId: z.uuid() });

export const sendMailJob: JobSpec<typeof payload> = {
  name: 'send_mail',
  payload,
  // graphile-worker waits e^n seconds after the n-th failure: 10 attempts span about 3.5 hours,
  // well inside the 24 hours Resend remembers an idempotency key.
  maxAttempts: 10,
};

/** The job with its dependencies bound; a permanent refusal ends it without a retry. */
export function makeSendMailJob(deps: MailDeliveryDeps): JobDefinition<typeof payload> {
  return defineJob({
    ...sendMailJob,
    handler: async ({ outboxId }, context) => {
      await deliverOutboxMail(deps, outboxId, context);
    },
  });
}

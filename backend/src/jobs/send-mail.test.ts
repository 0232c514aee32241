import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Runner } from 'graphile-worker';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeResend } from '../../test/fake-resend.js';
import { startFakeResend } from '../../test/fake-resend.js';
import type { TestDatabase } from '../../test/helpers.js';
import { createTestDatabase, testConfig } from '../../test/helpers.js';
import { firstLink, waitForMail } from '../../test/mail.js';
import { createFileTransport } from '../integrations/mail/file.js';
import type { QueueMailInput } from '../integrations/mail/outbox.js';
import { queueMail } from '../integrations/mail/outbox.js';
import { createResendTransport } from '../integrations/mail/resend.js';
import type { MailTransport } from '../integrations/mail/transport.js';
import { MailDeliveryError } from '../integrations/mail/transport.js';
import { loggerOptions } from '../logger.js';
import type { JobContext } from './index.js';
import { startJobRunner } from './index.js';
import { buildJobs } from './registry.js';
import { makeSendMailJob } from './send-mail.js';
import { createOutbound } from '../integrations/outbound/http.js';
import { createAddressPolicy } from '../integrations/outbound/policy.js';

/** Secrets that must never reach a log line: the one-time token and the recipient's name. */
const TOKEN = 'rst-7f3a9c1e5b';
const RESET_URL = `https://zeit.example.com/reset-password?token=${TOKEN}`;
const RECIPIENT = 'ann.private@example.org';

let database: TestDatabase;
let fake: FakeResend;
let transport: MailTransport;
const logLines: string[] = [];
const logger = pino(loggerOptions('debug'), { write: (line: string) => void logLines.push(line) });
const config = testConfig({
  APP_NAME: 'ZeitWerk',
  EMAIL_FROM: 'noreply@zeit.example.com',
  EMAIL_FROM_NAME: 'Zeiterfassung Muster',
});

beforeAll(async () => {
  database = await createTestDatabase();
  fake = await startFakeResend();
  transport = createResendTransport({ apiKey: fake.apiKey, baseUrl: fake.url });
});
beforeEach(() => fake.reset());
afterAll(async () => {
  await fake.close();
  await database.drop();
  // SECURITY.md 21: nothing secret in any line logged by any test of this file.
  const all = logLines.join('\n');
  expect(all).toContain('mail sent');
  expect(all).not.toContain(TOKEN);
  expect(all).not.toContain('ann.private');
  expect(all).not.toContain(fake.apiKey);
});

let counter = 0;
function resetMail(overrides: Partial<QueueMailInput> = {}): QueueMailInput {
  counter += 1;
  return {
    tenantId: null,
    userId: null,
    to: RECIPIENT,
    locale: 'de',
    template: 'password_reset',
    data: { name: 'Ann', resetUrl: RESET_URL, validMinutes: 60 },
    idempotencyKey: `password_reset:${counter}:${Date.now()}`,
    ...overrides,
  } as QueueMailInput;
}

async function queued(overrides: Partial<QueueMailInput> = {}) {
  const input = resetMail(overrides);
  const { outboxId } = await database.db.transaction().execute((trx) => queueMail(trx, input));
  return { outboxId, key: input.idempotencyKey };
}

function row(outboxId: string) {
  return database.db
    .selectFrom('email_outbox')
    .selectAll()
    .where('id', '=', outboxId)
    .executeTakeFirstOrThrow();
}

function context(overrides: Partial<JobContext> = {}): JobContext {
  return {
    attempts: 1,
    maxAttempts: 10,
    jobId: 'test',
    signal: new AbortController().signal,
    ...overrides,
  };
}

function job(mailTransport = transport) {
  return makeSendMailJob({ db: database.db, config, transport: mailTransport, logger });
}

describe('send_mail job (Resend)', () => {
  it('429 then 200: waits out Retry-After, resends with the same key, marks the row sent', async () => {
    const { outboxId, key } = await queued();
    fake.script(429, 200);

    await job().handler({ outboxId }, context());

    expect(fake.requests.map((r) => r.status)).toEqual([429, 200]);
    const [first, second] = fake.requests;
    expect(first?.idempotencyKey).toBe(key);
    expect(second?.idempotencyKey).toBe(key);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(second?.body).toMatchObject({
      from: 'Zeiterfassung Muster <noreply@zeit.example.com>',
      to: [RECIPIENT],
      subject: 'Passwort zurücksetzen für ZeitWerk',
    });
    expect((second?.body as { text: string }).text).toContain(RESET_URL);

    const sent = await row(outboxId);
    expect(sent).toMatchObject({
      status: 'sent',
      provider_message_id: fake.delivered[0]?.id,
      attempts: 2,
      last_error: null,
      failed_at: null,
    });
    expect(sent.sent_at).toBeInstanceOf(Date);
    // Final rows keep no one-time link.
    expect(sent.data).toEqual({});
  });

  it('422: gives up at once without a retry and records why', async () => {
    const { outboxId } = await queued();
    fake.script(422);

    await expect(job().handler({ outboxId }, context())).resolves.toBeUndefined();

    expect(fake.requests).toHaveLength(1);
    const failed = await row(outboxId);
    expect(failed).toMatchObject({
      status: 'failed',
      attempts: 1,
      last_error: 'resend: 422 validation_error',
      sent_at: null,
    });
    expect(failed.failed_at).toBeInstanceOf(Date);
    expect(failed.data).toEqual({});
  });

  it('500: throws so graphile-worker retries later; the row stays pending', async () => {
    const { outboxId } = await queued();
    fake.script(500);

    await expect(job().handler({ outboxId }, context())).rejects.toBeInstanceOf(MailDeliveryError);

    expect(fake.requests).toHaveLength(1);
    expect(await row(outboxId)).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: 'resend: 500 internal_server_error',
    });
  });

  it('500 on the last attempt: marks the row failed instead of throwing', async () => {
    const { outboxId } = await queued();
    fake.script(500);

    await job().handler({ outboxId }, context({ attempts: 10, maxAttempts: 10 }));

    expect(await row(outboxId)).toMatchObject({
      status: 'failed',
      last_error: 'resend: 500 internal_server_error',
    });
  });

  it('run twice for a sent row: sends nothing more', async () => {
    const { outboxId } = await queued();
    await job().handler({ outboxId }, context());
    await job().handler({ outboxId }, context({ attempts: 2 }));
    expect(fake.requests).toHaveLength(1);
    expect((await row(outboxId)).status).toBe('sent');
  });

  it('run again after a lost success: the provider sees the same key and delivers once', async () => {
    const { outboxId, key } = await queued();
    // A previous run handed the mail over, then died before recording it.
    const earlier = await transport.send({
      from: 'x <noreply@zeit.example.com>',
      to: RECIPIENT,
      subject: 's',
      html: 'h',
      text: 't',
      idempotencyKey: key,
    });
    await job().handler({ outboxId }, context({ attempts: 2 }));
    expect(fake.requests).toHaveLength(2);
    expect(fake.delivered).toHaveLength(1);
    expect(await row(outboxId)).toMatchObject({
      status: 'sent',
      provider_message_id: earlier.providerMessageId,
    });
  });

  it('waits in-process at most three times, then leaves it to the queue', async () => {
    const { outboxId } = await queued();
    const zero = { status: 429, retryAfter: 0 } as const;
    fake.script(zero, zero, zero, zero, 200);

    await expect(job().handler({ outboxId }, context())).rejects.toBeInstanceOf(MailDeliveryError);

    expect(fake.requests).toHaveLength(4);
    expect(await row(outboxId)).toMatchObject({
      status: 'pending',
      attempts: 4,
      last_error: 'resend: 429 rate_limit_exceeded',
    });
  });

  it('does not wait in-process for a Retry-After over 60 s', async () => {
    const { outboxId } = await queued();
    fake.script({ status: 429, retryAfter: 120 });
    const started = Date.now();
    await expect(job().handler({ outboxId }, context())).rejects.toBeInstanceOf(MailDeliveryError);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(fake.requests).toHaveLength(1);
  });

  it('stops waiting when the runner shuts down', async () => {
    const { outboxId } = await queued();
    fake.script({ status: 429, retryAfter: 30 });
    const shutdown = new AbortController();
    setTimeout(() => shutdown.abort(), 200);
    const started = Date.now();
    await expect(
      job().handler({ outboxId }, context({ signal: shutdown.signal })),
    ).rejects.toBeInstanceOf(MailDeliveryError);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(fake.requests).toHaveLength(1);
    expect((await row(outboxId)).status).toBe('pending');
  });

  it('marks a row failed whose template cannot be rendered any more', async () => {
    const [inserted] = await database.db
      .insertInto('email_outbox')
      .values({
        to_email: RECIPIENT,
        locale: 'de',
        template: 'retired_template',
        data: {},
        idempotency_key: `retired:${Date.now()}`,
      })
      .returning('id')
      .execute();
    const outboxId = inserted?.id ?? '';
    await job().handler({ outboxId }, context());
    expect(fake.requests).toHaveLength(0);
    expect(await row(outboxId)).toMatchObject({
      status: 'failed',
      attempts: 0,
      last_error: 'cannot render template retired_template',
    });
  });

  it('does nothing for an outbox row that does not exist', async () => {
    await job().handler({ outboxId: crypto.randomUUID() }, context());
    expect(fake.requests).toHaveLength(0);
  });

  it('logs template, outbox id and recipient domain, nothing more', async () => {
    const { outboxId } = await queued();
    const from = logLines.length;
    await job().handler({ outboxId }, context());
    const lines = logLines.slice(from).map((l) => JSON.parse(l) as Record<string, unknown>);
    const sent = lines.find((l) => l.msg === 'mail sent');
    expect(sent).toMatchObject({
      outboxId,
      template: 'password_reset',
      recipientDomain: 'example.org',
    });
    expect(JSON.stringify(lines)).not.toContain(TOKEN);
    expect(JSON.stringify(lines)).not.toContain(RECIPIENT);
  });
});

describe('send_mail through a real job runner', () => {
  const runners: Runner[] = [];
  let mailDir: string;

  beforeAll(async () => {
    mailDir = await mkdtemp(path.join(tmpdir(), 'timemaster-mail-'));
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
  });
  afterAll(() => rm(mailDir, { recursive: true, force: true }));

  async function startRunner(mailTransport: MailTransport): Promise<void> {
    const jobs = buildJobs({
      db: database.db,
      config,
      logger,
      mailTransport,
      outbound: createOutbound({ policy: createAddressPolicy([]) }),
    });
    runners.push(
      await startJobRunner({
        databaseUrl: database.url,
        jobs,
        logger,
        concurrency: 2,
        pollIntervalMs: 100,
      }),
    );
  }

  async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > until) throw new Error('condition not reached in time');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('delivers a committed invitation into the mail folder (file transport)', async () => {
    await startRunner(createFileTransport({ dir: mailDir }));
    const acceptUrl = 'https://zeit.example.com/invitations/accept?token=inv-e2e';
    const { outboxId } = await queued({
      template: 'invitation',
      to: 'new.hire@example.com',
      data: {
        inviterName: 'Ada Admin',
        companyName: 'Muster GmbH',
        role: 'employee',
        acceptUrl,
        expiresAt: new Date(Date.now() + 7 * 24 * 3_600_000),
      },
    });

    const mail = await waitForMail(mailDir, (m) => m.to === 'new.hire@example.com');
    expect(firstLink(mail, /\/invitations\/accept/)).toBe(acceptUrl);
    expect(mail.from).toBe('Zeiterfassung Muster <noreply@zeit.example.com>');
    expect(mail.subject).toBe('Einladung zu ZeitWerk bei Muster GmbH');
    expect(mail.template).toBe('invitation');
    await eventually(async () => (await row(outboxId)).status === 'sent');
  });

  it('a 500 is retried by graphile-worker with backoff and then delivered once (Resend)', async () => {
    await startRunner(transport);
    fake.script(500, 200);
    const { outboxId, key } = await queued();

    // graphile-worker waits e^1 ≈ 2.7 s before the second attempt.
    await eventually(async () => (await row(outboxId)).status === 'sent');
    expect(fake.requests.map((r) => r.status)).toEqual([500, 200]);
    expect(fake.requests.every((r) => r.idempotencyKey === key)).toBe(true);
    expect(await row(outboxId)).toMatchObject({ attempts: 2, last_error: null });
  });
});

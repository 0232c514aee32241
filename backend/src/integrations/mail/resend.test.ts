import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeResend } from '../../../test/fake-resend.js';
import { startFakeResend } from '../../../test/fake-resend.js';
import { createResendTransport, parseRetryAfter, resendFailure } from './resend.js';
import type { MailMessage } from './transport.js';
import { MailDeliveryError } from './transport.js';

let fake: FakeResend;

beforeAll(async () => {
  fake = await startFakeResend();
});
beforeEach(() => fake.reset());
afterAll(() => fake.close());

const message: MailMessage = {
  from: 'TimeMaster <noreply@zeit.example.com>',
  to: 'ann@example.com',
  subject: 'Hallo',
  html: '<p>Hallo</p>',
  text: 'Hallo',
  idempotencyKey: 'test:resend-1',
};

function transport(apiKey = fake.apiKey) {
  return createResendTransport({ apiKey, baseUrl: `${fake.url}/` });
}

async function failureOf(promise: Promise<unknown>): Promise<MailDeliveryError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MailDeliveryError);
  return error as MailDeliveryError;
}

describe('Resend transport', () => {
  it('posts the mail with bearer auth and the idempotency key', async () => {
    const { providerMessageId } = await transport().send(message);
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request?.path).toBe('/emails');
    expect(request?.authorization).toBe(`Bearer ${fake.apiKey}`);
    expect(request?.idempotencyKey).toBe('test:resend-1');
    expect(request?.body).toMatchObject({
      from: message.from,
      to: ['ann@example.com'],
      subject: 'Hallo',
      html: '<p>Hallo</p>',
      text: 'Hallo',
    });
    expect(providerMessageId).toBe(fake.delivered[0]?.id);
  });

  it('gets the same id for the same idempotency key (the fake behaves like Resend)', async () => {
    const first = await transport().send(message);
    const second = await transport().send(message);
    expect(second.providerMessageId).toBe(first.providerMessageId);
    expect(fake.delivered).toHaveLength(1);
  });

  it('429: retryable, with the Retry-After the server sent', async () => {
    fake.script({ status: 429, retryAfter: 3 });
    const error = await failureOf(transport().send(message));
    expect(error.permanent).toBe(false);
    expect(error.retryAfterMs).toBe(3_000);
    expect(error.message).toBe('resend: 429 rate_limit_exceeded');
  });

  it('422: permanent, and the message does not echo the remote body', async () => {
    fake.script(422);
    const error = await failureOf(transport().send(message));
    expect(error.permanent).toBe(true);
    expect(error.message).toBe('resend: 422 validation_error');
    expect(error.message).not.toContain('fake');
  });

  it('500: retryable without a delay', async () => {
    fake.script(500);
    const error = await failureOf(transport().send(message));
    expect(error.permanent).toBe(false);
    expect(error.retryAfterMs).toBeUndefined();
  });

  it('502 with an HTML body from a proxy: retryable', async () => {
    fake.script({ status: 502, body: '<html>Bad gateway</html>' });
    const error = await failureOf(transport().send(message));
    expect(error.permanent).toBe(false);
    expect(error.message).toMatch(/^resend: 502/);
  });

  it('an error body of unknown shape: retryable', async () => {
    fake.script({ status: 503, body: { message: 'upstream down' } });
    const error = await failureOf(transport().send(message));
    expect(error.permanent).toBe(false);
    expect(error.message).toBe('resend: unexpected answer');
  });

  it('a wrong API key: permanent', async () => {
    const error = await failureOf(transport('re_wrong').send(message));
    expect(error.permanent).toBe(true);
    expect(error.message).toBe('resend: 403 invalid_api_key');
  });

  it('no server listening: retryable', async () => {
    const closed = await startFakeResend();
    await closed.close();
    const error = await failureOf(
      createResendTransport({ apiKey: 'x', baseUrl: closed.url }).send(message),
    );
    expect(error.permanent).toBe(false);
    expect(error.message).toBe('resend: no answer application_error');
  });

  it('409 concurrent_idempotent_requests: retryable soon; other 409: permanent', () => {
    const concurrent = resendFailure(
      { statusCode: 409, name: 'concurrent_idempotent_requests', message: '' },
      null,
    );
    expect(concurrent.permanent).toBe(false);
    expect(concurrent.retryAfterMs).toBe(1_000);
    const mismatch = resendFailure(
      { statusCode: 409, name: 'invalid_idempotent_request', message: '' },
      null,
    );
    expect(mismatch.permanent).toBe(true);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2025-01-01T12:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2_000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 12:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

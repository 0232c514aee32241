/**
 * Delivery through Resend's HTTP API with the official SDK. The SDK does not throw: it returns
 * `{ data, error, headers }`, where `error` is Resend's JSON error body (`statusCode`, `name`)
 * or its own `application_error` with `statusCode: null` when no answer came (network, timeout).
 * `headers` holds the response headers, which is where Retry-After comes from on a 429.
 */
import { Resend } from 'resend';
import type { ErrorResponse } from 'resend';
import type { MailTransport } from './transport.js';
import { MailDeliveryError } from './transport.js';

const DEFAULT_BASE_URL = 'https://api.resend.com';

export interface ResendTransportOptions {
  apiKey: string;
  /** Tests point this at a local fake; unset means Resend's API. */
  baseUrl?: string | undefined;
  /** Per request; an answer that takes longer counts as a network failure (retryable). */
  timeoutMs?: number;
}

/** Names Resend answers with, for the rare body that lacks a statusCode. */
const STATUS_BY_NAME: Partial<Record<string, number>> = {
  rate_limit_exceeded: 429,
  daily_quota_exceeded: 429,
  monthly_quota_exceeded: 429,
  concurrent_idempotent_requests: 409,
  invalid_idempotent_request: 409,
  validation_error: 422,
  invalid_from_address: 422,
  invalid_attachment: 422,
  missing_required_field: 422,
  invalid_parameter: 422,
  invalid_idempotency_key: 400,
  missing_api_key: 401,
  invalid_api_key: 403,
  restricted_api_key: 401,
  invalid_access: 403,
  security_error: 451,
  not_found: 404,
  method_not_allowed: 405,
  internal_server_error: 500,
};

/** Retry-After as delay-seconds or HTTP-date (RFC 9110 §10.2.3) → milliseconds from now. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1_000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Resend's answer → a MailDeliveryError that says whether trying again can help. */
export function resendFailure(
  error: Partial<ErrorResponse>,
  headers: Record<string, string> | null,
): MailDeliveryError {
  // The name comes from the remote body: keep it only when it looks like one of Resend's codes.
  const name =
    typeof error.name === 'string' && /^[a-z_]{1,60}$/.test(error.name) ? error.name : '';
  const status =
    typeof error.statusCode === 'number' ? error.statusCode : (STATUS_BY_NAME[name] ?? null);
  // statusCode null: no answer at all (network, timeout); a body without one: unknown shape.
  const what = status ?? (error.statusCode === null ? 'no answer' : 'unexpected answer');
  const label = `resend: ${what}${name ? ` ${name}` : ''}`;
  if (status === null) return new MailDeliveryError(label, { permanent: false });
  if (status === 429) {
    const retryAfterMs =
      parseRetryAfter(headers?.['retry-after']) ?? parseRetryAfter(headers?.['ratelimit-reset']);
    return new MailDeliveryError(label, { permanent: false, retryAfterMs });
  }
  // Another request with this idempotency key is still in flight at Resend: ask again shortly.
  if (status === 409 && name === 'concurrent_idempotent_requests') {
    return new MailDeliveryError(label, { permanent: false, retryAfterMs: 1_000 });
  }
  if (status >= 500 || status === 408) return new MailDeliveryError(label, { permanent: false });
  return new MailDeliveryError(label, { permanent: true });
}

export function createResendTransport(options: ResendTransportOptions): MailTransport {
  // baseUrl is passed explicitly so the SDK never falls back to reading RESEND_BASE_URL itself.
  const client = new Resend(options.apiKey, {
    baseUrl: (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, ''),
  });
  const timeoutMs = options.timeoutMs ?? 20_000;
  return {
    name: 'resend',
    async send(message) {
      const { data, error, headers } = await client.emails.send(
        {
          from: message.from,
          to: [message.to],
          subject: message.subject,
          html: message.html,
          text: message.text,
        },
        { idempotencyKey: message.idempotencyKey, signal: AbortSignal.timeout(timeoutMs) },
      );
      if (error) throw resendFailure(error, headers);
      if (!data?.id) throw new MailDeliveryError('resend: answer without id', { permanent: false });
      return { providerMessageId: data.id };
    },
    async close() {},
  };
}

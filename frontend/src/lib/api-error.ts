/**
 * Errors of the API as one type, and what to tell the user about them.
 *
 * Every refusal of the backend has the body `{ error: { code, message, details? }, requestId }`.
 * The UI shows a translated message chosen by `error.code` (never the raw English text of the
 * server unless it knows no better), plus the request id so that support can find the log line.
 */

/** Error codes the UI has its own words for (see `errors.*` in the translation files). */
export const KNOWN_ERROR_CODES = [
  'VALIDATION_FAILED',
  'INVALID_CREDENTIALS',
  'ACCOUNT_DISABLED',
  'RATE_LIMITED',
  'WEAK_PASSWORD',
  'EMAIL_TAKEN',
  'TOKEN_INVALID',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'INVALID_REFRESH_TOKEN',
  'ORIGIN_NOT_ALLOWED',
  'INTERNAL_ERROR',
  'SERVICE_UNAVAILABLE',
  'PAYLOAD_TOO_LARGE',
  'ALREADY_CLOCKED_IN',
  'NOT_CLOCKED_IN',
  'NOT_ON_BREAK',
  'MONTH_LOCKED',
  'ENTRY_OVERLAP',
  'EDIT_WINDOW_CLOSED',
  'PERIOD_ENDS_BEFORE_START',
  'PERIOD_TOO_LONG',
  'REPORT_EXPORT_EMPTY',
  'REPORT_EXPORT_NOT_READY',
  'REPORT_EXPORT_FAILED',
  'REPORT_EXPORT_EXPIRED',
] as const;

export type KnownErrorCode = (typeof KNOWN_ERROR_CODES)[number];

export function isKnownErrorCode(code: string): code is KnownErrorCode {
  return (KNOWN_ERROR_CODES as readonly string[]).includes(code);
}

/** Keys under `errors.` in de.json / en.json that `describeError` may return. */
export type ErrorMessageKey =
  | KnownErrorCode
  | 'RATE_LIMITED_SECONDS'
  | 'RATE_LIMITED_MINUTES'
  | 'WEAK_PASSWORD_TOO_SHORT'
  | 'WEAK_PASSWORD_TOO_LONG'
  | 'WEAK_PASSWORD_TOO_COMMON'
  | 'EDIT_WINDOW_CLOSED_DAYS'
  | 'network'
  | 'server'
  | 'unknown';

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
  requestId?: string;
}

export function isApiErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== 'object' || body === null) return false;
  const error = (body as { error?: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

/** A refusal (or failure) reported by the API. `code` is 'HTTP_<status>' without an error body. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly requestId: string | null;
  /** From the Retry-After header or `details.retryAfterSeconds` (RATE_LIMITED). */
  readonly retryAfterSeconds: number | null;
  /** Whether the body had the API's error shape (false: proxy error page, empty body …). */
  readonly fromApi: boolean;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    details?: unknown;
    requestId?: string | null;
    retryAfterSeconds?: number | null;
    fromApi: boolean;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.details = init.details;
    this.requestId = init.requestId ?? null;
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
    this.fromApi = init.fromApi;
  }
}

function retryAfterOf(headers: Headers, details: unknown): number | null {
  const fromDetails = (details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  if (typeof fromDetails === 'number' && Number.isFinite(fromDetails) && fromDetails >= 0) {
    return Math.ceil(fromDetails);
  }
  const header = headers.get('retry-after');
  if (header && /^\d+$/.test(header.trim())) return Number(header.trim());
  return null;
}

/** Builds the ApiError for a non-2xx response whose body has already been parsed. */
export function apiErrorFrom(response: Pick<Response, 'status' | 'headers'>, body: unknown) {
  if (isApiErrorBody(body)) {
    return new ApiError({
      status: response.status,
      code: body.error.code,
      message: body.error.message,
      details: body.error.details,
      requestId: body.requestId ?? null,
      retryAfterSeconds: retryAfterOf(response.headers, body.error.details),
      fromApi: true,
    });
  }
  return new ApiError({
    status: response.status,
    code: `HTTP_${response.status}`,
    message: `HTTP ${response.status}`,
    retryAfterSeconds: retryAfterOf(response.headers, undefined),
    fromApi: false,
  });
}

interface ClientResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * Awaits an openapi-fetch call and returns its data, or throws an ApiError for any non-2xx
 * answer. Network failures reject with fetch's TypeError, as before.
 */
export async function unwrap<T>(call: Promise<ClientResult<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  throw apiErrorFrom(response, error);
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

/** fetch rejects with a TypeError when the server cannot be reached at all. */
export function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError;
}

export interface ErrorDescription {
  /** Translation key below `errors.`, or null when only the server's own text is available. */
  key: ErrorMessageKey | null;
  values: Record<string, number>;
  /** The server's message: shown when the UI has no words of its own for the code. */
  serverMessage: string | null;
  requestId: string | null;
}

/**
 * What to tell the user about an error, as a translation key plus values. Pure, so that it can be
 * tested without i18n; `useErrorMessage` (src/lib/use-error-message.ts) turns it into text.
 */
export function describeError(error: unknown): ErrorDescription {
  const result = (
    key: ErrorMessageKey | null,
    values: Record<string, number> = {},
    serverMessage: string | null = null,
    requestId: string | null = null,
  ): ErrorDescription => ({ key, values, serverMessage, requestId });

  if (isNetworkError(error)) return result('network');
  if (!(error instanceof ApiError)) return result('unknown');
  const { requestId } = error;

  if (!error.fromApi) {
    if (error.status === 429) return result('RATE_LIMITED', {}, null, requestId);
    return result(error.status >= 500 ? 'server' : 'unknown', {}, null, requestId);
  }

  switch (error.code) {
    case 'RATE_LIMITED': {
      const seconds = error.retryAfterSeconds;
      if (seconds === null || seconds <= 0) return result('RATE_LIMITED', {}, null, requestId);
      if (seconds < 90) return result('RATE_LIMITED_SECONDS', { seconds }, null, requestId);
      return result('RATE_LIMITED_MINUTES', { minutes: Math.ceil(seconds / 60) }, null, requestId);
    }
    case 'WEAK_PASSWORD': {
      const reason = (error.details as { reason?: unknown } | undefined)?.reason;
      if (reason === 'TOO_SHORT' || reason === 'TOO_LONG' || reason === 'TOO_COMMON') {
        return result(`WEAK_PASSWORD_${reason}`, {}, null, requestId);
      }
      return result('WEAK_PASSWORD', {}, null, requestId);
    }
    case 'EDIT_WINDOW_CLOSED': {
      const days = (error.details as { editWindowDays?: unknown } | undefined)?.editWindowDays;
      if (typeof days === 'number') {
        return result('EDIT_WINDOW_CLOSED_DAYS', { days }, null, requestId);
      }
      return result('EDIT_WINDOW_CLOSED', {}, null, requestId);
    }
    default:
      if (isKnownErrorCode(error.code)) return result(error.code, {}, null, requestId);
      // A code this version of the UI does not know yet: the server's text is the best we have.
      return result(null, {}, error.message, requestId);
  }
}

/**
 * The request fields a VALIDATION_FAILED error names, without the location prefix:
 * `body.email` → `email`, `body.firstAdmin.email` → `firstAdmin.email`.
 */
export function invalidFields(error: unknown): string[] {
  if (!isApiError(error, 'VALIDATION_FAILED')) return [];
  const fields = (error.details as { fields?: unknown } | undefined)?.fields;
  if (!Array.isArray(fields)) return [];
  const names = fields
    .map((f) => (f as { field?: unknown }).field)
    .filter((f): f is string => typeof f === 'string')
    .map((f) => f.replace(/^(body|query|params|querystring)\./, ''));
  return [...new Set(names)];
}

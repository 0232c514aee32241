import { describe, expect, it } from 'vitest';
import de from '../i18n/de.json';
import en from '../i18n/en.json';
import {
  ApiError,
  KNOWN_ERROR_CODES,
  apiErrorFrom,
  describeError,
  invalidFields,
  unwrap,
  type ErrorMessageKey,
} from './api-error';

function response(status: number, headers: Record<string, string> = {}) {
  return { status, headers: new Headers(headers) };
}

function body(code: string, details?: unknown, message = `server says ${code}`) {
  return {
    error: { code, message, ...(details === undefined ? {} : { details }) },
    requestId: 'req-7',
  };
}

const fromApi = (status: number, code: string, details?: unknown, headers = {}) =>
  apiErrorFrom(response(status, headers), body(code, details));

describe('apiErrorFrom', () => {
  it('reads code, message, details and request id of an API error body', () => {
    const error = fromApi(409, 'EMAIL_TAKEN');
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 409,
      code: 'EMAIL_TAKEN',
      message: 'server says EMAIL_TAKEN',
      requestId: 'req-7',
      fromApi: true,
    });
  });

  it('takes Retry-After from the details or the header', () => {
    expect(fromApi(429, 'RATE_LIMITED', { retryAfterSeconds: 12.2 }).retryAfterSeconds).toBe(13);
    expect(fromApi(429, 'RATE_LIMITED', undefined, { 'retry-after': '30' }).retryAfterSeconds).toBe(
      30,
    );
    expect(fromApi(429, 'RATE_LIMITED').retryAfterSeconds).toBeNull();
  });

  it('copes with bodies that are not ours (proxy error pages)', () => {
    const error = apiErrorFrom(response(502), '<html>Bad Gateway</html>');
    expect(error).toMatchObject({ status: 502, code: 'HTTP_502', fromApi: false });
  });
});

describe('unwrap', () => {
  it('returns data of a 2xx answer and throws an ApiError otherwise', async () => {
    const ok = new Response(null, { status: 200 });
    await expect(unwrap(Promise.resolve({ data: { a: 1 }, response: ok }))).resolves.toEqual({
      a: 1,
    });
    const refused = new Response(null, { status: 403 });
    await expect(
      unwrap(Promise.resolve({ error: body('FORBIDDEN'), response: refused })),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
  });
});

describe('describeError', () => {
  it('maps every known code to its own message key', () => {
    for (const code of KNOWN_ERROR_CODES.filter(
      (c) => c !== 'RATE_LIMITED' && c !== 'WEAK_PASSWORD',
    )) {
      expect(describeError(fromApi(400, code)).key, code).toBe(code);
    }
  });

  it('says how many days back one may edit when the edit window is closed', () => {
    expect(describeError(fromApi(403, 'EDIT_WINDOW_CLOSED', { editWindowDays: 14 }))).toMatchObject(
      { key: 'EDIT_WINDOW_CLOSED_DAYS', values: { days: 14 } },
    );
  });

  it('says how long to wait when rate limited', () => {
    expect(describeError(fromApi(429, 'RATE_LIMITED', { retryAfterSeconds: 42 }))).toMatchObject({
      key: 'RATE_LIMITED_SECONDS',
      values: { seconds: 42 },
    });
    expect(describeError(fromApi(429, 'RATE_LIMITED', { retryAfterSeconds: 600 }))).toMatchObject({
      key: 'RATE_LIMITED_MINUTES',
      values: { minutes: 10 },
    });
    expect(describeError(fromApi(429, 'RATE_LIMITED')).key).toBe('RATE_LIMITED');
  });

  it('explains why a password was refused', () => {
    for (const reason of ['TOO_SHORT', 'TOO_LONG', 'TOO_COMMON']) {
      expect(describeError(fromApi(400, 'WEAK_PASSWORD', { reason })).key).toBe(
        `WEAK_PASSWORD_${reason}`,
      );
    }
    expect(describeError(fromApi(400, 'WEAK_PASSWORD')).key).toBe('WEAK_PASSWORD');
  });

  it('falls back to the server message for codes the UI does not know', () => {
    expect(describeError(fromApi(400, 'SOMETHING_NEW'))).toEqual({
      key: null,
      values: {},
      serverMessage: 'server says SOMETHING_NEW',
      requestId: 'req-7',
    });
  });

  it('recognises network failures, foreign error pages and anything else', () => {
    expect(describeError(new TypeError('Failed to fetch')).key).toBe('network');
    expect(describeError(apiErrorFrom(response(502), 'Bad Gateway')).key).toBe('server');
    expect(describeError(apiErrorFrom(response(429), '')).key).toBe('RATE_LIMITED');
    expect(describeError(new Error('boom')).key).toBe('unknown');
    expect(describeError(undefined).key).toBe('unknown');
  });

  it('only ever returns keys that exist in both languages', () => {
    const keys: ErrorMessageKey[] = [
      ...KNOWN_ERROR_CODES,
      'RATE_LIMITED_SECONDS',
      'RATE_LIMITED_MINUTES',
      'WEAK_PASSWORD_TOO_SHORT',
      'WEAK_PASSWORD_TOO_LONG',
      'WEAK_PASSWORD_TOO_COMMON',
      'EDIT_WINDOW_CLOSED_DAYS',
      'network',
      'server',
      'unknown',
    ];
    for (const key of keys) {
      expect((de.errors as Record<string, string>)[key], `de errors.${key}`).toBeTruthy();
      expect((en.errors as Record<string, string>)[key], `en errors.${key}`).toBeTruthy();
    }
  });
});

describe('invalidFields', () => {
  it('lists the fields of a VALIDATION_FAILED error without the location prefix', () => {
    const error = fromApi(400, 'VALIDATION_FAILED', {
      fields: [
        { field: 'body.email', message: 'must be an e-mail address' },
        { field: 'body.firstAdmin.name', message: 'too short' },
        { field: 'body.email', message: 'again' },
        { field: 'query.status', message: 'x' },
      ],
    });
    expect(invalidFields(error)).toEqual(['email', 'firstAdmin.name', 'status']);
  });

  it('is empty for other errors and malformed details', () => {
    expect(invalidFields(fromApi(409, 'CONFLICT'))).toEqual([]);
    expect(invalidFields(fromApi(400, 'VALIDATION_FAILED', { fields: 'nope' }))).toEqual([]);
    expect(invalidFields(new Error('x'))).toEqual([]);
  });
});

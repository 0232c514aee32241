/**
 * A local HTTP server speaking the part of Resend's API the app uses: `POST /emails` with
 * `Authorization: Bearer <key>`, a JSON body and an `Idempotency-Key` header, answering
 * `{ "id": "…" }`. Each answer can be scripted (`fake.script(429, 200)`); unscripted requests
 * succeed. Like Resend, a key that succeeded once answers with the same id again.
 *
 *   const fake = await startFakeResend();
 *   const config = testConfig({ MAIL_TRANSPORT: 'resend', ...fake.env });
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeResendRequest {
  method: string;
  path: string;
  /** Date.now() when the request arrived. */
  at: number;
  authorization: string | undefined;
  idempotencyKey: string | undefined;
  /** The parsed JSON body (or the raw text when it was not JSON). */
  body: unknown;
  /** The HTTP status it was answered with. */
  status: number;
}

/**
 * 200: accepted · 429: rate limited with `retry-after` (1 s unless given) · 422: validation
 * error · 500: internal error · or any status with a body and headers of your own.
 */
export type FakeResendReply =
  | 200
  | 429
  | 422
  | 500
  | { status: 429; retryAfter: number | string }
  | { status: number; body?: unknown; headers?: Record<string, string> };

export interface FakeResend {
  url: string;
  apiKey: string;
  /** RESEND_API_KEY and RESEND_BASE_URL for testConfig(). */
  env: { RESEND_API_KEY: string; RESEND_BASE_URL: string };
  requests: FakeResendRequest[];
  /** Mails accepted, one per idempotency key (what real recipients would receive). */
  delivered: { id: string; idempotencyKey: string | undefined; body: unknown }[];
  /** Queues the answers to the next requests, in order. */
  script(...replies: FakeResendReply[]): void;
  /** Resolves once at least `count` requests arrived. */
  waitForRequests(count: number, timeoutMs?: number): Promise<FakeResendRequest[]>;
  reset(): void;
  close(): Promise<void>;
}

function errorBody(statusCode: number, name: string, message: string) {
  return { statusCode, name, message };
}

function resolveReply(reply: FakeResendReply): {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
} {
  if (reply === 200) return { status: 200 };
  if (reply === 429) return resolveReply({ status: 429, retryAfter: 1 });
  if (reply === 422) {
    return {
      status: 422,
      body: errorBody(422, 'validation_error', 'Invalid `to` field. (fake)'),
    };
  }
  if (reply === 500) {
    return {
      status: 500,
      body: errorBody(500, 'internal_server_error', 'An unexpected error occurred. (fake)'),
    };
  }
  if ('retryAfter' in reply) {
    return {
      status: 429,
      headers: { 'retry-after': String(reply.retryAfter) },
      body: errorBody(429, 'rate_limit_exceeded', 'Too many requests. (fake)'),
    };
  }
  return reply;
}

export async function startFakeResend(options: { apiKey?: string } = {}): Promise<FakeResend> {
  const apiKey = options.apiKey ?? `re_test_${randomUUID().slice(0, 8)}`;
  const requests: FakeResendRequest[] = [];
  const delivered: FakeResend['delivered'] = [];
  const idsByKey = new Map<string, string>();
  let queue: FakeResendReply[] = [];
  const waiters = new Set<() => void>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = raw;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        // keep the raw text
      }
      const header = (name: string) => {
        const value = req.headers[name];
        return Array.isArray(value) ? value[0] : value;
      };
      const record: FakeResendRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        at: Date.now(),
        authorization: header('authorization'),
        idempotencyKey: header('idempotency-key'),
        body,
        status: 0,
      };
      const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        record.status = status;
        requests.push(record);
        // A string body goes out as it is (like a proxy's HTML error page), anything else as JSON.
        const text = typeof payload === 'string';
        res.writeHead(status, {
          'content-type': text ? 'text/html' : 'application/json',
          ...headers,
        });
        res.end(text ? payload : JSON.stringify(payload));
        for (const wake of waiters) wake();
      };

      if (req.method !== 'POST' || req.url !== '/emails') {
        return answer(404, errorBody(404, 'not_found', 'The requested endpoint does not exist.'));
      }
      if (!record.authorization) {
        return answer(401, errorBody(401, 'missing_api_key', 'Missing API key in the header.'));
      }
      if (record.authorization !== `Bearer ${apiKey}`) {
        return answer(403, errorBody(403, 'invalid_api_key', 'API key is invalid.'));
      }
      const scripted = queue.shift();
      const reply = resolveReply(scripted ?? 200);
      if (reply.status !== 200) {
        return answer(reply.status, reply.body ?? {}, reply.headers);
      }
      const key = record.idempotencyKey;
      let id = key ? idsByKey.get(key) : undefined;
      if (!id) {
        id = randomUUID();
        if (key) idsByKey.set(key, id);
        delivered.push({ id, idempotencyKey: key, body });
      }
      return answer(200, reply.body ?? { id }, reply.headers);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    apiKey,
    env: { RESEND_API_KEY: apiKey, RESEND_BASE_URL: url },
    requests,
    delivered,
    script: (...replies) => {
      queue.push(...replies);
    },
    waitForRequests: (count, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (requests.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(requests.slice());
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`fake Resend: ${requests.length} of ${count} requests arrived`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    reset: () => {
      requests.length = 0;
      delivered.length = 0;
      idsByKey.clear();
      queue = [];
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * The benchmark scenarios, declared as data. `bench/run.mjs` measures each one against the bare
 * Fastify baseline (`GET /baseline` of bench/baseline-server.mjs) and fails when
 * scenario req/s ÷ baseline req/s falls below `minRatio`.
 *
 * Adding an authenticated scenario: give it a `setup(ctx)` that signs in (with `fetch` against
 * `ctx.baseUrl`, or by seeding rows through `ctx.databaseUrl`) and returns the headers every
 * request needs, e.g. `{ headers: { authorization: `Bearer ${token}` } }`. setup runs once per
 * scenario, after both servers are ready and before the warm-up.
 */

/**
 * @typedef {object} SetupContext
 * @property {string} baseUrl The app under test, e.g. `http://127.0.0.1:40123` (no trailing slash).
 * @property {string} databaseUrl The app's (throw-away) bench database.
 * @property {AbortSignal} signal Aborted on Ctrl-C: pass it to fetch and friends.
 */

/**
 * @typedef {() => { headers?: Record<string, string>, body?: object }} RequestVariant
 */

/**
 * @typedef {object} SetupResult
 * @property {Record<string, string>} [headers] Sent with every request, over `Scenario.headers`.
 * @property {RequestVariant} [variant] Called for every request; its headers go on top and its
 *   body (sent as JSON) replaces the scenario's.
 */

/**
 * @typedef {object} Scenario
 * @property {string} name Short identifier (letters, digits, `-`, `_`), used in the table and JSON.
 * @property {'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} method
 * @property {string} path Request path including any query string; starts with `/`.
 * @property {Record<string, string>} [headers]
 * @property {string | object} [body] A string is sent as is; anything else as JSON
 *   (with `content-type: application/json` unless a header says otherwise).
 * @property {string} [expectBody] When set, every response body must equal it exactly (a
 *   different body counts as a failed request, like a non-2xx answer).
 * @property {number} minRatio Lowest acceptable scenario req/s ÷ baseline req/s.
 * @property {(ctx: SetupContext) => Promise<SetupResult | void> | SetupResult | void} [setup]
 */

import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const backendRequire = createRequire(
  path.join(path.dirname(fileURLToPath(import.meta.url)), '../backend/package.json'),
);
/** @type {typeof import('pg')} */
const pg = backendRequire('pg');
/** @type {typeof import('@node-rs/argon2')} */
const argon2 = backendRequire('@node-rs/argon2');

const PASSWORD = 'bench-passwort-lang-genug';
/** The app's Argon2id parameters (backend/src/modules/auth/passwords.ts). */
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/**
 * A company with `count` active employees sharing one password; their e-mail addresses.
 * @param {string} databaseUrl
 * @param {number} count
 */
async function seedAccounts(databaseUrl, count) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const hash = await argon2.hash(PASSWORD, ARGON2);
    const run = `${process.pid}-${Date.now()}`;
    const { rows } = await client.query(
      `INSERT INTO tenants (name, holiday_region) VALUES ($1, 'DE-BY') RETURNING id`,
      [`Bench ${run}`],
    );
    const emails = Array.from({ length: count }, (_, i) => `bench-${run}-${i}@example.com`);
    await client.query(
      `INSERT INTO users (tenant_id, email, name, role, status, password_hash)
       SELECT $1, email, 'Bench', 'employee', 'active', $2 FROM unnest($3::text[]) AS email`,
      [rows[0].id, hash, emails],
    );
    return emails;
  } finally {
    await client.end();
  }
}

/** A client address behind the (trusted, loopback) proxy, so per-IP limits see many clients. */
function randomClientIp() {
  return `10.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 254)}`;
}

/** @type {Scenario[]} */
export const scenarios = [
  {
    // One PostgreSQL round trip (SELECT 1) and one Redis PING per request: it cannot match a
    // route without I/O. Measured 0.23–0.31 on a 2-core machine (app, PostgreSQL, Redis and
    // autocannon sharing both cores); 0.2 is a first floor, to be raised once more runs on a
    // quiet machine show the spread.
    name: 'health',
    method: 'GET',
    path: '/health',
    expectBody: '{"status":"ok","database":"ok","redis":"ok"}',
    minRatio: 0.2,
  },
  {
    // The profile of a signed-in user: JWT check, the cached auth state (Redis) and one
    // PostgreSQL query. Issue target: ≥ 40 % of the baseline.
    name: 'me',
    method: 'GET',
    path: '/api/v1/me',
    minRatio: 0.4,
    async setup(ctx) {
      const [email] = await seedAccounts(ctx.databaseUrl, 1);
      const res = await fetch(`${ctx.baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': randomClientIp() },
        body: JSON.stringify({ email, password: PASSWORD }),
        signal: ctx.signal,
      });
      if (!res.ok)
        throw new Error(`sign-in for the bench answered ${res.status}: ${await res.text()}`);
      const { accessToken } = /** @type {{ accessToken: string }} */ (await res.json());
      return { headers: { authorization: `Bearer ${accessToken}` } };
    },
  },
  {
    // Deliberately slow: one Argon2id verification (19 MiB, t = 2) per request, which is the
    // point of it. Recorded, not a target; the floor only catches a collapse. Requests rotate
    // over many accounts and client addresses so the login rate limits stay out of the way.
    name: 'login',
    method: 'POST',
    path: '/api/v1/auth/login',
    headers: { 'content-type': 'application/json' },
    minRatio: 0.0002,
    async setup(ctx) {
      const emails = await seedAccounts(ctx.databaseUrl, 400);
      let next = 0;
      return {
        variant: () => ({
          headers: { 'x-forwarded-for': randomClientIp() },
          body: { email: emails[next++ % emails.length], password: PASSWORD },
        }),
      };
    },
  },
];

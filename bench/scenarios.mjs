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
 * @typedef {object} SetupResult
 * @property {Record<string, string>} [headers] Sent with every request, over `Scenario.headers`.
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
];

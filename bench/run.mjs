#!/usr/bin/env node
/**
 * TimeMaster HTTP benchmark (`npm run bench`).
 *
 * 1. creates a throw-away database `tm_bench_<pid>` and migrates it (backend/dist/db/cli.js),
 * 2. starts the built app (backend/dist/main.js, production mode) and the bare Fastify baseline
 *    (bench/baseline-server.mjs), both with BENCH_WORKERS cluster workers on free ports,
 * 3. per scenario of bench/scenarios.mjs: setup, one checked request, a warm-up of each target,
 *    then BENCH_ROUNDS rounds of baseline and scenario alternately (autocannon); a timing
 *    scenario (kind 'timing', not HTTP) instead times two pieces of work in this process
 *    alternately and compares their medians,
 * 4. prints a table (stdout; progress goes to stderr), writes bench/results/latest.json,
 * 5. always stops both servers and drops the database, also on failure and Ctrl-C.
 *
 * Exit status: 0 all scenarios passed, 1 a request failed / a ratio is below its minRatio (above
 * its maxRatio for timing scenarios) / the
 * run broke, 2 bad BENCH_* settings or scenario declarations, 130 (143) interrupted by SIGINT
 * (SIGTERM).
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { scenarios as declaredScenarios } from './scenarios.mjs';

/** @typedef {import('./scenarios.mjs').Scenario} Scenario */
/** @typedef {import('./scenarios.mjs').TimingScenario} TimingScenario */

// autocannon ships no types: load it through require and describe the part used here
// (CannonOptions, CannonResult below) instead of adding @types/autocannon.
/**
 * @type {(
 *   options: CannonOptions,
 *   done: (error: Error | null, result: CannonResult) => void,
 * ) => CannonInstance}
 */
const autocannon = createRequire(import.meta.url)('autocannon');

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const rootDir = path.resolve(benchDir, '..');
const appEntry = path.join(rootDir, 'backend/dist/main.js');
const migrateCli = path.join(rootDir, 'backend/dist/db/cli.js');
const baselineEntry = path.join(benchDir, 'baseline-server.mjs');
const resultFile = path.join(benchDir, 'results/latest.json');

// pg is a backend dependency: resolve it from there, wherever npm placed it.
const backendRequire = createRequire(path.join(rootDir, 'backend/package.json'));
/** @type {typeof import('pg')} */
const pg = backendRequire('pg');
/** @type {typeof import('ioredis').Redis} */
const Redis = backendRequire('ioredis').Redis;

const HOST = '127.0.0.1';
const BASELINE_PATH = '/baseline';
const BASELINE_BODY = '{"status":"ok"}';
/**
 * How long a server may take from spawn to its first good answer. 30 s was too little for the
 * app's workers on a 2-core machine shared with other work (load average 15, 28 Nov 2026).
 */
const READY_TIMEOUT_MS = 90_000;
/** Rounds of one target further apart than this (relative to their median) get a note. */
const NOISY_SPREAD = 0.15;
/** After SIGTERM; the app's own shutdown deadline is 9.5 s. */
const STOP_TIMEOUT_MS = 15_000;

// ---------------------------------------------------------------------------------------------
// Types

/**
 * @typedef {object} Settings
 * @property {number} duration Seconds per measured round.
 * @property {number} rounds
 * @property {number} warmup Seconds of warm-up per target and scenario (0: none).
 * @property {number} connections
 * @property {number} reconnectRate Requests per connection before it reconnects (0: never).
 * @property {number} workers HTTP workers of each server.
 * @property {string} adminUrl PostgreSQL URL used to create and drop the bench database.
 * @property {string} redisUrl
 * @property {string[] | null} only Scenario names from BENCH_SCENARIOS, or null for all.
 */

/**
 * One autocannon target.
 * @typedef {object} Target
 * @property {string} url
 * @property {string} method
 * @property {Record<string, string>} headers
 * @property {string | undefined} body
 * @property {string | undefined} expectBody
 * @property {RequestVariant | undefined} [variant] Varies each request (see SetupResult).
 */

/** @typedef {import('./scenarios.mjs').RequestVariant} RequestVariant */

/**
 * The autocannon options used here.
 * @typedef {object} CannonOptions
 * @property {string} url
 * @property {string} method
 * @property {Record<string, string>} headers
 * @property {string | undefined} body
 * @property {string | undefined} expectBody Responses with another body count as mismatches.
 * @property {number} connections
 * @property {number} duration Seconds.
 * @property {number | undefined} reconnectRate Requests per connection before reconnecting.
 * @property {{ setupRequest: (req: { headers?: Record<string, string>, body?: string }) => object }[]} [requests]
 */

/**
 * @typedef {object} CannonInstance
 * @property {() => void} stop
 * @property {(
 *   event: 'response',
 *   listener: (client: unknown, statusCode: number, bytes: number, ms: number) => void,
 * ) => void} on
 */

/**
 * The parts of an autocannon result read here. Its latency histogram has 1 ms resolution, too
 * coarse for sub-millisecond answers: latencies are collected from 'response' events instead.
 * @typedef {object} CannonResult
 * @property {{ mean: number, total: number }} requests Per-second samples; total = completed.
 * @property {number} duration
 * @property {number} errors Connection errors, timeouts included.
 * @property {number} timeouts
 * @property {number} mismatches Bodies different from expectBody.
 * @property {number} non2xx
 * @property {Record<string, { count: number }>} statusCodeStats
 */

/**
 * @typedef {object} RunStats
 * @property {number} reqPerSec Mean of autocannon's per-second samples.
 * @property {number} requests Completed requests.
 * @property {number} seconds
 * @property {number} p50 Latency, ms (exact, from every response).
 * @property {number} p99
 * @property {number} latencyMean
 * @property {number} latencyMax
 * @property {number} non2xx
 * @property {number} errors
 * @property {number} timeouts
 * @property {number} mismatches
 * @property {Record<string, number>} statusCodes
 */

/**
 * @typedef {object} TargetSummary
 * @property {string} label
 * @property {string} method
 * @property {string} url
 * @property {RunStats | null} warmup
 * @property {RunStats[]} rounds
 * @property {{ reqPerSec: number, p50: number, p99: number }} median Over the rounds.
 * @property {{ non2xx: number, errors: number, timeouts: number, mismatches: number }} failures
 *   Summed over warm-up and rounds.
 */

/**
 * @typedef {object} ScenarioResult
 * @property {string} name
 * @property {string} method
 * @property {string} path
 * @property {number} minRatio
 * @property {number | null} ratio Median scenario req/s ÷ median baseline req/s.
 * @property {boolean} passed
 * @property {string[]} problems
 * @property {TargetSummary | null} baseline
 * @property {TargetSummary | null} scenario
 */

/**
 * @typedef {object} TimedSummary
 * @property {string} label
 * @property {number[]} runsMs Every timed run, in order.
 * @property {number} medianMs
 */

/**
 * @typedef {object} TimingResult
 * @property {string} name
 * @property {'timing'} kind
 * @property {number} maxRatio
 * @property {number} [maxMs] The subject's limit in milliseconds, when the scenario has one.
 * @property {number | null} ratio Median subject time ÷ median baseline time.
 * @property {boolean} passed
 * @property {string[]} problems
 * @property {TimedSummary | null} baseline
 * @property {TimedSummary | null} subject
 */

/**
 * @typedef {object} Server
 * @property {string} name
 * @property {string} baseUrl
 * @property {import('node:child_process').ChildProcess} child
 * @property {Promise<{ code: number | null, signal: NodeJS.Signals | null }>} exited
 * @property {() => boolean} hasExited
 * @property {() => string} recentOutput
 */

class Interrupted extends Error {
  /** @param {NodeJS.Signals} signal */
  constructor(signal) {
    super(`interrupted by ${signal}`);
    this.name = 'Interrupted';
    this.exitCode = signal === 'SIGTERM' ? 143 : 130;
  }
}

/** A failure with a clear cause: reported by its message alone (exit 1). */
class BenchError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'BenchError';
  }
}

/** Bad BENCH_* variable or scenario declaration (exit 2). */
class SettingsError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'SettingsError';
  }
}

// ---------------------------------------------------------------------------------------------
// Settings and small helpers

/**
 * @param {string} name
 * @param {number} fallback
 * @param {{ min: number, integer?: boolean }} rule
 */
function numberFromEnv(name, fallback, rule) {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < rule.min || (rule.integer && !Number.isInteger(value))) {
    const kind = rule.integer ? 'an integer' : 'a number';
    throw new SettingsError(`${name} must be ${kind} ≥ ${rule.min} (got ${JSON.stringify(raw)})`);
  }
  return value;
}

/** @returns {Settings} */
function readSettings() {
  const only = process.env.BENCH_SCENARIOS?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    duration: numberFromEnv('BENCH_DURATION', 5, { min: 1 }),
    rounds: numberFromEnv('BENCH_ROUNDS', 2, { min: 1, integer: true }),
    warmup: numberFromEnv('BENCH_WARMUP', 2, { min: 0 }),
    connections: numberFromEnv('BENCH_CONNECTIONS', 20, { min: 1, integer: true }),
    reconnectRate: numberFromEnv('BENCH_RECONNECT_RATE', 200, { min: 0, integer: true }),
    workers: numberFromEnv('BENCH_WORKERS', 2, { min: 1, integer: true }),
    adminUrl: process.env.BENCH_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres',
    redisUrl: process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379/14',
    only: only && only.length > 0 ? only : null,
  };
}

/**
 * Checks the declarations and applies BENCH_SCENARIOS.
 * @param {(Scenario | TimingScenario)[]} all
 * @param {string[] | null} only
 */
function selectScenarios(all, only) {
  const names = new Set();
  for (const s of all) {
    if (!/^[\w-]+$/.test(s.name))
      throw new SettingsError(`scenario name "${s.name}" is not [A-Za-z0-9_-]+`);
    if (names.has(s.name)) throw new SettingsError(`scenario "${s.name}" is declared twice`);
    names.add(s.name);
    if (s.kind === 'timing') {
      if (!(typeof s.maxRatio === 'number' && s.maxRatio > 0)) {
        throw new SettingsError(`scenario "${s.name}": maxRatio must be a number > 0`);
      }
      if (s.maxMs !== undefined && !(typeof s.maxMs === 'number' && s.maxMs > 0)) {
        throw new SettingsError(`scenario "${s.name}": maxMs must be a number > 0`);
      }
      continue;
    }
    if (!s.path.startsWith('/'))
      throw new SettingsError(`scenario "${s.name}": path must start with /`);
    if (!(typeof s.minRatio === 'number' && s.minRatio > 0)) {
      throw new SettingsError(`scenario "${s.name}": minRatio must be a number > 0`);
    }
  }
  if (!only) return all;
  const unknown = only.filter((name) => !names.has(name));
  if (unknown.length > 0) {
    throw new SettingsError(
      `BENCH_SCENARIOS names unknown scenarios: ${unknown.join(', ')} (known: ${[...names].join(', ')})`,
    );
  }
  return all.filter((s) => only.includes(s.name));
}

/** @param {string} message */
function progress(message) {
  process.stderr.write(`bench: ${message}\n`);
}

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return NaN;
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

/** Milliseconds to microseconds, for readable JSON. @param {number} value */
function round3(value) {
  return Math.round(value * 1000) / 1000;
}

/** A port nobody listens on right now. */
async function freePort() {
  const server = createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, () => resolve(undefined));
  });
  const address = server.address();
  await new Promise((resolve) => server.close(() => resolve(undefined)));
  if (address === null || typeof address === 'string')
    throw new Error('could not find a free port');
  return address.port;
}

/** @param {string} url */
function redact(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

// ---------------------------------------------------------------------------------------------
// Database

/**
 * @template T
 * @param {string} url
 * @param {(client: import('pg').Client) => Promise<T>} use
 * @returns {Promise<T>}
 */
async function withClient(url, use) {
  const client = new pg.Client({ connectionString: url, application_name: 'timemaster-bench' });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/**
 * @param {string} adminUrl
 * @param {string} name
 */
function databaseUrlFor(adminUrl, name) {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

// ---------------------------------------------------------------------------------------------
// Servers

/**
 * Servers still running. Normally stopped (and awaited) by main's cleanup; this is the last
 * resort when the script exits without it (a second Ctrl-C, a crash): no orphaned servers.
 * @type {Set<import('node:child_process').ChildProcess>}
 */
const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGTERM');
});

/**
 * Spawns a Node server and forwards its output to stderr, prefixed with its name.
 * @param {string} name
 * @param {string} entry
 * @param {NodeJS.ProcessEnv} env
 * @param {number} port
 * @returns {Server}
 */
function spawnServer(name, entry, env, port) {
  const child = spawn(process.execPath, [entry], {
    cwd: rootDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  /** @type {string[]} */
  const recent = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      recent.push(line);
      if (recent.length > 30) recent.shift();
      process.stderr.write(`[${name}] ${line}\n`);
    });
  }
  let done = false;
  /** @type {Server['exited']} */
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      done = true;
      running.delete(child);
      resolve({ code, signal });
    });
    child.once('error', (error) => {
      done = true;
      running.delete(child);
      process.stderr.write(`[${name}] could not start: ${error.message}\n`);
      resolve({ code: null, signal: null });
    });
  });
  return {
    name,
    baseUrl: `http://${HOST}:${port}`,
    child,
    exited,
    hasExited: () => done,
    recentOutput: () => recent.join('\n'),
  };
}

/**
 * Polls `readyPath` until it answers 2xx. Under the cluster model the first worker to listen
 * already answers; the warm-up before every measurement gives the others time to join.
 * @param {Server} server
 * @param {string} readyPath
 * @param {AbortSignal} signal
 */
async function waitUntilReady(server, readyPath, signal) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer yet';
  for (;;) {
    signal.throwIfAborted();
    if (server.hasExited()) {
      const { code, signal: sig } = await server.exited;
      throw new BenchError(
        `${server.name} exited (${sig ?? code}) before it was ready; its last output:\n${server.recentOutput()}`,
      );
    }
    try {
      const res = await fetch(server.baseUrl + readyPath, {
        signal: AbortSignal.any([signal, AbortSignal.timeout(2_000)]),
      });
      const text = await res.text();
      if (res.ok) return;
      last = `${res.status} ${text.slice(0, 200)}`;
    } catch (error) {
      signal.throwIfAborted();
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) {
      throw new BenchError(
        `${server.name} not ready after ${READY_TIMEOUT_MS / 1000} s (GET ${readyPath}: ${last}); its last output:\n${server.recentOutput()}`,
      );
    }
    await sleep(100, undefined, { signal });
  }
}

/**
 * SIGTERM, then SIGKILL if it has not exited in time.
 * @param {Server} server
 * @returns {Promise<string | null>} A problem to report, or null when it exited 0.
 */
async function stopServer(server) {
  if (!server.hasExited()) server.child.kill('SIGTERM');
  const timer = setTimeout(() => {
    process.stderr.write(
      `bench: ${server.name} still running ${STOP_TIMEOUT_MS / 1000} s after SIGTERM; SIGKILL\n`,
    );
    server.child.kill('SIGKILL');
  }, STOP_TIMEOUT_MS);
  const { code, signal } = await server.exited;
  clearTimeout(timer);
  return code === 0 ? null : `${server.name} exited with ${signal ?? code} when stopped`;
}

// ---------------------------------------------------------------------------------------------
// Load

/**
 * @param {Target} target
 * @param {{ connections: number, duration: number, reconnectRate: number }} load
 * @param {AbortSignal} signal
 * @returns {Promise<RunStats>}
 */
function runLoad(target, load, signal) {
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const onAbort = () => instance.stop();
    const instance = autocannon(
      {
        url: target.url,
        method: target.method,
        headers: target.headers,
        body: target.body,
        expectBody: target.expectBody,
        connections: load.connections,
        duration: load.duration,
        reconnectRate: load.reconnectRate > 0 ? load.reconnectRate : undefined,
        // A scenario that varies its requests (other accounts, other client IPs) per request.
        ...(target.variant
          ? { requests: [{ setupRequest: (req) => ({ ...req, ...nextRequest(target) }) }] }
          : {}),
      },
      (error, result) => {
        signal.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else if (signal.aborted) reject(signal.reason);
        else resolve(statsOf(result, latencies));
      },
    );
    /** @type {number[]} */
    const latencies = [];
    instance.on('response', (_client, _status, _bytes, ms) => {
      latencies.push(ms);
    });
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * @param {CannonResult} r
 * @param {number[]} latencies Every response's latency in ms.
 * @returns {RunStats}
 */
function statsOf(r, latencies) {
  const sorted = Float64Array.from(latencies).sort();
  /** Nearest-rank percentile. @param {number} p */
  const percentile = (p) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
  const total = sorted.reduce((a, b) => a + b, 0);
  return {
    reqPerSec: round3(r.requests.mean),
    requests: r.requests.total,
    seconds: r.duration,
    p50: round3(percentile(50)),
    p99: round3(percentile(99)),
    latencyMean: round3(sorted.length > 0 ? total / sorted.length : NaN),
    latencyMax: round3(sorted.length > 0 ? (sorted[sorted.length - 1] ?? NaN) : NaN),
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    mismatches: r.mismatches,
    statusCodes: Object.fromEntries(
      Object.entries(r.statusCodeStats).map(([code, { count }]) => [code, Number(count)]),
    ),
  };
}

/**
 * @param {string} label
 * @param {Target} target
 * @param {RunStats | null} warmup
 * @param {RunStats[]} rounds
 * @returns {TargetSummary}
 */
function summarise(label, target, warmup, rounds) {
  const all = warmup ? [warmup, ...rounds] : rounds;
  /** @param {(s: RunStats) => number} pick */
  const sum = (pick) => all.reduce((total, s) => total + pick(s), 0);
  return {
    label,
    method: target.method,
    url: target.url,
    warmup,
    rounds,
    median: {
      reqPerSec: median(rounds.map((s) => s.reqPerSec)),
      p50: median(rounds.map((s) => s.p50)),
      p99: median(rounds.map((s) => s.p99)),
    },
    failures: {
      non2xx: sum((s) => s.non2xx),
      errors: sum((s) => s.errors),
      timeouts: sum((s) => s.timeouts),
      mismatches: sum((s) => s.mismatches),
    },
  };
}

/**
 * (fastest − slowest round) ÷ median: how much the machine moved under the measurement.
 * @param {TargetSummary} t
 */
function roundSpread(t) {
  const rates = t.rounds.map((s) => s.reqPerSec);
  if (rates.length < 2) return 0;
  return (Math.max(...rates) - Math.min(...rates)) / t.median.reqPerSec;
}

/** @param {TargetSummary} t */
function failedRequests(t) {
  return t.failures.non2xx + t.failures.errors + t.failures.mismatches;
}

/** @param {TargetSummary} t */
function describeFailures(t) {
  const codes = new Map();
  for (const s of t.warmup ? [t.warmup, ...t.rounds] : t.rounds) {
    for (const [code, count] of Object.entries(s.statusCodes)) {
      if (!code.startsWith('2')) codes.set(code, (codes.get(code) ?? 0) + count);
    }
  }
  const parts = [];
  if (t.failures.non2xx) {
    parts.push(
      `${t.failures.non2xx} non-2xx (${[...codes].map(([c, n]) => `${c}×${n}`).join(', ')})`,
    );
  }
  if (t.failures.errors)
    parts.push(`${t.failures.errors} errors (${t.failures.timeouts} timeouts)`);
  if (t.failures.mismatches) parts.push(`${t.failures.mismatches} unexpected bodies`);
  return parts.join(', ');
}

/**
 * The scenario's request as sent by autocannon, with setup's headers on top.
 * @param {Scenario} scenario
 * @param {string} baseUrl
 * @param {Record<string, string>} extraHeaders
 * @returns {Target}
 */
function scenarioTarget(scenario, baseUrl, extraHeaders) {
  /** @type {Record<string, string>} */
  const headers = {};
  for (const [k, v] of Object.entries({ ...scenario.headers, ...extraHeaders })) {
    headers[k.toLowerCase()] = v;
  }
  let body;
  if (typeof scenario.body === 'string') body = scenario.body;
  else if (scenario.body !== undefined) {
    body = JSON.stringify(scenario.body);
    headers['content-type'] ??= 'application/json';
  }
  return {
    url: baseUrl + scenario.path,
    method: scenario.method,
    headers,
    body,
    expectBody: scenario.expectBody,
    variant: undefined,
  };
}

/**
 * Headers and body of one request, with the scenario's per-request variation applied.
 * @param {Target} target
 */
function nextRequest(target) {
  const varied = target.variant?.() ?? {};
  return {
    headers: { ...target.headers, ...varied.headers },
    body: varied.body === undefined ? target.body : JSON.stringify(varied.body),
    ...(varied.path === undefined ? {} : { path: varied.path }),
  };
}

/**
 * One request before the load: a scenario that answers 401 should fail in a second, with the
 * answer shown, not after a minute of benchmarking.
 * @param {Target} target
 * @param {AbortSignal} signal
 */
async function preflight(target, signal) {
  const { headers, body, path: variedPath } = nextRequest(target);
  const url = variedPath === undefined ? target.url : new URL(variedPath, target.url).toString();
  const res = await fetch(url, {
    method: target.method,
    headers,
    body,
    signal: AbortSignal.any([signal, AbortSignal.timeout(10_000)]),
  });
  const text = await res.text();
  const request = `${target.method} ${url}`;
  if (!res.ok) throw new Error(`${request} answered ${res.status}: ${text.slice(0, 500)}`);
  if (target.expectBody !== undefined && text !== target.expectBody) {
    throw new Error(`${request} answered ${text.slice(0, 500)}, expected ${target.expectBody}`);
  }
}

/**
 * Warm-up of both targets, then baseline and scenario alternately, BENCH_ROUNDS times.
 * @param {Scenario} scenario
 * @param {{ app: Server, baseline: Server, databaseUrl: string, secretKey: string, settings: Settings }} env
 * @param {AbortSignal} signal
 * @returns {Promise<ScenarioResult>}
 */
async function measure(scenario, env, signal) {
  const { settings } = env;
  const setup = scenario.setup
    ? await scenario.setup({
        baseUrl: env.app.baseUrl,
        databaseUrl: env.databaseUrl,
        secretKey: env.secretKey,
        signal,
      })
    : undefined;
  const main = scenarioTarget(scenario, env.app.baseUrl, setup?.headers ?? {});
  main.variant = setup?.variant;
  /** @type {Target} */
  const base = {
    url: env.baseline.baseUrl + BASELINE_PATH,
    method: 'GET',
    headers: {},
    body: undefined,
    expectBody: BASELINE_BODY,
  };
  await preflight(base, signal);
  await preflight(main, signal);

  const targets = /** @type {const} */ ([
    ['baseline', base],
    ['scenario', main],
  ]);
  // The cluster primary hands each new connection to whichever worker acknowledges first: a
  // burst of keep-alive connections often splits 16/4 instead of 10/10, and a whole round then
  // runs with that split (±20% between rounds). Reconnecting every few hundred requests spreads
  // the load evenly again at the cost of a TCP handshake per reconnectRate requests.
  const load = { connections: settings.connections, reconnectRate: settings.reconnectRate };
  /** @type {Record<'baseline' | 'scenario', RunStats | null>} */
  const warmups = { baseline: null, scenario: null };
  /** @type {Record<'baseline' | 'scenario', RunStats[]>} */
  const rounds = { baseline: [], scenario: [] };
  if (settings.warmup > 0) {
    for (const [key, target] of targets) {
      progress(`${scenario.name}: warm-up ${key} (${settings.warmup} s)`);
      warmups[key] = await runLoad(target, { ...load, duration: settings.warmup }, signal);
    }
  }
  for (let round = 1; round <= settings.rounds; round++) {
    for (const [key, target] of targets) {
      progress(
        `${scenario.name}: round ${round}/${settings.rounds} ${key} (${settings.duration} s)`,
      );
      const stats = await runLoad(target, { ...load, duration: settings.duration }, signal);
      rounds[key].push(stats);
      progress(
        `${scenario.name}: round ${round}/${settings.rounds} ${key}: ${Math.round(stats.reqPerSec)} req/s`,
      );
    }
  }

  const baseline = summarise(
    `baseline ${base.method} ${BASELINE_PATH}`,
    base,
    warmups.baseline,
    rounds.baseline,
  );
  const measured = summarise(
    `${main.method} ${scenario.path}`,
    main,
    warmups.scenario,
    rounds.scenario,
  );
  const ratio = measured.median.reqPerSec / baseline.median.reqPerSec;
  const problems = [];
  if (failedRequests(measured) > 0)
    problems.push(`${scenario.name}: ${describeFailures(measured)}`);
  if (failedRequests(baseline) > 0) {
    problems.push(
      `${scenario.name}: the baseline had ${describeFailures(baseline)}, so the ratio is not trustworthy`,
    );
  }
  if (!(ratio >= scenario.minRatio)) {
    problems.push(
      `${scenario.name}: ratio ${ratio.toFixed(3)} is below its minRatio ${scenario.minRatio}`,
    );
  }
  return {
    name: scenario.name,
    method: scenario.method,
    path: scenario.path,
    minRatio: scenario.minRatio,
    ratio,
    passed: problems.length === 0,
    problems,
    baseline,
    scenario: measured,
  };
}

/**
 * A timing scenario: one untimed run of each piece of work, then `runs` timed runs of baseline
 * and subject alternately (as the HTTP rounds alternate), both in this process; the ratio of
 * the medians is compared with `maxRatio`.
 * @param {TimingScenario} scenario
 * @param {{ databaseUrl: string, secretKey: string, baseUrl: string }} env
 * @param {AbortSignal} signal
 * @returns {Promise<TimingResult>}
 */
async function measureTiming(scenario, env, signal) {
  const setup = await scenario.setup({ ...env, signal });
  try {
    const runs = scenario.runs ?? 7;
    const pieces = /** @type {const} */ ([
      ['baseline', setup.baseline],
      ['subject', setup.subject],
    ]);
    /** @type {Record<'baseline' | 'subject', number[]>} */
    const times = { baseline: [], subject: [] };
    for (const [key, work] of pieces) {
      progress(`${scenario.name}: warm-up ${key} (${work.label})`);
      await work.run();
    }
    for (let run = 1; run <= runs; run++) {
      for (const [key, work] of pieces) {
        signal.throwIfAborted();
        const started = performance.now();
        await work.run();
        const ms = performance.now() - started;
        times[key].push(round3(ms));
        progress(`${scenario.name}: run ${run}/${runs} ${key}: ${ms.toFixed(1)} ms`);
      }
    }
    /** @param {'baseline' | 'subject'} key @returns {TimedSummary} */
    const summary = (key) => ({
      label: setup[key].label,
      runsMs: times[key],
      medianMs: round3(median(times[key])),
    });
    const baseline = summary('baseline');
    const subject = summary('subject');
    const ratio = subject.medianMs / baseline.medianMs;
    const problems = [];
    if (!(ratio <= scenario.maxRatio)) {
      problems.push(
        `${scenario.name}: ratio ${ratio.toFixed(3)} is above its maxRatio ${scenario.maxRatio}`,
      );
    }
    if (scenario.maxMs !== undefined && !(subject.medianMs <= scenario.maxMs)) {
      problems.push(
        `${scenario.name}: median ${subject.medianMs.toFixed(0)} ms is above its maxMs ${scenario.maxMs}`,
      );
    }
    return {
      name: scenario.name,
      kind: 'timing',
      maxRatio: scenario.maxRatio,
      ...(scenario.maxMs === undefined ? {} : { maxMs: scenario.maxMs }),
      ratio,
      passed: problems.length === 0,
      problems,
      baseline,
      subject,
    };
  } finally {
    await setup.close?.();
  }
}

// ---------------------------------------------------------------------------------------------
// Output

/** @param {number} value */
function fmtNumber(value) {
  if (!Number.isFinite(value)) return '–';
  if (Math.abs(value) >= 100) return String(Math.round(value));
  return String(Math.round(value * 100) / 100);
}

/**
 * @param {string[]} header
 * @param {string[][]} rows
 * @param {Set<number>} rightAligned Column indexes.
 */
function table(header, rows, rightAligned) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  /** @param {string[]} cells */
  const line = (cells) =>
    cells
      .map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * The timing scenarios' table: median milliseconds instead of req/s, and a maximum ratio.
 * @param {TimingResult[]} results
 */
function timingReport(results) {
  const header = ['scenario', 'work', 'median ms', 'runs ms', 'ratio', 'max', 'result'];
  /** @type {string[][]} */
  const rows = [];
  for (const r of results) {
    if (!r.subject || !r.baseline) {
      rows.push([r.name, 'not measured', '', '', '', String(r.maxRatio), 'FAIL']);
      continue;
    }
    for (const t of [r.baseline, r.subject]) {
      const isSubject = t === r.subject;
      rows.push([
        r.name,
        isSubject ? t.label : `baseline ${t.label}`,
        fmtNumber(t.medianMs),
        t.runsMs.map(fmtNumber).join(' / '),
        isSubject && r.ratio !== null ? r.ratio.toFixed(3) : '',
        isSubject ? `${r.maxRatio}${r.maxMs === undefined ? '' : ` / ${r.maxMs} ms`}` : '',
        isSubject ? (r.passed ? 'ok' : 'FAIL') : '',
      ]);
    }
  }
  return `${table(header, rows, new Set([2, 4, 5]))}\n\nratio = median subject time ÷ median baseline time (lower is better), both in the bench process.\n`;
}

/**
 * @param {(ScenarioResult | TimingResult)[]} allResults
 * @param {Settings} settings
 */
function report(allResults, settings) {
  const results = /** @type {ScenarioResult[]} */ (
    allResults.filter((r) => !('kind' in r && r.kind === 'timing'))
  );
  const timings = /** @type {TimingResult[]} */ (
    allResults.filter((r) => 'kind' in r && r.kind === 'timing')
  );
  const header = [
    'scenario',
    'target',
    'req/s',
    'rounds req/s',
    'p50 ms',
    'p99 ms',
    'non-2xx',
    'errors',
    'ratio',
    'min',
    'result',
  ];
  /** @type {string[][]} */
  const rows = [];
  for (const r of results) {
    if (!r.scenario) {
      rows.push([
        r.name,
        `${r.method} ${r.path}`,
        '–',
        'not measured',
        '',
        '',
        '',
        '',
        '',
        String(r.minRatio),
        'FAIL',
      ]);
    }
    for (const t of [r.baseline, r.scenario]) {
      if (!t) continue;
      const isScenario = t === r.scenario;
      rows.push([
        r.name,
        t.label,
        fmtNumber(t.median.reqPerSec),
        t.rounds.map((s) => fmtNumber(s.reqPerSec)).join(' / '),
        fmtNumber(t.median.p50),
        fmtNumber(t.median.p99),
        String(t.failures.non2xx + t.failures.mismatches),
        String(t.failures.errors),
        isScenario && r.ratio !== null ? r.ratio.toFixed(3) : '',
        isScenario ? String(r.minRatio) : '',
        isScenario ? (r.passed ? 'ok' : 'FAIL') : '',
      ]);
    }
  }
  const title =
    `TimeMaster bench: ${settings.workers} workers per server, ${settings.connections} connections ` +
    `(${settings.reconnectRate > 0 ? `reconnecting every ${settings.reconnectRate} requests` : 'kept open'}), ` +
    `${settings.rounds} × ${settings.duration} s rounds after ${settings.warmup} s warm-up ` +
    `(node ${process.version}, ${os.cpus().length} CPUs)`;
  const notes =
    'req/s, p50, p99: median over the rounds. ' +
    'non-2xx (incl. unexpected bodies) and errors: summed over warm-up and rounds. ' +
    'ratio = scenario req/s ÷ baseline req/s.';
  const warnings = [];
  for (const r of results) {
    for (const t of [r.baseline, r.scenario]) {
      const spread = t ? roundSpread(t) : 0;
      if (t && spread > NOISY_SPREAD) {
        warnings.push(
          `note: ${r.name} ${t.label}: rounds differ by ${Math.round(spread * 100)}% ` +
            '(busy machine?); rerun, or raise BENCH_ROUNDS / BENCH_DURATION',
        );
      }
    }
  }
  const body = table(header, rows, new Set([2, 4, 5, 6, 7, 8, 9]));
  const http = results.length > 0 ? `${body}\n\n${[notes, ...warnings].join('\n')}\n` : '';
  const timed = timings.length > 0 ? `${http ? '\n' : ''}${timingReport(timings)}` : '';
  return `${title}\n\n${http}${timed}`;
}

// ---------------------------------------------------------------------------------------------
// Main

/**
 * @param {AbortSignal} signal
 * @returns {Promise<number>} Exit status.
 */
async function main(signal) {
  const startedAt = new Date();
  const loadAtStart = os.loadavg();
  const settings = readSettings();
  const scenarios = selectScenarios(declaredScenarios, settings.only);
  for (const file of [appEntry, migrateCli]) {
    if (!existsSync(file)) {
      throw new SettingsError(
        `${path.relative(rootDir, file)} is missing: run npm run build -w backend`,
      );
    }
  }

  const cpus = os.cpus().length;
  if ((loadAtStart[0] ?? 0) > cpus / 2) {
    progress(
      `note: load average ${loadAtStart.map((l) => l.toFixed(2)).join(' ')} on ${cpus} CPUs: ` +
        'something else is running, expect noisy numbers',
    );
  }
  /** @type {{ label: string, run: () => Promise<string | null> }[]} */
  const cleanups = [];
  /** @type {(ScenarioResult | TimingResult)[]} */
  const results = [];
  /** @type {string[]} */
  const problems = [];
  /** @type {'passed' | 'failed' | 'error' | 'interrupted'} */
  let status = 'error';
  /** @type {unknown} */
  let failure;
  const dbName = `tm_bench_${process.pid}`;
  const databaseUrl = databaseUrlFor(settings.adminUrl, dbName);
  try {
    await withClient(settings.adminUrl, async (client) => {
      const stale = await client.query(
        "SELECT datname FROM pg_database WHERE datname LIKE 'tm\\_bench\\_%' ORDER BY datname",
      );
      if (stale.rows.length > 0) {
        const names = stale.rows.map((row) => String(row.datname)).join(', ');
        progress(`note: leftover bench databases from killed runs (drop them by hand): ${names}`);
      }
      progress(`creating database ${dbName} on ${redact(settings.adminUrl)}`);
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(dbName)}`);
    }).catch((/** @type {unknown} */ error) => {
      const message = error instanceof Error ? error.message : String(error);
      throw new BenchError(
        `cannot create database ${dbName} on ${redact(settings.adminUrl)} (BENCH_DATABASE_URL): ${message}`,
      );
    });
    cleanups.push({
      label: `drop database ${dbName}`,
      run: () =>
        withClient(settings.adminUrl, async (client) => {
          await client.query(
            `DROP DATABASE IF EXISTS ${client.escapeIdentifier(dbName)} WITH (FORCE)`,
          );
          return null;
        }),
    });

    // The bench's Redis database holds what the previous run left: among it the sign-in
    // counters of the demo accounts, whose e-mail addresses every run shares (seed 42), so a
    // sixth run within 15 minutes would be refused with 429. Start from an empty one.
    progress(`emptying the bench's Redis database ${redact(settings.redisUrl)}`);
    const redis = new Redis(settings.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      await redis.flushdb();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new BenchError(
        `cannot empty ${redact(settings.redisUrl)} (BENCH_REDIS_URL): ${message}`,
      );
    } finally {
      redis.disconnect();
    }

    const [appPort, baselinePort] = [await freePort(), await freePort()];
    /** @type {NodeJS.ProcessEnv} */
    const appEnv = {
      ...process.env,
      APP_ENV: 'production',
      SECRET_KEY: randomBytes(32).toString('hex'),
      DATABASE_URL: databaseUrl,
      REDIS_URL: settings.redisUrl,
      // Production requires a mail transport; the benchmarked routes never send mail.
      RESEND_API_KEY: 're_bench_never_used',
      HOST,
      PORT: String(appPort),
      WEB_CONCURRENCY: String(settings.workers),
      LOG_LEVEL: 'warn',
      JOBS_ENABLED: 'true',
      SERVE_FRONTEND: 'false',
      DOCS_ENABLED: 'false',
    };

    progress('migrating: node backend/dist/db/cli.js upgrade head');
    const migrated = await promisify(execFile)(process.execPath, [migrateCli, 'upgrade', 'head'], {
      cwd: rootDir,
      env: appEnv,
      signal,
    }).catch((/** @type {unknown} */ error) => {
      if (signal.aborted) throw error;
      const output = /** @type {{ stdout?: string, stderr?: string }} */ (error);
      const message = error instanceof Error ? error.message : String(error);
      throw new BenchError(
        `migration failed: ${[output.stdout, output.stderr].filter(Boolean).join('') || message}`,
      );
    });
    const current = migrated.stdout.split('\n').find((l) => l.startsWith('Current:'));
    if (!current?.includes('(head)')) {
      throw new BenchError(`migration did not reach head:\n${migrated.stdout}${migrated.stderr}`);
    }
    progress(current);

    progress(`starting the app on port ${appPort} and the baseline on port ${baselinePort}`);
    const app = spawnServer('app', appEntry, appEnv, appPort);
    cleanups.push({ label: 'stop the app', run: () => stopServer(app) });
    const baseline = spawnServer(
      'baseline',
      baselineEntry,
      {
        ...process.env,
        HOST,
        PORT: String(baselinePort),
        WEB_CONCURRENCY: String(settings.workers),
      },
      baselinePort,
    );
    cleanups.push({ label: 'stop the baseline', run: () => stopServer(baseline) });
    await Promise.all([
      waitUntilReady(app, '/health', signal),
      waitUntilReady(baseline, BASELINE_PATH, signal),
    ]);

    const secretKey = String(appEnv.SECRET_KEY);
    for (const scenario of scenarios) {
      /** @type {ScenarioResult | TimingResult} */
      let result;
      try {
        result =
          scenario.kind === 'timing'
            ? await measureTiming(
                scenario,
                { baseUrl: app.baseUrl, databaseUrl, secretKey },
                signal,
              )
            : await measure(scenario, { app, baseline, databaseUrl, secretKey, settings }, signal);
      } catch (error) {
        // A scenario whose setup or first request fails is a failed scenario; go on with the
        // others. Interruption and dead servers end the run.
        if (signal.aborted || app.hasExited() || baseline.hasExited()) throw error;
        const message = error instanceof Error ? error.message : String(error);
        progress(`${scenario.name}: ${message}`);
        const common = {
          name: scenario.name,
          ratio: null,
          passed: false,
          problems: [`${scenario.name}: not measured: ${message}`],
          baseline: null,
        };
        result =
          scenario.kind === 'timing'
            ? { ...common, kind: 'timing', maxRatio: scenario.maxRatio, subject: null }
            : {
                ...common,
                method: scenario.method,
                path: scenario.path,
                minRatio: scenario.minRatio,
                scenario: null,
              };
      }
      results.push(result);
      problems.push(...result.problems);
      for (const server of [app, baseline]) {
        if (server.hasExited())
          throw new BenchError(`${server.name} exited during the run:\n${server.recentOutput()}`);
      }
    }
    status = problems.length === 0 ? 'passed' : 'failed';
  } catch (error) {
    failure = error;
    status = error instanceof Interrupted || signal.aborted ? 'interrupted' : 'error';
  } finally {
    for (const cleanup of cleanups.reverse()) {
      progress(cleanup.label);
      try {
        const problem = await cleanup.run();
        if (problem) progress(`warning: ${problem}`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        progress(`cleanup "${cleanup.label}" failed: ${message}`);
        if (status === 'passed') status = 'error';
        problems.push(`cleanup "${cleanup.label}" failed: ${message}`);
      }
    }
  }

  if (results.length > 0) process.stdout.write(`\n${report(results, settings)}`);
  const json = {
    status,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    environment: {
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? null,
      loadAverageAtStart: loadAtStart,
      loadAverageAtEnd: os.loadavg(),
    },
    settings: {
      workers: settings.workers,
      connections: settings.connections,
      reconnectRate: settings.reconnectRate,
      durationSeconds: settings.duration,
      warmupSeconds: settings.warmup,
      rounds: settings.rounds,
      databaseUrl: redact(settings.adminUrl),
      redisUrl: redact(settings.redisUrl),
    },
    scenarios: results,
    problems,
    error:
      failure === undefined ? null : failure instanceof Error ? failure.message : String(failure),
  };
  await mkdir(path.dirname(resultFile), { recursive: true });
  await writeFile(resultFile, `${JSON.stringify(json, null, 2)}\n`);
  progress(`results written to ${path.relative(process.cwd(), resultFile) || resultFile}`);

  if (failure !== undefined) throw failure;
  if (problems.length > 0) {
    process.stdout.write(`\nFAILED:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
    return 1;
  }
  process.stdout.write('\nAll scenarios passed.\n');
  return 0;
}

const controller = new AbortController();
/** @param {NodeJS.Signals} sig */
const onSignal = (sig) => {
  if (controller.signal.aborted) {
    process.stderr.write(
      `bench: second ${sig}: exiting now; database tm_bench_${process.pid} may be left\n`,
    );
    process.exit(sig === 'SIGTERM' ? 143 : 130);
  }
  process.stderr.write(`bench: ${sig}: stopping and cleaning up (again to force)\n`);
  controller.abort(new Interrupted(sig));
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

try {
  process.exitCode = await main(controller.signal);
} catch (error) {
  const reason = controller.signal.aborted ? controller.signal.reason : error;
  if (reason instanceof Interrupted) {
    process.stderr.write(`bench: ${reason.message}\n`);
    process.exitCode = reason.exitCode;
  } else if (error instanceof SettingsError) {
    process.stderr.write(`bench: ${error.message}\n`);
    process.exitCode = 2;
  } else if (error instanceof BenchError) {
    process.stderr.write(`bench: ${error.message}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  }
} finally {
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}

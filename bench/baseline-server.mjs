#!/usr/bin/env node
/**
 * The benchmark's yardstick: a bare Fastify app with the same process model as
 * backend/dist/main.js (a node:cluster primary forking WEB_CONCURRENCY HTTP workers that share
 * HOST:PORT) and one route, `GET /baseline` → `{"status":"ok"}`, without any I/O.
 *
 * Reads HOST (127.0.0.1), PORT (8001) and WEB_CONCURRENCY (2). The primary prints
 * `{"msg":"ready",...}` once every worker listens; SIGTERM/SIGINT stop the workers and the
 * primary exits 0.
 */
import cluster from 'node:cluster';
import { createRequire } from 'node:module';

/** Positive integer from the environment, or the fallback. */
function intFromEnv(/** @type {string} */ name, /** @type {number} */ fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    console.error(`baseline-server: ${name} must be an integer (got ${JSON.stringify(raw)})`);
    process.exit(2);
  }
  return value;
}

const host = process.env.HOST || '127.0.0.1';
const port = intFromEnv('PORT', 8001);
const workers = Math.max(1, intFromEnv('WEB_CONCURRENCY', 2));

/** Exits 1 with a one-line reason. */
function fail(/** @type {unknown} */ error) {
  console.error(`baseline-server: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

function runPrimary() {
  let stopping = false;
  /** @type {import('node:cluster').Worker[]} */
  const forked = [];
  /** @type {Promise<void>[]} */
  const listening = [];
  for (let i = 0; i < workers; i++) {
    const worker = cluster.fork();
    forked.push(worker);
    listening.push(
      new Promise((resolve, reject) => {
        worker.once('listening', () => resolve());
        worker.once('exit', (code) =>
          reject(new Error(`worker exited with ${code} before listening`)),
        );
      }),
    );
  }
  cluster.on('exit', (worker, code, signal) => {
    if (!stopping) fail(new Error(`worker ${worker.process.pid} died (${signal ?? code})`));
  });

  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    const alive = forked.filter((w) => !w.isDead());
    let left = alive.length;
    if (left === 0) process.exit(0);
    const deadline = setTimeout(() => {
      for (const w of alive) w.process.kill('SIGKILL');
      process.exit(1);
    }, 5_000);
    for (const w of alive) {
      w.once('exit', () => {
        if (--left === 0) {
          clearTimeout(deadline);
          process.exit(0);
        }
      });
      w.process.kill('SIGTERM');
    }
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);

  Promise.all(listening).then(
    () => console.log(JSON.stringify({ msg: 'ready', url: `http://${host}:${port}`, workers })),
    fail,
  );
}

async function runWorker() {
  // The same fastify the backend uses (resolved from its package, wherever npm placed it).
  const require = createRequire(new URL('../backend/package.json', import.meta.url));
  /** @type {typeof import('fastify')} */
  const Fastify = require('fastify');
  const app = Fastify({ logger: false });
  app.get('/baseline', () => ({ status: 'ok' }));

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  await app.listen({ host, port });
}

if (cluster.isPrimary) runPrimary();
else runWorker().catch(fail);

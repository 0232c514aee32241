import type { Runner } from 'graphile-worker';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { TestDatabase } from '../../test/helpers.js';
import { createTestDatabase } from '../../test/helpers.js';
import type { JobDefinition } from './index.js';
import { defineJob, enqueueJob, startJobRunner } from './index.js';

const logger = pino({ level: 'silent' });
let database: TestDatabase;
const runners: Runner[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
});
afterAll(() => database.drop());

async function start(jobs: JobDefinition[]): Promise<Runner> {
  const runner = await startJobRunner({
    databaseUrl: database.url,
    jobs,
    logger,
    concurrency: 2,
    pollIntervalMs: 100,
  });
  runners.push(runner);
  return runner;
}

async function eventually(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

function recorder(name: string) {
  const seen: string[] = [];
  const job = defineJob({
    name,
    payload: z.object({ label: z.string() }),
    handler: async ({ label }) => {
      seen.push(label);
    },
  });
  return { job, seen };
}

describe('jobs', () => {
  it('never runs a job whose transaction rolled back', async () => {
    const { job, seen } = recorder('test_rollback');
    await expect(
      database.db.transaction().execute(async (trx) => {
        await enqueueJob(trx, job, { label: 'rolled back' });
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    await database.db.transaction().execute((trx) => enqueueJob(trx, job, { label: 'committed' }));

    await start([job]);
    await eventually(() => seen.includes('committed'));
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual(['committed']);
  });

  it('refuses an invalid payload inside the caller’s transaction', async () => {
    const { job } = recorder('test_invalid');
    await expect(enqueueJob(database.db, job, { label: 42 } as never)).rejects.toThrow();
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'test_invalid'`.execute(
      database.db,
    );
    expect(rows[0]?.n).toBe(0);
  });

  it('retries a job whose handler throws', async () => {
    const attempts: number[] = [];
    const flaky = defineJob({
      name: 'test_flaky',
      payload: z.object({}),
      handler: async (_payload, { attempts: attempt }) => {
        attempts.push(attempt);
        if (attempt < 2) throw new Error('remote server answered 503');
      },
    });
    await enqueueJob(database.db, flaky, {});
    await start([flaky]);
    // graphile-worker backs off exp(1) ≈ 2.7 s before the second attempt.
    await eventually(() => attempts.length >= 2, 15_000);
    expect(attempts).toEqual([1, 2]);
  });

  it('keeps a pending job across a restart of the runner process', async () => {
    const { job, seen } = recorder('test_restart');
    const first = await start([job]);
    await enqueueJob(
      database.db,
      job,
      { label: 'after restart' },
      { runAt: new Date(Date.now() + 1_500) },
    );
    await first.stop();
    runners.splice(runners.indexOf(first), 1);
    expect(seen).toEqual([]);

    await start([job]);
    await eventually(() => seen.length > 0);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual(['after restart']);
  });

  it('coalesces jobs with the same key', async () => {
    const { job, seen } = recorder('test_keyed');
    await enqueueJob(database.db, job, { label: 'old' }, { jobKey: 'absence:1' });
    await enqueueJob(database.db, job, { label: 'new' }, { jobKey: 'absence:1' });
    await start([job]);
    await eventually(() => seen.length > 0);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual(['new']);
  });
});

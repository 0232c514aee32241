import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../test/helpers.js';
import { createTestDatabase } from '../../../test/helpers.js';
import type { QueueMailInput } from './outbox.js';
import { queueMail } from './outbox.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

function reset(key: string, overrides: Partial<QueueMailInput> = {}): QueueMailInput {
  return {
    tenantId: null,
    userId: null,
    to: 'ann@example.com',
    locale: 'de',
    template: 'password_reset',
    data: {
      name: 'Ann',
      resetUrl: 'https://zeit.example.com/reset-password?token=secret-token',
      validMinutes: 60,
    },
    idempotencyKey: key,
    ...overrides,
  } as QueueMailInput;
}

async function outboxRows(key: string) {
  return database.db
    .selectFrom('email_outbox')
    .selectAll()
    .where('idempotency_key', '=', key)
    .execute();
}

async function sendJobs(outboxId: string) {
  // The public view has no payload column; the payload is read from the table behind it.
  const { rows } = await sql<{ task: string; key: string | null; max_attempts: number }>`
    SELECT task_identifier AS task, key, max_attempts FROM graphile_worker.jobs
    WHERE key = ${`mail:${outboxId}`}`.execute(database.db);
  const { rows: payloads } = await sql<{ payload: unknown }>`
    SELECT payload FROM graphile_worker._private_jobs WHERE key = ${`mail:${outboxId}`}`.execute(
    database.db,
  );
  return rows.map((r, i) => ({ ...r, payload: payloads[i]?.payload }));
}

async function sendJobCount(): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'send_mail'`.execute(
    database.db,
  );
  return rows[0]?.n ?? 0;
}

describe('queueMail', () => {
  it('leaves neither row nor job behind when the caller’s transaction rolls back', async () => {
    const jobsBefore = await sendJobCount();
    await expect(
      database.db.transaction().execute(async (trx) => {
        await queueMail(trx, reset('rollback:1'));
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    expect(await outboxRows('rollback:1')).toHaveLength(0);
    expect(await sendJobCount()).toBe(jobsBefore);
  });

  it('commits one row and one keyed job with it', async () => {
    const [tenant] = await database.db
      .insertInto('tenants')
      .values({ name: 'Muster GmbH', holiday_region: 'DE-BY' })
      .returning('id')
      .execute();
    const userId = crypto.randomUUID();
    const queued = await database.db
      .transaction()
      .execute((trx) =>
        queueMail(trx, reset('commit:1', { tenantId: tenant?.id ?? null, userId, locale: 'en' })),
      );
    expect(queued.created).toBe(true);

    const rows = await outboxRows('commit:1');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: queued.outboxId,
      tenant_id: tenant?.id,
      user_id: userId,
      to_email: 'ann@example.com',
      locale: 'en',
      template: 'password_reset',
      status: 'pending',
      attempts: 0,
      last_error: null,
      sent_at: null,
      failed_at: null,
    });
    expect(rows[0]?.data).toEqual({
      name: 'Ann',
      resetUrl: 'https://zeit.example.com/reset-password?token=secret-token',
      validMinutes: 60,
    });

    const jobs = await sendJobs(queued.outboxId);
    expect(jobs).toEqual([
      {
        task: 'send_mail',
        key: `mail:${queued.outboxId}`,
        max_attempts: 10,
        payload: { outboxId: queued.outboxId },
      },
    ]);
  });

  it('stores dates as ISO strings, as the job reads them back', async () => {
    const { outboxId } = await database.db.transaction().execute((trx) =>
      queueMail(trx, {
        ...reset('dates:1'),
        template: 'password_changed',
        data: {
          name: 'Ann',
          changedAt: new Date('2025-03-08T13:30:00Z'),
          resetUrl: 'https://zeit.example.com/forgot-password',
        },
      }),
    );
    const row = await database.db
      .selectFrom('email_outbox')
      .select('data')
      .where('id', '=', outboxId)
      .executeTakeFirstOrThrow();
    expect(row.data.changedAt).toBe('2025-03-08T13:30:00.000Z');
  });

  it('queues a key once: a second call returns the first mail and adds no job', async () => {
    const first = await database.db
      .transaction()
      .execute((trx) => queueMail(trx, reset('twice:1')));
    const jobsBefore = await sendJobCount();
    const second = await database.db
      .transaction()
      .execute((trx) => queueMail(trx, reset('twice:1', { to: 'other@example.com' })));
    expect(second).toEqual({ outboxId: first.outboxId, created: false });
    expect(await outboxRows('twice:1')).toHaveLength(1);
    expect(await sendJobCount()).toBe(jobsBefore);
  });

  it('refuses data that does not fit the template, inside the caller’s transaction', async () => {
    const jobsBefore = await sendJobCount();
    const bad = reset('bad:1');
    await expect(
      database.db.transaction().execute((trx) =>
        queueMail(trx, {
          ...bad,
          template: 'password_reset',
          data: { name: 'Ann', resetUrl: 'javascript:alert(1)', validMinutes: 60 },
        }),
      ),
    ).rejects.toThrow();
    await expect(
      database.db.transaction().execute((trx) =>
        queueMail(trx, {
          ...bad,
          template: 'invitation',
          data: { name: 'Ann' } as never,
        }),
      ),
    ).rejects.toThrow();
    await expect(
      database.db
        .transaction()
        .execute((trx) => queueMail(trx, reset('bad:1', { to: 'not an address' }))),
    ).rejects.toThrow();
    expect(await outboxRows('bad:1')).toHaveLength(0);
    expect(await sendJobCount()).toBe(jobsBefore);
  });
});

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam, createTenant, createUser } from '../../../test/factories.js';
import type { TestApp, TestDatabase } from '../../../test/helpers.js';
import { buildTestApp, createTestDatabase, testRedisUrl } from '../../../test/helpers.js';
import type { Company } from '../../../test/world.js';
import { createCompany, tokenFor } from '../../../test/world.js';
import { closeGracefully } from '../../server/http-worker.js';
import { accessTokenKey, signAccessToken } from '../auth/tokens.js';
import { presenceRowsQuery } from './repo.js';
import type { PresencePerson } from './service.js';

let database: TestDatabase;
let a: Company;
let b: Company;

beforeAll(async () => {
  database = await createTestDatabase();
  a = await createCompany(database.db, 'Alpha GmbH');
  b = await createCompany(database.db, 'Beta KG');
});
afterAll(() => database.drop());

type Person = { id: string; tenant_id: string | null; role: 'admin' | 'manager' | 'employee' };
type AnyUser = { id: string; tenant_id: string | null; role: Person['role'] | 'super_admin' };

async function as(app: FastifyInstance, user: AnyUser) {
  const headers = { authorization: `Bearer ${await tokenFor(app, user)}` };
  return {
    get: (url: string) => app.inject({ method: 'GET', url, headers }),
    stamp: (path: 'in' | 'out' | 'break/start' | 'break/end') =>
      app.inject({ method: 'POST', url: `/api/v1/clock/${path}`, headers }),
    send: (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload: object) =>
      app.inject({ method, url, headers, payload }),
  };
}

interface SseEvent {
  event: string;
  data: unknown;
}

/**
 * A real HTTP client of the stream, reading chunks as they come like the frontend does. Not
 * fetch: after an abort, undici opens a spare connection that holds server.close() up until its
 * header timeout, which would make every test that closes a stream itself hang at teardown.
 */
async function openStream(app: FastifyInstance, token: string) {
  const { port } = app.server.address() as AddressInfo;
  const events: SseEvent[] = [];
  const comments: string[] = [];
  let cursor = 0;
  let ended = false;
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const req = http.get(
      {
        host: '127.0.0.1',
        port,
        path: '/api/v1/presence/stream',
        headers: { authorization: `Bearer ${token}` },
        agent: false,
      },
      resolve,
    );
    req.on('error', reject);
  });
  let buffer = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    buffer += chunk;
    let at: number;
    while ((at = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, at);
      buffer = buffer.slice(at + 2);
      if (block.startsWith(':')) comments.push(block);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data) events.push({ event, data: JSON.parse(data) });
    }
  });
  res.on('close', () => (ended = true));
  const poll = async <T>(check: () => T | undefined, what: string, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = check();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  return {
    res,
    headers: res.headers,
    events,
    comments,
    /** The presence events so far, as people. */
    changes: () =>
      events.filter((e) => e.event === 'presence').map((e) => e.data as PresencePerson),
    snapshot: () =>
      poll(
        () => events.find((e) => e.event === 'snapshot')?.data as { people: PresencePerson[] },
        'the snapshot',
        5_000,
      ),
    /** The next presence event (after the last one found) about `userId` with `status`. */
    change: async (userId: string, status: PresencePerson['status']) => {
      const [person, index] = await poll(
        () => {
          const people = events
            .filter((e) => e.event === 'presence')
            .map((e) => e.data as PresencePerson);
          const index = people.findIndex(
            (p, i) => i >= cursor && p.userId === userId && p.status === status,
          );
          return index >= 0 ? ([people[index]!, index] as const) : undefined;
        },
        `${userId} ${status}`,
        2_000,
      );
      cursor = index + 1;
      return person;
    },
    ended: (timeoutMs = 2_000) => poll(() => (ended ? true : undefined), 'the end', timeoutMs),
    isEnded: () => ended,
    close: async () => {
      res.destroy();
      await poll(() => (ended ? true : undefined), 'the close', 2_000);
    },
  };
}

async function listening(t: TestApp): Promise<FastifyInstance> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return t.app;
}

describe('GET /presence', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ database, redis: false });
  });
  afterAll(() => t.close());

  it('is refused to employees and the super-admin, for the list and the stream', async () => {
    const superAdmin = await createUser(database.db, { tenantId: null, role: 'super_admin' });
    for (const user of [a.employee, superAdmin]) {
      const client = await as(t.app, user);
      for (const url of ['/api/v1/presence', '/api/v1/presence/stream']) {
        const res = await client.get(url);
        expect(res.statusCode, url).toBe(403);
        expect(res.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
      }
    }
    expect(t.app.presenceStreams.size).toBe(0);
  });

  it('shows admins every active person of their own company, and nobody else', async () => {
    const res = await (await as(t.app, a.admin)).get('/api/v1/presence');
    expect(res.statusCode).toBe(200);
    const ids = res.json<{ people: PresencePerson[] }>().people.map((p) => p.userId);
    expect(ids.sort()).toEqual([a.admin.id, a.manager.id, a.employee.id, a.outsider.id].sort());
    expect(ids).not.toContain(a.invited.id);
    for (const other of [b.admin, b.manager, b.employee, b.outsider])
      expect(ids).not.toContain(other.id);
  });

  it('shows managers the teams they lead and themselves', async () => {
    const res = await (await as(t.app, a.manager)).get('/api/v1/presence');
    const people = res.json<{ people: PresencePerson[] }>().people;
    expect(people.map((p) => p.userId).sort()).toEqual([a.manager.id, a.employee.id].sort());
    expect(people.find((p) => p.userId === a.employee.id)?.teamIds).toEqual([a.team.id]);
  });

  it('takes each state from the newest entry that is not deleted, sorted by name', async () => {
    const tenant = await createTenant(database.db);
    const team = await createTeam(database.db, tenant.id);
    const admin = await createUser(database.db, {
      tenantId: tenant.id,
      role: 'admin',
      name: 'Zander',
    });
    const working = await createUser(database.db, { tenantId: tenant.id, name: 'Ärger' });
    const onBreak = await createUser(database.db, {
      tenantId: tenant.id,
      name: 'Bauer',
      teamId: team.id,
    });
    const deletedRunning = await createUser(database.db, { tenantId: tenant.id, name: 'Özdemir' });
    const now = Date.now();
    const at = (hoursAgo: number) => new Date(now - hoursAgo * 3_600_000);
    const entry = (userId: string, start: Date, end: Date | null, reason: string | null) => ({
      tenant_id: tenant.id,
      user_id: userId,
      started_at: start,
      ended_at: end,
      end_reason: reason as 'break' | 'clock_out' | null,
      source: 'clock' as const,
      created_by: userId,
    });
    await database.db
      .insertInto('time_entries')
      .values([
        entry(working.id, at(30), at(28), 'clock_out'),
        entry(working.id, at(3), null, null),
        entry(onBreak.id, at(5), at(4), 'break'),
        entry(onBreak.id, at(3), at(1), 'break'),
        entry(deletedRunning.id, at(6), at(5), 'break'),
      ])
      .execute();
    await database.db
      .insertInto('time_entries')
      .values({
        ...entry(deletedRunning.id, at(2), null, null),
        deleted_at: new Date(),
        delete_reason: 'aus Versehen',
      })
      .execute();

    const res = await (await as(t.app, admin)).get('/api/v1/presence');
    expect(res.json()).toEqual({
      people: [
        { userId: working.id, name: 'Ärger', teamIds: [], status: 'working', since: iso(at(3)) },
        {
          userId: onBreak.id,
          name: 'Bauer',
          teamIds: [team.id],
          status: 'break',
          since: iso(at(1)),
        },
        // The deleted running entry does not count: the break before it does.
        {
          userId: deletedRunning.id,
          name: 'Özdemir',
          teamIds: [],
          status: 'break',
          since: iso(at(5)),
        },
        { userId: admin.id, name: 'Zander', teamIds: [], status: 'off', since: null },
      ],
    });
  });

  it('reads all states in one query that probes the time entry index per person', async () => {
    const query = presenceRowsQuery(database.db, a.tenant.id, { kind: 'all' }).compile();
    const plan = await database.db.transaction().execute(async (trx) => {
      // With this little data the planner may prefer scanning; forbid that to see the index is
      // usable for the per-person lookup.
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      await sql`SET LOCAL enable_bitmapscan = off`.execute(trx);
      const result = await trx.executeQuery<{ 'QUERY PLAN': string }>(
        CompiledQuery.raw(`EXPLAIN ${query.sql}`, [...query.parameters]),
      );
      return result.rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toMatch(/Index Scan Backward using time_entries_user_time on time_entries/);
    expect(plan).toMatch(/Limit/);
  });
});

const iso = (d: Date) => d.toISOString();

describe('the presence stream without Redis (one process)', () => {
  let t: TestApp;
  let app: FastifyInstance;
  beforeAll(async () => {
    t = await buildTestApp({ database, redis: false });
    app = await listening(t);
  });
  afterAll(() => t.close());

  it('starts with the snapshot, as event-stream headers say, then follows the clock', async () => {
    const manager = await as(app, a.manager);
    const stream = await openStream(app, await tokenFor(app, a.manager));
    try {
      expect(stream.res.statusCode).toBe(200);
      expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      expect(stream.headers['cache-control']).toContain('no-cache');
      expect(stream.headers['x-accel-buffering']).toBe('no');
      expect(await stream.snapshot()).toEqual((await manager.get('/api/v1/presence')).json());

      const employee = await as(app, a.employee);
      expect((await employee.stamp('in')).statusCode).toBe(200);
      const working = await stream.change(a.employee.id, 'working');
      expect(working).toMatchObject({ name: a.employee.name, teamIds: [a.team.id] });
      await employee.stamp('break/start');
      await stream.change(a.employee.id, 'break');
      await employee.stamp('out');
      expect(await stream.change(a.employee.id, 'off')).toMatchObject({ since: null });
    } finally {
      await stream.close();
    }
    await expect.poll(() => app.presenceStreams.size).toBe(0);
  });

  it('follows manual changes of the newest entry, once per change', async () => {
    const employee = await as(app, a.employee);
    const admin = await as(app, a.admin);
    const stream = await openStream(app, await tokenFor(app, a.admin));
    try {
      await stream.snapshot();
      await employee.stamp('in');
      const first = await stream.change(a.employee.id, 'working');
      const { entryId } = (await employee.get('/api/v1/clock')).json<{ entryId: string }>();
      // A little later, not earlier: the day's first entries lie right before this one.
      await new Promise((resolve) => setTimeout(resolve, 20));
      const later = new Date(Date.parse(first.since!) + 10).toISOString();
      const patched = await admin.send('PATCH', `/api/v1/time/entries/${entryId}`, {
        start: later,
        reason: 'Beginn korrigiert',
      });
      expect(patched.statusCode).toBe(200);
      await expect
        .poll(() => stream.changes().some((p) => p.since === later), { timeout: 2_000 })
        .toBe(true);
      const removed = await admin.send('DELETE', `/api/v1/time/entries/${entryId}`, {
        reason: 'doppelt erfasst',
      });
      expect(removed.statusCode).toBe(204);
      await stream.change(a.employee.id, 'off');
      // A change that leaves the state as it is sends nothing.
      await employee.stamp('in');
      await stream.change(a.employee.id, 'working');
      await employee.send('POST', '/api/v1/time/entries', {
        start: new Date(Date.now() - 50 * 3_600_000).toISOString(),
        end: new Date(Date.now() - 49 * 3_600_000).toISOString(),
        reason: 'vergessen zu stempeln',
      });
      await employee.stamp('out');
      await stream.change(a.employee.id, 'off');
      expect(
        stream
          .changes()
          .filter((p) => p.userId === a.employee.id)
          .map((p) => p.status),
      ).toEqual(['working', 'working', 'off', 'working', 'off']);
    } finally {
      await stream.close();
    }
  });

  it('ends when the access token expires', async () => {
    const now = new Date();
    const token = await signAccessToken(
      accessTokenKey(app.config.secretKey),
      { userId: a.admin.id, tenantId: a.admin.tenant_id, role: 'admin' },
      new Date(now.getTime() + 1_000),
      2 / 60, // two seconds
    );
    const stream = await openStream(app, token);
    await stream.snapshot();
    expect(stream.isEnded()).toBe(false);
    await stream.ended(5_000);
    expect(Date.now() - now.getTime()).toBeLessThan(5_000);
    await expect.poll(() => app.presenceStreams.size).toBe(0);
  });

  it('does not hold up a graceful close', async () => {
    const own = await buildTestApp({ database, redis: false });
    const ownApp = await listening(own);
    const stream = await openStream(ownApp, await tokenFor(ownApp, a.admin));
    await stream.snapshot();
    const started = Date.now();
    await closeGracefully(ownApp, 5_000);
    expect(Date.now() - started).toBeLessThan(2_000);
    await stream.ended();
    expect(ownApp.presenceStreams.size).toBe(0);
  });
});

describe.runIf(testRedisUrl())('the presence stream across workers (Redis)', () => {
  let workerA: TestApp;
  let workerB: TestApp;
  let otherManager: Awaited<ReturnType<typeof createUser>>;

  beforeAll(async () => {
    const redisKeyPrefix = `test:presence-${Date.now()}:`;
    workerA = await buildTestApp({ database, redisKeyPrefix });
    workerB = await buildTestApp({ database, redisKeyPrefix });
    await listening(workerA);
    await listening(workerB);
    otherManager = await createUser(database.db, {
      tenantId: a.tenant.id,
      role: 'manager',
      teamId: a.otherTeam.id,
    });
    await database.db
      .insertInto('team_managers')
      .values({ tenant_id: a.tenant.id, team_id: a.otherTeam.id, user_id: otherManager.id })
      .execute();
  });
  afterAll(async () => {
    await workerA.close();
    await workerB.close();
  });

  it('brings a clock change on one worker to the right streams on another within 2 s', async () => {
    const B = workerB.app;
    const manager = await openStream(B, await tokenFor(B, a.manager));
    const admin = await openStream(B, await tokenFor(B, a.admin));
    const otherTeamLead = await openStream(B, await tokenFor(B, otherManager));
    const otherCompany = await openStream(B, await tokenFor(B, b.admin));
    try {
      for (const s of [manager, admin, otherTeamLead, otherCompany]) await s.snapshot();
      const employee = await as(workerA.app, a.employee);
      await employee.stamp('in');
      await manager.change(a.employee.id, 'working');
      await admin.change(a.employee.id, 'working');
      await employee.stamp('break/start');
      await manager.change(a.employee.id, 'break');
      await employee.stamp('out');
      await manager.change(a.employee.id, 'off');
      await admin.change(a.employee.id, 'off');

      // Later changes arrive in order: once these are in, the earlier ones would have been too.
      await (await as(workerA.app, a.outsider)).stamp('in');
      await otherTeamLead.change(a.outsider.id, 'working');
      await (await as(workerA.app, b.employee)).stamp('in');
      await otherCompany.change(b.employee.id, 'working');
      expect(otherTeamLead.changes().map((p) => p.userId)).toEqual([a.outsider.id]);
      expect(otherCompany.changes().map((p) => p.userId)).toEqual([b.employee.id]);
      expect(manager.changes().map((p) => p.userId)).not.toContain(a.outsider.id);
      expect(admin.changes().map((p) => p.userId)).not.toContain(b.employee.id);
    } finally {
      await Promise.all([manager, admin, otherTeamLead, otherCompany].map((s) => s.close()));
      await (await as(workerA.app, a.outsider)).stamp('out');
      await (await as(workerA.app, b.employee)).stamp('out');
    }
  });

  it('never reaches a worker of another installation sharing the Redis server', async () => {
    const foreign = await buildTestApp({
      database,
      redisKeyPrefix: `test:elsewhere-${Date.now()}:`,
    });
    const app = await listening(foreign);
    const stream = await openStream(app, await tokenFor(app, a.admin));
    try {
      await stream.snapshot();
      await (await as(workerA.app, a.employee)).stamp('in');
      // Same installation, other worker: it arrives there, so it has been published.
      const local = await openStream(workerB.app, await tokenFor(workerB.app, a.admin));
      await local.snapshot();
      await (await as(workerA.app, a.employee)).stamp('break/start');
      await local.change(a.employee.id, 'break');
      await local.close();
      expect(stream.changes()).toEqual([]);
    } finally {
      await stream.close();
      await foreign.close();
      await (await as(workerA.app, a.employee)).stamp('out');
    }
  });

  it('ends a stream as soon as the user changes on another worker', async () => {
    const manager = await createUser(database.db, {
      tenantId: a.tenant.id,
      role: 'manager',
      teamId: a.team.id,
    });
    const stream = await openStream(workerB.app, await tokenFor(workerB.app, manager));
    await stream.snapshot();
    const res = await (
      await as(workerA.app, a.admin)
    ).send('PATCH', `/api/v1/users/${manager.id}`, { role: 'employee' });
    expect(res.statusCode).toBe(200);
    await stream.ended();
    await expect.poll(() => workerB.app.presenceStreams.size).toBe(0);
  });
});

import ICAL from 'ical.js';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestDatabase } from '../../../test/helpers.js';
import { buildTestApp, createTestDatabase, manualClock } from '../../../test/helpers.js';
import type { Company } from '../../../test/world.js';
import { callAs, createCompany } from '../../../test/world.js';
import { insertAbsence } from '../../../test/calendar-fixtures.js';
import { loggerOptions } from '../../logger.js';
import { MAX_FEEDS_PER_PERSON } from './feeds.js';

let database: TestDatabase;
let t: TestApp;
let a: Company;
let b: Company;
// Thursday 16 April 2026 in Berlin.
const clock = manualClock(new Date('2026-04-16T10:00:00Z'));
const ids: Record<string, string> = {};
const logs: string[] = [];

type Person = Company['admin'];
const call = (as: Person, method: 'GET' | 'POST' | 'DELETE', url: string, body?: object) =>
  callAs(t.app, as, method, url, body);

async function subscribe(as: Person, body: object): Promise<{ id: string; path: string }> {
  const res = await call(as, 'POST', '/calendar-feeds', body);
  expect(res.statusCode, res.body).toBe(201);
  const { id, url } = res.json<{ id: string; url: string }>();
  return { id, path: new URL(url).pathname };
}

const poll = (path: string) => t.app.inject({ method: 'GET', url: path });

interface ParsedEvent {
  uid: string;
  summary: string;
  start: string;
  end: string;
  startIsDate: boolean;
  status: string;
  transp: string;
}

function parse(text: string): { name: string; events: ParsedEvent[] } {
  const calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
  const events = calendar.getAllSubcomponents('vevent').map((v) => {
    const start = v.getFirstPropertyValue('dtstart') as ICAL.Time;
    const end = v.getFirstPropertyValue('dtend') as ICAL.Time;
    return {
      uid: String(v.getFirstPropertyValue('uid')),
      summary: String(v.getFirstPropertyValue('summary')),
      start: start.toString(),
      end: end.toString(),
      startIsDate: start.isDate && end.isDate,
      status: String(v.getFirstPropertyValue('status')),
      transp: String(v.getFirstPropertyValue('transp')),
    };
  });
  return { name: String(calendar.getFirstPropertyValue('x-wr-calname')), events };
}

beforeAll(async () => {
  database = await createTestDatabase();
  t = await buildTestApp({
    database,
    clock,
    redis: false,
    logger: pino(loggerOptions('info'), { write: (line: string) => void logs.push(line) }),
  });
  a = await createCompany(database.db, 'Alpha');
  b = await createCompany(database.db, 'Beta');
  const db = database.db;
  ids.sick = await insertAbsence(db, a, a.employee, {
    key: 'sick',
    from: '2026-04-13',
    to: '2026-04-15',
    note: 'Grippe, vertraulich',
  });
  ids.pending = await insertAbsence(db, a, a.employee, {
    key: 'vacation',
    from: '2026-04-27',
    to: '2026-04-30',
    status: 'requested',
    halfDayEnd: true,
  });
  ids.half = await insertAbsence(db, a, a.employee, {
    key: 'vacation',
    from: '2026-05-08',
    to: '2026-05-08',
    halfDayStart: true,
  });
  ids.outsider = await insertAbsence(db, a, a.outsider, {
    key: 'vacation',
    from: '2026-04-20',
    to: '2026-04-24',
  });
  ids.openSick = await insertAbsence(db, a, a.manager, {
    key: 'sick',
    from: '2026-04-14',
    to: null,
  });
  ids.old = await insertAbsence(db, a, a.employee, {
    key: 'vacation',
    from: '2024-08-05',
    to: '2024-08-09',
  });
  ids.beta = await insertAbsence(db, b, b.employee, {
    key: 'vacation',
    from: '2026-04-13',
    to: '2026-04-17',
  });
});
afterAll(async () => {
  await t.close();
  await database.drop();
});

describe('iCal feeds', () => {
  it('gives a person feed whose URL works, with all-day events and an exclusive DTEND', async () => {
    const feed = await subscribe(a.employee, { scope: 'person' });
    expect(feed.path).toMatch(/^\/api\/v1\/ical\/[A-Za-z0-9_-]{43}\.ics$/);
    const res = await poll(feed.path);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    // RFC 5545: CRLF line ends, no line longer than 75 octets.
    expect(res.body.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    expect(res.body.replaceAll('\r\n', '')).not.toContain('\n');
    const { name, events } = parse(res.body);
    expect(name).toBe(`Abwesenheiten – ${a.employee.name}`);
    const byUid = new Map(events.map((e) => [e.uid, e]));
    const sick = byUid.get(`absence-${ids.sick}@timemaster`)!;
    expect(sick).toMatchObject({
      summary: 'Krankheit',
      start: '2026-04-13',
      end: '2026-04-16',
      startIsDate: true,
      status: 'CONFIRMED',
      transp: 'OPAQUE',
    });
    expect(res.body).toContain('DTSTART;VALUE=DATE:20260413');
    expect(res.body).toContain('DTEND;VALUE=DATE:20260416');
    expect(byUid.get(`absence-${ids.pending}@timemaster`)).toMatchObject({
      summary: 'Urlaub (beantragt, letzter Tag bis mittags)',
      end: '2026-05-01',
      status: 'TENTATIVE',
    });
    expect(byUid.get(`absence-${ids.half}@timemaster`)?.summary).toBe('Urlaub (halber Tag)');
    // Only their own, within a year back; never the note.
    expect(events).toHaveLength(3);
    expect(res.body).not.toContain('Grippe');
    // Polling again gives the same events (stable UIDs).
    const again = parse((await poll(feed.path)).body);
    expect(again.events.map((e) => e.uid)).toEqual(events.map((e) => e.uid));
  });

  it('shows a team to a colleague as they see the calendar: a sickness only as "abwesend"', async () => {
    const colleague = await subscribe(a.outsider, { scope: 'team', teamId: a.team.id });
    const seen = parse((await poll(colleague.path)).body);
    expect(seen.name).toBe('Abwesenheiten – Team Produktion');
    const sick = seen.events.find((e) => e.uid === `absence-${ids.sick}@timemaster`)!;
    expect(sick.summary).toBe(`${a.employee.name}: abwesend`);
    expect(sick.transp).toBe('TRANSPARENT');
    expect(JSON.stringify(seen)).not.toContain('Krankheit');
    // Outside the team: not in the feed.
    expect(seen.events.some((e) => e.uid.includes(ids.outsider!))).toBe(false);
    // The open sickness of the manager runs until today (16 April): DTEND the 17th.
    expect(seen.events.find((e) => e.uid.includes(ids.openSick!))?.end).toBe('2026-04-17');
    // The team's manager is the employee's approver and sees the type.
    const manager = await subscribe(a.manager, { scope: 'team', teamId: a.team.id });
    const managerSees = parse((await poll(manager.path)).body);
    expect(managerSees.events.find((e) => e.uid.includes(ids.sick!))?.summary).toBe(
      `${a.employee.name}: Krankheit`,
    );
  });

  it('lets only admins subscribe to the company, which never shows another company', async () => {
    const refused = await call(a.employee, 'POST', '/calendar-feeds', { scope: 'company' });
    expect(refused.statusCode).toBe(403);
    const feed = await subscribe(a.admin, { scope: 'company' });
    const res = await poll(feed.path);
    const { events } = parse(res.body);
    expect(events.map((e) => e.uid)).toEqual(
      expect.arrayContaining(
        [ids.sick, ids.outsider, ids.openSick].map((id) => `absence-${id}@timemaster`),
      ),
    );
    expect(res.body).not.toContain(ids.beta);
    expect(res.body).not.toContain(b.employee.name);
    // When the owner is no admin any more, the company feed ends.
    await database.db
      .updateTable('users')
      .set({ role: 'manager' })
      .where('id', '=', a.admin.id)
      .execute();
    try {
      expect((await poll(feed.path)).statusCode).toBe(404);
    } finally {
      await database.db
        .updateTable('users')
        .set({ role: 'admin' })
        .where('id', '=', a.admin.id)
        .execute();
    }
    expect((await poll(feed.path)).statusCode).toBe(200);
  });

  it('ends a revoked feed at once, and keeps only a hash of the token', async () => {
    const feed = await subscribe(a.employee, { scope: 'person' });
    const token = feed.path.slice('/api/v1/ical/'.length, -'.ics'.length);
    const row = await database.db
      .selectFrom('calendar_feeds')
      .selectAll()
      .where('id', '=', feed.id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).not.toContain(token);
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    const audit = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', feed.id)
      .execute();
    expect(audit.map((e) => e.action)).toEqual(['calendar_feed.created']);
    expect(JSON.stringify(audit)).not.toContain(token);
    expect((await poll(feed.path)).statusCode).toBe(200);
    expect(row.last_used_at).toBeNull();
    const used = await database.db
      .selectFrom('calendar_feeds')
      .select('last_used_at')
      .where('id', '=', feed.id)
      .executeTakeFirstOrThrow();
    expect(used.last_used_at).toEqual(clock());

    // Another person (or another company's admin) cannot revoke it.
    expect((await call(a.outsider, 'DELETE', `/calendar-feeds/${feed.id}`)).statusCode).toBe(404);
    expect((await call(b.admin, 'DELETE', `/calendar-feeds/${feed.id}`)).statusCode).toBe(404);
    expect((await poll(feed.path)).statusCode).toBe(200);

    const revoked = await call(a.employee, 'DELETE', `/calendar-feeds/${feed.id}`);
    expect(revoked.statusCode).toBe(204);
    const gone = await poll(feed.path);
    expect(gone.statusCode).toBe(404);
    expect(gone.json<{ error: { code: string } }>().error.code).toBe('NOT_FOUND');
    expect((await call(a.employee, 'DELETE', `/calendar-feeds/${feed.id}`)).statusCode).toBe(404);
    const list = (await call(a.employee, 'GET', '/calendar-feeds')).json<{ id: string }[]>();
    expect(list.map((f) => f.id)).not.toContain(feed.id);
    const actions = await database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id'])
      .where('entity_id', '=', feed.id)
      .orderBy('at')
      .execute();
    expect(actions.map((e) => e.action)).toEqual([
      'calendar_feed.created',
      'calendar_feed.revoked',
    ]);
  });

  it('lets an admin revoke anyone’s feed of the company; a deactivated owner’s feed ends', async () => {
    const feed = await subscribe(a.outsider, { scope: 'person' });
    expect((await call(a.admin, 'DELETE', `/calendar-feeds/${feed.id}`)).statusCode).toBe(204);
    expect((await poll(feed.path)).statusCode).toBe(404);
    const other = await subscribe(a.outsider, { scope: 'person' });
    await database.db
      .updateTable('users')
      .set({ status: 'disabled' })
      .where('id', '=', a.outsider.id)
      .execute();
    try {
      expect((await poll(other.path)).statusCode).toBe(404);
    } finally {
      await database.db
        .updateTable('users')
        .set({ status: 'active' })
        .where('id', '=', a.outsider.id)
        .execute();
    }
  });

  it('never writes a feed token into the logs (SECURITY.md 21)', async () => {
    const feed = await subscribe(a.employee, { scope: 'person' });
    const token = feed.path.slice('/api/v1/ical/'.length, -'.ics'.length);
    logs.length = 0;
    expect((await poll(feed.path)).statusCode).toBe(200);
    await call(a.employee, 'DELETE', `/calendar-feeds/${feed.id}`);
    expect((await poll(feed.path)).statusCode).toBe(404);
    const text = logs.join('\n');
    expect(text).toContain('/api/v1/ical/(token).ics');
    expect(text).not.toContain(token);
  });

  it('answers 404 for unknown and malformed tokens', async () => {
    for (const path of [
      `/api/v1/ical/${'A'.repeat(43)}.ics`,
      '/api/v1/ical/short.ics',
      `/api/v1/ical/${'x'.repeat(43)}`,
    ]) {
      expect((await poll(path)).statusCode, path).toBe(404);
    }
  });

  it('lists my feeds without their URLs', async () => {
    const res = await call(a.manager, 'GET', '/calendar-feeds');
    expect(res.statusCode).toBe(200);
    const list = res.json<Record<string, unknown>[]>();
    expect(list.length).toBeGreaterThan(0);
    for (const feed of list) {
      expect(feed).not.toHaveProperty('url');
      expect(feed.scope).toBe('team');
      expect(feed.teamName).toBe('Produktion');
    }
    expect(res.body).not.toContain('/ical/');
  });

  it('refuses inconsistent input, another company’s team and more than the limit', async () => {
    const bad = [
      { scope: 'team' },
      { scope: 'person', teamId: a.team.id },
      { scope: 'everyone' },
      { scope: 'person', userId: a.admin.id },
    ];
    for (const body of bad) {
      const res = await call(a.employee, 'POST', '/calendar-feeds', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    const foreign = await call(a.employee, 'POST', '/calendar-feeds', {
      scope: 'team',
      teamId: b.team.id,
    });
    expect(foreign.statusCode).toBe(404);
    // b.employee holds one feed already (test/world.ts).
    const held = await database.db
      .selectFrom('calendar_feeds')
      .select('id')
      .where('user_id', '=', b.employee.id)
      .where('revoked_at', 'is', null)
      .execute();
    for (let i = held.length; i < MAX_FEEDS_PER_PERSON; i++)
      await subscribe(b.employee, { scope: 'person' });
    const over = await call(b.employee, 'POST', '/calendar-feeds', { scope: 'person' });
    expect(over.statusCode).toBe(409);
    expect(over.json<{ error: { code: string } }>().error.code).toBe('CALENDAR_FEED_LIMIT');
  });

  it('limits how often one feed may be polled', async () => {
    const feed = await subscribe(b.admin, { scope: 'person' });
    const codes: number[] = [];
    for (let i = 0; i < 61; i++) codes.push((await poll(feed.path)).statusCode);
    expect(codes.slice(0, 60).every((c) => c === 200)).toBe(true);
    expect(codes[60]).toBe(429);
  });
});

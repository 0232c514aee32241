/**
 * The CalDAV client against a real Radicale (create, update through 412, delete, 404-delete,
 * sign-in refused, no such calendar, a folder instead of a calendar, server down) and against a
 * small hostile server for what Radicale never does (no ETag, 429, 5xx with a body to hide).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Radicale } from '../../../test/radicale.js';
import {
  OTHER_USER,
  SYNC_PASSWORD,
  SYNC_USER,
  radicaleMissing,
  startRadicale,
} from '../../../test/radicale.js';
import type { Outbound } from '../outbound/http.js';
import { createOutbound } from '../outbound/http.js';
import { createAddressPolicy } from '../outbound/policy.js';
import type { CaldavErrorCode } from './client.js';
import { CaldavError, createCaldavClient, retryAfterMs } from './client.js';
import { eventUid, renderAbsenceEvent, resourceName } from './ical.js';

/** The loopback test servers are reached the way an operator would allow an internal host. */
const outbound: Outbound = createOutbound({
  policy: createAddressPolicy(['127.0.0.1/32']),
  connectTimeoutMs: 2_000,
  responseTimeoutMs: 2_000,
});
afterAll(() => outbound.close());

async function failure(promise: Promise<unknown>): Promise<CaldavError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CaldavError) return error;
    throw error;
  }
  throw new Error('expected a CaldavError');
}

function event(id: string, summary: string) {
  const uid = eventUid(id, 'zeit.example.com');
  return {
    name: resourceName(uid),
    ics: renderAbsenceEvent({
      uid,
      summary,
      from: '2026-07-06',
      to: '2026-07-10',
      halfDayStart: false,
      halfDayEnd: false,
      timeZone: 'Europe/Berlin',
      stamp: new Date('2026-05-01T10:00:00Z'),
    }),
  };
}

describe.skipIf(radicaleMissing)('against Radicale', () => {
  let radicale: Radicale;
  const account = () => ({
    collectionUrl: radicale.calendarUrl('firma'),
    username: SYNC_USER,
    password: SYNC_PASSWORD,
  });

  beforeAll(async () => {
    radicale = await startRadicale();
    await radicale.createCalendar('firma');
    await radicale.createCalendar('privat', OTHER_USER);
  });
  afterAll(() => radicale.close());

  it('recognises the calendar collection', async () => {
    const client = createCaldavClient(outbound, account());
    await expect(client.checkCollection()).resolves.toHaveProperty('displayName');
  });

  it.each<[string, () => Partial<ReturnType<typeof account>>, CaldavErrorCode, number | undefined]>(
    [
      ['a wrong password', () => ({ password: 'falsch' }), 'auth_rejected', 401],
      ['an unknown user', () => ({ username: 'niemand' }), 'auth_rejected', 401],
      [
        'another user’s calendar',
        () => ({ collectionUrl: radicale.calendarUrl('privat', OTHER_USER) }),
        'forbidden',
        403,
      ],
      [
        'a calendar that does not exist',
        () => ({ collectionUrl: radicale.calendarUrl('gibtsnicht') }),
        'not_found',
        404,
      ],
      [
        'the user folder instead of a calendar',
        () => ({ collectionUrl: `${radicale.origin}/${SYNC_USER}/` }),
        'not_calendar',
        undefined,
      ],
    ],
  )('refuses %s, permanently', async (_name, change, code, status) => {
    const client = createCaldavClient(outbound, { ...account(), ...change() });
    const error = await failure(client.checkCollection());
    expect(error).toMatchObject({ code, retryable: false });
    expect(error.extra.status).toBe(status);
  });

  it('says in plain words what a 401 and a 404 mean', async () => {
    const wrong = await failure(
      createCaldavClient(outbound, { ...account(), password: 'falsch' }).checkCollection(),
    );
    expect(wrong.words.de).toBe(
      'Anmeldung abgelehnt (401): Benutzername oder App-Passwort falsch.',
    );
    const missing = await failure(
      createCaldavClient(outbound, {
        ...account(),
        collectionUrl: radicale.calendarUrl('gibtsnicht'),
      }).checkCollection(),
    );
    expect(missing.words.de).toMatch(/^Kein Kalender unter dieser Adresse \(404\)/);
  });

  it('creates, overwrites through 412 + If-Match, deletes, and takes 404 on delete as done', async () => {
    const client = createCaldavClient(outbound, account());
    const first = event('11111111-1111-4111-8111-111111111111', 'Anna – Urlaub');
    const created = await client.putEvent(first.name, first.ics);
    expect(created.href).toBe(`${radicale.calendarUrl('firma')}${first.name}`);
    expect(created.etag).toMatch(/^"/);
    expect((await client.getEvent(first.name))?.ics).toContain('SUMMARY:Anna – Urlaub');

    // The same absence again with a new title: the create-only PUT meets 412, the client
    // fetches the current ETag and overwrites on exactly that version.
    const changed = event('11111111-1111-4111-8111-111111111111', 'Anna – Abwesend');
    const updated = await client.putEvent(changed.name, changed.ics);
    expect(updated.etag).not.toBe(created.etag);
    const stored = await client.getEvent(changed.name);
    expect(stored?.ics).toContain('SUMMARY:Anna – Abwesend');
    expect(stored?.etag).toBe(updated.etag);

    // Running the same PUT twice (a retried job) leaves one event.
    await client.putEvent(changed.name, changed.ics);
    const listing = await fetch(radicale.calendarUrl('firma'), {
      method: 'PROPFIND',
      headers: {
        depth: '1',
        authorization: `Basic ${Buffer.from(`${SYNC_USER}:${SYNC_PASSWORD}`).toString('base64')}`,
      },
    });
    expect((await listing.text()).match(/\.ics<\/href>/g)).toHaveLength(1);

    await client.deleteEvent(changed.name);
    expect(await client.getEvent(changed.name)).toBeNull();
    await expect(client.deleteEvent(changed.name)).resolves.toBeUndefined();
  });

  it('reports a stopped server as retryable, and works again when it is back', async () => {
    const client = createCaldavClient(outbound, account());
    await radicale.stop();
    try {
      const error = await failure(client.checkCollection());
      expect(error).toMatchObject({ code: 'connect', retryable: true });
    } finally {
      await radicale.start();
    }
    await expect(client.checkCollection()).resolves.toBeDefined();
  });

  it('refuses the loopback server when the operator has not allowed it', async () => {
    const closed = createOutbound({ policy: createAddressPolicy([]) });
    const error = await failure(createCaldavClient(closed, account()).checkCollection());
    await closed.close();
    expect(error).toMatchObject({ code: 'blocked', retryable: false });
    expect(error.words.de).toBe(
      'Adresse 127.0.0.1 ist gesperrt (Loopback, dieser Server selbst). Freischalten mit CALDAV_ALLOWED_CIDRS=127.0.0.1/32 in der .env',
    );
  });
});

describe('against a server that behaves differently', () => {
  let server: Server;
  let base: string;
  let handler: (req: IncomingMessage, res: ServerResponse, body: string) => void = () => {};
  const seen: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push(`${req.method} ${req.headers['if-none-match'] ?? req.headers['if-match'] ?? ''}`);
        handler(req, res, body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cal/`;
  });
  afterAll(() => server.close());

  const client = () =>
    createCaldavClient(outbound, { collectionUrl: base, username: 'u', password: 'p' });

  it('asks for the ETag by PROPFIND when the PUT answer has none', async () => {
    seen.length = 0;
    handler = (req, res) => {
      if (req.method === 'PUT') res.writeHead(204).end();
      else
        res
          .writeHead(207, { 'content-type': 'application/xml' })
          .end(
            '<d:multistatus xmlns:d="DAV:"><d:response><d:href>/cal/x.ics</d:href><d:propstat><d:prop><d:getetag>"v7"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>',
          );
    };
    await expect(client().putEvent('x.ics', 'BEGIN:VCALENDAR')).resolves.toEqual({
      href: `${base}x.ics`,
      etag: '"v7"',
    });
    expect(seen).toEqual(['PUT *', 'PROPFIND ']);
  });

  it.each<[number, Record<string, string>, CaldavErrorCode, boolean, number | undefined]>([
    [500, {}, 'server_error', true, undefined],
    [503, { 'retry-after': '30' }, 'server_error', true, 30_000],
    [429, { 'retry-after': '120' }, 'rate_limited', true, 120_000],
    [408, {}, 'server_error', true, undefined],
    [415, {}, 'unsupported', false, undefined],
    [403, {}, 'forbidden', false, undefined],
    [409, {}, 'conflict', false, undefined],
    [302, { location: 'https://cloud.example.com/cal/' }, 'redirect', false, undefined],
    [400, {}, 'rejected', false, undefined],
  ])(
    'classifies %i as %s (retryable: %s) without echoing the body',
    async (status, headers, code, retryable, wait) => {
      handler = (_req, res) =>
        res.writeHead(status, headers).end('GEHEIM <script>alert(1)</script>');
      const error = await failure(client().putEvent('x.ics', 'BEGIN:VCALENDAR'));
      expect(error).toMatchObject({ code, retryable });
      expect(error.extra.retryAfterMs).toBe(wait);
      expect(JSON.stringify([error.words, error.message])).not.toMatch(/GEHEIM|script/);
    },
  );

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-05-01T10:00:00Z');
    expect(retryAfterMs('90', now)).toBe(90_000);
    expect(retryAfterMs('Fri, 01 May 2026 10:02:00 GMT', now)).toBe(120_000);
    expect(retryAfterMs('bald', now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});

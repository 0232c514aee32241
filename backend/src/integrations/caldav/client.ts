/**
 * A CalDAV client for one known calendar collection: PUT, GET, DELETE and PROPFIND are all it
 * takes (RFC 4791); no discovery. Every call goes through the outbound module (SSRF policy,
 * timeouts, size cap), and every failure is classified for the sync job:
 *   - retryable: network trouble, 5xx, 408, 429 (with Retry-After) — try again later;
 *   - permanent: refused sign-in, no permission, no such calendar, unsupported data, blocked
 *     address — retrying cannot help, a person has to act (shown in the settings).
 * Messages are ours, in German and English; nothing the server sent in a body is repeated.
 *
 * Servers differ in small ways: Radicale answers an overwriting PUT with 201 and DELETE with
 * 200, others with 204; any 2xx is success.
 */
import { XMLParser } from 'fast-xml-parser';
import type { Outbound, OutboundRequest, OutboundResponse } from '../outbound/http.js';
import { OutboundError, parseOutboundUrl } from '../outbound/http.js';
import { BLOCK_REASON_WORDS } from '../outbound/policy.js';

export interface Words {
  de: string;
  en: string;
}

export type CaldavErrorCode =
  | 'invalid_url'
  | 'dns'
  | 'blocked'
  | 'connect'
  | 'tls'
  | 'timeout'
  | 'too_large'
  | 'auth_rejected'
  | 'forbidden'
  | 'not_found'
  | 'not_calendar'
  | 'not_caldav'
  | 'redirect'
  | 'conflict'
  | 'unsupported'
  | 'rate_limited'
  | 'server_error'
  | 'rejected'
  | 'bad_answer';

/** Why a CalDAV call failed, and whether trying again later can help. */
export class CaldavError extends Error {
  constructor(
    readonly code: CaldavErrorCode,
    readonly retryable: boolean,
    readonly words: Words,
    readonly extra: { status?: number; retryAfterMs?: number; address?: string } = {},
  ) {
    super(words.en);
    this.name = 'CaldavError';
  }
}

export interface CaldavAccount {
  /** The calendar collection, e.g. https://cloud.example.com/remote.php/dav/calendars/u/k/ */
  collectionUrl: string;
  username: string;
  password: string;
}

export interface StoredEvent {
  href: string;
  etag: string | null;
}

const xml = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true });

const asList = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or odd. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The hint that opens a blocked address, as an operator would write it. */
function allowHint(address: string): string {
  return `CALDAV_ALLOWED_CIDRS=${address}/${address.includes(':') ? 128 : 32}`;
}

/** A failure of the outbound module, in CalDAV words. */
export function fromOutbound(error: OutboundError): CaldavError {
  const host = error.details.hostname ?? '';
  switch (error.failure) {
    case 'invalid_url':
      return new CaldavError('invalid_url', false, {
        de: `Die Adresse ist ungültig: ${error.message}`,
        en: `The address is invalid: ${error.message}`,
      });
    case 'dns':
      return new CaldavError('dns', true, {
        de: `Der Servername ${host} ist unbekannt (DNS).`,
        en: `The server name ${host} is unknown (DNS).`,
      });
    case 'blocked': {
      const address = error.details.address ?? host;
      const reason = BLOCK_REASON_WORDS[error.details.reason ?? 'reserved'];
      return new CaldavError(
        'blocked',
        false,
        {
          de: `Adresse ${address} ist gesperrt (${reason.de}). Freischalten mit ${allowHint(address)} in der .env`,
          en: `Address ${address} is blocked (${reason.en}). Allow it with ${allowHint(address)} in .env`,
        },
        { address },
      );
    }
    case 'connect':
      return new CaldavError('connect', true, {
        de: `Keine Verbindung zu ${host} (Server aus oder Port falsch?).`,
        en: `Could not connect to ${host} (server down or wrong port?).`,
      });
    case 'tls':
      return new CaldavError('tls', false, {
        de: `Die gesicherte Verbindung zu ${host} ist fehlgeschlagen (Zertifikat prüfen).`,
        en: `The secure connection to ${host} failed (check the certificate).`,
      });
    case 'timeout':
      return new CaldavError('timeout', true, {
        de: `${host} antwortet nicht rechtzeitig.`,
        en: `${host} does not answer in time.`,
      });
    case 'too_large':
      return new CaldavError('too_large', false, {
        de: `Die Antwort von ${host} ist zu groß.`,
        en: `The answer of ${host} is too large.`,
      });
  }
}

/**
 * An HTTP answer that is not success, classified. `what` names the object in the collection
 * context: a 404 of the collection means the calendar is gone (permanent).
 */
export function fromStatus(response: OutboundResponse, now = Date.now()): CaldavError {
  const status = response.status;
  if (status >= 300 && status < 400) {
    let target = '';
    try {
      target = new URL(response.headers.location ?? '').href.slice(0, 200);
    } catch {
      // no usable Location: say only that it redirects
    }
    return new CaldavError(
      'redirect',
      false,
      {
        de: `Der Server leitet weiter (${status})${target ? ` nach ${target}` : ''}. Bitte die endgültige Kalender-Adresse eintragen.`,
        en: `The server redirects (${status})${target ? ` to ${target}` : ''}. Please enter the final calendar address.`,
      },
      { status },
    );
  }
  if (status === 401)
    return new CaldavError(
      'auth_rejected',
      false,
      {
        de: 'Anmeldung abgelehnt (401): Benutzername oder App-Passwort falsch.',
        en: 'Sign-in refused (401): user name or app password is wrong.',
      },
      { status },
    );
  if (status === 403)
    return new CaldavError(
      'forbidden',
      false,
      {
        de: 'Keine Berechtigung (403): der Benutzer darf in diesen Kalender nicht schreiben.',
        en: 'Not permitted (403): the user may not write to this calendar.',
      },
      { status },
    );
  if (status === 404 || status === 410)
    return new CaldavError(
      'not_found',
      false,
      {
        de: `Kein Kalender unter dieser Adresse (${status}): Pfad oder Benutzer-ID prüfen.`,
        en: `No calendar at this address (${status}): check the path and the user id.`,
      },
      { status },
    );
  if (status === 405 || status === 501)
    return new CaldavError(
      'not_caldav',
      false,
      {
        de: `Unter dieser Adresse antwortet kein CalDAV-Server (${status}).`,
        en: `No CalDAV server answers at this address (${status}).`,
      },
      { status },
    );
  if (status === 409)
    return new CaldavError(
      'conflict',
      false,
      {
        de: 'Der Kalender lehnt das Ereignis ab (409), z. B. weil es dieselbe UID schon unter anderem Namen gibt.',
        en: 'The calendar refuses the event (409), e.g. because the same UID exists under another name.',
      },
      { status },
    );
  if (status === 415)
    return new CaldavError(
      'unsupported',
      false,
      {
        de: 'Der Kalender nimmt keine iCal-Ereignisse an (415): ist es ein Aufgaben- statt Terminkalender?',
        en: 'The calendar accepts no iCal events (415): is it a task list rather than a calendar?',
      },
      { status },
    );
  if (status === 429) {
    const wait = retryAfterMs(response.headers['retry-after'], now);
    return new CaldavError(
      'rate_limited',
      true,
      {
        de: 'Der Server bittet, es später erneut zu versuchen (429).',
        en: 'The server asks to try again later (429).',
      },
      { status, ...(wait !== undefined ? { retryAfterMs: wait } : {}) },
    );
  }
  if (status === 408 || status >= 500) {
    const wait = retryAfterMs(response.headers['retry-after'], now);
    return new CaldavError(
      'server_error',
      true,
      {
        de: `Der Kalenderserver hat einen Fehler (${status}); es wird später erneut versucht.`,
        en: `The calendar server has an error (${status}); it will be tried again later.`,
      },
      { status, ...(wait !== undefined ? { retryAfterMs: wait } : {}) },
    );
  }
  return new CaldavError(
    'rejected',
    false,
    {
      de: `Der Kalenderserver lehnt die Anfrage ab (${status}).`,
      en: `The calendar server refuses the request (${status}).`,
    },
    { status },
  );
}

const PROPFIND_COLLECTION = `<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
  <d:prop><d:resourcetype/><d:displayname/><c:supported-calendar-component-set/></d:prop>
</d:propfind>`;

const PROPFIND_ETAG = `<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>`;

interface PropStat {
  status?: string;
  prop?: Record<string, unknown>;
}

/** The properties a 207 multistatus reports with status 200 (Depth: 0, so one response). */
function okProps(body: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = xml.parse(body);
  } catch {
    parsed = undefined;
  }
  const responses = asList(
    (parsed as { multistatus?: { response?: unknown } } | undefined)?.multistatus?.response,
  ) as { propstat?: PropStat | PropStat[] }[];
  const props: Record<string, unknown> = {};
  for (const response of responses.slice(0, 1)) {
    for (const propstat of asList(response.propstat)) {
      if (/\s200\s/.test(` ${propstat.status ?? ''} `) && propstat.prop)
        Object.assign(props, propstat.prop);
    }
  }
  return props;
}

const badAnswer = () =>
  new CaldavError('bad_answer', true, {
    de: 'Der Server hat unverständlich geantwortet.',
    en: 'The server gave an answer that could not be read.',
  });

export interface CaldavClient {
  readonly collectionUrl: string;
  /** The collection is a calendar (PROPFIND resourcetype); its display name if it has one. */
  checkCollection(): Promise<{ displayName: string | null }>;
  /** Creates or overwrites the event; the ETag is asked for when the PUT does not give one. */
  putEvent(name: string, ics: string): Promise<StoredEvent>;
  /** The event's text and ETag, or null when there is none. */
  getEvent(name: string): Promise<{ ics: string; etag: string | null } | null>;
  /** Removes the event; one that is not there is removed already. */
  deleteEvent(name: string): Promise<void>;
}

export function createCaldavClient(outbound: Outbound, account: CaldavAccount): CaldavClient {
  const collection = account.collectionUrl.endsWith('/')
    ? account.collectionUrl
    : `${account.collectionUrl}/`;
  const authorization = `Basic ${Buffer.from(`${account.username}:${account.password}`).toString('base64')}`;

  async function call(req: OutboundRequest): Promise<OutboundResponse> {
    try {
      return await outbound.request({
        ...req,
        headers: { authorization, 'user-agent': 'TimeMaster', ...req.headers },
      });
    } catch (error) {
      if (error instanceof OutboundError) throw fromOutbound(error);
      throw error;
    }
  }

  const hrefOf = (name: string) => new URL(encodeURIComponent(name), collection).href;
  const ok = (res: OutboundResponse) => res.status >= 200 && res.status < 300;

  async function etagOf(href: string): Promise<string | null> {
    const res = await call({
      method: 'PROPFIND',
      url: href,
      headers: { depth: '0', 'content-type': 'application/xml; charset=utf-8' },
      body: PROPFIND_ETAG,
    });
    if (res.status !== 207) throw fromStatus(res);
    const etag = okProps(res.body).getetag;
    return typeof etag === 'string' ? etag : null;
  }

  async function put(href: string, ics: string, condition: Record<string, string>) {
    return call({
      method: 'PUT',
      url: href,
      headers: { 'content-type': 'text/calendar; charset=utf-8', ...condition },
      body: ics,
    });
  }

  return {
    collectionUrl: collection,

    async checkCollection() {
      parseOutboundUrl(collection);
      const res = await call({
        method: 'PROPFIND',
        url: collection,
        headers: { depth: '0', 'content-type': 'application/xml; charset=utf-8' },
        body: PROPFIND_COLLECTION,
      });
      if (res.status !== 207) throw fromStatus(res);
      const props = okProps(res.body);
      const type = props.resourcetype;
      if (!type || typeof type !== 'object' || !('calendar' in type)) {
        if (Object.keys(props).length === 0) throw badAnswer();
        throw new CaldavError('not_calendar', false, {
          de: 'Unter dieser Adresse liegt kein Kalender, sondern ein Ordner: bitte die Adresse des Kalenders selbst eintragen.',
          en: 'This address is a folder, not a calendar: please enter the address of the calendar itself.',
        });
      }
      const name = props.displayname;
      return { displayName: typeof name === 'string' && name ? name : null };
    },

    async putEvent(name, ics) {
      const href = hrefOf(name);
      // Create only if absent: a lost answer and a retry must not overwrite a newer event blindly,
      // and an event that is there is taken over with If-Match on its current ETag.
      let res = await put(href, ics, { 'if-none-match': '*' });
      if (res.status === 412) {
        const current = await call({ method: 'GET', url: href });
        if (current.status === 404) res = await put(href, ics, { 'if-none-match': '*' });
        else if (!ok(current)) throw fromStatus(current);
        else {
          const etag = current.headers.etag ?? (await etagOf(href));
          if (!etag) throw badAnswer();
          res = await put(href, ics, { 'if-match': etag });
        }
        // Changed again between our GET and PUT: someone else is writing; try later.
        if (res.status === 412)
          throw new CaldavError(
            'conflict',
            true,
            {
              de: 'Das Ereignis wurde gleichzeitig anderswo geändert; es wird erneut versucht.',
              en: 'The event was changed elsewhere at the same time; it will be tried again.',
            },
            { status: 412 },
          );
      }
      if (!ok(res)) throw fromStatus(res);
      return { href, etag: res.headers.etag ?? (await etagOf(href)) };
    },

    async getEvent(name) {
      const res = await call({ method: 'GET', url: hrefOf(name) });
      if (res.status === 404 || res.status === 410) return null;
      if (!ok(res)) throw fromStatus(res);
      return { ics: res.body, etag: res.headers.etag ?? null };
    },

    async deleteEvent(name) {
      const res = await call({ method: 'DELETE', url: hrefOf(name) });
      if (res.status === 404 || res.status === 410 || ok(res)) return;
      throw fromStatus(res);
    },
  };
}

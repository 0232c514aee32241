/**
 * HTTP to URLs that people typed in (the CalDAV calendar URL): the only way such URLs are
 * called (SECURITY.md 15).
 *
 * The address check lives in the undici Agent's `connect`: it resolves the name itself, checks
 * EVERY address it gets against the policy and then connects to the checked address, with the
 * original name for TLS (SNI and certificate check). So a name that resolves to a public address
 * for a pre-check and to an internal one a moment later (DNS rebinding) still only ever reaches
 * what was checked. undici's `connect.lookup` hook would not do: it is not called for IP-literal
 * URLs. Redirects are never followed here; a caller that follows one makes a new request, which
 * is checked again.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { Agent, buildConnector, errors as undiciErrors, request } from 'undici';
import type { Dispatcher } from 'undici';
import type { AddressPolicy, BlockReason } from './policy.js';

/** All addresses a name resolves to (both families), as text. */
export type Resolver = (hostname: string) => Promise<string[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

export type OutboundFailure =
  /** Not an http(s) URL, userinfo in it, no host… */
  | 'invalid_url'
  /** The name does not resolve. */
  | 'dns'
  /** An address the name resolves to is refused by the policy. */
  | 'blocked'
  /** TCP connection refused, reset, unreachable. */
  | 'connect'
  /** TLS handshake or certificate failed. */
  | 'tls'
  /** Connecting, waiting for the answer or reading it took too long. */
  | 'timeout'
  /** The answer is larger than the cap. */
  | 'too_large';

/**
 * Why an outbound call did not get an answer. The message is ours, never text from the remote
 * side: a hostile server must not be able to make the app show or log what it wants.
 */
export class OutboundError extends Error {
  constructor(
    readonly failure: OutboundFailure,
    message: string,
    readonly details: {
      hostname?: string;
      /** For `blocked`: the refused address and why. */
      address?: string;
      reason?: BlockReason;
    } = {},
  ) {
    super(message);
    this.name = 'OutboundError';
  }
}

export interface OutboundOptions {
  policy: AddressPolicy;
  resolver?: Resolver;
  /** TCP + TLS handshake (default 10 s). */
  connectTimeoutMs?: number;
  /** Until the response head, and between body chunks (default 30 s). */
  responseTimeoutMs?: number;
  /** Largest response body read (default 1 MiB); a larger one is an error. */
  maxResponseBytes?: number;
  /** Extra TLS options for tests (a test CA); production uses the system's trust store. */
  tls?: { ca?: string | Buffer };
}

export interface OutboundRequest {
  method: 'GET' | 'PUT' | 'DELETE' | 'PROPFIND' | 'OPTIONS' | 'HEAD' | 'MKCALENDAR';
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface OutboundResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface Outbound {
  /** One request, no redirects followed; 3xx answers come back as they are. */
  request(req: OutboundRequest): Promise<OutboundResponse>;
  /** URL form and policy of every address the name resolves to now (the connection test). */
  precheck(url: string): Promise<{ hostname: string; addresses: string[] }>;
  close(): Promise<void>;
}

/** The URL, if it is one outbound calls may go to at all (before any address is looked at). */
export function parseOutboundUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new OutboundError('invalid_url', 'This is not a URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new OutboundError('invalid_url', 'Only http:// and https:// URLs are allowed.');
  if (url.username || url.password)
    throw new OutboundError(
      'invalid_url',
      'The URL must not contain a user name or password; enter them in their own fields.',
    );
  if (!url.hostname) throw new OutboundError('invalid_url', 'The URL has no host name.');
  return url;
}

/** `[::1]` → `::1`: WHATWG URLs keep the brackets of IPv6 literals in hostname. */
function bareHost(hostname: string): string {
  return hostname.replace(/^\[(.*)\]$/, '$1');
}

async function resolveChecked(
  hostname: string,
  policy: AddressPolicy,
  resolver: Resolver,
): Promise<string[]> {
  const host = bareHost(hostname);
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await resolver(host);
    } catch {
      addresses = [];
    }
    if (addresses.length === 0)
      throw new OutboundError('dns', `The name ${host} could not be resolved.`, {
        hostname: host,
      });
  }
  // Every address, not just the one that would be used: which one a client picks is not ours
  // to predict, and a mixed answer is a sign of a rebinding attempt.
  const checked: string[] = [];
  for (const address of addresses) {
    const verdict = policy.check(address);
    if (!verdict.allowed)
      throw new OutboundError('blocked', `The address ${verdict.address} is not allowed.`, {
        hostname: host,
        address: verdict.address,
        reason: verdict.reason,
      });
    checked.push(verdict.address);
  }
  return checked;
}

function connectFailure(error: unknown, hostname: string): OutboundError {
  if (error instanceof OutboundError) return error;
  const code = (error as { code?: string }).code ?? '';
  if (error instanceof undiciErrors.ConnectTimeoutError || code === 'UND_ERR_CONNECT_TIMEOUT')
    return new OutboundError('timeout', `Connecting to ${hostname} took too long.`, { hostname });
  if (/CERT|SSL|TLS|ERR_TLS|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code))
    return new OutboundError('tls', `The TLS connection to ${hostname} failed (${code}).`, {
      hostname,
    });
  return new OutboundError(
    'connect',
    `Could not connect to ${hostname}${code ? ` (${code})` : ''}.`,
    { hostname },
  );
}

/** An Outbound over one undici Agent; close it when done (it keeps connections alive). */
export function createOutbound(options: OutboundOptions): Outbound {
  const resolver = options.resolver ?? systemResolver;
  const maxBytes = options.maxResponseBytes ?? 1024 * 1024;
  const responseTimeout = options.responseTimeoutMs ?? 30_000;
  const baseConnect = buildConnector({
    timeout: options.connectTimeoutMs ?? 10_000,
    ...(options.tls?.ca ? { ca: options.tls.ca } : {}),
  });

  const connect: buildConnector.connector = (opts, callback) => {
    const name = bareHost(opts.hostname);
    resolveChecked(opts.hostname, options.policy, resolver).then(
      (addresses) => {
        // Try the checked addresses in order; the socket goes to the address, TLS speaks to the
        // name (an IP-literal URL has no name to send as SNI).
        const attempt = (index: number, lastError: unknown) => {
          const address = addresses[index];
          if (address === undefined) {
            callback(connectFailure(lastError, name), null);
            return;
          }
          baseConnect(
            {
              ...opts,
              hostname: address,
              servername: opts.servername ?? (isIP(name) ? undefined : name),
            },
            (error, socket) => {
              if (error) attempt(index + 1, error);
              else callback(null, socket);
            },
          );
        };
        attempt(0, new Error('no address'));
      },
      (error: unknown) => callback(connectFailure(error, name), null),
    );
  };

  const agent = new Agent({
    connect,
    headersTimeout: responseTimeout,
    bodyTimeout: responseTimeout,
    // One request at a time per origin is plenty for a calendar, and keeps a slow server slow.
    connections: 4,
  });

  return {
    async precheck(text) {
      const url = parseOutboundUrl(text);
      const addresses = await resolveChecked(url.hostname, options.policy, resolver);
      return { hostname: bareHost(url.hostname), addresses };
    },

    async request(req) {
      const url = parseOutboundUrl(req.url);
      let response: Dispatcher.ResponseData;
      try {
        response = await request(url, {
          dispatcher: agent,
          method: req.method as Dispatcher.HttpMethod,
          headers: req.headers,
          body: req.body,
          // An overall deadline on top of undici's per-phase timeouts.
          signal: AbortSignal.timeout(responseTimeout * 2),
        });
      } catch (error) {
        throw requestFailure(error, bareHost(url.hostname));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      try {
        for await (const chunk of response.body) {
          size += (chunk as Buffer).length;
          if (size > maxBytes) {
            response.body.destroy();
            throw new OutboundError(
              'too_large',
              `The answer of ${bareHost(url.hostname)} is larger than ${maxBytes} bytes.`,
              { hostname: bareHost(url.hostname) },
            );
          }
          chunks.push(chunk as Buffer);
        }
      } catch (error) {
        throw requestFailure(error, bareHost(url.hostname));
      }
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(response.headers)) {
        if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : value;
      }
      return { status: response.statusCode, headers, body: Buffer.concat(chunks).toString('utf8') };
    },

    close: () => agent.close(),
  };
}

function requestFailure(error: unknown, hostname: string): OutboundError {
  if (error instanceof OutboundError) return error;
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof OutboundError) return cause;
  if (
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    (error as { name?: string }).name === 'TimeoutError'
  )
    return new OutboundError('timeout', `${hostname} took too long to answer.`, { hostname });
  return connectFailure(error, hostname);
}

/**
 * The SSRF matrix of SECURITY.md 15, table-driven, with the resolver injected: written forms,
 * IPv4-mapped IPv6, mixed and changing DNS answers, redirects to internal hosts; and proof that
 * CALDAV_ALLOWED_CIDRS opens exactly its ranges.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Outbound, Resolver } from './http.js';
import { OutboundError, createOutbound } from './http.js';
import type { BlockReason } from './policy.js';
import { createAddressPolicy } from './policy.js';

/** A resolver over a fixed table; names not in it do not resolve. */
function resolverOf(table: Record<string, string[] | (() => string[])>): Resolver {
  return (name) => {
    const entry = table[name];
    if (!entry) return Promise.reject(new Error('ENOTFOUND'));
    return Promise.resolve(typeof entry === 'function' ? entry() : entry);
  };
}

async function failureOf(outbound: Outbound, url: string): Promise<OutboundError> {
  try {
    await outbound.request({ method: 'GET', url });
  } catch (error) {
    if (error instanceof OutboundError) return error;
    throw error;
  }
  throw new Error(`${url} was reached`);
}

/** A local server that counts requests and answers with the handler. */
async function localServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ server: Server; port: number; hits: () => number }> {
  let hits = 0;
  const server = createServer((req, res) => {
    hits += 1;
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, hits: () => hits };
}

describe('address policy: refused by default (parsed address, not text)', () => {
  const outbound = createOutbound({
    policy: createAddressPolicy([]),
    resolver: resolverOf({
      'intern.example': ['10.0.0.5'],
      'mixed.example': ['93.184.216.34', '10.0.0.5'],
      'mapped.example': ['::ffff:192.168.1.1'],
      'metadata.example': ['169.254.169.254'],
      'v6-loopback.example': ['2606:4700::1111', '::1'],
    }),
    connectTimeoutMs: 500,
  });
  afterAll(() => outbound.close());

  it.each<[string, string, BlockReason]>([
    ['http://127.0.0.1/', '127.0.0.1', 'loopback'],
    ['http://2130706433/', '127.0.0.1', 'loopback'],
    ['http://0x7f.1/', '127.0.0.1', 'loopback'],
    ['http://0177.0.0.1/', '127.0.0.1', 'loopback'],
    ['http://017700000001/', '127.0.0.1', 'loopback'],
    ['http://127.1/', '127.0.0.1', 'loopback'],
    ['https://127.0.0.1:8443/', '127.0.0.1', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', '127.0.0.1', 'loopback'],
    ['http://[::ffff:7f00:1]/', '127.0.0.1', 'loopback'],
    ['http://[::1]/', '::1', 'loopback'],
    ['http://[::]/', '::', 'unspecified'],
    ['http://0.0.0.0/', '0.0.0.0', 'unspecified'],
    ['http://0/', '0.0.0.0', 'unspecified'],
    ['http://10.1.2.3/', '10.1.2.3', 'internal'],
    ['http://172.16.0.1/', '172.16.0.1', 'internal'],
    ['http://172.31.255.254/', '172.31.255.254', 'internal'],
    ['http://192.168.1.50/', '192.168.1.50', 'internal'],
    ['http://[::ffff:192.168.1.50]/', '192.168.1.50', 'internal'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254', 'link_local'],
    ['http://100.64.0.1/', '100.64.0.1', 'cgnat'],
    ['http://100.127.255.254/', '100.127.255.254', 'cgnat'],
    ['http://224.0.0.1/', '224.0.0.1', 'multicast'],
    ['http://239.255.255.250/', '239.255.255.250', 'multicast'],
    ['http://255.255.255.255/', '255.255.255.255', 'multicast'],
    ['http://240.0.0.1/', '240.0.0.1', 'reserved'],
    ['http://192.0.2.10/', '192.0.2.10', 'reserved'],
    ['http://198.51.100.1/', '198.51.100.1', 'reserved'],
    ['http://203.0.113.5/', '203.0.113.5', 'reserved'],
    ['http://198.18.0.1/', '198.18.0.1', 'reserved'],
    ['http://[fc00::1]/', 'fc00::1', 'internal'],
    ['http://[fd12:3456::1]/', 'fd12:3456::1', 'internal'],
    ['http://[fe80::1]/', 'fe80::1', 'link_local'],
    ['http://[fec0::1]/', 'fec0::1', 'internal'],
    ['http://[ff02::1]/', 'ff02::1', 'multicast'],
    ['http://[64:ff9b::7f00:1]/', '64:ff9b::7f00:1', 'embedded_ipv4'],
    ['http://[64:ff9b:1::a00:1]/', '64:ff9b:1::a00:1', 'embedded_ipv4'],
    ['http://[2002:7f00:1::1]/', '2002:7f00:1::1', 'embedded_ipv4'],
    ['http://[2001:0:4136:e378::1]/', '2001:0:4136:e378::1', 'embedded_ipv4'],
    ['http://[::127.0.0.1]/', '::7f00:1', 'embedded_ipv4'],
    ['http://[2001:db8::1]/', '2001:db8::1', 'reserved'],
    ['http://[100::1]/', '100::1', 'reserved'],
    ['http://intern.example/', '10.0.0.5', 'internal'],
    ['http://mixed.example/', '10.0.0.5', 'internal'],
    ['http://mapped.example/', '192.168.1.1', 'internal'],
    ['http://metadata.example/', '169.254.169.254', 'link_local'],
    ['http://v6-loopback.example/', '::1', 'loopback'],
  ])('%s → refused (%s, %s)', async (url, address, reason) => {
    const error = await failureOf(outbound, url);
    expect(error.failure).toBe('blocked');
    expect(error.details).toMatchObject({ address, reason });
  });

  it.each([
    ['ftp://example.com/cal/', 'invalid_url'],
    ['file:///etc/passwd', 'invalid_url'],
    ['gopher://example.com/', 'invalid_url'],
    ['http://user:pass@example.com/', 'invalid_url'],
    ['http://user@example.com/', 'invalid_url'],
    ['not a url', 'invalid_url'],
    ['http://unknown.example/', 'dns'],
  ])('%s → %s', async (url, failure) => {
    expect((await failureOf(outbound, url)).failure).toBe(failure);
  });

  it('lets public unicast addresses through (IPv4 and IPv6, mapped or not)', () => {
    const policy = createAddressPolicy([]);
    for (const address of [
      '93.184.216.34',
      '1.1.1.1',
      '::ffff:93.184.216.34',
      '2606:4700::1111',
      '[2a00:1450:4001:82a::200e]',
      '172.32.0.1',
      '100.128.0.1',
      '192.169.0.1',
    ])
      expect(policy.check(address), address).toMatchObject({ allowed: true });
  });
});

describe('CALDAV_ALLOWED_CIDRS opens exactly its ranges', () => {
  const policy = createAddressPolicy(['192.168.1.50/32', '10.10.5.0/28', 'fd00:1::/64']);

  it.each([
    ['192.168.1.50', true],
    ['::ffff:192.168.1.50', true],
    ['::ffff:c0a8:132', true],
    ['192.168.1.49', false],
    ['192.168.1.51', false],
    ['192.168.0.50', false],
    ['10.10.5.0', true],
    ['10.10.5.15', true],
    ['10.10.5.16', false],
    ['10.10.4.255', false],
    ['::ffff:10.10.5.16', false],
    ['fd00:1::abcd', true],
    ['fd00:2::1', false],
    ['127.0.0.1', false],
    ['169.254.169.254', false],
    ['93.184.216.34', true],
  ])('%s → allowed: %s', (address, allowed) => {
    expect(policy.check(address).allowed).toBe(allowed);
  });

  it('reads an IPv4-mapped range as the IPv4 range it maps', () => {
    const mapped = createAddressPolicy(['::ffff:192.168.1.0/120']);
    expect(mapped.check('192.168.1.7').allowed).toBe(true);
    expect(mapped.check('192.168.2.7').allowed).toBe(false);
  });
});

describe('connecting: to the checked address only', () => {
  let local: Awaited<ReturnType<typeof localServer>>;
  let lastHost = '';
  beforeAll(async () => {
    local = await localServer((req, res) => {
      lastHost = req.headers.host ?? '';
      if (req.url === '/redirect') {
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
        res.end();
      } else if (req.url === '/redirect-by-name') {
        res.writeHead(307, { location: `http://intern.example:${local.port}/` });
        res.end();
      } else if (req.url === '/big') {
        res.end('x'.repeat(64 * 1024));
      } else if (req.url === '/silent') {
        // never answers
      } else res.end('hello');
    });
  });
  afterAll(() => {
    local.server.closeAllConnections();
    local.server.close();
  });

  it('reaches an allowed internal address under its name, Host header unchanged', async () => {
    const outbound = createOutbound({
      policy: createAddressPolicy(['127.0.0.1/32']),
      resolver: resolverOf({ 'calendar.test': ['127.0.0.1'] }),
    });
    const res = await outbound.request({
      method: 'GET',
      url: `http://calendar.test:${local.port}/`,
    });
    await outbound.close();
    expect(res).toMatchObject({ status: 200, body: 'hello' });
    expect(lastHost).toBe(`calendar.test:${local.port}`);
  });

  it('refuses the loopback server when only its neighbour is allowed', async () => {
    const outbound = createOutbound({
      policy: createAddressPolicy(['127.0.0.2/32']),
      resolver: resolverOf({}),
    });
    const before = local.hits();
    const error = await failureOf(outbound, `http://127.0.0.1:${local.port}/`);
    await outbound.close();
    expect(error.failure).toBe('blocked');
    expect(local.hits()).toBe(before);
  });

  it('checks again at connect time: a name that was public for the pre-check and private now is refused', async () => {
    let calls = 0;
    const outbound = createOutbound({
      policy: createAddressPolicy([]),
      resolver: resolverOf({
        'rebind.example': () => (++calls === 1 ? ['93.184.216.34'] : ['127.0.0.1']),
      }),
    });
    await expect(outbound.precheck(`http://rebind.example:${local.port}/`)).resolves.toEqual({
      hostname: 'rebind.example',
      addresses: ['93.184.216.34'],
    });
    const before = local.hits();
    const error = await failureOf(outbound, `http://rebind.example:${local.port}/`);
    await outbound.close();
    expect(error).toMatchObject({ failure: 'blocked', details: { address: '127.0.0.1' } });
    expect(calls).toBe(2);
    expect(local.hits()).toBe(before);
  });

  it('never follows a redirect; following it by hand is checked again', async () => {
    const outbound = createOutbound({
      policy: createAddressPolicy(['127.0.0.1/32']),
      resolver: resolverOf({ 'calendar.test': ['127.0.0.1'], 'intern.example': ['10.0.0.5'] }),
    });
    for (const hop of ['/redirect', '/redirect-by-name']) {
      const res = await outbound.request({
        method: 'GET',
        url: `http://calendar.test:${local.port}${hop}`,
      });
      expect([302, 307]).toContain(res.status);
      const next = await failureOf(
        outbound,
        new URL(res.headers.location!, res.headers.location).href,
      );
      expect(next.failure).toBe('blocked');
    }
    await outbound.close();
  });

  it('caps the response size and times out a silent server', async () => {
    const outbound = createOutbound({
      policy: createAddressPolicy(['127.0.0.1/32']),
      maxResponseBytes: 1024,
      responseTimeoutMs: 300,
    });
    expect((await failureOf(outbound, `http://127.0.0.1:${local.port}/big`)).failure).toBe(
      'too_large',
    );
    expect((await failureOf(outbound, `http://127.0.0.1:${local.port}/silent`)).failure).toBe(
      'timeout',
    );
    await outbound.close();
  });

  it('reports a closed port as a connection failure', async () => {
    const closed = await localServer(() => {});
    closed.server.close();
    const outbound = createOutbound({ policy: createAddressPolicy(['127.0.0.1/32']) });
    expect((await failureOf(outbound, `http://127.0.0.1:${closed.port}/`)).failure).toBe('connect');
    await outbound.close();
  });
});

describe('TLS: the socket goes to the checked IP, TLS speaks to the name', () => {
  let dir: string;
  let cert: string;
  let server: Server;
  let port: number;
  let servername = '';

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'outbound-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=calendar.test',
        '-addext',
        'subjectAltName=DNS:calendar.test',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    cert = readFileSync(path.join(dir, 'cert.pem'), 'utf8');
    server = createTlsServer({ key: readFileSync(path.join(dir, 'key.pem')), cert }, (req, res) => {
      servername = (req.socket as { servername?: string }).servername ?? '';
      res.end('secure');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('verifies the certificate against the name and sends it as SNI', async () => {
    const outbound = createOutbound({
      policy: createAddressPolicy(['127.0.0.1/32']),
      resolver: resolverOf({ 'calendar.test': ['127.0.0.1'] }),
      tls: { ca: cert },
    });
    const res = await outbound.request({ method: 'GET', url: `https://calendar.test:${port}/` });
    expect(res.body).toBe('secure');
    expect(servername).toBe('calendar.test');
    await outbound.close();
  });

  it('fails TLS for a name the certificate is not for', async () => {
    const outbound = createOutbound({
      policy: createAddressPolicy(['127.0.0.1/32']),
      resolver: resolverOf({ 'other.test': ['127.0.0.1'] }),
      tls: { ca: cert },
    });
    expect((await failureOf(outbound, `https://other.test:${port}/`)).failure).toBe('tls');
    await outbound.close();
  });
});

/**
 * Shared pieces of the ops tests: running the scripts with a guarded PATH, reading the systemd
 * unit the way systemd does, rendering the nginx site for loopback ports, TLS test certificates
 * and HTTPS requests against the rehearsal's nginx.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const opsDir = path.join(repoRoot, 'ops');
export const SITE_NAME = 'timemaster.example.com';

/** Commands that must never run in a dry run, and that must never reach the example servers. */
const GUARDED = [
  'ssh',
  'scp',
  'rsync',
  'apt-get',
  'systemctl',
  'npm',
  'psql',
  'runuser',
  'nginx',
  'curl',
  'git',
  'certbot',
  'pg_dump',
  'pg_restore',
  'install',
  'ln',
];

/** A binary on PATH or in the sbin folders (a non-root PATH lacks /usr/sbin). */
export function findTool(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/sbin', '/usr/bin'];
  for (const dir of dirs) {
    if (dir && existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

/**
 * A Debian tool that some checks need, or undefined after a warning naming the package: those
 * checks are then skipped, as the browser tests are without chromium (a fresh machine has only
 * Node.js; `.ci/run` installs every package, so CI always runs them).
 */
export function optionalTool(name: string, debianPackage = name): string | undefined {
  const found = findTool(name);
  if (!found)
    console.warn(
      `\n⚠ ${name} checks skipped: ${name} not found (apt-get install -y ${debianPackage})\n`,
    );
  return found;
}

/** The tool, or a failing test that says how to install it. */
export function requireTool(name: string, debianPackage = name): string {
  const found = findTool(name);
  if (!found) throw new Error(`${name} is missing: apt-get install -y ${debianPackage}`);
  return found;
}

export interface FakeBin {
  dir: string;
  /** Every recorded call: "<command> <args>". */
  calls(): string[];
}

/**
 * A folder of stand-ins that record their call and fail. `only` limits it (e.g. to ssh and scp
 * for real runs, which must still never leave this machine).
 */
export function fakeBin(dir: string, only: string[] = GUARDED): FakeBin {
  mkdirSync(dir, { recursive: true });
  const log = path.join(dir, 'calls.log');
  writeFileSync(log, '');
  for (const name of only) {
    const file = path.join(dir, name);
    writeFileSync(file, `#!/bin/sh\necho "${name} $*" >> '${log}'\nexit 97\n`);
    chmodSync(file, 0o755);
  }
  return {
    dir,
    calls: () =>
      readFileSync(log, 'utf8')
        .split('\n')
        .filter((line) => line !== ''),
  };
}

export interface RunResult {
  code: number | null;
  /** stdout and stderr interleaved, as a terminal shows them. */
  output: string;
}

/** Runs an ops script with bash; `env` is added to a minimal environment. */
export function runScript(
  script: string,
  args: string[],
  env: Record<string, string | undefined>,
  timeoutMs = 60_000,
): RunResult {
  const result = spawnSync('bash', ['-c', 'exec bash "$0" "$@" 2>&1', script, ...args], {
    cwd: repoRoot,
    env: {
      PATH: `${process.env.PATH ?? '/usr/bin:/bin'}:/usr/sbin:/sbin`,
      HOME: process.env.HOME,
      LANG: 'C.UTF-8',
      ...env,
    },
    encoding: 'utf8',
    timeout: timeoutMs,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Positions of the needles in order; fails with the output when one is missing or misplaced. */
export function expectInOrder(output: string, needles: string[]): void {
  let from = 0;
  for (const needle of needles) {
    const at = output.indexOf(needle, from);
    if (at < 0) {
      const anywhere = output.includes(needle) ? ' (present, but out of order)' : '';
      throw new Error(`expected "${needle}"${anywhere} after offset ${from} in:\n${output}`);
    }
    from = at + needle.length;
  }
}

// --- systemd -------------------------------------------------------------------------------------

export type UnitFile = Map<string, [key: string, value: string][]>;

/** Sections and key/value pairs of a unit file (repeated keys kept in order). */
export function parseUnit(text: string): UnitFile {
  const unit: UnitFile = new Map();
  let section = '';
  const lines = text.replace(/\\\n/g, ' ').split('\n');
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header?.[1]) {
      section = header[1];
      unit.set(section, unit.get(section) ?? []);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 1 || !section) throw new Error(`not a unit file line: ${raw}`);
    unit.get(section)?.push([line.slice(0, eq).trim(), line.slice(eq + 1).trim()]);
  }
  return unit;
}

export function unitValues(unit: UnitFile, section: string, key: string): string[] {
  return (unit.get(section) ?? []).filter(([k]) => k === key).map(([, v]) => v);
}

export function unitValue(unit: UnitFile, section: string, key: string): string | undefined {
  return unitValues(unit, section, key).at(-1);
}

/** `Environment=A=1 "B=two words"` → { A: '1', B: 'two words' }. */
export function parseEnvironmentAssignments(value: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const match of value.matchAll(/"([^"]*)"|(\S+)/g)) {
    const word = match[1] ?? match[2] ?? '';
    const eq = word.indexOf('=');
    if (eq > 0) env[word.slice(0, eq)] = word.slice(eq + 1);
  }
  return env;
}

/** An EnvironmentFile as systemd reads it: KEY=VALUE lines, # and ; comments, quotes removed. */
export function parseEnvironmentFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const eq = line.indexOf('=');
    if (eq < 1) continue;
    let value = line.slice(eq + 1).trim();
    const quoted = /^(["'])(.*)\1$/.exec(value);
    if (quoted) value = quoted[2] ?? '';
    env[line.slice(0, eq).trim()] = value;
  }
  return env;
}

// --- nginx ---------------------------------------------------------------------------------------

export interface SiteOptions {
  /** Replaces /opt/timemaster. */
  root: string;
  httpPort: number;
  httpsPort: number;
  backendPort: number;
  cert: string;
  key: string;
  docs?: boolean;
}

/**
 * ops/nginx/timemaster.conf with loopback ports, the test certificate and the rehearsal's folders.
 * Every replacement must hit, so a changed site file fails here instead of testing something else.
 */
export function renderSite(conf: string, options: SiteOptions): string {
  const replacements: [string | RegExp, string][] = [
    ['listen 80;', `listen 127.0.0.1:${options.httpPort};`],
    ['listen [::]:80;\n', ''],
    ['listen 443 ssl http2;', `listen 127.0.0.1:${options.httpsPort} ssl http2;`],
    ['listen [::]:443 ssl http2;\n', ''],
    [`/etc/letsencrypt/live/${SITE_NAME}/fullchain.pem`, options.cert],
    [`/etc/letsencrypt/live/${SITE_NAME}/privkey.pem`, options.key],
    ['server 127.0.0.1:8000;', `server 127.0.0.1:${options.backendPort};`],
    [/\/opt\/timemaster/g, options.root],
  ];
  if (options.docs) replacements.push(['set $timemaster_docs off;', 'set $timemaster_docs on;']);
  let site = conf;
  for (const [from, to] of replacements) {
    const hit = typeof from === 'string' ? site.includes(from) : from.test(site);
    if (!hit) throw new Error(`the site file no longer contains ${String(from)}`);
    site = typeof from === 'string' ? site.replace(from, to) : site.replace(from, to);
  }
  return site;
}

/** A main nginx.conf that keeps everything (pid, logs, temp files) inside `prefix`. */
export function nginxMainConf(prefix: string, site: string, user?: string): string {
  const tmp = (name: string) => path.join(prefix, 'tmp', name);
  for (const name of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
    mkdirSync(tmp(name), { recursive: true });
  }
  return `${user ? `user ${user};\n` : ''}worker_processes 1;
pid ${path.join(prefix, 'nginx.pid')};
error_log ${path.join(prefix, 'error.log')} warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log ${path.join(prefix, 'access.log')};
    client_body_temp_path ${tmp('body')};
    proxy_temp_path ${tmp('proxy')};
    fastcgi_temp_path ${tmp('fastcgi')};
    uwsgi_temp_path ${tmp('uwsgi')};
    scgi_temp_path ${tmp('scgi')};
    include ${site};
}
`;
}

/** A self-signed certificate for SITE_NAME (key and cert in `dir`). */
export function makeTestCert(dir: string): { cert: string; key: string } {
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${SITE_NAME}`,
      '-addext',
      `subjectAltName=DNS:${SITE_NAME}`,
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Raw headers, to see how often one occurs. */
  rawHeaders: string[];
  body: string;
}

/** A GET (or other body-less request) to the rehearsal's nginx, verified against the test CA. */
export function tlsRequest(
  port: number,
  ca: string,
  pathname: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      {
        host: '127.0.0.1',
        port,
        servername: SITE_NAME,
        ca,
        method: options.method ?? 'GET',
        path: pathname,
        headers: { host: SITE_NAME, ...options.headers },
        agent: false,
        timeout: 10_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            rawHeaders: response.rawHeaders,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    request.on('timeout', () => request.destroy(new Error(`timeout: ${pathname}`)));
    request.on('error', reject);
    request.end();
  });
}

/** How often a header occurs in a response. */
export function headerCount(response: Response, name: string): number {
  return response.rawHeaders.filter((h, i) => i % 2 === 0 && h.toLowerCase() === name).length;
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const reason = last instanceof Error ? `: ${last.message}` : '';
  throw new Error(`timed out waiting for ${what}${reason}`);
}

/** GET http://127.0.0.1:port/health → parsed body when 200. */
export async function backendHealth(port: number): Promise<unknown> {
  const response = await fetch(`http://127.0.0.1:${port}/health`, {
    signal: AbortSignal.timeout(3_000),
  });
  return response.ok ? ((await response.json()) as unknown) : undefined;
}

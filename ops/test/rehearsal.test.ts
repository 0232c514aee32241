/**
 * A dress rehearsal of the deployment on this machine, nothing leaving loopback:
 *   - a clone of the repository (HEAD plus the working tree's ops/ and db CLI) as TIMEMASTER_DIR,
 *     its `origin` a second clone in which the test commits new releases;
 *   - ops/setup_server.sh --only postgres,migrate for real (role, databases, .env, migrations);
 *   - the built backend started the way ops/timemaster.service starts it (User=www-data,
 *     WorkingDirectory, Environment= plus EnvironmentFile=, ExecStart), by
 *     ops/test/rehearsal-service.sh, which also serves as TM_RELOAD_CMD (SIGHUP) and
 *     TM_RESTART_CMD for ops/update.sh;
 *   - a separate nginx (own prefix, config and pid file, loopback ports) with
 *     ops/nginx/timemaster.conf and a self-signed test certificate in front of it;
 *   - update.sh --server local (good release, then a broken one that must be rolled back),
 *     rollback.sh, backup.sh → restore.sh → the app on the restored database (SECURITY.md 25),
 *     sync-secondary.sh --from local --to local.
 * Everything it starts or creates is removed afterwards.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FakeBin, Response } from './helpers.js';
import {
  SITE_NAME,
  backendHealth,
  expectInOrder,
  fakeBin,
  freePort,
  headerCount,
  makeTestCert,
  nginxMainConf,
  opsDir,
  parseEnvironmentAssignments,
  parseEnvironmentFile,
  parseUnit,
  renderSite,
  repoRoot,
  requireTool,
  runScript,
  tlsRequest,
  unitValue,
  unitValues,
  waitFor,
} from './helpers.js';

const adminUrl = inject('opsDatabaseUrl');
const redisUrl = inject('opsRedisUrl');
const skipReason = inject('opsRehearsalSkip');

const SERVICE_USER = 'www-data';
const id = `tm_reh_${process.pid}`;
const DB = {
  role: id,
  name: `${id}_db`,
  testRole: `${id}_t`,
  testName: `${id}_test`,
  restored: `${id}_restored`,
  restoredGz: `${id}_restored_gz`,
};
// safe.directory: CI checkouts may belong to another user than the one running the tests.
const GIT_USER = [
  '-c',
  'user.name=Rehearsal',
  '-c',
  'user.email=rehearsal@timemaster.test',
  '-c',
  'safe.directory=*',
];

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', [...GIT_USER, ...args], { cwd, encoding: 'utf8' }).trim();
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** KEY=VALUE set in an env file (replaces the line or appends it). */
function setEnv(file: string, values: Record<string, string>): void {
  let text = readFileSync(file, 'utf8');
  for (const [key, value] of Object.entries(values)) {
    const line = new RegExp(`^#? *${key}=.*$`, 'm');
    text = line.test(text) ? text.replace(line, `${key}=${value}`) : `${text}${key}=${value}\n`;
  }
  writeFileSync(file, text);
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

describe.skipIf(skipReason !== '')('rehearsal on this machine', () => {
  let tmp = '';
  let origin = '';
  let deploy = '';
  let backups = '';
  let fakes: FakeBin;
  let admin: pg.Client;
  let nginx: ChildProcess | undefined;
  let ca = '';
  const ports = { app: 0, app2: 0, http: 0, https: 0 };
  const serviceScript = path.join(opsDir, 'test/rehearsal-service.sh');
  const specs: string[] = [];
  let spec = '';
  let appEnvFile = '';
  let initialCommit = '';
  let goodCommit = '';
  let initialMigrations: string[] = [];
  const setupRuns: { output: string; code: number | null }[] = [];
  let envAfterFirstSetup = '';

  /** The environment every ops script gets in the rehearsal. */
  function opsEnv(extra: Record<string, string> = {}): Record<string, string> {
    return {
      PATH: `${fakes.dir}:${process.env.PATH ?? ''}:/usr/sbin:/sbin`,
      TIMEMASTER_DIR: deploy,
      TM_LOCAL_REPO: repoRoot,
      TM_FRONTEND_BUILD_CMD: 'test -f frontend/dist/index.html',
      REHEARSAL_SERVICE: spec,
      TM_RELOAD_CMD: `${serviceScript} reload`,
      TM_RESTART_CMD: `${serviceScript} restart`,
      TM_STOP_CMD: `${serviceScript} stop`,
      TM_START_CMD: `${serviceScript} start`,
      TM_MAIN_PID_CMD: `${serviceScript} pid`,
      TM_HEALTH_URL: `http://127.0.0.1:${ports.app}/health`,
      TM_HEALTH_TRIES: '40',
      TM_HEALTH_DELAY: '1',
      TM_RELOAD_TIMEOUT: '30',
      TM_PG_ADMIN_URL: adminUrl,
      TM_SERVICE_USER: SERVICE_USER,
      BACKUP_DIR: backups,
      ...extra,
    };
  }

  function service(command: string, specFile = spec): string {
    return execFileSync(serviceScript, [command], {
      env: { PATH: process.env.PATH, REHEARSAL_SERVICE: specFile },
      encoding: 'utf8',
    }).trim();
  }

  /**
   * Writes what rehearsal-service.sh needs to run ExecStart like systemd: the unit's
   * Environment=, then its EnvironmentFile= (which wins, as in systemd), then `overrides`.
   */
  function writeServiceSpec(name: string, port: number, overrides: Record<string, string> = {}) {
    const unit = parseUnit(
      readFileSync(path.join(opsDir, 'timemaster.service'), 'utf8').replaceAll(
        '/opt/timemaster',
        deploy,
      ),
    );
    const env: Record<string, string> = {
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    };
    const passwd = execFileSync('getent', ['passwd', SERVICE_USER], { encoding: 'utf8' }).split(
      ':',
    );
    Object.assign(env, {
      USER: SERVICE_USER,
      LOGNAME: SERVICE_USER,
      HOME: passwd[5] ?? '/',
      SHELL: (passwd[6] ?? '').trim(),
    });
    for (const value of unitValues(unit, 'Service', 'Environment')) {
      Object.assign(env, parseEnvironmentAssignments(value));
    }
    const envFile = unitValue(unit, 'Service', 'EnvironmentFile') ?? '';
    Object.assign(env, parseEnvironmentFile(readFileSync(envFile, 'utf8')), overrides, {
      PORT: String(port),
    });
    const envLines = path.join(tmp, `${name}.environment`);
    writeFileSync(
      envLines,
      Object.entries(env)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n') + '\n',
      { mode: 0o600 },
    );
    let exec = unitValue(unit, 'Service', 'ExecStart') ?? '';
    if (!existsSync('/usr/bin/node')) exec = exec.replace('/usr/bin/node', process.execPath);
    const file = path.join(tmp, `${name}.spec`);
    const values = {
      RS_USER: execFileSync('id', ['-u', unitValue(unit, 'Service', 'User') ?? ''], {
        encoding: 'utf8',
      }).trim(),
      RS_GROUP:
        execFileSync('getent', ['group', unitValue(unit, 'Service', 'Group') ?? ''], {
          encoding: 'utf8',
        }).split(':')[2] ?? '',
      RS_WORKDIR: unitValue(unit, 'Service', 'WorkingDirectory') ?? '',
      RS_EXEC: exec,
      RS_ENVFILE: envLines,
      RS_PIDFILE: path.join(tmp, `${name}.pid`),
      RS_LOGFILE: path.join(tmp, `${name}.log`),
      RS_STOP_TIMEOUT: unitValue(unit, 'Service', 'TimeoutStopSec') ?? '20',
    };
    writeFileSync(
      file,
      Object.entries(values)
        .map(([k, v]) => `${k}=${shellQuote(v)}`)
        .join('\n') + '\n',
    );
    specs.push(file);
    return file;
  }

  const httpsGet = (pathname: string, headers: Record<string, string> = {}): Promise<Response> =>
    tlsRequest(ports.https, ca, pathname, { headers });

  async function query<T extends pg.QueryResultRow>(database: string, sql: string): Promise<T[]> {
    const client = new pg.Client({ connectionString: withDatabase(adminUrl, database) });
    await client.connect();
    try {
      return (await client.query<T>(sql)).rows;
    } finally {
      await client.end();
    }
  }

  const appliedMigrations = async (database = DB.name) =>
    (
      await query<{ name: string }>(database, 'SELECT name FROM kysely_migration ORDER BY name')
    ).map((r) => r.name);

  /** Rows per table of the app's schema. */
  async function rowCounts(database: string): Promise<Record<string, number>> {
    const tables = await query<{ table_name: string }>(
      database,
      `SELECT table_name FROM information_schema.tables
       WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    const counts: Record<string, number> = {};
    for (const { table_name } of tables) {
      const [row] = await query<{ n: string }>(
        database,
        `SELECT count(*) AS n FROM "${table_name}"`,
      );
      counts[table_name] = Number(row?.n);
    }
    return counts;
  }

  /**
   * /health through nginx after the service was restarted. A transient failure right after a
   * restart is tolerated but reported with nginx's error log; a lasting one fails.
   */
  async function nginxHealthAfterRestart(): Promise<void> {
    const first = await httpsGet('/health');
    if (first.status === 200) return;
    const errors = readFileSync(path.join(tmp, 'nginx/error.log'), 'utf8').split('\n').slice(-5);
    console.warn(`/health through nginx answered ${first.status} once:\n${errors.join('\n')}`);
    await waitFor(
      'nginx /health',
      async () => ((await httpsGet('/health')).status === 200 ? true : undefined),
      10_000,
    );
  }

  async function waitHealthy(port = ports.app): Promise<void> {
    await waitFor(`backend on port ${port}`, () => backendHealth(port), 60_000);
  }

  function workerPids(): string[] {
    const main = service('pid');
    const result = spawnSync('pgrep', ['-P', main], { encoding: 'utf8' });
    return result.stdout.split('\n').filter(Boolean).sort();
  }

  function writeMigration(dir: string, name: string, table: string): void {
    writeFileSync(
      path.join(dir, `backend/src/db/migrations/${name}.ts`),
      `import type { Kysely } from 'kysely';
import { sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql\`CREATE TABLE ${table} (id integer PRIMARY KEY)\`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql\`DROP TABLE ${table}\`.execute(db);
}
`,
    );
    const indexFile = path.join(dir, 'backend/src/db/migrations/index.ts');
    const index = readFileSync(indexFile, 'utf8');
    const variable = `m${name.slice(0, 4)}`;
    const withImport = index.replace(
      /(import \* as m\d{4} from '[^']+';\n)(?!import \* as)/,
      `$1import * as ${variable} from './${name}.js';\n`,
    );
    const withEntry = withImport.replace(/\n};\s*$/, `\n  '${name}': ${variable},\n};\n`);
    if (withImport === index || withEntry === withImport) {
      throw new Error('backend/src/db/migrations/index.ts changed shape; adapt the rehearsal');
    }
    writeFileSync(indexFile, withEntry);
  }

  beforeAll(async () => {
    for (const tool of [
      'nginx',
      'openssl',
      'rsync',
      'curl',
      'git',
      'setpriv',
      'pg_dump',
      'pgrep',
    ]) {
      requireTool(
        tool,
        { pg_dump: 'postgresql-client', setpriv: 'util-linux', pgrep: 'procps' }[tool],
      );
    }
    execFileSync('id', [SERVICE_USER]);
    tmp = mkdtempSync('/tmp/timemaster-rehearsal-');
    chmodSync(tmp, 0o755);
    fakes = fakeBin(path.join(tmp, 'bin'), ['ssh', 'scp']);
    backups = path.join(tmp, 'backups');
    ports.app = await freePort();
    ports.app2 = await freePort();
    ports.http = await freePort();
    ports.https = await freePort();
    admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();

    // origin: HEAD plus the working tree's deployment files (they may not be committed yet).
    origin = path.join(tmp, 'origin');
    git(tmp, 'clone', '-q', repoRoot, origin);
    cpSync(path.join(repoRoot, 'ops'), path.join(origin, 'ops'), { recursive: true });
    cpSync(
      path.join(repoRoot, 'backend/src/db/cli.ts'),
      path.join(origin, 'backend/src/db/cli.ts'),
    );
    if (git(origin, 'status', '--porcelain') !== '') {
      git(origin, 'add', '-A', 'ops', 'backend/src/db/cli.ts');
      git(origin, 'commit', '-q', '-m', 'rehearsal: deployment files of the working tree');
    }
    initialCommit = git(origin, 'rev-parse', 'HEAD');

    // The installation: a clone of origin, with the repository's node_modules (hard links).
    deploy = path.join(tmp, 'opt/timemaster');
    mkdirSync(path.dirname(deploy), { recursive: true });
    chmodSync(path.dirname(deploy), 0o755);
    git(tmp, 'clone', '-q', origin, deploy);
    for (const dir of ['node_modules', 'backend/node_modules', 'frontend/node_modules']) {
      if (!existsSync(path.join(repoRoot, dir))) continue;
      const copy = spawnSync('cp', ['-al', path.join(repoRoot, dir), path.join(deploy, dir)]);
      if (copy.status !== 0)
        execFileSync('cp', ['-a', path.join(repoRoot, dir), path.join(deploy, dir)]);
    }

    // Schritt 2 of setup_server.sh for real, twice (idempotent).
    const pgUrl = new URL(adminUrl);
    const setupEnv = opsEnv({
      TM_DB_USER: DB.role,
      TM_DB_NAME: DB.name,
      TM_DB_TEST_USER: DB.testRole,
      TM_DB_TEST_NAME: DB.testName,
      TM_DB_HOST: pgUrl.hostname,
      TM_DB_PORT: pgUrl.port || '5432',
      TM_REDIS_URL: redisUrl,
    });
    const setupArgs = ['--only', 'postgres', '--domain', SITE_NAME];
    setupRuns.push(runScript(path.join(opsDir, 'setup_server.sh'), setupArgs, setupEnv));
    appEnvFile = path.join(deploy, 'backend/.env');
    envAfterFirstSetup = existsSync(appEnvFile) ? readFileSync(appEnvFile, 'utf8') : '';
    setupRuns.push(runScript(path.join(opsDir, 'setup_server.sh'), setupArgs, setupEnv));
    expect(setupRuns[0]?.code, setupRuns[0]?.output).toBe(0);
    expect(setupRuns[1]?.code, setupRuns[1]?.output).toBe(0);

    // What an administrator adds by hand: mail (never used here), loopback port, fewer workers.
    setEnv(appEnvFile, {
      APP_NAME: 'TimeMaster Generalprobe',
      PORT: String(ports.app),
      WEB_CONCURRENCY: '2',
      RESEND_API_KEY: 're_rehearsal_never_sent',
      RESEND_BASE_URL: 'http://127.0.0.1:9',
      LOG_LEVEL: 'info',
    });

    // Schritt 4 (without npm ci: node_modules are in place) and Schritt 5 for real.
    execFileSync('npm', ['run', 'build', '-w', 'backend'], { cwd: deploy, stdio: 'ignore' });
    execFileSync('rsync', ['-a', `${repoRoot}/frontend/dist/`, `${deploy}/frontend/dist/`]);
    const uid = Number(execFileSync('id', ['-u', SERVICE_USER], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', SERVICE_USER], { encoding: 'utf8' }));
    for (const dir of ['backend/data', 'backend/data/uploads', 'backend/data/mail']) {
      mkdirSync(path.join(deploy, dir), { recursive: true, mode: 0o750 });
      chownSync(path.join(deploy, dir), uid, gid);
    }
    writeFileSync(
      path.join(deploy, 'backend/data/uploads/vertrag.pdf'),
      'SECRET-UPLOADED-DOCUMENT',
    );
    mkdirSync(path.join(deploy, 'backend/static'));
    writeFileSync(path.join(deploy, 'backend/static/logo.txt'), 'public logo');
    const migrate = runScript(
      path.join(opsDir, 'setup_server.sh'),
      ['--only', 'migrate'],
      opsEnv(),
    );
    expect(migrate.code, migrate.output).toBe(0);
    initialMigrations = await appliedMigrations();

    // The service, as systemd would start it.
    spec = writeServiceSpec('timemaster', ports.app);
    service('start');
    await waitHealthy();

    // nginx in front, with the site file.
    const prefix = path.join(tmp, 'nginx');
    mkdirSync(prefix);
    const cert = makeTestCert(prefix);
    ca = readFileSync(cert.cert, 'utf8');
    const site = renderSite(readFileSync(path.join(opsDir, 'nginx/timemaster.conf'), 'utf8'), {
      root: deploy,
      httpPort: ports.http,
      httpsPort: ports.https,
      backendPort: ports.app,
      ...cert,
    });
    writeFileSync(path.join(prefix, 'site.conf'), site);
    writeFileSync(
      path.join(prefix, 'nginx.conf'),
      nginxMainConf(prefix, path.join(prefix, 'site.conf'), SERVICE_USER),
    );
    const nginxBin = requireTool('nginx');
    nginx = spawn(
      nginxBin,
      [
        '-p',
        prefix,
        '-c',
        path.join(prefix, 'nginx.conf'),
        '-e',
        path.join(prefix, 'error.log'),
        '-g',
        'daemon off;',
      ],
      { stdio: 'ignore' },
    );
    await waitFor('nginx', async () =>
      (await httpsGet('/health')).status === 200 ? true : undefined,
    );
  });

  afterAll(async () => {
    for (const file of specs) {
      try {
        service('stop', file);
      } catch {
        // already stopped
      }
    }
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx?.once('exit', resolve));
      nginx.kill('SIGQUIT');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      nginx.kill('SIGKILL');
    }
    if (admin) {
      const { rows } = await admin.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE $1`,
        [`${id}%`],
      );
      for (const { datname } of rows)
        await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      for (const role of [DB.role, DB.testRole]) await admin.query(`DROP ROLE IF EXISTS "${role}"`);
      await admin.end();
    }
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('setup_server.sh creates role, databases and a .env with fresh secrets, and keeps them on a second run', async () => {
    const example = parseEnvironmentFile(
      readFileSync(path.join(deploy, 'backend/.env.example'), 'utf8'),
    );
    const env = parseEnvironmentFile(envAfterFirstSetup);
    expect(env.SECRET_KEY).toMatch(/^[0-9a-f]{64}$/);
    expect(env.SECRET_KEY).not.toBe(example.SECRET_KEY);
    expect(env.APP_ENV).toBe('production');
    expect(env.DATABASE_URL).toMatch(
      new RegExp(`^postgresql://${DB.role}:[0-9a-f]{48}@[^/]+/${DB.name}$`),
    );
    expect(env.TEST_DATABASE_URL).toMatch(
      new RegExp(`^postgresql://${DB.testRole}:[0-9a-f]{48}@[^/]+/${DB.testName}$`),
    );
    expect(env.FIRST_SUPERADMIN_PASSWORD).toMatch(/^\S{16,}$/);
    expect(env.FRONTEND_URL).toBe(`https://${SITE_NAME}`);
    expect(env.ALLOWED_HOSTS).toBe(SITE_NAME);
    expect(setupRuns[1]?.output).toContain('ist vorhanden und bleibt unverändert');
    // The second run changed nothing (the rehearsal's own edits came after it).
    const mode = statSync(appEnvFile);
    expect(mode.mode & 0o777).toBe(0o640);
    expect(mode.uid).toBe(0);
    expect(String(mode.gid)).toBe(
      execFileSync('id', ['-g', SERVICE_USER], { encoding: 'utf8' }).trim(),
    );
    // The passwords in .env open the databases; the test role may create databases, the app's not.
    for (const [url, createdb] of [
      [env.DATABASE_URL, false],
      [env.TEST_DATABASE_URL, true],
    ] as const) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query<{ rolcreatedb: boolean }>(
        'SELECT rolcreatedb FROM pg_roles WHERE rolname = current_user',
      );
      expect(rows[0]?.rolcreatedb).toBe(createdb);
      await client.end();
    }
    expect(initialMigrations.length).toBeGreaterThan(0);
  });

  it('runs the backend as the unit does: its user, directory, environment and ExecStart', () => {
    const pid = service('pid');
    expect(execFileSync('ps', ['-o', 'user=', '-p', pid], { encoding: 'utf8' }).trim()).toBe(
      SERVICE_USER,
    );
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    expect(argv.at(-1)).toBe(path.join(deploy, 'backend/dist/main.js'));
    expect(readlinkSync(`/proc/${pid}/cwd`)).toBe(path.join(deploy, 'backend'));
    const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    expect(environ).toContain('APP_ENV=production');
    // EnvironmentFile= wins over Environment=WEB_CONCURRENCY=4, as in systemd.
    expect(environ).toContain('WEB_CONCURRENCY=2');
    expect(environ.some((e) => e.startsWith('VITEST'))).toBe(false);
    expect(workerPids()).toHaveLength(3); // two HTTP workers and the job runner
  });

  it('serves /health through nginx over TLS, with HSTS once', async () => {
    const response = await httpsGet('/health');
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ status: 'ok', database: 'ok', redis: 'ok' });
    expect(response.headers['strict-transport-security']).toMatch(/^max-age=31536000/);
    expect(headerCount(response, 'strict-transport-security')).toBe(1);
  });

  it('serves the SPA at / and for deep links; assets cached for a year and gzipped', async () => {
    const home = await httpsGet('/');
    expect(home.status).toBe(200);
    expect(home.body).toContain('<div id="root">');
    expect(home.headers['cache-control']).toBe('no-cache');
    expect(home.headers['content-security-policy']).toContain("default-src 'self'");
    expect(home.headers['x-frame-options']).toBe('DENY');
    expect(home.headers['x-content-type-options']).toBe('nosniff');
    expect(home.headers['strict-transport-security']).toBeDefined();

    const deep = await httpsGet('/zeiten/woche/2026-05?ansicht=team');
    expect(deep.status).toBe(200);
    expect(deep.body).toBe(home.body);
    expect(deep.headers['cache-control']).toBe('no-cache');

    const script = readdirSync(path.join(deploy, 'frontend/dist/assets')).find((f) =>
      f.endsWith('.js'),
    );
    const asset = await httpsGet(`/assets/${script}`, { 'accept-encoding': 'gzip' });
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-encoding']).toBe('gzip');
    expect((await httpsGet('/assets/gibt-es-nicht-123.js')).status).toBe(404);
  });

  it('proxies /api/ to the backend, uncompressed, with the backend’s own headers', async () => {
    const meta = await httpsGet('/api/v1/meta', { 'accept-encoding': 'gzip' });
    expect(meta.status).toBe(200);
    expect(JSON.parse(meta.body)).toMatchObject({
      name: 'TimeMaster Generalprobe',
      environment: 'production',
    });
    expect(meta.headers['content-encoding']).toBeUndefined();
    expect(headerCount(meta, 'strict-transport-security')).toBe(1);
    expect(headerCount(meta, 'content-security-policy')).toBe(1);
    const missing = await httpsGet('/api/v1/gibt-es-nicht');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/application\/json/);
    // The SSE location proxies too (no stream endpoint exists yet: the backend's 404).
    const stream = await httpsGet('/api/v1/zeiten/stream');
    expect(stream.headers['content-type']).toMatch(/application\/json/);
  });

  it('redirects HTTP to HTTPS', async () => {
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
      http
        .get(
          {
            host: '127.0.0.1',
            port: ports.http,
            path: '/team?tag=1',
            headers: { host: SITE_NAME },
          },
          resolve,
        )
        .on('error', reject);
    });
    response.resume();
    expect(response.statusCode).toBe(301);
    expect(response.headers.location).toBe(`https://${SITE_NAME}/team?tag=1`);
  });

  it('answers a 21 MB upload with 413 before it reaches the backend', () => {
    const big = path.join(tmp, 'upload-21mb.bin');
    execFileSync('truncate', ['-s', '21M', big]);
    const status = execFileSync(
      'curl',
      [
        '-sS',
        '-o',
        '/dev/null',
        '-w',
        '%{http_code}',
        '--cacert',
        path.join(tmp, 'nginx/cert.pem'),
        '--resolve',
        `${SITE_NAME}:${ports.https}:127.0.0.1`,
        '-X',
        'POST',
        '-H',
        'content-type: application/octet-stream',
        '--data-binary',
        `@${big}`,
        `https://${SITE_NAME}:${ports.https}/api/v1/files`,
      ],
      { encoding: 'utf8' },
    );
    expect(status).toBe('413');
  });

  it('keeps API docs, uploaded documents and hidden files private; /static/ is public', async () => {
    for (const pathname of ['/docs', '/docs/', '/docs/static/index.html', '/openapi.json']) {
      const response = await httpsGet(pathname);
      expect(response.status, pathname).toBe(404);
      expect(response.body, pathname).not.toContain('<div id="root">');
    }
    for (const pathname of [
      '/data/uploads/vertrag.pdf',
      '/backend/data/uploads/vertrag.pdf',
      '/static/../data/uploads/vertrag.pdf',
      '/static../data/uploads/vertrag.pdf',
      '/static/%2e%2e/data/uploads/vertrag.pdf',
      '/api/../backend/data/uploads/vertrag.pdf',
    ]) {
      expect((await httpsGet(pathname)).body, pathname).not.toContain('SECRET-UPLOADED-DOCUMENT');
    }
    const logo = await httpsGet('/static/logo.txt');
    expect(logo.status).toBe(200);
    expect(logo.body).toBe('public logo');
    expect((await httpsGet('/.env')).status).toBe(404);
    expect((await httpsGet('/.git/config')).status).toBe(404);
  });

  it('update.sh --server local: tests the new commit, pulls, builds, migrates, reloads by SIGHUP, rsyncs', async () => {
    writeMigration(origin, '9001_rehearsal_probe', 'rehearsal_probe');
    git(origin, 'add', '-A');
    git(origin, 'commit', '-q', '-m', 'rehearsal: a release with a migration');
    goodCommit = git(origin, 'rev-parse', 'HEAD');
    const mainBefore = service('pid');
    const workersBefore = workerPids();
    const tested = path.join(tmp, 'tested.txt');

    const result = runScript(
      path.join(opsDir, 'update.sh'),
      ['--server', 'local'],
      opsEnv({
        REHEARSAL_TESTED: tested,
        TM_TEST_CMD:
          'git rev-parse HEAD > "$REHEARSAL_TESTED" && pwd >> "$REHEARSAL_TESTED" && test -n "$TEST_DATABASE_URL" && test -d node_modules/fastify && echo tested-ok >> "$REHEARSAL_TESTED"',
      }),
      180_000,
    );
    expect(result.code, result.output).toBe(0);
    expectInOrder(result.output, [
      'Schritt 1 – Tests auf local',
      '@@TM tested=',
      'Schritt 2 – Frontend lokal bauen',
      'Schritt 3 – git pull auf local',
      'Schritt 4 – Abhängigkeiten und Build auf local',
      'package-lock.json unverändert: npm ci übersprungen',
      'Schritt 5 – Datenbank-Migrationen auf local',
      '9001_rehearsal_probe',
      'Schritt 6 – Dienst neu laden auf local',
      'Alle 3 Worker laufen mit der neuen Version.',
      'Schritt 7 – Health-Check auf local',
      'Health-Check ok',
      'Schritt 8 – Frontend übertragen nach local',
      'Aktualisiert: local',
    ]);
    expect(readFileSync(tested, 'utf8').split('\n')).toEqual([
      goodCommit,
      path.join(deploy, '.test-output/update-tests'),
      'tested-ok',
      '',
    ]);
    expect(existsSync(path.join(deploy, '.test-output/update-tests'))).toBe(false);
    expect(git(deploy, 'rev-parse', 'HEAD')).toBe(goodCommit);
    expect(git(deploy, 'symbolic-ref', '--short', 'HEAD')).toBe('main');
    expect((await appliedMigrations()).at(-1)).toBe('9001_rehearsal_probe');
    // A reload: same main process, every worker new.
    expect(service('pid')).toBe(mainBefore);
    const workersAfter = workerPids();
    expect(workersAfter).toHaveLength(3);
    expect(workersAfter.filter((pid) => workersBefore.includes(pid))).toEqual([]);
    expect(readFileSync(path.join(deploy, 'frontend/dist/index.html'), 'utf8')).toBe(
      readFileSync(path.join(repoRoot, 'frontend/dist/index.html'), 'utf8'),
    );
    expect((await httpsGet('/health')).status).toBe(200);
    expect(fakes.calls()).toEqual([]);
  });

  it('update.sh rolls a release that cannot start back, and names the migration to undo', async () => {
    writeMigration(origin, '9002_rehearsal_broken', 'rehearsal_broken');
    const mainFile = path.join(origin, 'backend/src/main.ts');
    const main = readFileSync(mainFile, 'utf8');
    const anchor = 'async function main(): Promise<void> {\n';
    expect(main).toContain(anchor);
    writeFileSync(
      mainFile,
      main.replace(
        anchor,
        `${anchor}  if (process.argv.length > 0) throw new Error('rehearsal: broken release');\n`,
      ),
    );
    git(origin, 'add', '-A');
    git(origin, 'commit', '-q', '-m', 'rehearsal: a release that cannot start');
    const badCommit = git(origin, 'rev-parse', 'HEAD');
    const mainBefore = service('pid');

    const result = runScript(
      path.join(opsDir, 'update.sh'),
      ['--server', 'local', '--no-tests'],
      opsEnv({ TM_RELOAD_TIMEOUT: '10' }),
      240_000,
    );
    expect(result.code, result.output).toBe(1);
    expectInOrder(result.output, [
      'Schritt 5 – Datenbank-Migrationen auf local',
      'Schritt 6 – Dienst neu laden auf local',
      'Nach 10 s laufen noch',
      '=== Rollback auf local ===',
      '*** Update auf local fehlgeschlagen – automatisch zurückgerollt ***',
      `Code:      ${badCommit.slice(0, 10)} → zurück auf ${goodCommit.slice(0, 10)}`,
      'Frontend:  nicht übertragen',
      'das fehlgeschlagene Update hat das Schema von 9001 auf 9002 migriert.',
      `rollback.sh --downgrade ${goodCommit.slice(0, 12)}`,
      'Health-Check nach dem Rollback: ok',
    ]);
    expect(result.output).not.toContain('Schritt 8 – Frontend');
    expect(git(deploy, 'rev-parse', 'HEAD')).toBe(goodCommit);
    expect(service('pid')).not.toBe(mainBefore); // restarted on the previous code
    expect((await appliedMigrations()).at(-1)).toBe('9002_rehearsal_broken');
    await nginxHealthAfterRestart();
    expect(workerPids()).toHaveLength(3);
  });

  it('rollback.sh stops before older code would meet a newer schema', () => {
    const result = runScript(
      path.join(opsDir, 'rollback.sh'),
      [initialCommit.slice(0, 12)],
      opsEnv(),
    );
    expect(result.code, result.output).toBe(3);
    expect(result.output).toContain(
      `Die Datenbank ist neuer als der Code von ${initialCommit.slice(0, 12)}: 9002_rehearsal_broken`,
    );
    expect(result.output).toContain('Nichts wurde verändert.');
    expect(git(deploy, 'rev-parse', 'HEAD')).toBe(goodCommit);
  });

  it('rollback.sh --downgrade undoes the newer migrations after a backup and returns to the old commit', async () => {
    const result = runScript(
      path.join(opsDir, 'rollback.sh'),
      ['--downgrade', '--no-frontend', initialCommit.slice(0, 12)],
      opsEnv(),
      240_000,
    );
    expect(result.code, result.output).toBe(0);
    expectInOrder(result.output, [
      'Der aktuelle Code kennt 9002_rehearsal_broken nicht; der Downgrade läuft mit',
      `npm run db -- downgrade ${(initialMigrations.at(-1) ?? '').slice(0, 4)}`,
      'Backing up the database before the downgrade',
      'Dienst neu starten',
      'Health-Check ok',
    ]);
    expect(git(deploy, 'rev-parse', 'HEAD')).toBe(initialCommit);
    expect(await appliedMigrations()).toEqual(initialMigrations);
    expect(readdirSync(backups)).toContainEqual(
      expect.stringMatching(new RegExp(`^${DB.name}_.*_pre-downgrade-from-9002\\.dump$`)),
    );
    await nginxHealthAfterRestart();
  });

  it('backup.sh → restore.sh into a new database → the app boots on it with identical row counts', async () => {
    await query(
      DB.name,
      `INSERT INTO tenants (name, holiday_region) SELECT 'Probe ' || g, 'DE-BY' FROM generate_series(1, 3) g`,
    );
    await query(
      DB.name,
      `INSERT INTO users (tenant_id, email, name, role)
       SELECT t.id, 'p' || g || '-' || substr(t.id::text, 1, 8) || '@example.com', 'Person ' || g, 'employee'
       FROM tenants t CROSS JOIN generate_series(1, 2) g`,
    );
    const before = await rowCounts(DB.name);
    expect(before.tenants).toBe(3);
    expect(before.users).toBe(7); // six people and the first super-admin

    for (const [format, target] of [
      ['custom', DB.restored],
      ['gzip', DB.restoredGz],
    ] as const) {
      const backup = runScript(path.join(opsDir, 'backup.sh'), ['--format', format], opsEnv());
      expect(backup.code, backup.output).toBe(0);
      const file = backup.output.trim().split('\n').at(-1) ?? '';
      expect(file).toMatch(format === 'custom' ? /\.dump$/ : /\.sql\.gz$/);
      expect(statSync(file).mode & 0o077).toBe(0);
      const restore = runScript(
        path.join(opsDir, 'restore.sh'),
        ['--yes', '--database', target, file],
        opsEnv(),
      );
      expect(restore.code, restore.output).toBe(0);
      expect(await rowCounts(target)).toEqual(before);
    }

    // The app on the restored database (production refuses an incomplete schema).
    const restoredUrl = withDatabase(
      parseEnvironmentFile(readFileSync(appEnvFile, 'utf8')).DATABASE_URL ?? '',
      DB.restored,
    );
    const secondSpec = writeServiceSpec('restored', ports.app2, { DATABASE_URL: restoredUrl });
    service('start', secondSpec);
    try {
      expect(
        await waitFor('app on the restored database', () => backendHealth(ports.app2), 60_000),
      ).toEqual({
        status: 'ok',
        database: 'ok',
        redis: 'ok',
      });
      expect(await rowCounts(DB.restored)).toEqual(before);
    } finally {
      service('stop', secondSpec);
    }
  });

  it('restore.sh never overwrites a database that holds data without --replace', async () => {
    const file = path.join(backups, readdirSync(backups).find((f) => f.endsWith('.dump')) ?? '');
    const before = await rowCounts(DB.name);
    const result = runScript(path.join(opsDir, 'restore.sh'), ['--yes', file], opsEnv());
    expect(result.code).toBe(1);
    expect(result.output).toContain(`Datenbank ${DB.name} ist nicht leer`);
    expect(await rowCounts(DB.name)).toEqual(before);
  });

  it('sync-secondary.sh --from local --to local restores the newest dump and the service comes back', async () => {
    const before = await rowCounts(DB.name);
    const mainBefore = service('pid');
    const result = runScript(
      path.join(opsDir, 'sync-secondary.sh'),
      ['--from', 'local', '--to', 'local', '--fresh', '--yes'],
      opsEnv(),
      180_000,
    );
    expect(result.code, result.output).toBe(0);
    expectInOrder(result.output, [
      'Schritt 1 – Dump auf local',
      '_sync.dump',
      'Schritt 4 – Wiederherstellen auf local',
      `Datenbank ${DB.name} enthält`,
      `${serviceScript} stop`,
      `${serviceScript} start`,
      `Die bisherige Datenbank heißt jetzt ${DB.name}_before_restore_`,
      'Schritt 5 – Health-Check auf local',
      'Health-Check ok',
    ]);
    expect(service('pid')).not.toBe(mainBefore);
    expect(await rowCounts(DB.name)).toEqual(before);
    const kept = await admin.query(`SELECT 1 FROM pg_database WHERE datname LIKE $1`, [
      `${DB.name}_before_restore_%`,
    ]);
    expect(kept.rowCount).toBe(1);
    await nginxHealthAfterRestart();
    expect(fakes.calls()).toEqual([]);
  });
});

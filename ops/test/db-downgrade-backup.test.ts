/**
 * `npm run db -- downgrade …` in production writes a backup through the backup script before it
 * changes anything, refuses when it cannot, and skips it only with --no-backup (the guide: "Vor dem
 * Downgrade immer einen pg_dump anlegen").
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { opsDir, repoRoot, requireTool, runScript } from './helpers.js';

const adminUrl = inject('opsDatabaseUrl');
const database = `tm_ops_downgrade_${process.pid}`;
const restored = `${database}_restored`;

function urlFor(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

describe.skipIf(!adminUrl)('npm run db -- downgrade in production', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'timemaster-ops-downgrade-'));
  const fakeLog = path.join(tmp, 'fake-backup.log');
  const fakeScript = path.join(tmp, 'fake-backup.sh');
  let admin: pg.Client;

  function cli(args: string[], env: Record<string, string> = {}) {
    const result = spawnSync(
      process.execPath,
      [path.join(repoRoot, 'backend/dist/db/cli.js'), ...args],
      {
        cwd: path.join(repoRoot, 'backend'),
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          APP_ENV: 'production',
          SECRET_KEY: 'ops-test-secret-key-0123456789abcdef0123456789',
          DATABASE_URL: urlFor(database),
          REDIS_URL: 'redis://127.0.0.1:6379/15',
          RESEND_API_KEY: 're_ops_test',
          BACKUP_SCRIPT: fakeScript,
          FAKE_LOG: fakeLog,
          ...env,
        },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    return { code: result.status, output: `${result.stdout}${result.stderr}` };
  }

  async function applied(name = database): Promise<string[]> {
    const client = new pg.Client({ connectionString: urlFor(name) });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>(
        'SELECT name FROM kysely_migration ORDER BY name',
      );
      return rows.map((row) => row.name);
    } finally {
      await client.end();
    }
  }

  const fakeCalls = () =>
    readFileSync(fakeLog, 'utf8')
      .split('\n')
      .filter((line) => line !== '');

  let head: string[];
  beforeAll(async () => {
    writeFileSync(
      fakeScript,
      `#!/usr/bin/env bash
set -euo pipefail
current=$(psql "$DATABASE_URL" -XAtc "SELECT max(name) FROM kysely_migration")
echo "args=$* url=$DATABASE_URL dir=\${TIMEMASTER_DIR:-} current=$current" >> "$FAKE_LOG"
exit "\${FAKE_EXIT:-0}"
`,
    );
    chmodSync(fakeScript, 0o755);
    admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    for (const name of [database, restored]) {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
    await admin.query(`CREATE DATABASE ${database}`);
    const up = cli(['upgrade', 'head']);
    expect(up.code, up.output).toBe(0);
    head = await applied();
    expect(head.length).toBeGreaterThan(1);
  });

  beforeEach(() => {
    writeFileSync(fakeLog, '');
    const up = cli(['upgrade', 'head']);
    expect(up.code, up.output).toBe(0);
  });

  afterAll(async () => {
    for (const name of [database, restored]) {
      await admin?.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
    await admin?.end();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('dumps through the backup script before it changes anything', async () => {
    const result = cli(['downgrade', '-1']);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain('Backing up the database before the downgrade');
    const newest = head.at(-1) ?? '';
    expect(fakeCalls()).toEqual([
      `args=--label pre-downgrade-from-${newest.slice(0, 4)} url=${urlFor(database)} dir=${repoRoot} current=${newest}`,
    ]);
    expect(await applied()).toEqual(head.slice(0, -1));
  });

  it('refuses when the backup fails, and changes nothing', async () => {
    const result = cli(['downgrade', '-1'], { FAKE_EXIT: '3' });
    expect(result.code).toBe(1);
    expect(result.output).toContain(
      'error: the backup failed (exit code 3), nothing was downgraded',
    );
    expect(result.output).toContain('--no-backup');
    expect(await applied()).toEqual(head);
  });

  it('refuses when the backup script is missing', async () => {
    const result = cli(['downgrade', '0001'], { BACKUP_SCRIPT: '/nonexistent/backup.sh' });
    expect(result.code).toBe(1);
    expect(result.output).toContain('backup script /nonexistent/backup.sh not found');
    expect(await applied()).toEqual(head);
  });

  it('skips the backup with --no-backup, wherever the flag stands', async () => {
    const result = cli(['downgrade', '--no-backup', '-1']);
    expect(result.code, result.output).toBe(0);
    expect(fakeCalls()).toEqual([]);
    expect(await applied()).toEqual(head.slice(0, -1));
  });

  it('needs no backup in development', async () => {
    const result = cli(['downgrade', '-1'], { APP_ENV: 'development' });
    expect(result.code, result.output).toBe(0);
    expect(fakeCalls()).toEqual([]);
  });

  it('uses ops/backup.sh by default, and that dump restores into an empty database', async () => {
    requireTool('pg_dump', 'postgresql-client');
    const backups = path.join(tmp, 'backups');
    const env = { BACKUP_SCRIPT: '', BACKUP_DIR: backups };
    const result = cli(['downgrade', '0001'], env);
    expect(result.code, result.output).toBe(0);
    expect(await applied()).toEqual(head.slice(0, 1));
    const dumps = readdirSync(backups);
    const newest = head.at(-1) ?? '';
    expect(dumps).toEqual([
      expect.stringMatching(
        new RegExp(`^${database}_\\d{8}-\\d{6}_pre-downgrade-from-${newest.slice(0, 4)}\\.dump$`),
      ),
    ]);

    const restore = runScript(
      path.join(opsDir, 'restore.sh'),
      ['--yes', '--database', restored, path.join(backups, dumps[0] ?? '')],
      {
        DATABASE_URL: urlFor(database),
        TM_PG_ADMIN_URL: adminUrl,
      },
    );
    expect(restore.code, restore.output).toBe(0);
    expect(restore.output).toContain(`Datenbank ${restored} existiert nicht und wird angelegt`);
    expect(await applied(restored)).toEqual(head);
  });
});

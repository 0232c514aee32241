import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../test/helpers.js';
import { createTestDatabase } from '../../test/helpers.js';
import { runCli } from '../../test/process.js';
import { downgrade, headMigration, migrationNames, migrationState, upgrade } from './migrator.js';

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.drop();
  database = undefined;
});

const db = (url: string) => ({ DATABASE_URL: url, APP_ENV: 'development' });
const head = headMigration;
const previous = migrationNames.at(-2)!;
/** How the CLI names a version: `0002 (audit log)`. */
const label = (name: string) => `${name.slice(0, 4)} (${name.slice(5).replace(/_/g, ' ')})`;

describe('migration CLI (npm run db -- …)', () => {
  it('upgrades, downgrades one step, downgrades to a version, and reports current/history', async () => {
    database = await createTestDatabase({ empty: true });
    const env = db(database.url);

    const up = runCli('src/db/cli.ts', ['upgrade', 'head'], env);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    expect(up.stdout).toContain('Running ↑ 0001_initial');
    expect(up.stdout).toContain(`Current: ${label(head)} (head)`);

    const current = runCli('src/db/cli.ts', ['current'], env);
    expect(current.stdout.trim()).toBe(`Current: ${label(head)} (head)`);

    const back = runCli('src/db/cli.ts', ['downgrade', '-1'], env);
    expect(back.code).toBe(0);
    expect(back.stdout).toContain(`Running ↓ ${head}`);
    expect(back.stdout).toContain(`Current: ${label(previous)}, head is ${head.slice(0, 4)}`);

    const history = runCli('src/db/cli.ts', ['history', '--verbose'], env);
    expect(history.stdout.trim().split('\n')).toEqual(
      [...migrationNames].reverse().map((name) => {
        if (name === head) return `${label(name)} (head) pending`;
        if (name === previous) return `${label(name)} (current) applied`;
        return `${label(name)} applied`;
      }),
    );

    expect(runCli('src/db/cli.ts', ['upgrade', 'head'], env).code).toBe(0);
    const toVersion = runCli('src/db/cli.ts', ['downgrade', '0001'], env);
    expect(toVersion.code).toBe(0);
    expect(toVersion.stdout).toContain('Current: 0001 (initial)');
    expect(runCli('src/db/cli.ts', ['upgrade', 'head'], env).stdout).toContain('(head)');
  });

  it('explains unknown versions and verbs instead of guessing', async () => {
    database = await createTestDatabase({ empty: true });
    const env = db(database.url);
    const unknown = runCli('src/db/cli.ts', ['downgrade', '0099'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(
      `unknown version "0099" (known: ${migrationNames.map((n) => n.slice(0, 4)).join(', ')}, base, head)`,
    );
    const tooFar = runCli('src/db/cli.ts', ['downgrade', '-1'], env);
    expect(tooFar.stderr).toContain('only 0 migration(s) applied');
    expect(runCli('src/db/cli.ts', ['frobnicate'], env).code).toBe(2);
  });
});

describe('migrations', () => {
  it('run up → down → up on a seeded database without losing the seeded rows', async () => {
    database = await createTestDatabase({ empty: true });
    const { db: kdb, url } = database;
    await upgrade(kdb, url, 'head');
    await kdb
      .insertInto('tenants')
      .values([
        { name: 'Bäckerei Huber', holiday_region: 'DE-BY' },
        { name: 'Kanzlei Lange', holiday_region: 'DE-NW' },
      ])
      .execute();

    await downgrade(kdb, url, migrationNames[0]!.slice(0, 4));
    await upgrade(kdb, url, 'head');

    const rows = await kdb.selectFrom('tenants').select('name').orderBy('name').execute();
    expect(rows.map((r) => r.name)).toEqual(['Bäckerei Huber', 'Kanzlei Lange']);
    expect((await migrationState(kdb)).current).toBe(headMigration);

    // Every migration's down works all the way to an empty schema and back.
    await downgrade(kdb, url, 'base');
    expect((await migrationState(kdb)).applied).toEqual([]);
    await upgrade(kdb, url, 'head');
    expect((await migrationState(kdb)).isHead).toBe(true);
  });

  it('are safe when two processes start at once', async () => {
    database = await createTestDatabase({ empty: true });
    const { db: kdb, url } = database;
    const results = await Promise.all([upgrade(kdb, url, 'head'), upgrade(kdb, url, 'head')]);
    // Exactly one of them did the work; the other found the schema at head.
    expect(results.map((steps) => steps.length).sort()).toEqual([0, migrationNames.length]);
    const { rows } = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM kysely_migration`.execute(kdb);
    expect(rows[0]?.n).toBe(migrationNames.length);
  });

  it('install the job queue schema along with ours', async () => {
    database = await createTestDatabase({ empty: true });
    await upgrade(database.db, database.url, 'head');
    const { rows } = await sql<{ ok: boolean }>`
      SELECT count(*) = 1 AS ok FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = 'graphile_worker' AND p.proname = 'add_job'`.execute(database.db);
    expect(rows[0]?.ok).toBe(true);
  });

  it('keep the audit log append-only', async () => {
    database = await createTestDatabase();
    const kdb = database.db;
    await kdb
      .insertInto('audit_log')
      .values({ action: 'test.created', before: null, after: null })
      .execute();
    await expect(kdb.updateTable('audit_log').set({ action: 'changed' }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(kdb.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_log`.execute(kdb)).rejects.toThrow(/append-only/);
  });
});

/**
 * Schema migrations with the verbs operators know from Alembic: upgrade, downgrade, current,
 * history. Versions are the four-digit prefixes of the migration names (`0001`).
 */
import { Logger, runMigrations as runJobQueueMigrations } from 'graphile-worker';
import type { Kysely, MigrationResultSet } from 'kysely';
import { Migrator, NO_MIGRATIONS, sql } from 'kysely';
import pg from 'pg';
import { migrations } from './migrations/index.js';

/** Session advisory lock key: serialises migrations across processes and hosts. */
const MIGRATION_LOCK_KEY = 727_001;

export const migrationNames = Object.keys(migrations).sort();
export const headMigration = migrationNames.at(-1) ?? 'base';

export function versionOf(name: string): string {
  return name === 'base' ? 'base' : name.slice(0, 4);
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

function makeMigrator(db: Kysely<any>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
  });
}

export interface MigrationState {
  applied: string[];
  pending: string[];
  /** Newest applied migration, or 'base' when none is. */
  current: string;
  isHead: boolean;
}

/** What is applied and what is not; works on an empty database too. */
export async function migrationState(db: Kysely<any>): Promise<MigrationState> {
  const infos = await makeMigrator(db).getMigrations();
  const applied = infos.filter((m) => m.executedAt).map((m) => m.name);
  const pending = infos.filter((m) => !m.executedAt).map((m) => m.name);
  const current = applied.at(-1) ?? 'base';
  return { applied, pending, current, isHead: pending.length === 0 };
}

/** Runs fn while holding the cluster-wide migration lock (two starting processes are safe). */
async function withMigrationLock<T>(databaseUrl: string, fn: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return await fn();
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    await client.end();
  }
}

function unwrap(result: MigrationResultSet): string[] {
  const failed = result.results?.find((r) => r.status === 'Error');
  if (result.error) {
    const reason =
      result.error instanceof Error ? result.error.message : JSON.stringify(result.error);
    throw new MigrationError(
      failed
        ? `migration ${failed.migrationName} failed: ${reason}`
        : `migration failed: ${reason}`,
    );
  }
  return (result.results ?? []).map(
    (r) => `${r.direction === 'Up' ? '↑' : '↓'} ${r.migrationName}`,
  );
}

/** Resolves `0001`, `0001_initial` or `head` to a migration name. */
function resolveTarget(target: string): string {
  if (target === 'head') return headMigration;
  if (target === 'base') return 'base';
  const match = migrationNames.find((n) => n === target || versionOf(n) === target);
  if (!match) {
    throw new MigrationError(
      `unknown version "${target}" (known: ${migrationNames.map(versionOf).join(', ')}, base, head)`,
    );
  }
  return match;
}

/**
 * `upgrade head` or `upgrade 0002`. Also installs or updates the job queue's own schema
 * (graphile_worker), so a migrated database can take jobs straight away.
 */
export async function upgrade(
  db: Kysely<any>,
  databaseUrl: string,
  target = 'head',
): Promise<string[]> {
  const name = resolveTarget(target);
  return withMigrationLock(databaseUrl, async () => {
    const state = await migrationState(db);
    if (name !== 'base' && state.applied.includes(name) && name !== state.current) {
      throw new MigrationError(
        `${versionOf(name)} is older than the current version ${versionOf(state.current)}; use downgrade`,
      );
    }
    const steps = name === 'base' ? [] : unwrap(await makeMigrator(db).migrateTo(name));
    await runJobQueueMigrations({ connectionString: databaseUrl, logger: silentLogger });
    return steps;
  });
}

/** `downgrade -1`, `downgrade -2`, `downgrade 0001` (keep 0001, undo what follows) or `base`. */
export async function downgrade(
  db: Kysely<any>,
  databaseUrl: string,
  target: string,
): Promise<string[]> {
  return withMigrationLock(databaseUrl, async () => {
    const state = await migrationState(db);
    let name: string;
    const relative = /^-(\d+)$/.exec(target);
    if (relative) {
      const steps = Number(relative[1]);
      if (steps < 1) throw new MigrationError('downgrade needs at least one step (-1)');
      const index = state.applied.length - steps;
      if (index < 0) {
        throw new MigrationError(
          `cannot go back ${steps} step(s): only ${state.applied.length} migration(s) applied`,
        );
      }
      name = index === 0 ? 'base' : (state.applied[index - 1] ?? 'base');
    } else {
      name = resolveTarget(target);
      if (name !== 'base' && !state.applied.includes(name)) {
        throw new MigrationError(
          `${versionOf(name)} is not applied (current: ${versionOf(state.current)}); use upgrade`,
        );
      }
    }
    const result = await makeMigrator(db).migrateTo(name === 'base' ? NO_MIGRATIONS : name);
    return unwrap(result);
  });
}

/** Whether the kysely bookkeeping exists at all (a brand-new database has none). */
export async function hasMigrationTable(db: Kysely<any>): Promise<boolean> {
  const { rows } = await sql<{ exists: boolean }>`
    SELECT to_regclass('public.kysely_migration') IS NOT NULL AS exists`.execute(db);
  return rows[0]?.exists ?? false;
}

// graphile-worker's migrations only log at debug level; keep the CLI output ours.
const silentLogger = new Logger(() => () => {});

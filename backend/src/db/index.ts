/** The Kysely instance over a pg pool, shared by everything in one process. */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Database } from './types.js';

export type Db = Kysely<Database>;

// DATE columns stay 'YYYY-MM-DD' strings: a calendar day has no time zone, and turning it into a
// JS Date would shift it by the server's offset.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);
// bigint (audit ids, counts) as string would surprise callers less than a lossy number; keep
// the driver default (string).

export interface DbOptions {
  /** Pool size per process. */
  max?: number;
  logger?: Pick<Logger, 'warn'>;
  applicationName?: string;
}

/** A pool that survives a PostgreSQL restart: broken idle clients are dropped and replaced. */
export function createPool(connectionString: string, options: DbOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: options.applicationName ?? 'timemaster',
  });
  // Without a listener an idle client's error (e.g. the server restarting) kills the process.
  pool.on('error', (err) =>
    options.logger?.warn({ err: err.message }, 'idle database client failed'),
  );
  return pool;
}

export function createDb(connectionString: string, options: DbOptions = {}): Db {
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool: createPool(connectionString, options) }),
  });
}

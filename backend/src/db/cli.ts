/**
 * `npm run db -- <verb>`: the Alembic verbs operators already know.
 *   upgrade head | upgrade 0002      apply migrations up to a version
 *   downgrade -1 | downgrade 0001    undo migrations (0001 stays applied) | downgrade base
 *   current                          the version the database is at
 *   history [--verbose]              every version, applied or not
 * Uses DATABASE_URL; without it (development) the embedded PostgreSQL of `npm start`.
 * In production a downgrade first dumps the database with the backup script (BACKUP_SCRIPT,
 * default ops/backup.sh), because down migrations may drop data; `--no-backup` skips that.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  ConfigError,
  childEnvironment,
  configFromEnvironment,
  readEnvironment,
  repoDir,
} from '../config.js';
import { createDb } from './index.js';
import type { EmbeddedDatabase } from './embedded.js';
import { startEmbeddedPostgres } from './embedded.js';
import {
  MigrationError,
  downgrade,
  headMigration,
  migrationNames,
  migrationState,
  upgrade,
  versionOf,
} from './migrator.js';

const USAGE = `usage: npm run db -- upgrade head|<version>
       npm run db -- downgrade -1|-N|<version>|base [--no-backup]
       npm run db -- current
       npm run db -- history [--verbose]`;

function label(name: string): string {
  return name === 'base'
    ? 'base (empty)'
    : `${versionOf(name)} (${name.slice(5).replace(/_/g, ' ')})`;
}

/**
 * Dumps the database through the backup script before a production downgrade changes anything;
 * refuses (throws) when the script is missing or fails.
 */
function backupBeforeDowngrade(url: string, fromVersion: string): void {
  const script = path.resolve(repoDir, readEnvironment().BACKUP_SCRIPT || 'ops/backup.sh');
  const skip = 'or run the downgrade with --no-backup after dumping the database yourself';
  if (!existsSync(script)) {
    throw new MigrationError(
      `backup script ${script} not found, nothing was downgraded (set BACKUP_SCRIPT, ${skip})`,
    );
  }
  console.log(`Backing up the database before the downgrade: ${script}`);
  const result = spawnSync('bash', [script, '--label', `pre-downgrade-from-${fromVersion}`], {
    stdio: 'inherit',
    env: childEnvironment({ DATABASE_URL: url, TIMEMASTER_DIR: repoDir }),
  });
  if (result.status !== 0) {
    const reason = result.error ? result.error.message : `exit code ${result.status}`;
    throw new MigrationError(`the backup failed (${reason}), nothing was downgraded (${skip})`);
  }
}

async function main(argv: string[]): Promise<number> {
  const noBackup = argv.includes('--no-backup');
  const [verb, arg, ...rest] = argv.filter((a) => a !== '--no-backup');
  if (!verb || verb === '--help' || verb === '-h') {
    console.log(USAGE);
    return verb ? 0 : 2;
  }
  const config = configFromEnvironment();
  let embedded: EmbeddedDatabase | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({
      dir: config.embeddedPgDir,
      port: config.embeddedPgPort,
    });
    url = embedded.url;
  }
  const db = createDb(url, { max: 2, applicationName: 'timemaster-migrate' });
  try {
    switch (verb) {
      case 'upgrade': {
        for (const step of await upgrade(db, url, arg ?? 'head')) console.log(`Running ${step}`);
        break;
      }
      case 'downgrade': {
        if (!arg)
          throw new MigrationError('downgrade needs a target: -1, a version such as 0001, or base');
        if (config.isProduction && !noBackup) {
          const { current } = await migrationState(db);
          if (current !== 'base') backupBeforeDowngrade(url, versionOf(current));
        }
        const steps = await downgrade(db, url, arg);
        for (const step of steps) console.log(`Running ${step}`);
        if (steps.length === 0) console.log('Nothing to undo.');
        break;
      }
      case 'current':
        break;
      case 'history': {
        const verbose = arg === '--verbose' || rest.includes('--verbose');
        const state = await migrationState(db);
        for (const name of [...migrationNames].reverse()) {
          const marks = [
            name === headMigration ? '(head)' : '',
            name === state.current ? '(current)' : '',
            verbose ? (state.applied.includes(name) ? 'applied' : 'pending') : '',
          ].filter(Boolean);
          console.log(`${label(name)} ${marks.join(' ')}`.trimEnd());
        }
        return 0;
      }
      default:
        console.error(`unknown command "${verb}"\n${USAGE}`);
        return 2;
    }
    const state = await migrationState(db);
    const suffix = state.isHead ? ' (head)' : `, head is ${versionOf(headMigration)}`;
    console.log(`Current: ${label(state.current)}${suffix}`);
    return 0;
  } finally {
    await db.destroy();
    await embedded?.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof MigrationError || error instanceof ConfigError) {
      console.error(`error: ${error.message}`);
    } else {
      console.error(error);
    }
    process.exit(1);
  },
);

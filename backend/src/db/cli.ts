/**
 * `npm run db -- <verb>`: the Alembic verbs operators already know.
 *   upgrade head | upgrade 0002      apply migrations up to a version
 *   downgrade -1 | downgrade 0001    undo migrations (0001 stays applied) | downgrade base
 *   current                          the version the database is at
 *   history [--verbose]              every version, applied or not
 * Uses DATABASE_URL; without it (development) the embedded PostgreSQL of `npm start`.
 */
import { ConfigError, configFromEnvironment } from '../config.js';
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
       npm run db -- downgrade -1|-N|<version>|base
       npm run db -- current
       npm run db -- history [--verbose]`;

function label(name: string): string {
  return name === 'base'
    ? 'base (empty)'
    : `${versionOf(name)} (${name.slice(5).replace(/_/g, ' ')})`;
}

async function main(argv: string[]): Promise<number> {
  const [verb, arg, ...rest] = argv;
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

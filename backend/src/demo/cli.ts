/**
 * `npm run seed:demo -- --tenants 1 --employees 200 --months 12 [--seed 42] [--password …] [--force]`
 * Demo companies for trying the product, tests and benchmarks (see seed.ts). Uses DATABASE_URL
 * like the app, or the embedded PostgreSQL of `npm start` when it is unset; refuses production
 * (APP_ENV=production) unless --force, and a schema that is not at the head migration.
 */
import { parseArgs } from 'node:util';
import { ConfigError, configFromEnvironment } from '../config.js';
import type { EmbeddedDatabase } from '../db/embedded.js';
import { startEmbeddedPostgres } from '../db/embedded.js';
import { createDb } from '../db/index.js';
import { passwordProblem } from '../modules/auth/passwords.js';
import { DEFAULT_DEMO_PASSWORD, DemoSeedError, seedDemo } from './seed.js';

const USAGE = `usage: npm run seed:demo -- [--tenants N] [--employees N] [--months N] [--seed N]
                         [--password PW] [--force]
  --tenants    demo companies to create (default 1, at most 50)
  --employees  people per company: 1 admin, team managers, employees (default 200, 2–5000)
  --months     history of clock entries until today (default 12, 1–36)
  --seed       the same seed gives the same data (default 42)
  --password   sign-in password of every demo account (default ${DEFAULT_DEMO_PASSWORD})
  --force      allow APP_ENV=production (never do that on a real installation)`;

function wholeNumber(
  name: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
) {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new DemoSeedError(
      `--${name} must be a whole number from ${min} to ${max} (got "${raw}")`,
    );
  }
  return value;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      tenants: { type: 'string' },
      employees: { type: 'string' },
      months: { type: 'string' },
      seed: { type: 'string' },
      password: { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const options = {
    tenants: wholeNumber('tenants', values.tenants, 1, 1, 50),
    employees: wholeNumber('employees', values.employees, 200, 2, 5000),
    months: wholeNumber('months', values.months, 12, 1, 36),
    seed: wholeNumber('seed', values.seed, 42, 0, 2 ** 32 - 1),
    password: values.password ?? DEFAULT_DEMO_PASSWORD,
  };
  const problem = passwordProblem(options.password);
  if (problem) throw new DemoSeedError(`--password is not acceptable: ${problem}`);

  const config = configFromEnvironment();
  if (config.isProduction && !values.force) {
    throw new DemoSeedError(
      'APP_ENV=production: demo data does not belong into a production database (--force to insist)',
    );
  }
  let embedded: EmbeddedDatabase | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({
      dir: config.embeddedPgDir,
      port: config.embeddedPgPort,
    });
    url = embedded.url;
  }
  const db = createDb(url, { max: 2, applicationName: 'timemaster-seed-demo' });
  try {
    const result = await seedDemo(db, options);
    for (const company of result.companies) {
      const c = company.counts;
      console.log(
        `${company.name} (${company.holidayRegion}): ${c.users} people in ${c.teams} teams, ` +
          `${c.schedules} schedules, ${c.entries} time entries, ${c.adjustments} balance adjustments, ` +
          `${c.absences} absences`,
      );
      console.log(`  admin:     ${company.adminEmail}`);
      console.log(`  managers:  ${company.managerEmails.slice(0, 3).join(', ')}`);
      console.log(`  employees: ${company.employeeEmails.join(', ')}`);
    }
    console.log(`Password for all demo accounts: ${result.password}`);
    console.log(`Done in ${(result.elapsedMs / 1000).toFixed(1)} s.`);
    return 0;
  } finally {
    await db.destroy();
    await embedded?.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof DemoSeedError || error instanceof ConfigError) {
      console.error(`error: ${error.message}`);
    } else if (
      error instanceof TypeError &&
      'code' in error &&
      String(error.code).startsWith('ERR_PARSE_ARGS')
    ) {
      console.error(`error: ${error.message}\n${USAGE}`);
      return process.exit(2);
    } else {
      console.error(error);
    }
    process.exit(1);
  },
);

/**
 * Fills a migrated database with demo companies: the library behind `npm run seed:demo`, also
 * used by tests and benchmarks. It never migrates and never deletes; it refuses a database
 * that is not at the head migration or that already holds the same demo companies.
 */
import type { Db } from '../db/index.js';
import { headMigration, migrationState, versionOf } from '../db/migrator.js';
import { hashPassword } from '../modules/auth/passwords.js';
import type { DemoCompany, DemoOptions } from './generate.js';
import { planCompany } from './generate.js';
import { writeCompany } from './write.js';

/** Sign-in password of every demo account unless --password says otherwise (README). */
export const DEFAULT_DEMO_PASSWORD = 'zeiterfassung-demo';

/** A reason not to seed, for the person running it. */
export class DemoSeedError extends Error {
  override name = 'DemoSeedError';
}

export interface SeedDemoOptions extends Partial<DemoOptions> {
  password?: string;
}

export interface SeededCompany {
  tenantId: string;
  name: string;
  holidayRegion: string;
  adminEmail: string;
  /** The team managers' and a few employees' addresses, to try the other roles. */
  managerEmails: string[];
  employeeEmails: string[];
  userIds: string[];
  counts: {
    users: number;
    teams: number;
    schedules: number;
    entries: number;
    adjustments: number;
    absences: number;
  };
}

export interface SeedDemoResult {
  companies: SeededCompany[];
  password: string;
  elapsedMs: number;
}

/** Refuses (DemoSeedError) unless every migration is applied: seeding never migrates. */
export async function assertSchemaAtHead(db: Db): Promise<void> {
  const state = await migrationState(db);
  if (!state.isHead) {
    throw new DemoSeedError(
      `the database schema is at ${versionOf(state.current)}, the code expects ${versionOf(headMigration)}: ` +
        'run "npm run db -- upgrade head" first',
    );
  }
}

function summary(company: DemoCompany): SeededCompany {
  const { tenant, users } = company;
  const byRole = (role: string) => users.filter((u) => u.role === role).map((u) => u.email);
  return {
    tenantId: tenant.id,
    name: tenant.name,
    holidayRegion: tenant.holidayRegion,
    adminEmail: byRole('admin')[0] ?? '',
    managerEmails: byRole('manager'),
    employeeEmails: byRole('employee').slice(0, 3),
    userIds: users.map((u) => u.id),
    counts: {
      users: users.length,
      teams: company.teams.length,
      schedules: company.schedules.length,
      entries: company.entries.length,
      adjustments: company.adjustments.length,
      absences: company.absences.length,
    },
  };
}

/**
 * Plans and writes `tenants` demo companies in one transaction (all or nothing).
 * Defaults: 1 company, 200 people, 12 months, seed 42, now = the current time.
 */
export async function seedDemo(db: Db, options: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const started = performance.now();
  const full: DemoOptions = {
    tenants: options.tenants ?? 1,
    employees: options.employees ?? 200,
    months: options.months ?? 12,
    seed: options.seed ?? 42,
    now: options.now ?? new Date(),
  };
  const password = options.password ?? DEFAULT_DEMO_PASSWORD;
  await assertSchemaAtHead(db);
  const companies = Array.from({ length: full.tenants }, (_, i) => planCompany(full, i));
  const admins = companies.map((c) => c.users[0]!.email);
  const taken = await db.selectFrom('users').select('email').where('email', 'in', admins).execute();
  if (taken.length > 0) {
    throw new DemoSeedError(
      `demo data for ${taken.map((t) => t.email).join(', ')} is already in this database: ` +
        'seed another --seed into it, or use a fresh database',
    );
  }
  // One Argon2 hash for everybody: hashing 200 passwords would take longer than the rest.
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    for (const company of companies) await writeCompany(trx, company, passwordHash);
  });
  return {
    companies: companies.map(summary),
    password,
    elapsedMs: performance.now() - started,
  };
}

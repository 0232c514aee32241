import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../test/helpers.js';
import { createTestDatabase, testConfig } from '../../../test/helpers.js';
import { BootstrapError, ensureFirstSuperAdmin } from './bootstrap.js';
import { hashPassword, verifyPassword } from './passwords.js';

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(() => database.drop());

const env = {
  FIRST_SUPERADMIN_EMAIL: 'Admin@Example.com',
  FIRST_SUPERADMIN_PASSWORD: 'ein-starkes-passwort',
};
const quiet = () => {};

describe('the first super-admin (SECURITY.md 9)', () => {
  it('is created once from the environment', async () => {
    const config = testConfig(env);
    expect(await ensureFirstSuperAdmin(database.db, config, quiet)).toBe('created');
    expect(await ensureFirstSuperAdmin(database.db, config, quiet)).toBe('exists');
    const admins = await database.db
      .selectFrom('users')
      .selectAll()
      .where('role', '=', 'super_admin')
      .execute();
    expect(admins).toHaveLength(1);
    expect(admins[0]).toMatchObject({
      email: 'admin@example.com',
      tenant_id: null,
      status: 'active',
    });
  });

  it('keeps a password changed since, across restarts', async () => {
    const config = testConfig(env);
    await ensureFirstSuperAdmin(database.db, config, quiet);
    const changed = await hashPassword('spaeter-geaendert-1');
    await database.db
      .updateTable('users')
      .set({ password_hash: changed })
      .where('role', '=', 'super_admin')
      .execute();
    await ensureFirstSuperAdmin(database.db, config, quiet);
    const row = await database.db
      .selectFrom('users')
      .select('password_hash')
      .where('role', '=', 'super_admin')
      .executeTakeFirstOrThrow();
    expect(await verifyPassword(row.password_hash!, 'spaeter-geaendert-1')).toBe(true);
  });

  it('is safe when two processes start at once', async () => {
    const config = testConfig(env);
    const results = await Promise.all([
      ensureFirstSuperAdmin(database.db, config, quiet),
      ensureFirstSuperAdmin(database.db, config, quiet),
    ]);
    expect(results.sort()).toEqual(['created', 'exists']);
  });

  it('refuses a weak password in production and skips it in development', async () => {
    const weak = { ...env, FIRST_SUPERADMIN_PASSWORD: 'passwort123' };
    const production = testConfig({
      ...weak,
      APP_ENV: 'production',
      DATABASE_URL: database.url,
      REDIS_URL: 'redis://x:6379',
      RESEND_API_KEY: 're_x',
    });
    await expect(ensureFirstSuperAdmin(database.db, production, quiet)).rejects.toThrow(
      BootstrapError,
    );
    const messages: string[] = [];
    expect(
      await ensureFirstSuperAdmin(database.db, testConfig(weak), (m) => messages.push(m)),
    ).toBe('not_configured');
    expect(messages.join()).toMatch(/FIRST_SUPERADMIN_PASSWORD is not acceptable/);
  });

  it('does nothing without the variables', async () => {
    expect(await ensureFirstSuperAdmin(database.db, testConfig(), quiet)).toBe('not_configured');
  });
});

/**
 * The first super-admin comes from FIRST_SUPERADMIN_EMAIL / FIRST_SUPERADMIN_PASSWORD, once:
 * when the installation has no super-admin yet. A restart never changes an existing account
 * (SECURITY.md 9), so a password changed since stays changed.
 */
import { sql } from 'kysely';
import type { Config } from '../../config.js';
import type { Db } from '../../db/index.js';
import { recordAudit } from '../audit/service.js';
import { hashPassword, passwordProblem } from './passwords.js';

export class BootstrapError extends Error {
  override name = 'BootstrapError';
}

export type BootstrapResult = 'created' | 'exists' | 'not_configured' | 'email_in_use';

export async function ensureFirstSuperAdmin(
  db: Db,
  config: Config,
  log: (message: string) => void,
): Promise<BootstrapResult> {
  const existing = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'super_admin')
    .limit(1)
    .executeTakeFirst();
  if (existing) return 'exists';
  const email = config.firstSuperadminEmail?.trim().toLowerCase();
  const password = config.firstSuperadminPassword;
  if (!email || !password) {
    log(
      'no super-admin yet: set FIRST_SUPERADMIN_EMAIL and FIRST_SUPERADMIN_PASSWORD to create one',
    );
    return 'not_configured';
  }
  const problem = passwordProblem(password, [email, email.split('@')[0] ?? '', 'timemaster']);
  if (problem) {
    const message = `FIRST_SUPERADMIN_PASSWORD is not acceptable (${problem.toLowerCase().replace('_', ' ')}): choose at least 8 characters that are not a common password`;
    if (config.isProduction) throw new BootstrapError(message);
    log(`${message}; no super-admin created`);
    return 'not_configured';
  }
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    // Serialises two processes bootstrapping at once.
    await sql`SELECT pg_advisory_xact_lock(727002)`.execute(trx);
    const again = await trx
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'super_admin')
      .limit(1)
      .executeTakeFirst();
    if (again) return 'exists';
    const taken = await trx
      .selectFrom('users')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirst();
    if (taken) {
      log(
        `FIRST_SUPERADMIN_EMAIL ${email} already belongs to a company account; no super-admin created`,
      );
      return 'email_in_use';
    }
    const user = await trx
      .insertInto('users')
      .values({
        tenant_id: null,
        email,
        name: 'Super-Admin',
        password_hash: passwordHash,
        role: 'super_admin',
        status: 'active',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      tenantId: null,
      actorUserId: null,
      action: 'user.superadmin_bootstrapped',
      entityType: 'user',
      entityId: user.id,
      after: { email },
    });
    log(`created the first super-admin ${email}`);
    return 'created';
  });
}

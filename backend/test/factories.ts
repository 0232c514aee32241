/** Test data: companies and people, written straight to the database. */
import { randomBytes } from 'node:crypto';
import type { Db } from '../src/db/index.js';
import type { Role, UserStatus } from '../src/db/types.js';
import { hashPassword } from '../src/modules/auth/passwords.js';

export const PASSWORD = 'korrekt-pferd-batterie';
let passwordHash: Promise<string> | undefined;

const unique = () => randomBytes(4).toString('hex');

export async function createTenant(
  db: Db,
  values: { name?: string; status?: 'active' | 'disabled' } = {},
) {
  return db
    .insertInto('tenants')
    .values({
      name: values.name ?? `Firma ${unique()}`,
      holiday_region: 'DE-BY',
      status: values.status ?? 'active',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createTeam(db: Db, tenantId: string, name = `Team ${unique()}`) {
  return db
    .insertInto('teams')
    .values({ tenant_id: tenantId, name })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface UserValues {
  tenantId: string | null;
  role?: Role;
  email?: string;
  name?: string;
  status?: UserStatus;
  teamId?: string | null;
  password?: string;
}

export async function createUser(db: Db, values: UserValues) {
  const role = values.role ?? (values.tenantId ? 'employee' : 'super_admin');
  const status = values.status ?? 'active';
  passwordHash ??= hashPassword(PASSWORD);
  const hash = values.password ? await hashPassword(values.password) : await passwordHash;
  return db
    .insertInto('users')
    .values({
      tenant_id: values.tenantId,
      email: values.email ?? `person-${unique()}@example.com`,
      name: values.name ?? `Person ${unique()}`,
      role,
      status,
      team_id: values.teamId ?? null,
      password_hash: status === 'invited' ? null : hash,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen in time: never import app code here, never edit after release.
// Users, teams, sessions (refresh token families), invitations and password resets.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('teams')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(trim(name)) > 0`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('teams_tenant_name_key', ['tenant_id', 'name'])
    // Target of composite foreign keys: a team can only be used within its own tenant.
    .addUniqueConstraint('teams_tenant_id_key', ['tenant_id', 'id'])
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.references('tenants.id'))
    .addColumn('email', sql`citext`, (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('password_hash', 'text')
    .addColumn('role', 'text', (c) =>
      c.notNull().check(sql`role IN ('super_admin', 'admin', 'manager', 'employee')`),
    )
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('invited')
        .check(sql`status IN ('invited', 'active', 'disabled')`),
    )
    .addColumn('locale', 'text', (c) =>
      c
        .notNull()
        .defaultTo('de')
        .check(sql`locale IN ('de', 'en')`),
    )
    .addColumn('team_id', 'uuid')
    .addColumn('employee_number', 'text')
    .addColumn('start_date', 'date')
    .addColumn('end_date', 'date')
    // Access tokens issued before this instant are refused (logout, password change, deactivation).
    .addColumn('tokens_valid_after', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_login_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // Only the platform's super-admins belong to no tenant.
    .addCheckConstraint(
      'users_tenant_role_check',
      sql`(role = 'super_admin') = (tenant_id IS NULL)`,
    )
    .addCheckConstraint(
      'users_active_has_password',
      sql`status <> 'active' OR password_hash IS NOT NULL`,
    )
    .addCheckConstraint(
      'users_dates_order',
      sql`end_date IS NULL OR start_date IS NULL OR end_date >= start_date`,
    )
    .addUniqueConstraint('users_tenant_employee_number_key', ['tenant_id', 'employee_number'])
    .addUniqueConstraint('users_tenant_id_key', ['tenant_id', 'id'])
    .addForeignKeyConstraint('users_team_fk', ['tenant_id', 'team_id'], 'teams', [
      'tenant_id',
      'id',
    ])
    .execute();
  await db.schema
    .createIndex('users_tenant_idx')
    .on('users')
    .columns(['tenant_id', 'status'])
    .execute();

  await db.schema
    .createTable('team_managers')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull())
    .addColumn('team_id', 'uuid', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addPrimaryKeyConstraint('team_managers_pkey', ['team_id', 'user_id'])
    .addForeignKeyConstraint(
      'team_managers_team_fk',
      ['tenant_id', 'team_id'],
      'teams',
      ['tenant_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'team_managers_user_fk',
      ['tenant_id', 'user_id'],
      'users',
      ['tenant_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute();

  // One row per issued refresh token; a family is one sign-in on one device.
  await db.schema
    .createTable('refresh_tokens')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('family_id', 'uuid', (c) => c.notNull())
    .addColumn('token_hash', 'bytea', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('rotated_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoke_reason', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('ip', sql`inet`)
    .execute();
  await db.schema
    .createIndex('refresh_tokens_user_idx')
    .on('refresh_tokens')
    .column('user_id')
    .execute();
  await db.schema
    .createIndex('refresh_tokens_family_idx')
    .on('refresh_tokens')
    .column('family_id')
    .execute();

  await db.schema
    .createTable('invitations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('email', sql`citext`, (c) => c.notNull())
    .addColumn('token_hash', 'bytea', (c) => c.notNull().unique())
    .addColumn('invited_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('accepted_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .addForeignKeyConstraint(
      'invitations_user_fk',
      ['tenant_id', 'user_id'],
      'users',
      ['tenant_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute();
  await db.schema.createIndex('invitations_user_idx').on('invitations').column('user_id').execute();

  await db.schema
    .createTable('password_resets')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'bytea', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('ip', sql`inet`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'password_resets',
    'invitations',
    'refresh_tokens',
    'team_managers',
    'users',
    'teams',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}

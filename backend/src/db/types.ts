/**
 * Table types for Kysely. Hand-kept next to the migrations: a migration that changes a table
 * changes its interface here in the same commit.
 */
import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

/** A jsonb column written once (pg serialises the object) and never updated. */
type JsonSnapshot = ColumnType<
  Record<string, unknown> | null,
  Record<string, unknown> | null | undefined,
  never
>;

export interface TenantsTable {
  id: Generated<string>;
  name: string;
  /** IANA zone all day boundaries of this company are computed in. */
  time_zone: Generated<string>;
  /** Bundesland code for public holidays (date-holidays: DE-BY, DE-NW, …), optional region. */
  holiday_region: string;
  holiday_subregion: string | null;
  locale: Generated<string>;
  status: Generated<'active' | 'disabled'>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface AuditLogTable {
  id: Generated<string>;
  tenant_id: string | null;
  actor_user_id: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  before: JsonSnapshot;
  after: JsonSnapshot;
  reason: string | null;
  ip: string | null;
  at: CreatedAt;
}

export type Role = 'super_admin' | 'admin' | 'manager' | 'employee';
export type UserStatus = 'invited' | 'active' | 'disabled';
export type Locale = 'de' | 'en';

export interface UsersTable {
  id: Generated<string>;
  /** Null only for super-admins (the platform's operators). */
  tenant_id: string | null;
  email: string;
  name: Generated<string>;
  password_hash: string | null;
  role: Role;
  status: Generated<UserStatus>;
  locale: Generated<Locale>;
  team_id: string | null;
  employee_number: string | null;
  /** Calendar days as 'YYYY-MM-DD'. */
  start_date: string | null;
  end_date: string | null;
  tokens_valid_after: Generated<Date>;
  last_login_at: Date | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface TeamsTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  created_at: CreatedAt;
}

export interface TeamManagersTable {
  tenant_id: string;
  team_id: string;
  user_id: string;
}

export interface RefreshTokensTable {
  id: Generated<string>;
  user_id: string;
  family_id: string;
  token_hash: Buffer;
  created_at: CreatedAt;
  expires_at: Date;
  rotated_at: Date | null;
  revoked_at: Date | null;
  revoke_reason: string | null;
  user_agent: string | null;
  ip: string | null;
}

export interface InvitationsTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  email: string;
  token_hash: Buffer;
  invited_by: string | null;
  created_at: CreatedAt;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
}

export interface PasswordResetsTable {
  id: Generated<string>;
  user_id: string;
  token_hash: Buffer;
  created_at: CreatedAt;
  expires_at: Date;
  used_at: Date | null;
  ip: string | null;
}

export interface EmailOutboxTable {
  id: Generated<string>;
  tenant_id: string | null;
  /** No foreign key: the mail may outlive the user row. */
  user_id: string | null;
  to_email: string;
  locale: 'de' | 'en';
  /** A template name of integrations/mail/templates.ts. */
  template: string;
  /** Template variables. May hold one-time links: never log it; emptied once the row is final. */
  data: ColumnType<Record<string, unknown>, Record<string, unknown>, Record<string, unknown>>;
  idempotency_key: string;
  status: Generated<'pending' | 'sent' | 'failed'>;
  /** Calls made to the mail provider for this row so far. */
  attempts: Generated<number>;
  /** Short status/name of the last failure, never the remote body. */
  last_error: string | null;
  provider_message_id: string | null;
  created_at: CreatedAt;
  sent_at: Date | null;
  failed_at: Date | null;
}

export interface Database {
  tenants: TenantsTable;
  audit_log: AuditLogTable;
  email_outbox: EmailOutboxTable;
  users: UsersTable;
  teams: TeamsTable;
  team_managers: TeamManagersTable;
  refresh_tokens: RefreshTokensTable;
  invitations: InvitationsTable;
  password_resets: PasswordResetsTable;
}

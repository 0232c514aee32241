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

export interface Database {
  tenants: TenantsTable;
  audit_log: AuditLogTable;
}

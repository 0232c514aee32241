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
  edit_window_days: Generated<number>;
  running_reminder_hours: Generated<number>;
  /** numeric: pg returns it as a string. */
  vacation_days_per_year: ColumnType<string, number | string | undefined, number | string>;
  vacation_over_balance: Generated<'warn' | 'refuse'>;
  second_approval_min_days: ColumnType<
    string | null,
    number | string | null | undefined,
    number | string | null
  >;
  carry_over_expiry_month: Generated<number>;
  carry_over_expiry_day: Generated<number>;
  prorate_entry_year: Generated<boolean>;
  vacation_notice_month: Generated<number>;
  pending_reminder_days: Generated<number>;
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
  opening_balance_minutes: Generated<number>;
  /** Contract vacation days per year (five-day week); null: the company's. numeric → string. */
  vacation_days_per_year: ColumnType<
    string | null,
    number | string | null | undefined,
    number | string | null
  >;
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

export interface WorkSchedulesTable {
  id: Generated<string>;
  tenant_id: string;
  /** Null: the company's default schedule. */
  user_id: string | null;
  valid_from: string;
  /** Minutes per ISO weekday, Monday first (7 values). */
  minutes: number[];
  created_by: string | null;
  created_at: CreatedAt;
}

export type EntrySource = 'clock' | 'manual' | 'correction';

export interface TimeEntriesTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  started_at: Date;
  /** Null while running. */
  ended_at: Date | null;
  end_reason: 'break' | 'clock_out' | null;
  source: EntrySource;
  note: string | null;
  created_at: CreatedAt;
  created_by: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_by: string | null;
  deleted_at: Date | null;
  deleted_by: string | null;
  delete_reason: string | null;
}

export interface BalanceAdjustmentsTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  day: string;
  minutes: number;
  reason: string;
  created_by: string;
  created_at: CreatedAt;
}

export interface MonthLocksTable {
  tenant_id: string;
  user_id: string;
  /** First day of the month, 'YYYY-MM-01'. */
  month: string;
  status: 'submitted' | 'approved';
  submitted_at: Date | null;
  approved_at: Date | null;
  approved_by: string | null;
}

export interface ClosureDaysTable {
  tenant_id: string;
  day: string;
  name: string;
  half: Generated<boolean>;
}

export type ReminderKind =
  'running_entry' | 'missing_entry' | 'absence_pending' | 'certificate_due';

/** One row per reminder mail decided; the primary key (kind, user_id, subject_key) sends it once. */
/** Raised by triggers whenever a timesheet input changes (migration 0008). */
export interface TimeDataVersionsTable {
  tenant_id: string;
  /** The nil uuid for company-wide inputs. */
  user_id: string;
  version: Generated<string>;
}

/** Raised by triggers whenever an input of a company's team calendar changes (migration 0013). */
export interface CalendarVersionsTable {
  tenant_id: string;
  version: Generated<string>;
}

export interface RemindersSentTable {
  tenant_id: string;
  user_id: string;
  kind: ReminderKind;
  /** The time entry's id (running_entry) or the day 'YYYY-MM-DD' (missing_entry). */
  subject_key: string;
  /** When the reminder was decided and its mail queued. */
  sent_at: CreatedAt;
}

/** Absence types per company (migration 0009); see modules/absences/defaults.ts for the flags. */
export interface AbsenceTypesTable {
  id: Generated<string>;
  tenant_id: string;
  /** Stable code of a seeded type (vacation, sick, …); null for a company's own types. */
  key: string | null;
  name_de: string;
  name_en: string;
  /** One of modules/absences/palette.ts (checked by the database). */
  color: string;
  deducts_vacation: boolean;
  credits_target: boolean;
  deducts_overtime: boolean;
  needs_approval: boolean;
  half_days_allowed: boolean;
  /** Certificate due once the absence lasts more than this many calendar days; null: never. */
  certificate_after_days: number | null;
  visible_to_colleagues: boolean;
  active: Generated<boolean>;
  sort_order: Generated<number>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Days as numeric(5,2): pg returns strings; write numbers. */
type DaysColumn = ColumnType<string, number | string, number | string>;

export type AbsenceStatus =
  'requested' | 'pre_approved' | 'approved' | 'rejected' | 'cancel_requested' | 'cancelled';

/** Absences (migration 0010): requests, approvals and recorded sickness. */
export interface AbsencesTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  type_id: string;
  start_day: string;
  /** Null: a sickness whose end is not known yet. */
  end_day: string | null;
  half_day_start: Generated<boolean>;
  half_day_end: Generated<boolean>;
  status: AbsenceStatus;
  note: string | null;
  substitute_id: string | null;
  substitute_note: string | null;
  created_by: string;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  pre_approved_by: string | null;
  pre_approved_at: Date | null;
  decided_by: string | null;
  decided_at: Date | null;
  decision_comment: string | null;
  cancel_requested_at: Date | null;
  cancel_reason: string | null;
  cancelled_by: string | null;
  cancelled_at: Date | null;
  reminded_at: Date | null;
  certificate_reminded_at: Date | null;
}

export interface VacationEntitlementsTable {
  tenant_id: string;
  user_id: string;
  year: number;
  days: DaysColumn;
  reason: string;
  set_by: string;
  set_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface VacationAdjustmentsTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  year: number;
  days: DaysColumn;
  reason: string;
  /** Null: booked by the year-end job. */
  created_by: string | null;
  created_at: CreatedAt;
}

export interface VacationCarryOversTable {
  tenant_id: string;
  user_id: string;
  to_year: number;
  from_year: number;
  days: DaysColumn;
  /** Null: the days do not expire. */
  expires_on: string | null;
  created_at: CreatedAt;
}

export interface VacationNoticesTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  year: number;
  remaining_days: DaysColumn;
  expires_on: string | null;
  email_outbox_id: string | null;
  recipient: string;
  subject: string;
  body: string;
  sent_at: CreatedAt;
}

export interface FilesTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  absence_id: string;
  kind: 'sick_note';
  /** Shown only; never used as a path. */
  file_name: string;
  content_type: 'application/pdf' | 'image/png' | 'image/jpeg';
  size_bytes: number;
  sha256: string;
  storage_key: string;
  uploaded_by: string;
  created_at: CreatedAt;
  deleted_at: Date | null;
  deleted_by: string | null;
}

export interface CalendarFeedsTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  scope: 'person' | 'team' | 'company';
  team_id: string | null;
  token_hash: string;
  created_at: CreatedAt;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface CaldavSettingsTable {
  tenant_id: string;
  /** The calendar collection URL. */
  url: string;
  username: string;
  /** `v1:` + base64(iv | tag | ciphertext), AES-256-GCM (modules/caldav/secret.ts); null: none. */
  password_encrypted: string | null;
  enabled: Generated<boolean>;
  /** `{name}` and `{type}` are replaced. */
  title_template: Generated<string>;
  privacy: Generated<'type' | 'absent'>;
  synced_type_ids: Generated<string[]>;
  last_sync_at: Date | null;
  /** The last permanent failure, in German; `last_error_en` in English. */
  last_error: string | null;
  last_error_en: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface CaldavEventsTable {
  tenant_id: string;
  /** The absence the event shows. */
  absence_id: string;
  href: string | null;
  etag: string | null;
  state: Generated<'pending' | 'synced' | 'error'>;
  /** Why the last attempt failed, in German; `last_error_en` in English. */
  last_error: string | null;
  last_error_en: string | null;
  attempts: Generated<number>;
  synced_at: Date | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export type ReportExportStatus = 'queued' | 'running' | 'done' | 'failed' | 'expired';

export interface ReportExportsTable {
  id: Generated<string>;
  tenant_id: string;
  requested_by: string;
  kind: 'timesheet_archive';
  /** What was asked for; the kind's module reads it with its own schema. */
  parameters: ColumnType<Record<string, unknown>, Record<string, unknown>, never>;
  status: Generated<ReportExportStatus>;
  done_count: Generated<number>;
  total_count: Generated<number>;
  /** The file in UPLOAD_DIR/exports (stored-files.ts); set when a run starts writing. */
  storage_key: string | null;
  /** bigint: pg returns it as a string. */
  size_bytes: ColumnType<string | null, number | null | undefined, number | null>;
  error: string | null;
  created_at: CreatedAt;
  started_at: Date | null;
  finished_at: Date | null;
  expires_at: Date;
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
  work_schedules: WorkSchedulesTable;
  time_entries: TimeEntriesTable;
  balance_adjustments: BalanceAdjustmentsTable;
  month_locks: MonthLocksTable;
  closure_days: ClosureDaysTable;
  reminders_sent: RemindersSentTable;
  time_data_versions: TimeDataVersionsTable;
  calendar_versions: CalendarVersionsTable;
  absence_types: AbsenceTypesTable;
  absences: AbsencesTable;
  vacation_entitlements: VacationEntitlementsTable;
  vacation_adjustments: VacationAdjustmentsTable;
  vacation_carry_overs: VacationCarryOversTable;
  vacation_notices: VacationNoticesTable;
  files: FilesTable;
  calendar_feeds: CalendarFeedsTable;
  caldav_settings: CaldavSettingsTable;
  caldav_events: CaldavEventsTable;
  report_exports: ReportExportsTable;
}

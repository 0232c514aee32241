/**
 * Pure helpers for the audit log screen: which actions exist (for the filter and their
 * translations), and a compact "field: before → after" view of a change.
 */

/** Every action the backend records today; unknown ones are shown as they come. */
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.logout_all',
  'auth.password_changed',
  'auth.password_reset',
  'auth.password_reset_requested',
  'auth.session_revoked',
  'auth.token_reuse',
  'team.created',
  'team.deleted',
  'team.updated',
  'tenant.created',
  'tenant.settings_changed',
  'tenant.deactivated',
  'tenant.reactivated',
  'user.invited',
  'user.invitation_accepted',
  'user.invitation_resent',
  'user.invitation_revoked',
  'user.profile_updated',
  'user.updated',
  'user.role_changed',
  'user.deactivated',
  'user.reactivated',
  'user.superadmin_bootstrapped',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(action: string): action is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(action);
}

export const AUDIT_ENTITY_TYPES = ['user', 'team', 'tenant', 'session'] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

export function isAuditEntityType(type: string | null): type is AuditEntityType {
  return type !== null && (AUDIT_ENTITY_TYPES as readonly string[]).includes(type);
}

/** Placeholder for "no value" (null, undefined, empty string). */
export const EMPTY_VALUE = '—';

/** One value, short: strings as they are, lists comma-separated, objects as compact JSON. */
export function formatAuditValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return EMPTY_VALUE;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    return value.length ? value.map((v) => formatAuditValue(v)).join(', ') : EMPTY_VALUE;
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([key, v]) => `${key}: ${formatAuditValue(v)}`)
      .join(', ');
  }
  return JSON.stringify(value);
}

export interface AuditChange {
  field: string;
  /** null when the entry has no "before" side (a creation), so only the new value shows. */
  before: string | null;
  after: string | null;
}

/**
 * Replaces a raw value before it is shown (ids by names); return `undefined` to keep it.
 */
export type AuditValueResolver = (field: string, value: unknown) => unknown;

/**
 * The fields an entry touched, leaving out fields whose value did not change. With both sides,
 * `after` names the fields that were changed (a partial update keeps the rest); a creation has
 * only `after`, a deletion only `before`.
 */
export function summarizeChange(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  resolve: AuditValueResolver = () => undefined,
): AuditChange[] {
  const fields = after ? Object.keys(after) : Object.keys(before ?? {});
  const show = (field: string, value: unknown) => formatAuditValue(resolve(field, value) ?? value);
  const changes: AuditChange[] = [];
  for (const field of fields) {
    const old = before ? show(field, before[field]) : null;
    const next = after ? show(field, after[field]) : null;
    if (before && after && old === next) continue;
    changes.push({ field, before: old, after: next });
  }
  return changes;
}

/**
 * A calendar day from a date input ("2026-03-03") as the instant its local midnight is, in
 * ISO 8601 — `endOfDay` gives the next midnight, so that "to 03.03." includes that whole day.
 */
export function dayToInstant(day: string, endOfDay = false): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const [, y, m, d] = match;
  const date = new Date(Number(y), Number(m) - 1, Number(d) + (endOfDay ? 1 : 0));
  return date.toISOString();
}

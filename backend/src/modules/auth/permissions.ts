/**
 * Who may do what, in one table (CONVENTIONS.md 7). A role gets an action with a scope:
 * `own` (records of the actor), `team` (the teams the actor manages, and own), `all` (the
 * whole tenant; for the super-admin the whole installation). Anything not listed is refused.
 */
import type { Role } from '../../db/types.js';
import { AppError } from '../../errors.js';

export type Scope = 'own' | 'team' | 'all';

export type Action =
  | 'tenant.manage'
  | 'tenant.settings'
  | 'user.read'
  | 'user.invite'
  | 'user.update'
  | 'team.read'
  | 'team.manage'
  | 'audit.read'
  | 'time.clock'
  | 'time.read'
  | 'time.edit'
  | 'time.approve'
  | 'time.adjust'
  | 'schedule.manage'
  | 'presence.read'
  | 'absence_type.read'
  | 'absence_type.manage'
  /** Timesheets and reports as files (PDF, CSV, XLSX); every export is audited. */
  | 'report.export'
  /**
   * All timesheets of a month as one ZIP, made in the background (reports/archive.ts): for the
   * people of the overview; managers their teams, admins the company (and every archive in it).
   */
  | 'report.archive'
  // Absence requests (modules/absences/requests.ts).
  | 'absence.request'
  | 'absence.read'
  | 'absence.decide'
  | 'absence.record'
  | 'caldav.manage'
  // Vacation accounts (Urlaubskonto): read own/team/all; set entitlements and corrections.
  | 'vacation.read'
  | 'vacation.manage'
  // Sick notes (health data, DSGVO Art. 9): documents only for the person and admins, never for
  // managers; the sickness periods, certificate state and 6-week counter also for managers (team).
  | 'sick_note.read'
  | 'sick_note.upload'
  | 'sickness.read'
  // Team calendar and year views (everyone in the company; what of an absence shows depends on
  // who looks, see absences/calendar-view.ts).
  | 'calendar.read'
  // iCal subscriptions: 'team' = own person feed and team feeds, 'all' also the company feed.
  | 'calendar.feed';

const permissions: Record<Role, Partial<Record<Action, Scope>>> = {
  super_admin: { 'tenant.manage': 'all', 'audit.read': 'all' },
  admin: {
    'tenant.settings': 'all',
    'user.read': 'all',
    'user.invite': 'all',
    'user.update': 'all',
    'team.read': 'all',
    'team.manage': 'all',
    'audit.read': 'all',
    'time.clock': 'own',
    'time.read': 'all',
    'time.edit': 'all',
    'time.approve': 'all',
    'time.adjust': 'all',
    'schedule.manage': 'all',
    'presence.read': 'all',
    'absence_type.read': 'all',
    'absence_type.manage': 'all',
    'report.export': 'all',
    'report.archive': 'all',
    'absence.request': 'own',
    'absence.read': 'all',
    'absence.decide': 'all',
    'absence.record': 'all',
    'caldav.manage': 'all',
    'vacation.read': 'all',
    'vacation.manage': 'all',
    'sick_note.read': 'all',
    'sick_note.upload': 'all',
    'sickness.read': 'all',
    'calendar.read': 'all',
    'calendar.feed': 'all',
  },
  manager: {
    'user.read': 'team',
    'team.read': 'all',
    'time.clock': 'own',
    'time.read': 'team',
    'time.edit': 'team',
    'time.approve': 'team',
    'presence.read': 'team',
    'absence_type.read': 'all',
    'report.export': 'team',
    'report.archive': 'team',
    'absence.request': 'own',
    'absence.read': 'team',
    'absence.decide': 'team',
    'vacation.read': 'team',
    'sick_note.read': 'own',
    'sick_note.upload': 'own',
    'sickness.read': 'team',
    'calendar.read': 'all',
    'calendar.feed': 'team',
  },
  employee: {
    'user.read': 'own',
    'team.read': 'all',
    'time.clock': 'own',
    'time.read': 'own',
    'time.edit': 'own',
    'absence_type.read': 'all',
    'report.export': 'own',
    'absence.request': 'own',
    'absence.read': 'own',
    'vacation.read': 'own',
    'sick_note.read': 'own',
    'sick_note.upload': 'own',
    'sickness.read': 'own',
    'calendar.read': 'all',
    'calendar.feed': 'team',
  },
};

/** The signed-in user, as services see them. */
export interface Actor {
  userId: string;
  tenantId: string | null;
  role: Role;
}

export function scopeOf(actor: Actor, action: Action): Scope | null {
  return permissions[actor.role][action] ?? null;
}

/** The actor's scope for the action; throws FORBIDDEN when the role may not do it at all. */
export function authorize(actor: Actor, action: Action): Scope {
  const scope = scopeOf(actor, action);
  if (!scope) throw new AppError('FORBIDDEN');
  return scope;
}

/** The tenant a tenant-scoped action works in; super-admins have none and are refused here. */
export function tenantOf(actor: Actor): string {
  if (!actor.tenantId) throw new AppError('FORBIDDEN', 'This needs a company account.');
  return actor.tenantId;
}

/**
 * Query keys shared between features, so that a change in one screen refreshes another
 * (inviting a person changes the team's member count) without features importing each other.
 */
export const queryKeys = {
  users: ['users'] as const,
  teams: ['teams'] as const,
  company: ['company'] as const,
  tenants: ['tenants'] as const,
  auditLog: ['audit-log'] as const,
  /** The signed-in person's time clock (GET /clock). */
  clock: ['clock'] as const,
  /** Everything computed from time entries: timesheets, the team month, ArbZG findings. */
  time: ['time'] as const,
  /** Week and month views of anyone's times: every entry or month change refreshes them. */
  timesheet: ['time', 'sheet'] as const,
  teamMonth: ['time', 'team'] as const,
  findings: ['time', 'findings'] as const,
  schedules: ['time', 'schedules'] as const,
  closureDays: ['time', 'closure-days'] as const,
  /** The company's CalDAV connection (settings screen). */
  caldav: ['caldav'] as const,
  /** Per-absence sync state (under caldav: a settings change refreshes it too). */
  caldavEvents: ['caldav', 'events'] as const,
  absenceTypes: ['absence-types'] as const,
};

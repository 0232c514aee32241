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
  /** Vacation accounts and the entitlements table: every change of one refreshes both. */
  vacation: ['vacation'] as const,
  vacationAccount: ['vacation', 'account'] as const,
  vacationEntitlements: ['vacation', 'entitlements'] as const,
  /** Sickness with certificate state and the 6-week counter, and the sick notes themselves. */
  sickness: ['sickness'] as const,
  sickNotes: ['sickness', 'notes'] as const,
  /** Team calendar, year views and iCal subscriptions. */
  calendar: ['calendar'] as const,
  // Absences (issue 5): everything computed from absences lives below ['absences'], so one
  // invalidation after a request or decision refreshes lists, the inbox and its badge.
  absences: ['absences'] as const,
  myAbsences: ['absences', 'mine'] as const,
  absenceInbox: ['absences', 'inbox'] as const,
  absencePreview: ['absences', 'preview'] as const,
  /** The team / company overview (Berichte): computed from times and absences. */
  reports: ['time', 'reports'] as const,
  /** The month's ZIPs of timesheets the signed-in person asked for (and each one's progress). */
  reportArchives: ['report-archives'] as const,
};

import type de from '../i18n/de.json';
import type { Role } from './auth/session';

type NavItemKey = keyof (typeof de)['nav']['items'];

export interface NavItem {
  /** Route path the entry links to. */
  to: string;
  /** Translation key under `nav.items`. */
  key: NavItemKey;
}

/** Route paths of the screens, in one place for the router, the navigation and links. */
export const PATHS = {
  home: '/',
  login: '/login',
  forgotPassword: '/forgot-password',
  resetPassword: '/reset-password',
  invitation: '/invitation',
  status: '/status',
  profile: '/profile',
  timesheet: '/timesheet',
  people: '/people',
  teams: '/teams',
  companySettings: '/company-settings',
  auditLog: '/audit-log',
  companies: '/companies',
  team: '/team',
  findings: '/findings',
  schedules: '/schedules',
  presence: '/presence',
  vacation: '/vacation',
  entitlements: '/vacation/entitlements',
  sickNotes: '/sick-notes',
  calendar: '/calendar',
  calendarYear: '/calendar/year',
  absences: '/absences',
  approvals: '/approvals',
  reports: '/reports',
  reportStatistics: '/reports/statistics',
} as const;

/** Who may open the admin screens (the API enforces the same, this only hides what fails). */
export const SCREEN_ROLES = {
  people: ['admin'],
  timesheet: ['admin', 'manager', 'employee'],
  teams: ['admin'],
  companySettings: ['admin'],
  auditLog: ['admin', 'super_admin'],
  companies: ['super_admin'],
  team: ['admin', 'manager'],
  findings: ['admin', 'manager'],
  schedules: ['admin'],
  presence: ['admin', 'manager'],
  vacation: ['admin', 'manager', 'employee'],
  entitlements: ['admin'],
  // Everyone: admins see the company, managers their team (no documents), others their own.
  sickNotes: ['admin', 'manager', 'employee'],
  calendar: ['admin', 'manager', 'employee'],
  absences: ['admin', 'manager', 'employee'],
  approvals: ['admin', 'manager'],
  reports: ['admin', 'manager'],
  // Everyone of a company: admins and managers for their scope, employees their own figures.
  statistics: ['admin', 'manager', 'employee'],
} as const satisfies Record<string, readonly Role[]>;

const ROLE_ITEMS: Record<Role, readonly NavItem[]> = {
  super_admin: [
    { to: PATHS.companies, key: 'companies' },
    { to: PATHS.auditLog, key: 'auditLog' },
  ],
  admin: [
    { to: PATHS.timesheet, key: 'timesheet' },
    { to: PATHS.absences, key: 'absences' },
    { to: PATHS.approvals, key: 'approvals' },
    { to: PATHS.calendar, key: 'calendar' },
    { to: PATHS.vacation, key: 'vacation' },
    { to: PATHS.team, key: 'team' },
    { to: PATHS.presence, key: 'presence' },
    { to: PATHS.findings, key: 'findings' },
    { to: PATHS.sickNotes, key: 'sickNotes' },
    { to: PATHS.reports, key: 'reports' },
    { to: PATHS.people, key: 'people' },
    { to: PATHS.teams, key: 'teams' },
    { to: PATHS.schedules, key: 'schedules' },
    { to: PATHS.entitlements, key: 'entitlements' },
    { to: PATHS.companySettings, key: 'companySettings' },
    { to: PATHS.auditLog, key: 'auditLog' },
  ],
  manager: [
    { to: PATHS.timesheet, key: 'timesheet' },
    { to: PATHS.absences, key: 'absences' },
    { to: PATHS.approvals, key: 'approvals' },
    { to: PATHS.calendar, key: 'calendar' },
    { to: PATHS.vacation, key: 'vacation' },
    { to: PATHS.team, key: 'team' },
    { to: PATHS.presence, key: 'presence' },
    { to: PATHS.findings, key: 'findings' },
    { to: PATHS.reports, key: 'reports' },
  ],
  employee: [
    { to: PATHS.timesheet, key: 'timesheet' },
    { to: PATHS.absences, key: 'absences' },
    { to: PATHS.calendar, key: 'calendar' },
    { to: PATHS.vacation, key: 'vacation' },
    // "Meine Statistik": the overview is not theirs, the statistics of their own figures are.
    { to: PATHS.reportStatistics, key: 'statistics' },
  ],
};

/**
 * Entries of the main navigation for a role, in display order; `null` means signed out.
 * Everyone signed in gets the start page first and the profile; the role adds its screens.
 */
export function navItemsFor(role: Role | null): readonly NavItem[] {
  if (role === null) {
    return [
      { to: PATHS.login, key: 'login' },
      { to: PATHS.status, key: 'status' },
    ];
  }
  return [
    { to: PATHS.home, key: 'home' },
    ...ROLE_ITEMS[role],
    { to: PATHS.profile, key: 'profile' },
    { to: PATHS.status, key: 'status' },
  ];
}

/** Whether a role may open a screen listed in SCREEN_ROLES. */
export function canOpen(role: Role, screen: keyof typeof SCREEN_ROLES): boolean {
  return (SCREEN_ROLES[screen] as readonly Role[]).includes(role);
}

/**
 * A person's timesheet ("Meine Zeiten", built by the employee screens): the month of `day`, or
 * the day itself when `view` is left out, for someone else than the signed-in user.
 */
export function timesheetPath(target: { userId: string; day: string; view?: 'week' | 'month' }) {
  const query = new URLSearchParams({ userId: target.userId });
  if (target.view) query.set('view', target.view);
  query.set('day', target.day);
  return `${PATHS.timesheet}?${query.toString()}`;
}

/** The Arbeitszeitmodelle screen for a person, or for the company default (null). */
export function schedulesPath(userId: string | null): string {
  return userId ? `${PATHS.schedules}?userId=${encodeURIComponent(userId)}` : PATHS.schedules;
}

/** The year view of a person (Jahresansicht). */
export function calendarYearPath(userId: string, year: number): string {
  return `${PATHS.calendarYear}?${new URLSearchParams({ user: userId, year: String(year) })}`;
}

import { describe, expect, it } from 'vitest';
import de from '../i18n/de.json';
import en from '../i18n/en.json';
import type { SCREEN_ROLES } from './navigation';
import { PATHS, canOpen, navItemsFor, schedulesPath, timesheetPath } from './navigation';

const keys = (role: Parameters<typeof navItemsFor>[0]) => navItemsFor(role).map((i) => i.key);

describe('navItemsFor', () => {
  it('offers sign-in and status when signed out', () => {
    expect(keys(null)).toEqual(['login', 'status']);
  });

  it('gives the super-admin the companies and the audit log', () => {
    expect(keys('super_admin')).toEqual(['home', 'companies', 'auditLog', 'profile', 'status']);
  });

  it('gives admins the team screens, people, teams, schedules, settings and the audit log', () => {
    expect(keys('admin')).toEqual([
      'home',
      'timesheet',
      'absences',
      'approvals',
      'calendar',
      'vacation',
      'team',
      'presence',
      'findings',
      'sickNotes',
      'reports',
      'people',
      'teams',
      'schedules',
      'entitlements',
      'companySettings',
      'auditLog',
      'profile',
      'status',
    ]);
  });

  it('gives managers their times and the team screens, employees their times', () => {
    expect(keys('manager')).toEqual([
      'home',
      'timesheet',
      'absences',
      'approvals',
      'calendar',
      'vacation',
      'team',
      'presence',
      'findings',
      'reports',
      'profile',
      'status',
    ]);
    expect(keys('employee')).toEqual([
      'home',
      'timesheet',
      'absences',
      'calendar',
      'vacation',
      'statistics',
      'profile',
      'status',
    ]);
  });

  it('gives employees their own statistics, not the reports overview', () => {
    const employee = navItemsFor('employee');
    expect(employee.find((i) => i.key === 'statistics')?.to).toBe(PATHS.reportStatistics);
    expect(employee.map((i) => i.to)).not.toContain(PATHS.reports);
    expect(canOpen('employee', 'statistics')).toBe(true);
    expect(canOpen('employee', 'reports')).toBe(false);
    // Admins and managers reach the statistics through the reports entry, as before.
    for (const role of ['admin', 'manager'] as const) {
      expect(canOpen(role, 'statistics'), role).toBe(true);
      expect(canOpen(role, 'reports'), role).toBe(true);
      expect(keys(role)).not.toContain('statistics');
    }
    expect(canOpen('super_admin', 'statistics')).toBe(false);
  });

  it('gives the super-admin, who has no company, no timesheet', () => {
    expect(keys('super_admin')).not.toContain('timesheet');
  });

  it('never shows an entry the route guard would refuse', () => {
    const guarded: Record<string, keyof typeof SCREEN_ROLES> = {
      [PATHS.people]: 'people',
      [PATHS.timesheet]: 'timesheet',
      [PATHS.calendar]: 'calendar',
      [PATHS.teams]: 'teams',
      [PATHS.companySettings]: 'companySettings',
      [PATHS.auditLog]: 'auditLog',
      [PATHS.companies]: 'companies',
      [PATHS.team]: 'team',
      [PATHS.findings]: 'findings',
      [PATHS.reports]: 'reports',
      [PATHS.reportStatistics]: 'statistics',
      [PATHS.schedules]: 'schedules',
      [PATHS.presence]: 'presence',
      [PATHS.vacation]: 'vacation',
      [PATHS.entitlements]: 'entitlements',
      [PATHS.sickNotes]: 'sickNotes',
      [PATHS.absences]: 'absences',
      [PATHS.approvals]: 'approvals',
    };
    for (const role of ['super_admin', 'admin', 'manager', 'employee'] as const) {
      for (const item of navItemsFor(role)) {
        const screen = guarded[item.to];
        if (screen) expect(canOpen(role, screen), `${role} → ${item.to}`).toBe(true);
      }
    }
  });

  it('has a label in both languages for every entry', () => {
    for (const role of [null, 'super_admin', 'admin', 'manager', 'employee'] as const) {
      for (const item of navItemsFor(role)) {
        expect(de.nav.items[item.key], item.key).toBeTruthy();
        expect(en.nav.items[item.key], item.key).toBeTruthy();
      }
    }
  });
});

describe('timesheetPath', () => {
  it("links to a person's month, or to one day", () => {
    expect(timesheetPath({ userId: 'u1', view: 'month', day: '2026-11-01' })).toBe(
      '/timesheet?userId=u1&view=month&day=2026-11-01',
    );
    expect(timesheetPath({ userId: 'u1', day: '2026-11-03' })).toBe(
      '/timesheet?userId=u1&day=2026-11-03',
    );
  });
});

describe('schedulesPath', () => {
  it("opens the company default without a person, a person's schedule with one", () => {
    expect(schedulesPath(null)).toBe('/schedules');
    expect(schedulesPath('u 1')).toBe('/schedules?userId=u%201');
  });
});

/**
 * The views of Berichte & Export (the overview per person, the statistics by month) and who
 * sees which, from SCREEN_ROLES: an employee opens only the statistics of their own figures.
 */
import type { Role } from '../../lib/auth/session';
import { PATHS, canOpen } from '../../lib/navigation';

export const REPORT_VIEWS = [
  { to: PATHS.reports, key: 'overview', screen: 'reports' },
  { to: PATHS.reportStatistics, key: 'statistics', screen: 'statistics' },
] as const;

export type ReportView = (typeof REPORT_VIEWS)[number];

/** The views a role may open; switching between views needs two of them. */
export function reportViewsFor(role: Role): ReportView[] {
  return REPORT_VIEWS.filter((view) => canOpen(role, view.screen));
}

/**
 * Whether the statistics hold the signed-in person's own figures only (the API's `report.export`
 * scope of an employee): no team or person to choose, their own balance line, not an average.
 */
export function ownFiguresOnly(role: Role): boolean {
  return !canOpen(role, 'reports');
}

import { Outlet, createBrowserRouter } from 'react-router';
import { ApprovalsPage } from '../features/absences/ApprovalsPage';
import { MyAbsencesPage } from '../features/absences/MyAbsencesPage';
import { AuditLogPage } from '../features/audit/AuditLogPage';
import { ForgotPasswordPage } from '../features/auth/ForgotPasswordPage';
import { InvitationPage } from '../features/auth/InvitationPage';
import { LoginPage } from '../features/auth/LoginPage';
import { ResetPasswordPage } from '../features/auth/ResetPasswordPage';
import { PersonYearPage } from '../features/calendar/PersonYearPage';
import { TeamCalendarPage } from '../features/calendar/TeamCalendarPage';
import { CompaniesPage } from '../features/companies/CompaniesPage';
import { CompanySettingsPage } from '../features/company-settings/CompanySettingsPage';
import { FindingsPage } from '../features/findings/FindingsPage';
import { PeoplePage } from '../features/people/PeoplePage';
import { PresencePage } from '../features/presence/PresencePage';
import { SickNotesPage } from '../features/sick-notes/SickNotesPage';
import { ProfilePage } from '../features/profile/ProfilePage';
import { SchedulesPage } from '../features/schedules/SchedulesPage';
import { StatusPage } from '../features/status/StatusPage';
import { ReportsPage } from '../features/reports/ReportsPage';
import { TeamPage } from '../features/team/TeamPage';
import { TeamsPage } from '../features/teams/TeamsPage';
import { TimesheetPage } from '../features/time/timesheet/TimesheetPage';
import { EntitlementsPage } from '../features/vacation/EntitlementsPage';
import { VacationPage } from '../features/vacation/VacationPage';
import { SCREEN_ROLES } from '../lib/navigation';
import { AuthLayout } from './AuthLayout';
import { GuestOnly, RequireAuth, RequireRole } from './guards';
import { IndexPage } from './IndexPage';
import { Layout } from './Layout';
import { NotFoundPage } from './NotFoundPage';
import { RouteErrorPage } from './RouteErrorPage';

/**
 * Public routes: /login, /forgot-password, /reset-password, /invitation (in the small auth
 * frame) and /status (in the app shell). Everything else needs a session (RequireAuth), and the
 * admin screens a role (RequireRole). Paths live in src/lib/navigation.ts (PATHS).
 */
export const router = createBrowserRouter([
  {
    element: <Outlet />,
    errorElement: <RouteErrorPage />,
    children: [
      {
        element: <AuthLayout />,
        children: [
          {
            path: 'login',
            element: (
              <GuestOnly>
                <LoginPage />
              </GuestOnly>
            ),
          },
          { path: 'forgot-password', element: <ForgotPasswordPage /> },
          { path: 'reset-password', element: <ResetPasswordPage /> },
          { path: 'invitation', element: <InvitationPage /> },
        ],
      },
      {
        path: '/',
        element: <Layout />,
        children: [
          { path: 'status', element: <StatusPage /> },
          {
            element: <RequireAuth />,
            children: [
              { index: true, element: <IndexPage /> },
              { path: 'profile', element: <ProfilePage /> },
              {
                element: <RequireRole roles={SCREEN_ROLES.timesheet} />,
                children: [{ path: 'timesheet', element: <TimesheetPage /> }],
              },
              {
                element: <RequireRole roles={SCREEN_ROLES.calendar} />,
                children: [
                  { path: 'calendar', element: <TeamCalendarPage /> },
                  { path: 'calendar/year', element: <PersonYearPage /> },
                ],
              },
              {
                element: <RequireRole roles={SCREEN_ROLES.absences} />,
                children: [{ path: 'absences', element: <MyAbsencesPage /> }],
              },
              {
                element: <RequireRole roles={SCREEN_ROLES.approvals} />,
                children: [{ path: 'approvals', element: <ApprovalsPage /> }],
              },
              {
                element: <RequireRole roles={SCREEN_ROLES.people} />,
                children: [
                  { path: 'people', element: <PeoplePage /> },
                  { path: 'teams', element: <TeamsPage /> },
                  { path: 'company-settings', element: <CompanySettingsPage /> },
                ],
              },
              {
                element: <RequireRole roles={SCREEN_ROLES.team} />,
                children: [{ path: 'team', element: <TeamPage /> }],
              },
              {
                element: <RequireRole roles={SCREEN_ROLES.presence} />,
                children: [{ path: 'presence', element: <PresencePage /> }],
              },
              {
                element: <RequireRole roles={SCREEN_ROLES.sickNotes} />,
                children: [{ path: 'sick-notes', element: <SickNotesPage /> }],
              },
              {
                element: <RequireRole roles={SCREEN_ROLES.findings} />,
                children: [{ path: 'findings', element: <FindingsPage /> }],
              },
              {
                element: <RequireRole roles={SCREEN_ROLES.reports} />,
                children: [{ path: 'reports', element: <ReportsPage /> }],
              },
              {
                element: <RequireRole roles={SCREEN_ROLES.statistics} />,
                children: [
                  {
                    // The charts (recharts) load with this screen only, not with the app.
                    path: 'reports/statistics',
                    lazy: async () => ({
                      Component: (await import('../features/reports/StatisticsPage'))
                        .StatisticsPage,
                    }),
                  },
                ],
              },
              {
                element: <RequireRole roles={SCREEN_ROLES.schedules} />,
                children: [{ path: 'schedules', element: <SchedulesPage /> }],
              },
              {
                element: <RequireRole roles={SCREEN_ROLES.auditLog} />,
                children: [{ path: 'audit-log', element: <AuditLogPage /> }],
              },
              {
                element: <RequireRole roles={SCREEN_ROLES.vacation} />,
                children: [{ path: 'vacation', element: <VacationPage /> }],
              },
              {
                element: <RequireRole roles={SCREEN_ROLES.entitlements} />,
                children: [{ path: 'vacation/entitlements', element: <EntitlementsPage /> }],
              },
              {
                element: <RequireRole roles={SCREEN_ROLES.companies} />,
                children: [{ path: 'companies', element: <CompaniesPage /> }],
              },
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

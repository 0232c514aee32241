import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useAuth, type Role } from '../lib/auth';
import { PATHS } from '../lib/navigation';
import { ForbiddenPage } from './ForbiddenPage';
import { Splash } from './Splash';

/** Where the login page sends the user back to after signing in. */
export interface LoginLocationState {
  from?: string;
}

/** Signed-in routes: splash while the session is restored, the login page when there is none. */
export function RequireAuth() {
  const auth = useAuth();
  const location = useLocation();
  if (auth.status === 'loading') return <Splash />;
  if (auth.status === 'signedOut') {
    const from = `${location.pathname}${location.search}`;
    const state: LoginLocationState = from === PATHS.home ? {} : { from };
    return <Navigate to={PATHS.login} replace state={state} />;
  }
  return <Outlet />;
}

/** Screens of some roles only; others get a plain "no access" page, not a broken screen. */
export function RequireRole({ roles }: { roles: readonly Role[] }) {
  const auth = useAuth();
  if (auth.status !== 'signedIn') return null;
  if (!roles.includes(auth.user.role)) return <ForbiddenPage />;
  return <Outlet />;
}

/** The login page: signed-in users go on to where they wanted to be. */
export function GuestOnly({ children }: { children: ReactNode }) {
  const auth = useAuth();
  const location = useLocation();
  if (auth.status === 'loading') return <Splash inline />;
  if (auth.status === 'signedIn') {
    const from = (location.state as LoginLocationState | null)?.from;
    // Only paths of this app (not "//other.example").
    const target = from && from.startsWith('/') && !from.startsWith('//') ? from : PATHS.home;
    return <Navigate to={target} replace />;
  }
  return <>{children}</>;
}

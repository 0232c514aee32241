/**
 * The signed-in session, kept in memory only.
 *
 * - The access token lives in this module's state and nowhere else: not in localStorage or
 *   sessionStorage, not in a cookie. A reload loses it, and `restoreSession()` gets a new one with
 *   the refresh token, an HttpOnly cookie (path /api/v1/auth) the page cannot read.
 * - `refreshSession()` is single-flight: concurrent callers (the 401 middleware, the timer) share
 *   one POST /auth/refresh, so the rotating refresh token is used once.
 * - A timer refreshes silently shortly before the access token expires.
 * - When a refresh is refused, the session is over: state becomes `signedOut` with reason
 *   `expired`, the route guard sends the user to /login, and the login page says so.
 * - The only thing written to localStorage is a marker that this browser had a session (no
 *   secret), so that the login page can tell "your session has expired" from a first visit.
 */
import { useSyncExternalStore } from 'react';
import { client } from '../../api/client';
import type { components } from '../../api/schema';
import i18n, { setLanguage } from '../../i18n/i18n';
import { toLang } from '../../i18n/languages';
import { queryClient } from '../query-client';
import { createAuthMiddleware } from './middleware';
import { refreshDelayMs } from './refresh-timing';
import { singleFlight } from './single-flight';

export type SessionBody = components['schemas']['Session'];
export type SessionUser = components['schemas']['PublicUser'];
export type Role = SessionUser['role'];

/** Why the user is signed out; the login page explains it. */
export type SignedOutReason = 'expired' | 'signedOut' | 'unreachable' | null;

export type AuthState =
  | { status: 'loading' }
  | { status: 'signedIn'; user: SessionUser; accessToken: string; expiresAt: number }
  | { status: 'signedOut'; reason: SignedOutReason };

/** localStorage key of the "this browser had a session" marker (holds no secret). */
export const SESSION_MARKER_KEY = 'timemaster.hadSession';

let state: AuthState = { status: 'loading' };
const listeners = new Set<() => void>();
let refreshTimer: ReturnType<typeof setTimeout> | undefined;

function emit(next: AuthState): void {
  state = next;
  for (const listener of listeners) listener();
}

export function getAuthState(): AuthState {
  return state;
}

export function subscribeAuth(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current auth state; re-renders on sign-in, sign-out and user changes. */
export function useAuth(): AuthState {
  return useSyncExternalStore(subscribeAuth, getAuthState, getAuthState);
}

export function getAccessToken(): string | null {
  return state.status === 'signedIn' ? state.accessToken : null;
}

function marker(set: boolean | null): boolean {
  try {
    if (set === true) window.localStorage.setItem(SESSION_MARKER_KEY, '1');
    else if (set === false) window.localStorage.removeItem(SESSION_MARKER_KEY);
    return window.localStorage.getItem(SESSION_MARKER_KEY) === '1';
  } catch {
    return false;
  }
}

/**
 * Drops every cached answer that belongs to a user, so the next one never sees it. Queries
 * only: a running mutation (the login itself) must still see its own success. The
 * installation's name (`meta`) is nobody's and stays.
 */
function forgetUserData(): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'meta' });
}

function scheduleRefresh(expiresInSeconds: number): void {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => void refreshSession(), refreshDelayMs(expiresInSeconds));
}

/** The UI language follows the signed-in user's profile. */
function followProfileLanguage(user: SessionUser): void {
  if (toLang(i18n.resolvedLanguage ?? i18n.language) !== user.locale) setLanguage(user.locale);
}

/**
 * Takes over a session body from login, refresh, invitation acceptance or password change.
 * A different user than before starts with an empty query cache.
 */
export function startSession(session: SessionBody): void {
  const previousUserId = state.status === 'signedIn' ? state.user.id : null;
  if (previousUserId !== session.user.id) forgetUserData();
  marker(true);
  followProfileLanguage(session.user);
  emit({
    status: 'signedIn',
    user: session.user,
    accessToken: session.accessToken,
    expiresAt: Date.now() + session.expiresIn * 1000,
  });
  scheduleRefresh(session.expiresIn);
}

/** Replaces the signed-in user's data (after PATCH /me) without touching the token. */
export function updateSessionUser(user: SessionUser): void {
  if (state.status !== 'signedIn' || state.user.id !== user.id) return;
  emit({ ...state, user });
}

/** Forgets the session in this tab: token, timer and every cached query. */
export function endSession(reason: SignedOutReason): void {
  clearTimeout(refreshTimer);
  refreshTimer = undefined;
  marker(false);
  emit({ status: 'signedOut', reason });
  // After the guards have unmounted the signed-in pages, so nothing refetches with no token.
  setTimeout(forgetUserData, 0);
}

/** Clears the reason once the login page has shown it. */
export function acknowledgeSignOutReason(): void {
  if (state.status === 'signedOut' && state.reason !== null)
    emit({ status: 'signedOut', reason: null });
}

type RefreshOutcome = 'ok' | 'ended' | 'failed';

async function requestRefresh(): Promise<RefreshOutcome> {
  let result;
  try {
    result = await client.POST('/api/v1/auth/refresh', { credentials: 'same-origin' });
  } catch {
    return 'failed'; // offline: keep the session, a later request will try again
  }
  if (result.data) {
    startSession(result.data);
    return 'ok';
  }
  // 401 INVALID_REFRESH_TOKEN: the session is over (expired, signed out elsewhere, password
  // changed, account deactivated). Anything else (429, 5xx) may pass.
  return result.response.status === 401 ? 'ended' : 'failed';
}

const refreshOnce = singleFlight(requestRefresh);

/**
 * New access token from the refresh cookie (single-flight). True when signed in afterwards.
 * A refused refresh of a running session ends it with reason "expired".
 */
export async function refreshSession(): Promise<boolean> {
  const wasSignedIn = state.status === 'signedIn';
  const outcome = await refreshOnce();
  if (outcome === 'ended' && state.status === 'signedIn' && wasSignedIn) endSession('expired');
  if (outcome === 'failed' && state.status === 'signedIn') scheduleRefresh(30);
  return outcome === 'ok';
}

/**
 * On app start: restores the session from the refresh cookie, if there is one. While this runs
 * the state is `loading` and the guards show a splash screen.
 */
export async function restoreSession(): Promise<void> {
  if (state.status === 'signedIn') return;
  emit({ status: 'loading' });
  const outcome = await refreshOnce();
  if (outcome === 'ok' || getAuthState().status === 'signedIn') return;
  if (outcome === 'failed') {
    emit({ status: 'signedOut', reason: 'unreachable' });
    return;
  }
  // No first-visit message: "expired" only when this browser had a session before.
  const hadSession = marker(null);
  marker(false);
  emit({ status: 'signedOut', reason: hadSession ? 'expired' : null });
}

/** Signs this browser out (the server revokes the refresh token and earlier access tokens). */
export async function signOut(): Promise<void> {
  try {
    await client.POST('/api/v1/auth/logout', { credentials: 'same-origin' });
  } finally {
    endSession('signedOut');
  }
}

/** Signs out on every device. Throws when the server refused; the session then stays. */
export async function signOutEverywhere(): Promise<void> {
  const { response } = await client.POST('/api/v1/auth/logout-all');
  if (!response.ok && response.status !== 401) throw new Error(`HTTP ${response.status}`);
  endSession('signedOut');
}

client.use(createAuthMiddleware({ getAccessToken, refresh: refreshSession }));

if (typeof window !== 'undefined') {
  // Signed out in another tab: the server has ended this tab's session too.
  window.addEventListener('storage', (event) => {
    if (
      event.key === SESSION_MARKER_KEY &&
      event.newValue === null &&
      state.status === 'signedIn'
    ) {
      endSession('signedOut');
    }
  });
  // Background tabs throttle timers; refresh when the user comes back to an old token.
  document.addEventListener('visibilitychange', () => {
    if (
      document.visibilityState === 'visible' &&
      state.status === 'signedIn' &&
      state.expiresAt - Date.now() < 60_000
    ) {
      void refreshSession();
    }
  });
}

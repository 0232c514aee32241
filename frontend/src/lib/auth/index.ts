export {
  acknowledgeSignOutReason,
  endSession,
  getAccessToken,
  getAuthState,
  refreshSession,
  restoreSession,
  signOut,
  signOutEverywhere,
  startSession,
  updateSessionUser,
  useAuth,
  type AuthState,
  type Role,
  type SessionBody,
  type SessionUser,
  type SignedOutReason,
} from './session';
export { changeLanguage } from './language';
export { useSignedInUser } from './use-signed-in-user';

import { useAuth, type SessionUser } from './session';

/**
 * The signed-in user, for pages behind the sign-in guard (which renders them only when signed
 * in). Throws elsewhere, so a misplaced page fails loudly instead of showing someone else's data.
 */
export function useSignedInUser(): SessionUser {
  const auth = useAuth();
  if (auth.status !== 'signedIn') throw new Error('useSignedInUser() outside the sign-in guard');
  return auth.user;
}

import { client } from '../../api/client';
import { setLanguage } from '../../i18n/i18n';
import type { Lang } from '../../i18n/languages';
import { unwrap } from '../api-error';
import { getAuthState, updateSessionUser } from './session';

/**
 * Switches the UI language. Signed in, the language is part of the profile (mails come in it
 * too), so it is saved with PATCH /me; the switch happens at once and is not undone if saving
 * fails (the caller tells the user).
 */
export async function changeLanguage(lang: Lang): Promise<void> {
  setLanguage(lang);
  const auth = getAuthState();
  if (auth.status !== 'signedIn' || auth.user.locale === lang) return;
  const user = await unwrap(client.PATCH('/api/v1/me', { body: { locale: lang } }));
  updateSessionUser(user);
}

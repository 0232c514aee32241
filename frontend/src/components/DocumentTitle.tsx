import { useTranslation } from 'react-i18next';
import { useAppName } from '../lib/use-app-name';

/** Sets the browser tab's title to "<page> · <app name>" (React hoists <title> into <head>). */
export function DocumentTitle({ page }: { page: string }) {
  const { t } = useTranslation();
  const appName = useAppName();
  return <title>{t('app.pageTitle', { page, app: appName })}</title>;
}

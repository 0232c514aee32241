import { notifications, type NotificationData } from '@mantine/notifications';
import i18n from '../../../i18n/i18n';

/**
 * Shows a toast whose close button is labelled in the UI language (Mantine's has no name, which
 * screen readers announce as just "button").
 */
export function notify(data: NotificationData): string {
  return notifications.show({
    ...data,
    closeButtonProps: { 'aria-label': i18n.t('common.close'), ...data.closeButtonProps },
  });
}

import { Modal, type ModalProps } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';

/**
 * A dialog holding a form: full screen on phones (room for the keyboard, no tiny scroll box),
 * a centred window from 36em; the close button is labelled in the UI language.
 */
export function FormModal(props: Omit<ModalProps, 'opened'> & { opened?: boolean }) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 36em)', false, { getInitialValueInEffect: false });
  return (
    <Modal
      opened={props.opened ?? true}
      size="lg"
      fullScreen={phone}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      {...props}
    />
  );
}

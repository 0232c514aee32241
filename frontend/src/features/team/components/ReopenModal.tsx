import { Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { FormModal } from '../../../components/FormModal';
import { useReopenMonth } from '../api/team-month';

/** The API wants a reason of 3 to 500 characters; it is kept in the audit log. */
const REASON_MIN = 3;
const REASON_MAX = 500;

/** An admin reopens an approved month; the reason goes into the history (GoBD). */
export function ReopenModal({
  person,
  month,
  monthLabel,
  onClose,
  onDone,
}: {
  person: { userId: string; name: string };
  month: string;
  monthLabel: string;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState(false);
  const reopen = useReopenMonth();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const text = reason.trim();
    if (text.length < REASON_MIN) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    reopen.mutate({ userId: person.userId, month, reason: text }, { onSuccess: onDone });
  }

  return (
    <FormModal
      onClose={onClose}
      title={t('teamMonth.reopen.title', { name: person.name, month: monthLabel })}
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <Text>{t('teamMonth.reopen.message')}</Text>
          <Textarea
            size="md"
            label={t('teamMonth.reopen.reason')}
            description={t('teamMonth.reopen.reasonHint')}
            required
            autosize
            minRows={3}
            maxLength={REASON_MAX}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={invalid ? t('teamMonth.reopen.reasonMissing') : undefined}
            data-autofocus
            data-testid="reopen-reason"
          />
          {reopen.isError && <ErrorAlert error={reopen.error} />}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" mih={44} onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" mih={44} loading={reopen.isPending} data-testid="reopen-submit">
              {t('teamMonth.reopen.action')}
            </Button>
          </Group>
        </Stack>
      </form>
    </FormModal>
  );
}

import { Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../../components/FormModal';
import type { InboxItem } from '../absence-logic';
import { useDecide } from '../api/absences';
import { useAbsenceTexts } from '../use-absence-texts';

/**
 * Rejecting affects someone else, so it asks (UX rule 4) – and for the reason, which the person
 * reads in the mail and on their list. Used for requests and for refused cancellations.
 */
export function RejectDialog({ item, onClose }: { item: InboxItem | null; onClose: () => void }) {
  const { t } = useTranslation();
  const texts = useAbsenceTexts();
  const decide = useDecide();
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const cancellation = item?.kind === 'cancellation';
  // Synchronous guard against a double tap (two clicks before the re-render with isPending).
  const inFlight = useRef(false);

  function close() {
    setComment('');
    setMissing(false);
    decide.reset();
    onClose();
  }

  return (
    <FormModal
      opened={item !== null}
      size="md"
      onClose={close}
      title={
        cancellation
          ? t('approvals.rejectDialog.titleCancellation')
          : t('approvals.rejectDialog.title')
      }
    >
      {item && (
        <form
          noValidate
          data-testid="reject-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (inFlight.current || decide.isPending) return;
            if (!comment.trim()) return setMissing(true);
            inFlight.current = true;
            decide.mutate(
              { id: item.absence.id, kind: item.kind, approve: false, comment: comment.trim() },
              {
                onSuccess: () => {
                  notifications.show({
                    color: 'green',
                    title: cancellation
                      ? t('approvals.toast.cancellationRejected', { name: item.absence.userName })
                      : t('approvals.toast.rejected', { name: item.absence.userName }),
                    message: texts.range(item.absence),
                  });
                  close();
                },
                onSettled: () => {
                  inFlight.current = false;
                },
              },
            );
          }}
        >
          <Stack gap="md">
            <Text>
              {t('approvals.rejectDialog.message', {
                name: item.absence.userName,
                range: texts.range(item.absence),
              })}
            </Text>
            <Textarea
              size="md"
              label={t('approvals.rejectDialog.comment')}
              required
              value={comment}
              onChange={(e) => setComment(e.currentTarget.value)}
              error={missing ? t('approvals.rejectDialog.commentRequired') : undefined}
              maxLength={2000}
              autosize
              minRows={2}
              data-autofocus
              data-testid="reject-comment"
            />
            {decide.error ? (
              <Text c="red.8" size="sm" role="alert">
                {texts.error(decide.error)}
              </Text>
            ) : null}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" mih={44} onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button
                type="submit"
                color="red"
                mih={44}
                loading={decide.isPending}
                data-testid="reject-submit"
              >
                {cancellation ? t('approvals.rejectCancellation') : t('approvals.reject')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </FormModal>
  );
}

import { Box, Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { FormModal } from '../../../components/FormModal';
import { Num } from '../../../components/Num';
import { formatTime } from '../../../lib/format';
import {
  ownActions,
  remindAgainAt,
  type Absence,
  type AbsenceType,
  type OwnAction,
} from '../absence-logic';
import { useOwnStep, type OwnStep } from '../api/absences';
import { useAbsenceTexts } from '../use-absence-texts';
import { StatusChip } from './StatusChip';
// The certificate (AU) belongs to the sickness it is shown with.
import { SickNoteUpload } from '../../sick-notes/components/SickNoteUpload';

/** A colour dot for the type; the type's name next to it carries the meaning. */
export function TypeDot({ color }: { color: string }) {
  return (
    <Box
      component="span"
      aria-hidden="true"
      w={12}
      h={12}
      style={{ borderRadius: 3, background: color, flexShrink: 0, display: 'inline-block' }}
    />
  );
}

/**
 * One of the person's own absences: type, days, status chip, what was said about it, and the
 * steps the status machine leaves them (change, withdraw, remind, ask to cancel).
 */
export function OwnAbsenceCard({
  absence,
  type,
  today,
}: {
  absence: Absence;
  type: AbsenceType | undefined;
  today: string;
}) {
  const { t } = useTranslation();
  const texts = useAbsenceTexts();
  const step = useOwnStep();
  const [dialog, setDialog] = useState<'withdraw' | 'cancel' | null>(null);
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  // Synchronous guard against a double tap (two clicks before the re-render with isPending).
  const inFlight = useRef(false);
  const actions = ownActions(absence, type, today);
  const now = new Date();
  const remindAt = remindAgainAt(absence, now);
  const isSickness = type ? !type.needsApproval && !type.deductsVacation : false;

  function run(kind: 'withdraw' | 'cancel' | 'remind', toast: string, cancelReason?: string) {
    if (inFlight.current) return;
    inFlight.current = true;
    const request: OwnStep =
      kind === 'cancel' ? { kind, id: absence.id, reason: cancelReason } : { kind, id: absence.id };
    step.mutate(request, {
      onSuccess: () => {
        setDialog(null);
        notifications.show({ color: 'green', title: toast, message: texts.range(absence) });
      },
      onError: (error) => {
        if (dialog) return; // the dialog shows it
        notifications.show({
          color: 'red',
          title: t('errors.title'),
          message: texts.error(error),
        });
      },
    });
  }

  const button = (action: OwnAction) => {
    switch (action) {
      case 'edit':
        return (
          <Button
            key={action}
            component={Link}
            to={`?edit=${absence.id}`}
            variant="default"
            mih={44}
            data-testid="absence-edit"
          >
            {t('absences.actions.edit')}
          </Button>
        );
      case 'withdraw':
        return (
          <Button
            key={action}
            variant="default"
            mih={44}
            onClick={() => setDialog('withdraw')}
            data-testid="absence-withdraw"
          >
            {t('absences.actions.withdraw')}
          </Button>
        );
      case 'remind':
        return (
          <Stack key={action} gap={2}>
            <Button
              variant="default"
              mih={44}
              disabled={remindAt !== null || step.isPending}
              onClick={() => run('remind', t('absences.toast.reminded'))}
              aria-describedby={remindAt ? `remind-${absence.id}` : undefined}
              data-testid="absence-remind"
            >
              {t('absences.actions.remind')}
            </Button>
            {remindAt && (
              <Text size="xs" c="dimmed" id={`remind-${absence.id}`}>
                {t('absences.actions.remindedUntil', { time: formatTime(remindAt, texts.lang) })}
              </Text>
            )}
          </Stack>
        );
      case 'requestCancellation':
      case 'cancel':
        return (
          <Button
            key={action}
            variant="default"
            color="red"
            mih={44}
            onClick={() => {
              setReason('');
              setReasonMissing(false);
              step.reset();
              setDialog('cancel');
            }}
            data-testid="absence-cancel"
          >
            {action === 'cancel'
              ? t('absences.actions.cancel')
              : t('absences.actions.requestCancellation')}
          </Button>
        );
    }
  };

  const needsReason = actions.includes('requestCancellation');

  return (
    <Paper
      withBorder
      p="md"
      component="li"
      style={{ listStyle: 'none' }}
      data-testid="absence-card"
      data-absence-id={absence.id}
    >
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
          <Group gap="xs" wrap="nowrap" miw={0}>
            <TypeDot color={absence.type.color} />
            <Text fw={600} truncate="end">
              {absence.type.name[texts.lang]}
            </Text>
          </Group>
          <StatusChip status={absence.status} />
        </Group>
        <Text size="sm">{texts.range(absence)}</Text>
        {absence.days !== null && (
          <Text size="sm" c="dimmed">
            <Num>{texts.workingDays(absence.days)}</Num>
          </Text>
        )}
        {absence.substitute && (
          <Text size="sm">{t('absences.card.substitute', { name: absence.substitute.name })}</Text>
        )}
        {absence.note && (
          <Text size="sm" c="dimmed">
            {t('absences.card.note', { text: absence.note })}
          </Text>
        )}
        {absence.decisionComment && (
          <Text size="sm">
            {t('absences.card.decisionComment', { text: absence.decisionComment })}
          </Text>
        )}
        {absence.cancelReason && (
          <Text size="sm">{t('absences.card.cancelReason', { text: absence.cancelReason })}</Text>
        )}
        {isSickness && (
          <Box data-testid="sick-note-slot">
            <SickNoteUpload
              absenceId={absence.id}
              ended={absence.to !== null && absence.to < today}
            />
          </Box>
        )}
        {actions.length > 0 && (
          <Group gap="xs" align="flex-start">
            {actions.map(button)}
          </Group>
        )}
      </Stack>

      <ConfirmDialog
        opened={dialog === 'withdraw'}
        title={t('absences.withdrawDialog.title')}
        message={t('absences.withdrawDialog.message', { range: texts.range(absence) })}
        confirmLabel={t('absences.actions.withdraw')}
        loading={step.isPending}
        error={dialog === 'withdraw' ? step.error : null}
        onConfirm={() => run('withdraw', t('absences.toast.withdrawn'))}
        onClose={() => setDialog(null)}
      />

      <FormModal
        opened={dialog === 'cancel'}
        size="md"
        onClose={() => setDialog(null)}
        title={
          needsReason ? t('absences.cancelDialog.title') : t('absences.cancelDialog.titleRecorded')
        }
      >
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (step.isPending) return;
            if (needsReason && !reason.trim()) return setReasonMissing(true);
            run(
              'cancel',
              needsReason ? t('absences.toast.cancelRequested') : t('absences.toast.cancelled'),
              reason.trim() || undefined,
            );
          }}
        >
          <Stack gap="md">
            <Text>
              {needsReason
                ? t('absences.cancelDialog.message', { range: texts.range(absence) })
                : t('absences.cancelDialog.messageRecorded', { range: texts.range(absence) })}
            </Text>
            {needsReason && (
              <Textarea
                size="md"
                label={t('absences.cancelDialog.reason')}
                required
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                error={reasonMissing ? t('absences.cancelDialog.reasonRequired') : undefined}
                maxLength={2000}
                autosize
                minRows={2}
                data-autofocus
                data-testid="cancel-reason"
              />
            )}
            {step.error && dialog === 'cancel' ? (
              <Text c="red.8" size="sm" role="alert">
                {texts.error(step.error)}
              </Text>
            ) : null}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" mih={44} onClick={() => setDialog(null)}>
                {t('common.cancel')}
              </Button>
              <Button
                type="submit"
                color="red"
                mih={44}
                loading={step.isPending}
                data-testid="cancel-submit"
              >
                {needsReason
                  ? t('absences.actions.requestCancellation')
                  : t('absences.actions.cancel')}
              </Button>
            </Group>
          </Stack>
        </form>
      </FormModal>
    </Paper>
  );
}

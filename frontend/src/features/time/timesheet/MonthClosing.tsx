import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { notify } from '../components/notify';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { FormModal } from '../../../components/FormModal';
import { useLang } from '../../../i18n/use-lang';
import type { Role } from '../../../lib/auth';
import { formatDate } from '../../../lib/format';
import { useMonthAction, type MonthTimesheet } from '../api/timesheet';
import { LockIcon } from '../components/icons';
import { monthLabel } from '../timesheet-logic';
import { REASON_MAX, REASON_MIN } from './EntryForm';

/**
 * The month's closing state and what the viewer may do about it: hand in the own month, approve
 * someone else's (manager, admin; confirmed, it affects them) or reopen it (admin, with reason).
 */
export function MonthClosing({
  sheet,
  isOwn,
  role,
  currentMonth,
  personName,
}: {
  sheet: MonthTimesheet;
  isOwn: boolean;
  role: Role;
  currentMonth: string;
  personName: string;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const action = useMonthAction();
  const [dialog, setDialog] = useState<'submit' | 'approve' | 'reopen' | null>(null);
  const closeDialog = () => {
    setDialog(null);
    action.reset();
  };
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string>();
  const month = monthLabel(sheet.month, lang);
  const { lock } = sheet;
  const approved = lock?.status === 'approved';
  const canSubmit = isOwn && lock === null && sheet.month <= currentMonth;
  const canApprove = !isOwn && (role === 'manager' || role === 'admin') && !approved;
  const canReopen = role === 'admin' && approved;

  const run = (kind: 'submit' | 'approve' | 'reopen', done: string) => {
    const body =
      kind === 'submit'
        ? { kind, month: sheet.month }
        : kind === 'approve'
          ? { kind, month: sheet.month, userId: sheet.userId }
          : { kind, month: sheet.month, userId: sheet.userId, reason: reason.trim() };
    action.mutate(body, {
      onSuccess: () => {
        notify({ color: 'green', message: done });
        setDialog(null);
        setReason('');
      },
    });
  };

  function onReopen(event: FormEvent) {
    event.preventDefault();
    if (reason.trim().length < REASON_MIN) {
      setReasonError(t('timesheet.form.reasonTooShort', { min: REASON_MIN }));
      return;
    }
    setReasonError(undefined);
    run('reopen', t('timesheet.month.reopened', { month }));
  }

  if (!lock && !canSubmit && !canApprove) return null;

  return (
    <Stack gap="xs" data-testid="month-closing">
      {approved && (
        <Alert color="gray" icon={<LockIcon size={20} />} data-testid="month-locked">
          {t(role === 'admin' ? 'timesheet.locked.adminCorrection' : 'timesheet.locked.readOnly', {
            date: lock.approvedAt ? formatDate(lock.approvedAt, lang) : '',
          })}
        </Alert>
      )}
      {lock?.status === 'submitted' && (
        <Text size="sm" data-testid="month-submitted">
          {t(isOwn ? 'timesheet.month.submittedOwn' : 'timesheet.month.submittedOther', { month })}
        </Text>
      )}
      <Group gap="sm">
        {canSubmit && (
          <Button
            mih={44}
            variant="light"
            onClick={() => setDialog('submit')}
            data-testid="month-submit"
          >
            {t('timesheet.month.submit')}
          </Button>
        )}
        {canApprove && (
          <Button mih={44} onClick={() => setDialog('approve')} data-testid="month-approve">
            {t('timesheet.month.approve')}
          </Button>
        )}
        {canReopen && (
          <Button
            mih={44}
            variant="default"
            onClick={() => setDialog('reopen')}
            data-testid="month-reopen"
          >
            {t('timesheet.month.reopen')}
          </Button>
        )}
      </Group>

      <ConfirmDialog
        opened={dialog === 'submit'}
        title={t('timesheet.month.submitTitle', { month })}
        message={t('timesheet.month.submitText')}
        confirmLabel={t('timesheet.month.submit')}
        color="brand"
        loading={action.isPending}
        error={action.error}
        onConfirm={() => run('submit', t('timesheet.month.submitted', { month }))}
        onClose={closeDialog}
      />
      <ConfirmDialog
        opened={dialog === 'approve'}
        title={t('timesheet.month.approveTitle', { month, name: personName })}
        message={t('timesheet.month.approveText', { name: personName })}
        confirmLabel={t('timesheet.month.approve')}
        color="brand"
        loading={action.isPending}
        error={action.error}
        onConfirm={() => run('approve', t('timesheet.month.approved', { month }))}
        onClose={closeDialog}
      />
      <FormModal
        opened={dialog === 'reopen'}
        onClose={closeDialog}
        title={t('timesheet.month.reopenTitle', { month, name: personName })}
      >
        <form onSubmit={onReopen} noValidate>
          <Stack gap="sm">
            <Text size="sm">{t('timesheet.month.reopenText')}</Text>
            <TextInput
              size="md"
              label={t('timesheet.form.reason')}
              required
              maxLength={REASON_MAX}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={reasonError}
              data-autofocus
            />
            {action.isError && <ErrorAlert error={action.error} />}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" mih={44} onClick={closeDialog}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" mih={44} loading={action.isPending}>
                {t('timesheet.month.reopen')}
              </Button>
            </Group>
          </Stack>
        </form>
      </FormModal>
    </Stack>
  );
}

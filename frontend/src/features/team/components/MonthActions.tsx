import { Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PersonMonthProps } from './row-props';

/** "Genehmigen" for a handed-in month of someone else, "Wieder öffnen" for admins. */
export function MonthActions({
  row,
  isSelf,
  canReopen,
  busy,
  onApprove,
  onReopen,
  fullWidth,
}: Omit<PersonMonthProps, 'sheetPath' | 'teamName'> & { fullWidth?: boolean }) {
  const { t } = useTranslation();
  const approvable = row.lock === 'submitted' && !isSelf;
  const reopenable = row.lock === 'approved' && canReopen;
  if (row.lock === 'submitted' && isSelf) {
    return (
      <Text size="sm" c="dimmed">
        {t('teamMonth.ownMonth')}
      </Text>
    );
  }
  if (!approvable && !reopenable) return null;
  return (
    <Group gap="xs" wrap="nowrap" grow={fullWidth}>
      {approvable && (
        <Button
          mih={44}
          size="sm"
          loading={busy}
          onClick={onApprove}
          aria-label={t('teamMonth.approve.labelFor', { name: row.name })}
          data-testid="approve-month"
        >
          {t('teamMonth.approve.action')}
        </Button>
      )}
      {reopenable && (
        <Button
          mih={44}
          size="sm"
          variant="default"
          onClick={onReopen}
          aria-label={t('teamMonth.reopen.labelFor', { name: row.name })}
          data-testid="reopen-month"
        >
          {t('teamMonth.reopen.action')}
        </Button>
      )}
    </Group>
  );
}

import { ActionIcon, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLang } from '../i18n/use-lang';
import { shiftMonth, type Month } from '../lib/calendar';
import { formatMonth } from '../lib/format';

/**
 * "‹ November 2026 ›": buttons, not dropdowns (UX.md, Teamkalender; UV issues #2584, #745).
 * The month's name is announced when it changes.
 */
export function MonthPicker({
  month,
  onChange,
  testId = 'month-picker',
}: {
  month: Month;
  onChange: (month: Month) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Group gap={4} wrap="nowrap" data-testid={testId}>
      <ActionIcon
        variant="default"
        size={44}
        aria-label={t('monthPicker.previous')}
        onClick={() => onChange(shiftMonth(month, -1))}
        data-testid={`${testId}-previous`}
      >
        <span aria-hidden="true">‹</span>
      </ActionIcon>
      <Text
        fw={600}
        miw="9.5rem"
        ta="center"
        aria-live="polite"
        data-testid={`${testId}-label`}
        data-month={month}
      >
        {formatMonth(month, lang)}
      </Text>
      <ActionIcon
        variant="default"
        size={44}
        aria-label={t('monthPicker.next')}
        onClick={() => onChange(shiftMonth(month, 1))}
        data-testid={`${testId}-next`}
      >
        <span aria-hidden="true">›</span>
      </ActionIcon>
    </Group>
  );
}

import { Popover, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Num } from '../../../components/Num';
import { useLang } from '../../../i18n/use-lang';
import { formatBalance, formatDate } from '../../../lib/format';
import { addDays } from '../../../lib/zoned-time';
import { balanceSteps, type Balance, type Totals } from '../timesheet-logic';

/**
 * The Saldo (Gleitzeitkonto), signed, in tabular figures. Tapping it shows how it came about:
 * the balance before the period, this period's change, the administration's corrections and the
 * result (UX rule 6: "war → Veränderung → ist").
 */
export function BalanceButton({
  balance,
  totals,
  from,
  size = 'xl',
}: {
  balance: Balance;
  totals: Totals;
  /** First day of the period the figures belong to. */
  from: string;
  size?: 'xl' | 'lg';
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const steps = balanceSteps(balance, totals);
  const dayBefore = addDays(from, -1);
  const beforeLabel =
    dayBefore < balance.since
      ? t('balance.opening')
      : t('balance.before', { date: formatDate(dayBefore, lang) });
  return (
    <Popover width={320} position="bottom-start" withArrow shadow="md" trapFocus returnFocus>
      <Popover.Target>
        <UnstyledButton
          mih={44}
          data-testid="balance"
          data-minutes={balance.after}
          aria-label={t('balance.explainLabel', { balance: formatBalance(balance.after) })}
          style={{ borderBottom: '1px dashed currentColor' }}
        >
          <Num>
            <Text span fz={size === 'xl' ? 28 : 20} fw={700} style={{ whiteSpace: 'nowrap' }}>
              {formatBalance(balance.after)}
            </Text>
          </Num>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown data-testid="balance-breakdown">
        <Stack gap="xs">
          <Text fw={600}>{t('balance.title')}</Text>
          <Table withRowBorders={false} verticalSpacing={4} horizontalSpacing={0}>
            <Table.Tbody>
              <Step label={beforeLabel} minutes={steps.before} />
              <Step
                label={t('balance.change', { date: formatDate(balance.asOf, lang) })}
                minutes={steps.change}
              />
              {steps.adjustments !== 0 && (
                <Step label={t('balance.adjustments')} minutes={steps.adjustments} />
              )}
              <Step
                label={t('balance.after', { date: formatDate(balance.asOf, lang) })}
                minutes={steps.after}
                strong
              />
            </Table.Tbody>
          </Table>
          <Text size="xs" c="dimmed">
            {t('balance.note', { since: formatDate(balance.since, lang) })}
          </Text>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

function Step({ label, minutes, strong }: { label: string; minutes: number; strong?: boolean }) {
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={strong ? 700 : undefined}>
          {label}
        </Text>
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        <Num>
          <Text span size="sm" fw={strong ? 700 : undefined}>
            {formatBalance(minutes)}
          </Text>
        </Num>
      </Table.Td>
    </Table.Tr>
  );
}

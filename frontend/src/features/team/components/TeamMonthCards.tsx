import { Anchor, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { FindingCounts } from '../../../components/FindingCounts';
import { Num } from '../../../components/Num';
import { formatBalance, formatDuration } from '../../../lib/format';
import { LockBadge } from './LockBadge';
import { MonthActions } from './MonthActions';
import type { PersonMonthProps } from './row-props';

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600}>
        <Num>{value}</Num>
      </Text>
    </div>
  );
}

/** Phones: one card per person with the same figures as the table's row. */
export function TeamMonthCards({ rows }: { rows: PersonMonthProps[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" component="ul" p={0} m={0} data-testid="team-month-cards">
      {rows.map((props) => {
        const { row } = props;
        return (
          <Paper
            key={row.userId}
            withBorder
            p="sm"
            component="li"
            style={{ listStyle: 'none' }}
            data-testid="team-month-row"
            data-name={row.name}
          >
            <Stack gap="xs">
              <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                <div style={{ minWidth: 0 }}>
                  <Anchor component={Link} to={props.sheetPath} fw={600}>
                    {row.name}
                  </Anchor>
                  {props.teamName && (
                    <Text size="xs" c="dimmed">
                      {props.teamName}
                    </Text>
                  )}
                </div>
                <LockBadge lock={row.lock} />
              </Group>
              <SimpleGrid cols={2} spacing="xs" verticalSpacing={4}>
                <Figure
                  label={t('teamMonth.columns.target')}
                  value={formatDuration(row.totals.targetMinutes)}
                />
                <Figure
                  label={t('teamMonth.columns.worked')}
                  value={formatDuration(row.totals.workedMinutes)}
                />
                <Figure
                  label={t('teamMonth.columns.diff')}
                  value={formatBalance(row.totals.diffMinutes)}
                />
                <Figure label={t('teamMonth.columns.balance')} value={formatBalance(row.balance)} />
              </SimpleGrid>
              <Group gap="xs">
                <Text size="sm" c="dimmed">
                  {t('teamMonth.columns.findings')}:
                </Text>
                <FindingCounts counts={row.findings} />
              </Group>
              <MonthActions {...props} fullWidth />
            </Stack>
          </Paper>
        );
      })}
    </Stack>
  );
}

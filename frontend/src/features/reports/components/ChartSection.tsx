import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import classes from './statistics.module.css';

/**
 * One chart of the statistics: a heading that says what it shows, the key figure as the first
 * sentence (UX.md: what a person must see first), then the chart. The chart is a picture (SVG)
 * and hidden from screen readers; its table is always there for them, and "Als Tabelle" shows
 * it to everyone instead of the chart. Without figures a worded empty state stands alone.
 */
export function ChartSection({
  title,
  summary,
  empty,
  chart,
  table,
  testId,
}: {
  title: string;
  summary: ReactNode;
  /** The empty state's sentence, when there is nothing to chart. */
  empty: string | null;
  chart: ReactNode;
  table: ReactNode;
  testId: string;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const [asTable, setAsTable] = useState(false);
  return (
    <Paper
      withBorder
      p={{ base: 'sm', sm: 'md' }}
      component="section"
      aria-labelledby={titleId}
      data-testid={testId}
    >
      <Stack gap="sm">
        <Group justify="space-between" align="center" gap="xs">
          <Title order={2} size="h3" id={titleId}>
            {title}
          </Title>
          {empty === null && (
            <Button
              variant={asTable ? 'light' : 'default'}
              mih={44}
              aria-pressed={asTable}
              onClick={() => setAsTable((v) => !v)}
              data-testid={`${testId}-as-table`}
            >
              {t('reports.statistics.asTable')}
            </Button>
          )}
        </Group>
        {empty === null ? (
          <>
            <Text data-testid={`${testId}-summary`}>{summary}</Text>
            {asTable ? (
              <div className={classes.tableBox}>{table}</div>
            ) : (
              <>
                <div aria-hidden="true" className={classes.chart} data-testid={`${testId}-chart`}>
                  {chart}
                </div>
                <div className={classes.visuallyHidden}>{table}</div>
              </>
            )}
          </>
        ) : (
          <Text c="dimmed" data-testid={`${testId}-empty`}>
            {empty}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

import { Loader, Group, Stack, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Num } from '../../../components/Num';
import { useLang } from '../../../i18n/use-lang';
import { formatDateTime } from '../../../lib/format';
import {
  summarizeChange,
  type ChangeSummary,
  type EntryChange,
  type EntryHistory as History,
  type FieldChange,
} from '../entry-history';

// The plain i18next type: the hook's generic one grows too deep for tsc with our catalogue.
type T = TFunction;

function fieldValue(t: T, change: FieldChange, side: 'before' | 'after'): string {
  const value = change[side];
  if (value === null) return t(`timesheet.history.none.${change.field}`);
  return change.field === 'note' ? t('timesheet.history.quoted', { text: value }) : value;
}

/** "hinzugefügt: 08:00 – 10:00", "geändert: Bis 12:00 → 12:30", "gelöscht". */
function summaryText(t: T, summary: ChangeSummary): string {
  switch (summary.action) {
    case 'created':
      return summary.start && summary.end
        ? t('timesheet.history.createdRange', { start: summary.start, end: summary.end })
        : t('timesheet.history.created');
    case 'updated':
      if (summary.fields.length === 0) return t('timesheet.history.updated');
      return t('timesheet.history.updatedFields', {
        fields: summary.fields
          .map((change) =>
            t('timesheet.history.field', {
              field: t(`timesheet.form.${change.field}`),
              before: fieldValue(t, change, 'before'),
              after: fieldValue(t, change, 'after'),
            }),
          )
          .join('; '),
      });
    case 'deleted':
      return t('timesheet.history.deleted');
  }
}

/**
 * The Historie of one entry (UX rule 7), oldest change first: what changed, when (in the
 * company's zone, like the sheet) and by whom, and the reason in quotes — the employee reads
 * here why their manager corrected an entry.
 */
export function EntryHistory({
  id,
  label,
  history,
  timeZone,
}: {
  /** Referenced by the Historie button's aria-controls. */
  id: string;
  label: string;
  history: UseQueryResult<History>;
  timeZone: string;
}) {
  const { t } = useTranslation();
  if (history.isError)
    return (
      <div id={id}>
        <ErrorAlert error={history.error} onRetry={() => void history.refetch()} />
      </div>
    );
  if (!history.data)
    return (
      <Group id={id} gap="xs" role="status">
        <Loader size="xs" />
        <Text size="sm">{t('timesheet.history.loading')}</Text>
      </Group>
    );
  const { changes } = history.data;
  return (
    <Stack
      id={id}
      component="ol"
      gap="xs"
      p={0}
      m={0}
      aria-label={label}
      data-testid="entry-history"
      style={{ listStyle: 'none' }}
    >
      {changes.length === 0 && (
        <Text component="li" size="sm">
          {t('timesheet.history.empty')}
        </Text>
      )}
      {changes.map((change, index) => (
        <ChangeItem key={`${change.at}-${index}`} change={change} timeZone={timeZone} />
      ))}
    </Stack>
  );
}

function ChangeItem({ change, timeZone }: { change: EntryChange; timeZone: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const summary = summarizeChange(change, lang, timeZone);
  return (
    <Stack
      component="li"
      gap={0}
      pl="xs"
      style={{ borderLeft: '2px solid var(--mantine-color-default-border)' }}
    >
      <Num>
        <Text size="sm" fw={600}>
          {summaryText(t, summary)}
        </Text>
      </Num>
      <Num>
        <Text size="xs" c="dimmed">
          <time dateTime={change.at}>{formatDateTime(change.at, lang, timeZone)}</time>
          {' · '}
          {change.actor?.name || t('timesheet.history.unknownActor')}
        </Text>
      </Num>
      {change.reason && (
        <Text size="sm" data-testid="history-reason">
          {t('timesheet.history.reason', { reason: change.reason })}
        </Text>
      )}
    </Stack>
  );
}

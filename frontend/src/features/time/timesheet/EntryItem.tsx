import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Num } from '../../../components/Num';
import { useLang } from '../../../i18n/use-lang';
import { formatDuration, formatTime } from '../../../lib/format';
import { localDayOf, minutesBetween } from '../../../lib/zoned-time';
import { useEntryHistory } from '../api/entry-history';
import { correctedBy } from '../entry-history';
import { isCorrected, type TimesheetEntry } from '../timesheet-logic';
import { EntryHistory } from './EntryHistory';

/**
 * One Kommen/Gehen pair in the day drawer: times, source, note, the "korrigiert" marker and
 * the Historie of entries changed by hand. A deleted entry (listed for admins and managers,
 * or on request) is struck through with its reason and can no longer be changed.
 */
export function EntryItem({
  entry,
  day,
  timeZone,
  actions,
}: {
  entry: TimesheetEntry;
  day: string;
  timeZone: string;
  /** Changing and deleting; null where the day (or a deleted entry) cannot be changed. */
  actions: { onEdit: () => void; onDelete: () => void } | null;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const historyId = useId();
  const [historyOpen, setHistoryOpen] = useState(false);
  const corrected = isCorrected(entry);
  // Corrections load their Historie at once, so the marker can say who corrected the entry.
  const history = useEntryHistory(entry.id, entry.changed && (historyOpen || corrected));
  const correctedByName = history.data ? correctedBy(history.data.changes) : null;

  const start = formatTime(entry.start, lang, timeZone);
  const end = entry.end ? formatTime(entry.end, lang, timeZone) : null;
  const endDay = entry.end ? localDayOf(entry.end, timeZone) : day;
  const forgotten = !entry.deleted && entry.end === null && day < localDayOf(new Date(), timeZone);
  const editable = actions !== null && !entry.deleted;
  return (
    <Paper
      component="li"
      withBorder
      p="sm"
      style={{ listStyle: 'none' }}
      data-testid={entry.deleted ? 'deleted-entry-item' : 'entry-item'}
    >
      <Group justify="space-between" align="flex-start" gap="xs">
        <Stack gap={2}>
          <Num>
            <Text fw={600} td={entry.deleted ? 'line-through' : undefined}>
              {end
                ? t('timesheet.entryRange', { start, end })
                : t('timesheet.entryRunning', { start })}
              {endDay !== day && ` ${t('timesheet.nextDay')}`}
              {entry.end && (
                <Text span c="dimmed" fw={400}>
                  {' '}
                  ({formatDuration(minutesBetween(entry.start, entry.end))})
                </Text>
              )}
            </Text>
          </Num>
          {entry.deleted && (
            <Text size="sm" fw={600} data-testid="entry-delete-reason">
              {entry.deleteReason
                ? t('timesheet.deletedBecause', { reason: entry.deleteReason })
                : t('timesheet.deletedNoReason')}
            </Text>
          )}
          <Group gap={6}>
            {/* A correction by someone else says so in the marker; no second "korrigiert". */}
            {entry.source !== 'correction' && (
              <Badge size="sm" color="gray">
                {t(`timesheet.source.${entry.source}`)}
              </Badge>
            )}
            {corrected && (
              <Badge size="sm" color="gray" variant="outline" data-testid="entry-corrected">
                {correctedByName
                  ? t('timesheet.correctedBy', { name: correctedByName })
                  : t('timesheet.corrected')}
              </Badge>
            )}
            {entry.endReason === 'break' && (
              <Badge size="sm" color="gray" variant="outline">
                {t('timesheet.endedByBreak')}
              </Badge>
            )}
          </Group>
          {entry.note && (
            <Text size="sm" c="dimmed">
              {t('timesheet.noteLabel')}: {entry.note}
            </Text>
          )}
        </Stack>
        <Group gap={4}>
          {entry.changed && (
            <Button
              variant="subtle"
              mih={44}
              onClick={() => setHistoryOpen((open) => !open)}
              aria-expanded={historyOpen}
              aria-controls={historyOpen ? historyId : undefined}
              aria-label={`${t('timesheet.history.show')}: ${start}`}
            >
              {t('timesheet.history.show')}
            </Button>
          )}
          {editable &&
            (forgotten ? (
              // A running entry on a day already over: someone forgot Gehen.
              <Button variant="light" color="orange" mih={44} onClick={actions.onEdit}>
                {t('clock.forgotten.fix')}
              </Button>
            ) : (
              <Button
                variant="subtle"
                mih={44}
                onClick={actions.onEdit}
                aria-label={`${t('common.edit')}: ${start}`}
              >
                {t('common.edit')}
              </Button>
            ))}
          {editable && (
            <Button
              variant="subtle"
              color="red"
              mih={44}
              onClick={actions.onDelete}
              aria-label={`${t('timesheet.delete')}: ${start}`}
            >
              {t('timesheet.delete')}
            </Button>
          )}
        </Group>
      </Group>
      {historyOpen && (
        <Stack mt="xs">
          <EntryHistory
            id={historyId}
            label={t('timesheet.history.label', { start })}
            history={history}
            timeZone={timeZone}
          />
        </Stack>
      )}
    </Paper>
  );
}

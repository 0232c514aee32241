import { Alert, Badge, Button, Drawer, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notify } from '../components/notify';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Num } from '../../../components/Num';
import { useLang } from '../../../i18n/use-lang';
import { formatBalance, formatDate, formatDuration, formatTime } from '../../../lib/format';
import { localDayOf, minutesBetween } from '../../../lib/zoned-time';
import { useDeleteEntry } from '../api/timesheet';
import { FindingLine } from '../components/FindingLine';
import { LockIcon, WarningIcon } from '../components/icons';
import {
  incompleteReason,
  sortFindings,
  type EditBlock,
  type TimesheetDay,
  type TimesheetEntry,
} from '../timesheet-logic';
import classes from '../time.module.css';
import { dayNote } from './DayRow';
import { EntryForm, REASON_MAX, REASON_MIN } from './EntryForm';

type Editing =
  | { kind: 'add' }
  | { kind: 'edit'; entry: TimesheetEntry }
  | { kind: 'delete'; entry: TimesheetEntry }
  | null;

/**
 * One day in a drawer (a bottom sheet on phones): figures, notes and warnings, the Kommen/Gehen
 * pairs with their source and note, and adding, changing or deleting entries with a reason.
 */
export function DayDrawer({
  day,
  today,
  timeZone,
  userId,
  block,
  lockedAt,
  onClose,
}: {
  day: TimesheetDay | null;
  today: string;
  timeZone: string;
  userId: string | undefined;
  /** Why this day cannot be changed here, if it cannot. */
  block: EditBlock | null;
  /** When the day's month was approved, if it was. */
  lockedAt: string | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const phone = useMediaQuery('(max-width: 36em)', false, { getInitialValueInEffect: false });
  const [editing, setEditing] = useState<Editing>(null);

  const close = () => {
    setEditing(null);
    onClose();
  };

  return (
    <Drawer
      opened={day !== null}
      onClose={close}
      position={phone ? 'bottom' : 'right'}
      size={phone ? '92%' : 'md'}
      title={day ? formatDate(day.day, lang) : ''}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      styles={{ title: { fontWeight: 700, fontSize: 'var(--mantine-font-size-xl)' } }}
      data-testid="day-drawer"
    >
      {day && (
        <Stack gap="md">
          <DaySummary day={day} today={today} />
          {lockedAt !== null && (
            <Alert color="gray" icon={<LockIcon size={20} />} data-testid="day-locked">
              {t(
                block === 'locked'
                  ? 'timesheet.locked.readOnly'
                  : 'timesheet.locked.adminCorrection',
                {
                  date: formatDate(lockedAt, lang),
                },
              )}
            </Alert>
          )}
          {block === 'window' && <Alert color="gray">{t('timesheet.editWindowClosed')}</Alert>}

          <Stack gap="xs" component="ul" p={0} m={0} aria-label={t('timesheet.entries')}>
            {day.entries.length === 0 && (
              <Text c="dimmed" component="li" style={{ listStyle: 'none' }}>
                {t('timesheet.noEntries')}
              </Text>
            )}
            {day.entries.map((entry) => (
              <EntryItem
                key={entry.id}
                entry={entry}
                day={day.day}
                timeZone={timeZone}
                canEdit={block === null}
                onEdit={() => setEditing({ kind: 'edit', entry })}
                onDelete={() => setEditing({ kind: 'delete', entry })}
              />
            ))}
          </Stack>

          {editing?.kind === 'add' || editing?.kind === 'edit' ? (
            <Paper withBorder p="sm">
              <EntryForm
                key={editing.kind === 'edit' ? editing.entry.id : 'new'}
                day={day.day}
                entry={editing.kind === 'edit' ? editing.entry : null}
                userId={userId}
                timeZone={timeZone}
                onDone={() => setEditing(null)}
              />
            </Paper>
          ) : editing?.kind === 'delete' ? (
            <DeleteEntry
              entry={editing.entry}
              timeZone={timeZone}
              onDone={() => setEditing(null)}
            />
          ) : (
            block === null && (
              <Button
                mih={44}
                variant="light"
                onClick={() => setEditing({ kind: 'add' })}
                data-testid="entry-add"
              >
                {t('timesheet.addEntry')}
              </Button>
            )
          )}
        </Stack>
      )}
    </Drawer>
  );
}

function DaySummary({ day, today }: { day: TimesheetDay; today: string }) {
  const { t } = useTranslation();
  const note = dayNote(t, day);
  const incomplete = incompleteReason(day, today);
  return (
    <Stack gap={6}>
      <Num>
        <Text size="sm" data-testid="drawer-figures">
          {t('timesheet.dayFigures', {
            ist: formatDuration(day.workedMinutes),
            soll: formatDuration(day.targetMinutes),
            pause: formatDuration(day.breakMinutes),
            diff: formatBalance(day.diffMinutes),
          })}
        </Text>
      </Num>
      {note && <Text size="sm">{note}</Text>}
      {incomplete && (
        <Group gap={6} wrap="nowrap" className={classes.warnText}>
          <WarningIcon />
          <Text size="sm" c="inherit">
            {t(`timesheet.incompleteLong.${incomplete}`)}
          </Text>
        </Group>
      )}
      {sortFindings(day.findings).map((finding) => (
        <FindingLine key={finding.code} finding={finding} full />
      ))}
    </Stack>
  );
}

function EntryItem({
  entry,
  day,
  timeZone,
  canEdit,
  onEdit,
  onDelete,
}: {
  entry: TimesheetEntry;
  day: string;
  timeZone: string;
  canEdit: boolean;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const start = formatTime(entry.start, lang, timeZone);
  const end = entry.end ? formatTime(entry.end, lang, timeZone) : null;
  const endDay = entry.end ? localDayOf(entry.end, timeZone) : day;
  const forgotten = entry.end === null && day < localDayOf(new Date(), timeZone);
  return (
    <Paper component="li" withBorder p="sm" style={{ listStyle: 'none' }} data-testid="entry-item">
      <Group justify="space-between" align="flex-start" gap="xs">
        <Stack gap={2}>
          <Num>
            <Text fw={600}>
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
          <Group gap={6}>
            <Badge size="sm" color="gray">
              {t(`timesheet.source.${entry.source}`)}
            </Badge>
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
        {canEdit && (
          <Group gap={4}>
            {forgotten ? (
              // A running entry on a day already over: someone forgot Gehen.
              <Button variant="light" color="orange" mih={44} onClick={onEdit}>
                {t('clock.forgotten.fix')}
              </Button>
            ) : (
              <Button
                variant="subtle"
                mih={44}
                onClick={onEdit}
                aria-label={`${t('common.edit')}: ${start}`}
              >
                {t('common.edit')}
              </Button>
            )}
            <Button
              variant="subtle"
              color="red"
              mih={44}
              onClick={onDelete}
              aria-label={`${t('timesheet.delete')}: ${start}`}
            >
              {t('timesheet.delete')}
            </Button>
          </Group>
        )}
      </Group>
    </Paper>
  );
}

/**
 * Deleting asks for the reason the API requires; there is no undo because the API has no way
 * to restore a deleted entry (it stays in the record, marked deleted, for the administration).
 */
function DeleteEntry({
  entry,
  timeZone,
  onDone,
}: {
  entry: TimesheetEntry;
  timeZone: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const remove = useDeleteEntry();
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (reason.trim().length < REASON_MIN) {
      setError(t('timesheet.form.reasonTooShort', { min: REASON_MIN }));
      return;
    }
    remove.mutate(
      { id: entry.id, reason: reason.trim() },
      {
        onSuccess: () => {
          notify({ color: 'green', message: t('timesheet.deleted') });
          onDone();
        },
      },
    );
  }
  return (
    <Paper withBorder p="sm">
      <form onSubmit={onSubmit} noValidate aria-label={t('timesheet.deleteTitle')}>
        <Stack gap="sm">
          <Text fw={600}>
            {t('timesheet.deleteQuestion', { start: formatTime(entry.start, lang, timeZone) })}
          </Text>
          <TextInput
            size="md"
            label={t('timesheet.form.reason')}
            description={t('timesheet.form.reasonHint')}
            required
            maxLength={REASON_MAX}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={error}
            data-autofocus
          />
          {remove.isError && <ErrorAlert error={remove.error} />}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" mih={44} onClick={onDone}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="red" mih={44} loading={remove.isPending}>
              {t('timesheet.delete')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

import {
  Alert,
  Button,
  Drawer,
  Group,
  Paper,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notify } from '../components/notify';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Num } from '../../../components/Num';
import { useLang } from '../../../i18n/use-lang';
import { formatBalance, formatDate, formatDuration, formatTime } from '../../../lib/format';
import { useDeleteEntry } from '../api/timesheet';
import { FindingLine } from '../components/FindingLine';
import { LockIcon, WarningIcon } from '../components/icons';
import {
  incompleteReason,
  sortFindings,
  splitEntries,
  type EditBlock,
  type TimesheetDay,
  type TimesheetEntry,
} from '../timesheet-logic';
import classes from '../time.module.css';
import { dayNote } from './DayRow';
import { EntryForm, REASON_MAX, REASON_MIN } from './EntryForm';
import { EntryItem } from './EntryItem';

type Editing =
  | { kind: 'add' }
  | { kind: 'edit'; entry: TimesheetEntry }
  | { kind: 'delete'; entry: TimesheetEntry }
  | null;

/**
 * One day in a drawer (a bottom sheet on phones): figures, notes and warnings, the Kommen/Gehen
 * pairs with their source, note and Historie, and adding, changing or deleting entries with a
 * reason. Deleted entries, when the sheet lists them, follow in a list of their own.
 */
export function DayDrawer({
  day,
  today,
  timeZone,
  userId,
  block,
  lockedAt,
  deletedSwitch,
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
  /** For employees: show their deleted entries on request. Null: the sheet decides alone. */
  deletedSwitch: { shown: boolean; onChange: (shown: boolean) => void } | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const phone = useMediaQuery('(max-width: 36em)', false, { getInitialValueInEffect: false });
  const [editing, setEditing] = useState<Editing>(null);
  const { counted, deleted } = splitEntries(day?.entries ?? []);

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
            {counted.length === 0 && (
              <Text c="dimmed" component="li" style={{ listStyle: 'none' }}>
                {t('timesheet.noEntries')}
              </Text>
            )}
            {counted.map((entry) => (
              <EntryItem
                key={entry.id}
                entry={entry}
                day={day.day}
                timeZone={timeZone}
                actions={
                  block === null
                    ? {
                        onEdit: () => setEditing({ kind: 'edit', entry }),
                        onDelete: () => setEditing({ kind: 'delete', entry }),
                      }
                    : null
                }
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

          {deletedSwitch && (
            <Switch
              size="md"
              label={t('timesheet.showDeleted')}
              checked={deletedSwitch.shown}
              onChange={(e) => deletedSwitch.onChange(e.currentTarget.checked)}
              data-testid="show-deleted"
            />
          )}
          {deleted.length > 0 && (
            <DeletedEntries entries={deleted} day={day.day} timeZone={timeZone} />
          )}
        </Stack>
      )}
    </Drawer>
  );
}

/** Deleted entries stay on record (GoBD): struck through, with reason and Historie, never counted. */
function DeletedEntries({
  entries,
  day,
  timeZone,
}: {
  entries: TimesheetEntry[];
  day: string;
  timeZone: string;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" component="section" aria-labelledby="deleted-entries-title">
      <div>
        <Title order={3} size="h5" id="deleted-entries-title">
          {t('timesheet.deletedEntries')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('timesheet.deletedHint')}
        </Text>
      </div>
      <Stack gap="xs" component="ul" p={0} m={0} aria-labelledby="deleted-entries-title">
        {entries.map((entry) => (
          <EntryItem key={entry.id} entry={entry} day={day} timeZone={timeZone} actions={null} />
        ))}
      </Stack>
    </Stack>
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

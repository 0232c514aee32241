import { Button, Group, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notify } from '../components/notify';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useLang } from '../../../i18n/use-lang';
import { formatDate } from '../../../lib/format';
import {
  addDays,
  localDayOf,
  localMinutesOf,
  minutesBetween,
  zonedInstant,
  type Day,
} from '../../../lib/zoned-time';
import { useAddEntry, useUpdateEntry, type EntryChanges } from '../api/timesheet';
import type { TimesheetEntry } from '../timesheet-logic';
import {
  completeEntryTimes,
  entryInstants,
  formatClockTime,
  formatDurationInput,
  parseClockTime,
  parseDuration,
  touch,
  type EntryTimes,
  type TimeField,
} from '../time-input';

/** The API's limits for the reason (GoBD: every change of the record says why). */
export const REASON_MIN = 3;
export const REASON_MAX = 500;

function initialTimes(entry: TimesheetEntry | null, timeZone: string): EntryTimes {
  if (!entry) return { start: null, end: null, duration: null };
  return {
    start: localMinutesOf(entry.start, timeZone),
    end: entry.end ? localMinutesOf(entry.end, timeZone) : null,
    duration: entry.end ? minutesBetween(entry.start, entry.end) : null,
  };
}

function display(field: TimeField, value: number | null): string {
  if (value === null) return '';
  return field === 'duration' ? formatDurationInput(value) : formatClockTime(value);
}

/**
 * Adds an entry to a day or changes one: Von, Bis, Dauer (any two give the third), a note and
 * the mandatory reason. A Bis before Von ends on the next day, and the form says so.
 */
export function EntryForm({
  day,
  entry,
  userId,
  timeZone,
  onDone,
}: {
  day: Day;
  /** The entry to change; null adds a new one. */
  entry: TimesheetEntry | null;
  /** Whose entry (managers and admins for team members); undefined: the signed-in person. */
  userId: string | undefined;
  timeZone: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const initial = initialTimes(entry, timeZone);
  const [times, setTimes] = useState<EntryTimes>(initial);
  const [texts, setTexts] = useState<Record<TimeField, string>>({
    start: display('start', initial.start),
    end: display('end', initial.end),
    duration: display('duration', initial.duration),
  });
  // Changing an existing entry: a new Dauer moves Bis (Von stays), a new Von or Bis the Dauer.
  const [lastTwo, setLastTwo] = useState<TimeField[]>(entry?.end ? ['end', 'start'] : []);
  const [note, setNote] = useState(entry?.note ?? '');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Partial<Record<TimeField | 'reason' | 'form', string>>>({});
  const add = useAddEntry();
  const update = useUpdateEntry();
  const mutation = entry ? update : add;
  // A running entry may stay running (only its start changes), unless its day is over.
  const running = entry !== null && entry.end === null;
  const mustEnd = !running || day < localDayOf(new Date(), timeZone);

  /** On leaving a field: read it, show it normalised, and compute the third field. */
  function commit(field: TimeField) {
    const text = texts[field].trim();
    if (text === '') {
      setTimes((v) => ({ ...v, [field]: null }));
      setLastTwo((l) => l.filter((f) => f !== field));
      setErrors((e) => ({ ...e, [field]: undefined }));
      return;
    }
    const value = field === 'duration' ? parseDuration(text) : parseClockTime(text);
    if (value === null) {
      setErrors((e) => ({ ...e, [field]: t(`timesheet.form.invalid.${field}`) }));
      return;
    }
    const order = touch(lastTwo, field);
    const next = completeEntryTimes(day, { ...times, [field]: value }, order, timeZone);
    setErrors((e) => ({ ...e, [field]: undefined }));
    setLastTwo(order);
    setTimes(next);
    setTexts({
      start: display('start', next.start),
      end: display('end', next.end),
      duration: display('duration', next.duration),
    });
  }

  const instants =
    times.start !== null && times.end !== null
      ? entryInstants(day, times.start, times.end, timeZone)
      : null;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const problems: typeof errors = {};
    if (times.start === null) problems.start = t('timesheet.form.required.start');
    if (times.end === null && mustEnd) problems.end = t('timesheet.form.required.end');
    if (instants && !instants.ok) {
      problems.form = t(`timesheet.form.problem.${instants.problem}`, {
        date: formatDate(day, lang),
      });
    } else if (instants?.ok && instants.end.getTime() > Date.now()) {
      problems.end = t('timesheet.form.inFuture');
    }
    if (reason.trim().length < REASON_MIN)
      problems.reason = t('timesheet.form.reasonTooShort', { min: REASON_MIN });
    setErrors(problems);
    if (Object.values(problems).some(Boolean)) return;

    const noteValue = note.trim() === '' ? null : note.trim();
    const done = () => {
      notify({
        color: 'green',
        message: t(entry ? 'timesheet.form.changed' : 'timesheet.form.added'),
      });
      onDone();
    };
    if (entry) {
      const changes: EntryChanges = { reason: reason.trim() };
      if (instants?.ok) {
        changes.start = instants.start.toISOString();
        changes.end = instants.end.toISOString();
      } else if (running && times.start !== null) {
        // Still running: only Von changes.
        const startAt = zonedInstant(day, times.start, timeZone);
        if (!startAt) {
          setErrors({
            form: t('timesheet.form.problem.startMissing', { date: formatDate(day, lang) }),
          });
          return;
        }
        changes.start = startAt.toISOString();
      }
      if (noteValue !== entry.note) changes.note = noteValue;
      update.mutate({ id: entry.id, changes }, { onSuccess: done });
    } else if (instants?.ok) {
      add.mutate(
        {
          ...(userId ? { userId } : {}),
          start: instants.start.toISOString(),
          end: instants.end.toISOString(),
          note: noteValue,
          reason: reason.trim(),
        },
        { onSuccess: done },
      );
    }
  }

  const field = (name: TimeField, label: string, placeholder: string) => (
    <TextInput
      size="md"
      label={label}
      placeholder={placeholder}
      inputMode="decimal"
      autoComplete="off"
      value={texts[name]}
      onChange={(e) => {
        const value = e.currentTarget.value;
        setTexts((v) => ({ ...v, [name]: value }));
      }}
      onBlur={() => commit(name)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit(name);
      }}
      error={errors[name]}
      data-testid={`entry-${name}`}
    />
  );

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label={t(entry ? 'timesheet.form.editTitle' : 'timesheet.form.addTitle')}
    >
      <Stack gap="sm">
        <Text fw={600}>{t(entry ? 'timesheet.form.editTitle' : 'timesheet.form.addTitle')}</Text>
        <SimpleGrid cols={3} spacing="xs">
          {field('start', t('timesheet.form.start'), '8:00')}
          {field('end', t('timesheet.form.end'), '16:30')}
          {field('duration', t('timesheet.form.duration'), '7,5')}
        </SimpleGrid>
        <Text size="xs" c="dimmed">
          {t('timesheet.form.hint')}
        </Text>
        {instants?.ok && instants.endsNextDay && (
          <Text size="sm" data-testid="entry-next-day">
            {t('timesheet.form.endsNextDay', { date: formatDate(addDays(day, 1), lang) })}
          </Text>
        )}
        {errors.form && (
          <Text size="sm" c="var(--mantine-color-error)" role="alert">
            {errors.form}
          </Text>
        )}
        <Textarea
          size="md"
          label={t('timesheet.form.note')}
          description={t('common.optional')}
          autosize
          minRows={1}
          maxLength={REASON_MAX}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
        <TextInput
          size="md"
          label={t('timesheet.form.reason')}
          description={t('timesheet.form.reasonHint')}
          required
          maxLength={REASON_MAX}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={errors.reason}
          data-testid="entry-reason"
        />
        {mutation.isError && <ErrorAlert error={mutation.error} />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" mih={44} onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" mih={44} loading={mutation.isPending} data-testid="entry-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

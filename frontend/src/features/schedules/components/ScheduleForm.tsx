import {
  Alert,
  Button,
  Chip,
  Group,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Num } from '../../../components/Num';
import { useLang } from '../../../i18n/use-lang';
import { isApiError } from '../../../lib/api-error';
import { isDay } from '../../../lib/calendar';
import { formatDate, formatDuration, weekdayNames } from '../../../lib/format';
import { useCreateSchedule } from '../api/schedules';
import {
  WEEKDAYS,
  draftFrom,
  parseHours,
  readDraft,
  splitMinutes,
  type ScheduleDraft,
} from '../working-hours';

/** Below an hours field: how the text was read ("7,5 = 7 h 30 min"), or why not. */
function useHoursHint() {
  const { t } = useTranslation();
  return (text: string): { hint?: string; error?: string } => {
    if (!text.trim()) return {};
    const minutes = parseHours(text);
    if (minutes === null) return { error: t('schedules.form.hoursInvalid') };
    const { hours, minutes: rest } = splitMinutes(minutes);
    return {
      hint:
        rest === 0
          ? t('schedules.form.meansWhole', { text: text.trim(), hours })
          : t('schedules.form.means', { text: text.trim(), hours, minutes: rest }),
    };
  };
}

/**
 * A new version of a schedule from "gültig ab" on: working days as toggles, hours either the
 * same for every working day or per weekday, typed as "7,5" or "7:30", with a live weekly sum.
 */
export function ScheduleForm({
  userId,
  initial,
  defaultValidFrom,
  today,
}: {
  userId: string | null;
  /** Minutes per weekday of the version in force, to start from. */
  initial: readonly number[] | null;
  defaultValidFrom: string;
  today: string;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const hoursHint = useHoursHint();
  const [draft, setDraft] = useState<ScheduleDraft>(() => draftFrom(initial));
  const [validFrom, setValidFrom] = useState(defaultValidFrom);
  const [submitted, setSubmitted] = useState(false);
  const create = useCreateSchedule();
  const shortNames = weekdayNames(lang, 'short');
  const longNames = weekdayNames(lang, 'long');
  const result = readDraft(draft);
  const workdayCount = draft.workdays.filter(Boolean).length;
  const validFromOk = isDay(validFrom);

  function change(changes: Partial<ScheduleDraft>) {
    setDraft((d) => ({ ...d, ...changes }));
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (!validFromOk || !result.minutesPerWeekday) return;
    create.mutate(
      { userId, validFrom, minutesPerWeekday: result.minutesPerWeekday },
      {
        onSuccess: (version) =>
          notifications.show({
            color: 'green',
            message: t('schedules.form.saved', { date: formatDate(version.validFrom, lang) }),
          }),
      },
    );
  }

  const sameHint = hoursHint(draft.sameHours);
  const invalid = (day: number) => submitted && result.invalidDays.includes(day);

  return (
    <Paper
      withBorder
      p={{ base: 'md', sm: 'lg' }}
      component="section"
      aria-labelledby="schedule-form-title"
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <Title order={2} size="h3" id="schedule-form-title">
            {t('schedules.form.title')}
          </Title>
          <TextInput
            type="date"
            size="md"
            label={t('schedules.form.validFrom')}
            description={t('schedules.form.validFromHint')}
            value={validFrom}
            onChange={(e) => setValidFrom(e.currentTarget.value)}
            error={submitted && !validFromOk ? t('schedules.form.validFromMissing') : undefined}
            maw={260}
            required
            data-testid="schedule-valid-from"
          />
          {validFromOk && validFrom < today && (
            <Alert color="orange" data-testid="schedule-backdated">
              {t('schedules.form.backdated', { date: formatDate(validFrom, lang) })}
            </Alert>
          )}

          <Stack gap={6}>
            <Text fw={500} id="schedule-workdays-label">
              {t('schedules.form.workdays')}
            </Text>
            <Chip.Group
              multiple
              value={WEEKDAYS.filter((d) => draft.workdays[d]).map(String)}
              onChange={(values) =>
                change({ workdays: WEEKDAYS.map((d) => values.includes(String(d))) })
              }
            >
              <Group gap="xs" role="group" aria-labelledby="schedule-workdays-label">
                {WEEKDAYS.map((day) => (
                  <Chip key={day} value={String(day)} size="md" data-testid={`workday-${day}`}>
                    <span aria-hidden="true">{shortNames[day]}</span>
                    <VisuallyHidden>{longNames[day]}</VisuallyHidden>
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
          </Stack>

          <SegmentedControl
            value={draft.mode}
            onChange={(value) => change({ mode: value })}
            data={[
              { value: 'same', label: t('schedules.form.modeSame') },
              { value: 'perDay', label: t('schedules.form.modePerDay') },
            ]}
            aria-label={t('schedules.form.modeLabel')}
            fullWidth
            maw={480}
            data-testid="schedule-mode"
          />

          {draft.mode === 'same' ? (
            <TextInput
              size="md"
              label={t('schedules.form.hoursPerDay')}
              description={sameHint.hint ?? t('schedules.form.hoursHint')}
              value={draft.sameHours}
              onChange={(e) => change({ sameHours: e.currentTarget.value })}
              error={
                sameHint.error ??
                (submitted && result.invalidDays.length > 0
                  ? t('schedules.form.hoursInvalid')
                  : undefined)
              }
              inputMode="decimal"
              autoComplete="off"
              maw={260}
              data-testid="schedule-hours"
            />
          ) : (
            <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
              {WEEKDAYS.filter((day) => draft.workdays[day]).map((day) => {
                const text = draft.hoursPerDay[day] ?? '';
                const hint = hoursHint(text);
                return (
                  <TextInput
                    key={day}
                    size="md"
                    label={longNames[day]}
                    description={hint.hint ?? t('schedules.form.hoursHint')}
                    value={text}
                    onChange={(e) => {
                      const hoursPerDay = [...draft.hoursPerDay];
                      hoursPerDay[day] = e.currentTarget.value;
                      change({ hoursPerDay });
                    }}
                    error={
                      hint.error ?? (invalid(day) ? t('schedules.form.hoursInvalid') : undefined)
                    }
                    inputMode="decimal"
                    autoComplete="off"
                    data-testid={`schedule-hours-${day}`}
                  />
                );
              })}
            </SimpleGrid>
          )}

          <Text fw={600} aria-live="polite" data-testid="schedule-weekly-sum">
            <Num>
              {workdayCount === 0
                ? t('schedules.form.noWorkdays')
                : t('schedules.weekly', {
                    sum: formatDuration(result.weeklyMinutes),
                    count: workdayCount,
                  })}
            </Num>
          </Text>

          {create.isError && (
            <ErrorAlert
              error={create.error}
              overrides={
                isApiError(create.error, 'CONFLICT')
                  ? { CONFLICT: t('schedules.form.conflict') }
                  : undefined
              }
            />
          )}
          <Group>
            <Button type="submit" mih={44} loading={create.isPending} data-testid="schedule-save">
              {t('schedules.form.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

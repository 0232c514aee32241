import {
  ActionIcon,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { FormModal } from '../../../components/FormModal';
import { LoadingBlock } from '../../../components/LoadingBlock';
import { Num } from '../../../components/Num';
import { useLang } from '../../../i18n/use-lang';
import { isDay } from '../../../lib/calendar';
import { formatDate } from '../../../lib/format';
import {
  useClosureDays,
  useDeleteClosureDay,
  useSetClosureDay,
  type ClosureDay,
} from '../api/closure-days';
import { closureSuggestions } from '../closure-suggestions';

const NAME_MAX = 100;

function useSaved() {
  const { t } = useTranslation();
  const lang = useLang();
  return ({ closure, created }: { closure: ClosureDay; created: boolean }) =>
    notifications.show({
      color: 'green',
      message: t(created ? 'closureDays.added' : 'closureDays.changed', {
        date: formatDate(closure.day, lang),
        name: closure.name,
      }),
    });
}

/** Date, name and half day; with `fixedDay` only name and half day can change. */
function ClosureForm({
  initial,
  fixedDay,
  onSaved,
  testIdPrefix,
}: {
  initial: ClosureDay;
  fixedDay?: boolean;
  onSaved?: () => void;
  testIdPrefix: string;
}) {
  const { t } = useTranslation();
  const saved = useSaved();
  const [values, setValues] = useState(initial);
  const [submitted, setSubmitted] = useState(false);
  const save = useSetClosureDay();
  const dayOk = isDay(values.day);
  const nameOk = values.name.trim().length > 0;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (!dayOk || !nameOk) return;
    save.mutate(
      { ...values, name: values.name.trim() },
      {
        onSuccess: (result) => {
          saved(result);
          setSubmitted(false);
          if (!fixedDay) setValues({ day: '', name: '', half: false });
          onSaved?.();
        },
      },
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <Group align="flex-start" gap="sm">
          <TextInput
            type="date"
            size="md"
            label={t('closureDays.fields.day')}
            value={values.day}
            disabled={fixedDay}
            onChange={(e) => setValues((v) => ({ ...v, day: e.currentTarget.value }))}
            error={submitted && !dayOk ? t('closureDays.fields.dayMissing') : undefined}
            required
            data-testid={`${testIdPrefix}-day`}
          />
          <TextInput
            size="md"
            label={t('closureDays.fields.name')}
            placeholder={t('closureDays.fields.namePlaceholder')}
            value={values.name}
            maxLength={NAME_MAX}
            onChange={(e) => setValues((v) => ({ ...v, name: e.currentTarget.value }))}
            error={submitted && !nameOk ? t('closureDays.fields.nameMissing') : undefined}
            required
            autoComplete="off"
            style={{ flex: '1 1 12rem' }}
            data-testid={`${testIdPrefix}-name`}
          />
        </Group>
        <Checkbox
          size="md"
          label={t('closureDays.fields.half')}
          description={t('closureDays.fields.halfHint')}
          checked={values.half}
          onChange={(e) => setValues((v) => ({ ...v, half: e.currentTarget.checked }))}
          data-testid={`${testIdPrefix}-half`}
        />
        {save.isError && <ErrorAlert error={save.error} />}
        <Group>
          <Button
            type="submit"
            mih={44}
            loading={save.isPending}
            data-testid={`${testIdPrefix}-save`}
          >
            {fixedDay ? t('common.save') : t('closureDays.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** 24 and 31 December as half days, each one click. */
function Suggestions({ year, existing }: { year: number; existing: ClosureDay[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const saved = useSaved();
  const save = useSetClosureDay();
  const suggestions = closureSuggestions(year, existing);
  if (suggestions.length === 0) return null;
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        {t('closureDays.suggestions')}
      </Text>
      <Group gap="xs">
        {suggestions.map((s) => {
          const name = t(`closureDays.suggestion.${s.key}`);
          return (
            <Button
              key={s.day}
              variant="light"
              mih={44}
              h="auto"
              py={8}
              styles={{ label: { whiteSpace: 'normal', textAlign: 'left' } }}
              loading={save.isPending && save.variables.day === s.day}
              onClick={() => save.mutate({ day: s.day, name, half: true }, { onSuccess: saved })}
              data-testid={`closure-suggestion-${s.key}`}
            >
              <Num>{t('closureDays.suggest', { date: formatDate(s.day, lang), name })}</Num>
            </Button>
          );
        })}
      </Group>
      {save.isError && <ErrorAlert error={save.error} />}
    </Stack>
  );
}

/**
 * Betriebsruhetage of a year (company closure days and half days): they set everyone's target
 * to zero (or half). List with change and remove, a form to add, and the usual half days as
 * suggestions.
 */
export function ClosureDays() {
  const { t } = useTranslation();
  const lang = useLang();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const closures = useClosureDays(year);
  const remove = useDeleteClosureDay();
  const [editing, setEditing] = useState<ClosureDay | null>(null);
  const [removing, setRemoving] = useState<ClosureDay | null>(null);

  let list;
  if (closures.isPending)
    list = <LoadingBlock label={t('closureDays.loading')} rows={2} height={48} />;
  else if (closures.isError)
    list = (
      <ErrorAlert
        error={closures.error}
        onRetry={() => void closures.refetch()}
        retrying={closures.isFetching}
      />
    );
  else if (closures.data.length === 0)
    list = (
      <Text c="dimmed" data-testid="closure-days-empty">
        {t('closureDays.empty', { year })}
      </Text>
    );
  else
    list = (
      <Stack gap="xs" component="ul" p={0} m={0} aria-busy={closures.isFetching}>
        {closures.data.map((closure) => (
          <Paper
            key={closure.day}
            withBorder
            p="sm"
            component="li"
            style={{ listStyle: 'none' }}
            data-testid="closure-day"
            data-day={closure.day}
          >
            <Group justify="space-between" gap="xs">
              <Stack gap={2} miw={0} style={{ flex: '1 1 12rem' }}>
                <Text fw={600}>
                  <Num>{formatDate(closure.day, lang)}</Num>
                </Text>
                <Group gap="xs">
                  <Text size="sm">{closure.name}</Text>
                  <Badge variant={closure.half ? 'outline' : 'light'} color="gray">
                    {closure.half ? t('closureDays.halfDay') : t('closureDays.fullDay')}
                  </Badge>
                </Group>
              </Stack>
              <Group gap="xs">
                <Button
                  variant="default"
                  mih={44}
                  onClick={() => setEditing(closure)}
                  aria-label={t('closureDays.editFor', { date: formatDate(closure.day, lang) })}
                  data-testid="closure-day-edit"
                >
                  {t('common.edit')}
                </Button>
                <Button
                  variant="outline"
                  color="red"
                  mih={44}
                  onClick={() => {
                    remove.reset();
                    setRemoving(closure);
                  }}
                  aria-label={t('closureDays.removeFor', { date: formatDate(closure.day, lang) })}
                  data-testid="closure-day-remove"
                >
                  {t('closureDays.remove')}
                </Button>
              </Group>
            </Group>
          </Paper>
        ))}
      </Stack>
    );

  return (
    <Paper
      withBorder
      p={{ base: 'md', sm: 'lg' }}
      component="section"
      aria-labelledby="closure-days-title"
    >
      <Stack gap="md">
        <Group justify="space-between" gap="sm">
          <Title order={2} size="h3" id="closure-days-title">
            {t('closureDays.title')}
          </Title>
          <Group gap={4} wrap="nowrap">
            <ActionIcon
              variant="default"
              size={44}
              aria-label={t('closureDays.previousYear')}
              onClick={() => setYear((y) => y - 1)}
            >
              <span aria-hidden="true">‹</span>
            </ActionIcon>
            <Text fw={600} miw="4rem" ta="center" aria-live="polite" data-testid="closure-year">
              <Num>{year}</Num>
            </Text>
            <ActionIcon
              variant="default"
              size={44}
              aria-label={t('closureDays.nextYear')}
              onClick={() => setYear((y) => y + 1)}
            >
              <span aria-hidden="true">›</span>
            </ActionIcon>
          </Group>
        </Group>
        <Text size="sm" c="dimmed">
          {t('closureDays.intro')}
        </Text>
        {list}
        {closures.data && <Suggestions year={year} existing={closures.data} />}
        <Title order={3} size="h4">
          {t('closureDays.addTitle')}
        </Title>
        <ClosureForm initial={{ day: '', name: '', half: false }} testIdPrefix="closure-new" />
      </Stack>

      {editing && (
        <FormModal
          onClose={() => setEditing(null)}
          title={t('closureDays.editTitle', { date: formatDate(editing.day, lang) })}
        >
          <ClosureForm
            initial={editing}
            fixedDay
            onSaved={() => setEditing(null)}
            testIdPrefix="closure-edit"
          />
        </FormModal>
      )}
      <ConfirmDialog
        opened={removing !== null}
        title={t('closureDays.confirmRemove.title')}
        message={t('closureDays.confirmRemove.message', {
          date: removing ? formatDate(removing.day, lang) : '',
          name: removing?.name ?? '',
        })}
        confirmLabel={t('closureDays.remove')}
        loading={remove.isPending}
        error={remove.isError ? remove.error : null}
        onConfirm={() =>
          removing &&
          remove.mutate(removing.day, {
            onSuccess: () => {
              notifications.show({
                color: 'green',
                message: t('closureDays.removed', { date: formatDate(removing.day, lang) }),
              });
              setRemoving(null);
            },
          })
        }
        onClose={() => setRemoving(null)}
      />
    </Paper>
  );
}

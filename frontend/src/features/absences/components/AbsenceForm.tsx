import 'dayjs/locale/de';
import 'dayjs/locale/en-gb';
import {
  Alert,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  SegmentedControl,
  Stack,
  Switch,
  Text,
  Textarea,
} from '@mantine/core';
import { DatePickerInput, DatesProvider } from '@mantine/dates';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../lib/api-error';
import { useSignedInUser } from '../../../lib/auth';
import { useReveal } from '../../../lib/use-reveal';
import {
  splitTypes,
  mayBeOpenEnded,
  refusesForGood,
  substituteGroups,
  vacationReturnsOf,
  VACATION_RETURN_CODE,
  type Absence,
  type AbsenceType,
} from '../absence-logic';
import {
  useChangeAbsence,
  useCreateAbsence,
  useColleagues,
  usePeople,
  usePreview,
  type PreviewBody,
} from '../api/absences';
import { useAbsenceTexts } from '../use-absence-texts';
import { PreviewPanel } from './PreviewPanel';
import { VacationReturnConfirm } from './VacationReturnConfirm';

/** Request a new absence, change a pending one, or (admins) record a sickness for someone. */
export type FormMode =
  | { kind: 'request'; from: string | null; to: string | null; typeId: string | null }
  | { kind: 'edit'; absence: Absence }
  | { kind: 'record' };

interface Draft {
  userId: string | null;
  typeId: string | null;
  from: string | null;
  to: string | null;
  openEnd: boolean;
  halfDayStart: boolean;
  halfDayEnd: boolean;
  note: string;
  substituteId: string;
  substituteNote: string;
}

function initialDraft(mode: FormMode, types: readonly AbsenceType[]): Draft {
  const empty: Draft = {
    userId: null,
    typeId: null,
    from: null,
    to: null,
    openEnd: false,
    halfDayStart: false,
    halfDayEnd: false,
    note: '',
    substituteId: '',
    substituteNote: '',
  };
  switch (mode.kind) {
    case 'request': {
      const known = types.find((t) => t.id === mode.typeId && t.active);
      return {
        ...empty,
        typeId: known?.id ?? splitTypes(types).top[0]?.id ?? null,
        from: mode.from,
        to: mode.to,
      };
    }
    case 'record':
      return {
        ...empty,
        typeId: types.find((t) => t.active && t.key === 'sick')?.id ?? null,
        openEnd: true,
      };
    case 'edit': {
      const a = mode.absence;
      return {
        ...empty,
        typeId: a.type.id,
        from: a.from,
        to: a.to,
        openEnd: a.to === null,
        halfDayStart: a.halfDayStart,
        halfDayEnd: a.halfDayEnd,
        note: a.note ?? '',
        substituteId: a.substitute?.id ?? '',
        substituteNote: a.substituteNote ?? '',
      };
    }
  }
}

/**
 * The form behind "Abwesenheit beantragen" (UX.md): type as a segmented control for the first
 * three types plus a select for the rest, the range with half first and last days, a live
 * count from the server as the person types, colleagues away in the range, Vertretung and a
 * note. The server decides; the form only shows early what it would say.
 */
export function AbsenceForm({
  mode,
  types,
  onDone,
}: {
  mode: FormMode;
  types: readonly AbsenceType[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const texts = useAbsenceTexts();
  const user = useSignedInUser();
  const phone = useMediaQuery('(max-width: 36em)', false, { getInitialValueInEffect: false });
  const [draft, setDraft] = useState<Draft>(() => initialDraft(mode, types));
  const [submitted, setSubmitted] = useState(false);
  const create = useCreateAbsence();
  const change = useChangeAbsence();
  const saving = create.isPending || change.isPending;
  // A double tap fires two submits before React re-renders with `saving`: this guard is
  // synchronous, so only one request goes out.
  const inFlight = useRef(false);
  const saveError = create.error ?? change.error;
  const people = usePeople(user.role !== 'employee');
  const colleagues = useColleagues();

  const recording = mode.kind === 'record';
  const offered = recording ? types.filter((t) => t.active && !t.needsApproval) : types;
  const { top, more } = splitTypes(offered);
  const type = types.find((t) => t.id === draft.typeId);
  const openEndAllowed = type ? mayBeOpenEnded(type) : false;
  const openEnd = openEndAllowed && draft.openEnd;
  const to = openEnd ? null : draft.to;
  const singleDay = draft.from !== null && to !== null && draft.from === to;
  const halfDays = type?.halfDaysAllowed ?? false;
  const subjectId = recording ? draft.userId : user.id;

  const calendarLabels = {
    previousMonth: t('absences.form.previousMonth'),
    nextMonth: t('absences.form.nextMonth'),
    previousYear: t('absences.form.previousYear'),
    nextYear: t('absences.form.nextYear'),
    previousDecade: t('absences.form.previousDecade'),
    nextDecade: t('absences.form.nextDecade'),
    monthLevelControl: t('absences.form.monthLevel'),
    yearLevelControl: t('absences.form.yearLevel'),
  };

  const set = (changes: Partial<Draft>) => setDraft((d) => ({ ...d, ...changes }));

  // The preview's body: only a complete range is counted.
  const previewBody: PreviewBody | null = useMemo(() => {
    if (!draft.typeId || !draft.from || (!openEnd && !draft.to)) return null;
    if (recording && !draft.userId) return null;
    return {
      ...(recording && draft.userId ? { userId: draft.userId } : {}),
      typeId: draft.typeId,
      from: draft.from,
      to: openEnd ? null : draft.to,
      halfDayStart: halfDays && draft.halfDayStart,
      halfDayEnd: halfDays && !openEnd && !singleDay && draft.halfDayEnd,
      ...(mode.kind === 'edit' ? { excludeAbsenceId: mode.absence.id } : {}),
    };
  }, [draft, openEnd, recording, halfDays, singleDay, mode]);

  // Vertretung: any active colleague, never the person who is away; their own team first.
  const substituteOptions = substituteGroups(
    colleagues.data ?? [],
    subjectId,
    t('absences.form.substituteNoTeam'),
  );
  const recordable = (people.data ?? []).filter(
    (p) => p.status === 'active' && p.role !== 'super_admin' && p.id !== user.id,
  );

  const preview = usePreview(previewBody);
  // Refusals the server would give: the button says so before anyone presses it. A sickness
  // over vacation is no such refusal: the answer asks to confirm giving the days back.
  const blocked =
    previewBody !== null &&
    !preview.isPlaceholderData &&
    (preview.data?.problems.some(refusesForGood) ?? false);
  const vacationReturns =
    saveError && isApiError(saveError, VACATION_RETURN_CODE)
      ? vacationReturnsOf(saveError.details)
      : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    send(false);
  }

  /** Sends the form; `returnVacationDays` after the person confirmed giving them back. */
  function send(returnVacationDays: boolean) {
    if (inFlight.current || saving || !previewBody || blocked) return;
    inFlight.current = true;
    const settled = () => {
      inFlight.current = false;
    };
    const details = {
      note: draft.note.trim() || null,
      substituteId: draft.substituteId || null,
      substituteNote: draft.substituteId ? draft.substituteNote.trim() || null : null,
      ...(returnVacationDays ? { returnVacationDays: true } : {}),
    };
    const returned = returnVacationDays ? vacationReturns : null;
    const { excludeAbsenceId: _ignored, ...range } = previewBody;
    const shown = {
      from: range.from,
      to: range.to,
      halfDayStart: range.halfDayStart ?? false,
      halfDayEnd: range.halfDayEnd ?? false,
    };
    const done = (
      warnings: { code: string; message: string; blocking: boolean }[],
      title: string,
    ) => {
      notifications.show({
        color: warnings.length > 0 ? 'yellow' : 'green',
        title: returned
          ? t('absences.vacationReturn.done', {
              days: texts.vacationDays(returned.daysReturned),
            })
          : title,
        message: (
          <span data-testid="absence-saved-toast">
            {warnings.map((w) => texts.problem(w)).join(' ') || texts.range(shown)}
          </span>
        ),
      });
      onDone();
    };
    if (mode.kind === 'edit') {
      change.mutate(
        { id: mode.absence.id, body: { ...range, ...details } },
        { onSuccess: (r) => done(r.warnings, t('absences.toast.changed')), onSettled: settled },
      );
    } else {
      create.mutate(
        { ...range, ...details },
        {
          onSuccess: (r) =>
            done(
              r.warnings,
              r.absence.status === 'approved'
                ? t('absences.toast.recorded')
                : t('absences.toast.requested'),
            ),
          onSettled: settled,
        },
      );
    }
  }

  const submitLabel =
    mode.kind === 'edit'
      ? t('absences.form.submitEdit')
      : recording || (type && !type.needsApproval)
        ? t('absences.form.submitRecord')
        : t('absences.form.submit');

  return (
    <DatesProvider settings={{ locale: texts.lang === 'de' ? 'de' : 'en-gb', firstDayOfWeek: 1 }}>
      <form onSubmit={submit} noValidate data-testid="absence-form">
        <Stack gap="md">
          {recording && (
            <NativeSelect
              size="md"
              label={t('absences.form.person')}
              required
              value={draft.userId ?? ''}
              onChange={(e) => set({ userId: e.currentTarget.value || null })}
              data={[
                { value: '', label: t('absences.form.personPick') },
                ...recordable.map((p) => ({ value: p.id, label: p.name || p.email })),
              ]}
              error={submitted && !draft.userId ? t('absences.form.personRequired') : undefined}
              data-testid="absence-person"
            />
          )}

          <Stack gap={6}>
            <Text size="sm" fw={500} id="absence-type-label">
              {t('absences.form.type')}
            </Text>
            {top.length > 0 && (
              <SegmentedControl
                value={top.some((x) => x.id === draft.typeId) ? draft.typeId! : ''}
                onChange={(value) => set({ typeId: value })}
                data={top.map((x) => ({ value: x.id, label: x.name[texts.lang] }))}
                aria-labelledby="absence-type-label"
                fullWidth
                size={phone ? 'sm' : 'md'}
                data-testid="absence-type"
              />
            )}
            {more.length > 0 && (
              <NativeSelect
                size="md"
                aria-label={t('absences.form.moreTypes')}
                value={more.some((x) => x.id === draft.typeId) ? draft.typeId! : ''}
                onChange={(e) => e.currentTarget.value && set({ typeId: e.currentTarget.value })}
                data={[
                  { value: '', label: t('absences.form.moreTypes') },
                  ...more.map((x) => ({ value: x.id, label: x.name[texts.lang] })),
                ]}
                data-testid="absence-type-more"
              />
            )}
          </Stack>

          {openEndAllowed && (
            <Checkbox
              size="md"
              label={t('absences.form.openEnd')}
              description={t('absences.form.openEndHint')}
              checked={draft.openEnd}
              onChange={(e) => set({ openEnd: e.currentTarget.checked })}
              data-testid="absence-open-end"
            />
          )}

          {openEnd ? (
            <DatePickerInput
              size="md"
              label={t('absences.form.firstDay')}
              value={draft.from}
              onChange={(value) => set({ from: value })}
              valueFormat={texts.lang === 'de' ? 'DD.MM.YYYY' : 'D MMM YYYY'}
              placeholder={t('absences.form.firstDayPlaceholder')}
              dropdownType={phone ? 'modal' : 'popover'}
              ariaLabels={calendarLabels}
              error={submitted && !draft.from ? t('absences.form.rangeRequired') : undefined}
              data-testid="absence-first-day"
            />
          ) : (
            <DatePickerInput
              type="range"
              size="md"
              label={t('absences.form.range')}
              value={[draft.from, draft.to]}
              onChange={([from, rangeTo]) => set({ from, to: rangeTo })}
              allowSingleDateInRange
              valueFormat={texts.lang === 'de' ? 'DD.MM.YYYY' : 'D MMM YYYY'}
              placeholder={t('absences.form.rangePlaceholder')}
              dropdownType={phone ? 'modal' : 'popover'}
              ariaLabels={calendarLabels}
              error={
                submitted && (!draft.from || !draft.to)
                  ? t('absences.form.rangeRequired')
                  : undefined
              }
              data-testid="absence-range"
            />
          )}

          {halfDays && draft.from && (
            <Stack gap="xs">
              {singleDay ? (
                <Switch
                  size="md"
                  label={t('absences.form.halfSingle')}
                  checked={draft.halfDayStart}
                  onChange={(e) =>
                    set({ halfDayStart: e.currentTarget.checked, halfDayEnd: false })
                  }
                  data-testid="absence-half-start"
                />
              ) : (
                <>
                  <Switch
                    size="md"
                    label={t('absences.form.halfStart')}
                    checked={draft.halfDayStart}
                    onChange={(e) => set({ halfDayStart: e.currentTarget.checked })}
                    data-testid="absence-half-start"
                  />
                  {!openEnd && (
                    <Switch
                      size="md"
                      label={t('absences.form.halfEnd')}
                      checked={draft.halfDayEnd}
                      onChange={(e) => set({ halfDayEnd: e.currentTarget.checked })}
                      data-testid="absence-half-end"
                    />
                  )}
                </>
              )}
            </Stack>
          )}

          <PreviewPanel complete={previewBody !== null} preview={preview} />

          {substituteOptions.length > 0 && !recording && (
            <Stack gap="xs">
              <NativeSelect
                size="md"
                label={t('absences.form.substitute')}
                value={draft.substituteId}
                onChange={(e) => set({ substituteId: e.currentTarget.value })}
                data={[
                  { value: '', label: t('absences.form.substituteNone') },
                  ...substituteOptions,
                ]}
                data-testid="absence-substitute"
              />
              {draft.substituteId && (
                <Textarea
                  size="md"
                  label={t('absences.form.substituteNote')}
                  value={draft.substituteNote}
                  onChange={(e) => set({ substituteNote: e.currentTarget.value })}
                  maxLength={500}
                  autosize
                  minRows={2}
                  data-testid="absence-substitute-note"
                />
              )}
            </Stack>
          )}

          <Textarea
            size="md"
            label={t('absences.form.note')}
            description={t('absences.form.noteHint')}
            value={draft.note}
            onChange={(e) => set({ note: e.currentTarget.value })}
            maxLength={2000}
            autosize
            minRows={2}
            data-testid="absence-note"
          />

          {vacationReturns ? (
            <VacationReturnConfirm
              returns={vacationReturns}
              pending={saving}
              onConfirm={() => send(true)}
            />
          ) : saveError ? (
            <SaveError key={texts.error(saveError)}>{texts.error(saveError)}</SaveError>
          ) : null}

          {/* Sticky on phones: the submit button stays in thumb reach above the keyboard. */}
          <Group
            justify="flex-end"
            gap="sm"
            pos="sticky"
            bottom={0}
            py="xs"
            bg="var(--mantine-color-body)"
            style={{ zIndex: 1 }}
          >
            <Button variant="default" mih={44} onClick={onDone} disabled={saving}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              mih={44}
              loading={saving}
              disabled={saving || blocked}
              data-testid="absence-submit"
            >
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </DatesProvider>
  );
}

/** A refusal of the form, below it: brought into view when it appears (see useReveal). */
function SaveError({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const ref = useReveal<HTMLDivElement>();
  return (
    <Alert
      ref={ref}
      color="red"
      role="alert"
      title={t('errors.title')}
      data-testid="absence-save-error"
    >
      {children}
    </Alert>
  );
}

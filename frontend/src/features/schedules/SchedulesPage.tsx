import { Anchor, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { PageHeader } from '../../components/PageHeader';
import { useLang } from '../../i18n/use-lang';
import { addDays, dayIn, firstDayOf, monthOf, shiftMonth } from '../../lib/calendar';
import { formatDate, localeOf } from '../../lib/format';
import { schedulesPath } from '../../lib/navigation';
import {
  useCompanyTimeZone,
  useDeleteSchedule,
  usePeopleForSchedules,
  useSchedules,
  type WorkSchedule,
} from './api/schedules';
import { ScheduleForm } from './components/ScheduleForm';
import { VersionList } from './components/VersionList';
import { WeekHours } from './components/WeekHours';
import { scheduleInForce, versionOn } from './working-hours';

/** Who the schedule is for: "Firmenstandard" or one person. */
function SubjectSelect({
  userId,
  onChange,
}: {
  userId: string | null;
  onChange: (userId: string | null) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const people = usePeopleForSchedules();
  const collator = new Intl.Collator(localeOf(lang), { sensitivity: 'base' });
  const options = (people.data ?? [])
    .filter((p) => p.status !== 'disabled' || p.id === userId)
    .sort((a, b) => collator.compare(a.name || a.email, b.name || b.email))
    .map((p) => ({ value: p.id, label: p.name || p.email }));
  return (
    <NativeSelect
      size="md"
      label={t('schedules.subject.label')}
      value={userId ?? ''}
      data={[{ value: '', label: t('schedules.subject.default') }, ...options]}
      onChange={(e) => onChange(e.currentTarget.value || null)}
      error={people.isError ? t('schedules.subject.peopleFailed') : undefined}
      maw={420}
      data-testid="schedule-subject"
    />
  );
}

/** What applies today, in one sentence and the week's hours. */
function InForce({
  userId,
  own,
  companyDefault,
  today,
}: {
  userId: string | null;
  own: WorkSchedule[];
  companyDefault: WorkSchedule[];
  today: string;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const current = scheduleInForce(own, companyDefault, today);
  let sentence;
  if (!current) sentence = t(userId ? 'schedules.inForce.none' : 'schedules.inForce.noDefault');
  else if (current.source === 'default' && userId)
    sentence = t('schedules.inForce.companyDefault', {
      date: formatDate(current.version.validFrom, lang),
    });
  else sentence = t('schedules.inForce.own', { date: formatDate(current.version.validFrom, lang) });
  return (
    <Paper withBorder p="md" data-testid="schedule-in-force">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('schedules.inForce.title')}
        </Title>
        <Text>{sentence}</Text>
        {current && <WeekHours minutesPerWeekday={current.version.minutesPerWeekday} />}
        {current?.source === 'default' && userId && (
          <Anchor component={Link} to={schedulesPath(null)} size="sm">
            {t('schedules.inForce.openDefault')}
          </Anchor>
        )}
      </Stack>
    </Paper>
  );
}

/**
 * `/schedules` (admins): Arbeitszeitmodelle — the company default (no `userId`) or one person's
 * schedule (`?userId=`): what applies today, a form for a new version from "gültig ab" on, and
 * the history, where only versions that have not started can be removed.
 */
export function SchedulesPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [params, setParams] = useSearchParams();
  const userId = params.get('userId');
  const schedules = useSchedules(userId);
  const timeZone = useCompanyTimeZone();
  const remove = useDeleteSchedule();
  const [deleting, setDeleting] = useState<WorkSchedule | null>(null);

  function choose(next: string | null) {
    setParams(next ? { userId: next } : {}, { replace: true });
  }

  let content;
  if (schedules.isPending || timeZone.isPending) {
    content = <LoadingBlock label={t('schedules.loading')} rows={3} height={96} />;
  } else if (schedules.isError || timeZone.isError) {
    const failed = schedules.isError ? schedules : timeZone;
    content = (
      <ErrorAlert
        error={failed.error}
        onRetry={() => void failed.refetch()}
        retrying={failed.isFetching}
      />
    );
  } else {
    const today = dayIn(new Date(), timeZone.data);
    const own = schedules.data.filter((v) => v.userId === userId);
    const companyDefault = schedules.data.filter((v) => v.userId === null);
    const current = scheduleInForce(own, companyDefault, today);
    // The history lists the subject's own versions; mark the one of them that applies today.
    const ownInForce = versionOn(own, today);
    // A first schedule usually starts now; a change usually with the next month.
    const defaultValidFrom =
      own.length === 0 ? today : firstDayOf(shiftMonth(monthOf(addDays(today, 1)), 1));
    content = (
      <>
        <InForce userId={userId} own={own} companyDefault={companyDefault} today={today} />
        <ScheduleForm
          key={userId ?? 'default'}
          userId={userId}
          initial={current?.version.minutesPerWeekday ?? null}
          defaultValidFrom={defaultValidFrom}
          today={today}
        />
        <VersionList
          versions={own}
          inForceId={ownInForce?.id ?? null}
          today={today}
          deletingId={remove.isPending ? (remove.variables ?? null) : null}
          onDelete={(version) => {
            remove.reset();
            setDeleting(version);
          }}
        />
      </>
    );
  }

  return (
    <Stack gap="lg" maw={880}>
      <PageHeader title={t('schedules.title')} description={t('schedules.intro')} />
      <SubjectSelect userId={userId} onChange={choose} />
      {content}
      <ConfirmDialog
        opened={deleting !== null}
        title={t('schedules.delete.title')}
        message={t('schedules.delete.message', {
          date: deleting ? formatDate(deleting.validFrom, lang) : '',
        })}
        confirmLabel={t('schedules.history.delete')}
        loading={remove.isPending}
        error={remove.isError ? remove.error : null}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => {
              setDeleting(null);
              notifications.show({ color: 'green', message: t('schedules.delete.done') });
            },
          })
        }
        onClose={() => setDeleting(null)}
      />
    </Stack>
  );
}

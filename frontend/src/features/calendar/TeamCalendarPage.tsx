import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { MonthPicker } from '../../components/MonthPicker';
import { PageHeader } from '../../components/PageHeader';
import { TeamSelect } from '../../components/TeamSelect';
import { useLang } from '../../i18n/use-lang';
import { useSignedInUser } from '../../lib/auth';
import { dayIn, isMonth, monthOf } from '../../lib/calendar';
import { formatMonth } from '../../lib/format';
import { calendarYearPath } from '../../lib/navigation';
import { useTeamCalendar, useTeams } from './api/calendar';
import { CalendarGrid } from './components/CalendarGrid';
import { FeedPanel } from './components/FeedPanel';
import { Legend } from './components/Legend';

function browserToday(): string {
  return dayIn(new Date(), Intl.DateTimeFormat().resolvedOptions().timeZone);
}

/**
 * `/calendar` (Teamkalender): who is away in a month – everyone, or one team – with weekends,
 * holidays and closure days shaded and today marked; ‹ Heute › to move, month and team in the
 * URL. Tapping an absence shows its details; a name opens that person's year. `onSelectDay`
 * (an empty day of one's own) is where a request form can hook in.
 */
export function TeamCalendarPage({ onSelectDay }: { onSelectDay?: (day: string) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useSignedInUser();
  const [params, setParams] = useSearchParams();
  const monthParam = params.get('month');
  const today = browserToday();
  const month = monthParam && isMonth(monthParam) ? monthParam : monthOf(today);
  const teamId = params.get('team');
  const calendar = useTeamCalendar(month, teamId);
  const teams = useTeams();

  function setParam(name: 'month' | 'team', value: string | null) {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  }

  const data = calendar.data;
  const year = Number(month.slice(0, 4));
  let content;
  if (calendar.isPending) {
    content = <LoadingBlock label={t('calendar.loading')} rows={6} height={44} />;
  } else if (calendar.isError) {
    content = (
      <ErrorAlert
        error={calendar.error}
        onRetry={() => void calendar.refetch()}
        retrying={calendar.isFetching}
      />
    );
  } else if (!data || data.people.length === 0) {
    content = (
      <Paper withBorder p="lg" data-testid="calendar-empty">
        <Text>{t('calendar.empty')}</Text>
      </Paper>
    );
  } else {
    content = (
      <Stack gap="sm" aria-busy={calendar.isFetching}>
        <CalendarGrid
          caption={t('calendar.caption', { month: formatMonth(month, lang) })}
          headDays={data.days}
          today={data.today}
          onSelectDay={onSelectDay}
          rows={data.people.map((person) => ({
            id: person.id,
            name: person.name,
            personName: person.name,
            href: calendarYearPath(person.id, year),
            absences: person.absences,
            days: data.days,
            selectable: person.id === me.id && onSelectDay !== undefined,
          }))}
        />
        <Legend absences={data.people.flatMap((p) => p.absences)} />
      </Stack>
    );
  }

  return (
    <Stack gap="lg">
      <PageHeader title={t('calendar.title')} description={t('calendar.intro')} />
      <Group gap="md" align="flex-end">
        <Group gap={4} wrap="nowrap">
          <MonthPicker month={month} onChange={(m) => setParam('month', m)} />
          <Button
            variant="default"
            h={44}
            onClick={() => setParam('month', null)}
            disabled={month === monthOf(today)}
            data-testid="calendar-today"
          >
            {t('calendar.todayButton')}
          </Button>
        </Group>
        <TeamSelect
          teams={teams.data ?? []}
          value={teamId}
          onChange={(id) => setParam('team', id)}
        />
      </Group>
      {content}
      <FeedPanel teams={teams.data ?? []} />
    </Stack>
  );
}

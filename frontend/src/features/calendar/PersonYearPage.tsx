import { Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { PageHeader } from '../../components/PageHeader';
import { useLang } from '../../i18n/use-lang';
import { useSignedInUser } from '../../lib/auth';
import { formatMonth, formatMonthShort } from '../../lib/format';
import { PATHS, calendarYearPath } from '../../lib/navigation';
import type { CalendarDay } from './api/calendar';
import { usePersonYear } from './api/calendar';
import { CalendarGrid } from './components/CalendarGrid';
import { Legend } from './components/Legend';

/** 1…31 as column heads of the year (no weekday: each month starts elsewhere). */
const HEAD: CalendarDay[] = Array.from({ length: 31 }, (_, i) => ({
  day: `2000-01-${String(i + 1).padStart(2, '0')}`,
  weekend: false,
  holiday: null,
  closure: null,
}));

/**
 * `/calendar/year?user=…&year=…` (Jahresansicht): twelve rows of one person's year, one column
 * per day of the month, with the same shading, codes and details as the team calendar.
 */
export function PersonYearPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useSignedInUser();
  const [params, setParams] = useSearchParams();
  const userId = params.get('user') ?? me.id;
  const yearParam = Number(params.get('year'));
  const year =
    Number.isInteger(yearParam) && yearParam >= 2000 && yearParam <= 2100
      ? yearParam
      : new Date().getFullYear();
  const view = usePersonYear(userId, year);
  const setYear = (y: number) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.set('year', String(y));
        return next;
      },
      { replace: true },
    );

  let content;
  if (view.isPending)
    content = <LoadingBlock label={t('calendar.loading')} rows={12} height={44} />;
  else if (view.isError)
    content = (
      <ErrorAlert
        error={view.error}
        onRetry={() => void view.refetch()}
        retrying={view.isFetching}
      />
    );
  else {
    const data = view.data;
    const months = Array.from(
      { length: 12 },
      (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`,
    );
    content = (
      <Stack gap="sm" aria-busy={view.isFetching}>
        <CalendarGrid
          testId="year-grid"
          caption={t('calendar.yearCaption', { name: data.person.name, year })}
          headDays={HEAD}
          plainHead
          rowHead={t('calendar.month')}
          today={data.today}
          rows={months.map((month) => ({
            id: month,
            name: formatMonth(month, lang),
            short: formatMonthShort(month, lang),
            personName: data.person.name,
            absences: data.absences,
            days: data.days.filter((d) => d.day.startsWith(month)),
          }))}
        />
        <Legend absences={data.absences} />
      </Stack>
    );
  }

  return (
    <Stack gap="lg">
      <PageHeader
        title={
          view.data
            ? t('calendar.yearTitle', { name: view.data.person.name })
            : t('calendar.yearTitleShort')
        }
      />
      <Group gap="md">
        <Group gap={4} wrap="nowrap" data-testid="year-picker">
          <Button
            variant="default"
            h={44}
            aria-label={t('calendar.previousYear')}
            onClick={() => setYear(year - 1)}
          >
            <span aria-hidden="true">‹</span>
          </Button>
          <Text fw={600} miw="4rem" ta="center" aria-live="polite">
            {year}
          </Text>
          <Button
            variant="default"
            h={44}
            aria-label={t('calendar.nextYear')}
            onClick={() => setYear(year + 1)}
          >
            <span aria-hidden="true">›</span>
          </Button>
        </Group>
        <Anchor component={Link} to={`${PATHS.calendar}?month=${year}-01`}>
          {t('calendar.backToTeam')}
        </Anchor>
        {userId !== me.id && (
          <Anchor component={Link} to={calendarYearPath(me.id, year)}>
            {t('calendar.myYear')}
          </Anchor>
        )}
      </Group>
      {content}
    </Stack>
  );
}

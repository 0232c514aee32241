import '@mantine/charts/styles.css';
import { Group, NativeSelect, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { MonthPicker } from '../../components/MonthPicker';
import { PageHeader } from '../../components/PageHeader';
import { TeamSelect } from '../../components/TeamSelect';
import { useSignedInUser } from '../../lib/auth';
import { dayIn, isMonth, monthOf } from '../../lib/calendar';
import { useUrlFilters } from '../../lib/use-url-filters';
import { useTeamList } from './api/overview';
import { useStatistics } from './api/statistics';
import { AbsenceChart } from './components/AbsenceChart';
import { BalanceTrend } from './components/BalanceTrend';
import { FindingsChart } from './components/FindingsChart';
import { ReportsNav } from './components/ReportsNav';
import { DEFAULT_RANGE, RANGE_MONTHS, isRangeMonths, rangeEnding } from './statistics-logic';
import { ownFiguresOnly } from './views';

function browserMonth(): string {
  return monthOf(dayIn(new Date(), Intl.DateTimeFormat().resolvedOptions().timeZone));
}

/**
 * `/reports/statistics`: Berichte → Statistik — month by month for the people in scope
 * (managers: their teams; admins: the company, or one team) the balance trend with one person
 * to compare, absence days per type and ArbZG findings. Range (6, 12 or 24 months up to a
 * month, default the last 12 up to this one), team and person live in the URL.
 * Employees get "Meine Statistik": their own figures, their own balance line, no team or person
 * to choose (the API would refuse them) and no link to the overview, which is not theirs.
 */
export function StatisticsPage() {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const [params, update] = useUrlFilters();
  const toParam = params.get('to') ?? '';
  const monthsParam = Number(params.get('months'));
  const to = isMonth(toParam) ? toParam : browserMonth();
  const months = isRangeMonths(monthsParam) ? monthsParam : DEFAULT_RANGE;
  const own = ownFiguresOnly(me.role);
  // A shared link's team or person means nothing in one's own figures.
  const teamId = own ? null : params.get('team');
  const personId = own ? me.id : params.get('person');
  const statistics = useStatistics({ ...rangeEnding(to, months), teamId });
  const teams = useTeamList({ enabled: !own });
  const filterTeams = (teams.data ?? []).filter(
    (team) => me.role === 'admin' || team.managerIds.includes(me.id),
  );

  const data = statistics.data;
  const person = data?.people.find((p) => p.userId === personId) ?? null;

  let content;
  if (statistics.isError)
    content = (
      <ErrorAlert
        error={statistics.error}
        onRetry={() => void statistics.refetch()}
        retrying={statistics.isFetching}
      />
    );
  else if (!data)
    content = <LoadingBlock label={t('reports.statistics.loading')} rows={3} height={280} />;
  else if (data.people.length === 0)
    content = (
      <Paper withBorder p="lg" data-testid="statistics-empty">
        <Text>{t(own ? 'reports.statistics.own.empty' : 'reports.statistics.empty')}</Text>
      </Paper>
    );
  else
    content = (
      <Stack gap="lg" aria-busy={statistics.isFetching}>
        <BalanceTrend
          data={data}
          person={person && { userId: person.userId, name: person.name }}
          own={own}
        />
        <AbsenceChart data={data} />
        <FindingsChart data={data} />
      </Stack>
    );

  return (
    <Stack gap="lg" maw={1100}>
      <PageHeader
        title={t(own ? 'reports.statistics.own.title' : 'reports.statistics.title')}
        description={t(own ? 'reports.statistics.own.intro' : 'reports.statistics.intro')}
      />
      <ReportsNav />
      <Group gap="md" align="flex-end">
        <NativeSelect
          size="md"
          label={t('reports.statistics.range.label')}
          value={String(months)}
          data={RANGE_MONTHS.map((n) => ({
            value: String(n),
            label: t('reports.statistics.range.months', { count: n }),
          }))}
          onChange={(e) => update({ months: e.currentTarget.value })}
          data-testid="statistics-range"
        />
        <Stack gap={2}>
          <Text size="sm" fw={500}>
            {t('reports.statistics.range.until')}
          </Text>
          <MonthPicker
            month={to}
            onChange={(month) => update({ to: month })}
            testId="statistics-to"
          />
        </Stack>
        {!own && filterTeams.length > 1 && (
          <TeamSelect
            teams={filterTeams}
            value={teamId}
            onChange={(id) => update({ team: id, person: null })}
          />
        )}
        {!own && data && data.people.length > 1 && (
          <NativeSelect
            size="md"
            label={t('reports.statistics.person.label')}
            value={person?.userId ?? ''}
            data={[
              { value: '', label: t('reports.statistics.person.none') },
              ...data.people.map((p) => ({ value: p.userId, label: p.name })),
            ]}
            onChange={(e) => update({ person: e.currentTarget.value || null })}
            maw="100%"
            data-testid="statistics-person"
          />
        )}
      </Group>
      {content}
    </Stack>
  );
}

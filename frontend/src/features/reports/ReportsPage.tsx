import { Button, Group, Menu, NativeSelect, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { PeriodFields } from '../../components/PeriodFields';
import { Num } from '../../components/Num';
import { PageHeader } from '../../components/PageHeader';
import { TeamSelect } from '../../components/TeamSelect';
import { useLang } from '../../i18n/use-lang';
import { useSignedInUser } from '../../lib/auth';
import {
  dayIn,
  daysInPeriod,
  firstDayOf,
  isDay,
  lastDayOf,
  lastFullMonth,
  monthOf,
} from '../../lib/calendar';
import { formatDate, localeOf } from '../../lib/format';
import { timesheetPath } from '../../lib/navigation';
import { useErrorMessage } from '../../lib/use-error-message';
import { useUrlFilters } from '../../lib/use-url-filters';
import type { OverviewExportFormat, OverviewFilter, OverviewRole } from './api/overview';
import { useOverview, useOverviewExport, useTeamList } from './api/overview';
import { ArchivePanel } from './components/ArchivePanel';
import { OverviewTable } from './components/OverviewTable';
import { ReportsNav } from './components/ReportsNav';
import { nextSort, sortRows, type Sort } from './overview-logic';

/** The API's limit: a year (a leap year in full). */
const MAX_DAYS = 366;
const ROLES: OverviewRole[] = ['employee', 'manager', 'admin'];
const FORMATS: { format: OverviewExportFormat; key: 'xlsx' | 'csv' | 'csvStandard' }[] = [
  { format: 'xlsx', key: 'xlsx' },
  { format: 'csv', key: 'csv' },
  { format: 'csv-standard', key: 'csvStandard' },
];

function browserToday(): string {
  return dayIn(new Date(), Intl.DateTimeFormat().resolvedOptions().timeZone);
}

const isRole = (value: string | null): value is OverviewRole =>
  ROLES.includes(value as OverviewRole);

/**
 * `/reports` (managers and admins): Berichte & Export — per person in scope over a period
 * (default: the last full month) Soll, Ist, Abweichung, Saldo, vacation taken / left, sick days,
 * other absences and ArbZG findings, sortable, with XLSX / CSV export, and for a whole month all
 * timesheets of the selection as one ZIP of PDFs (ArchivePanel). Period, team and role live in
 * the URL, so a link shows the same report. Each name opens the person's month, which has the
 * signed PDF timesheet.
 */
export function ReportsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useSignedInUser();
  const errorMessage = useErrorMessage();
  const [params, update] = useUrlFilters();
  const fallback = lastFullMonth(browserToday());
  const fromParam = params.get('from') ?? '';
  const toParam = params.get('to') ?? '';
  const roleParam = params.get('role');
  const filter: OverviewFilter = {
    from: isDay(fromParam) ? fromParam : fallback.from,
    to: isDay(toParam) ? toParam : fallback.to,
    teamId: params.get('team'),
    role: isRole(roleParam) ? roleParam : null,
  };
  const { from, to } = filter;
  const [sort, setSort] = useState<Sort>({ key: 'name', direction: 'asc' });

  const periodDays = daysInPeriod(from, to);
  const periodError =
    periodDays === 0
      ? t('reports.period.reversed')
      : periodDays > MAX_DAYS
        ? t('reports.period.tooLong', { days: MAX_DAYS })
        : null;
  const overview = useOverview(filter, periodError === null);
  const download = useOverviewExport();
  const teams = useTeamList();
  const filterTeams = (teams.data ?? []).filter(
    (team) => me.role === 'admin' || team.managerIds.includes(me.id),
  );

  function runExport(format: OverviewExportFormat) {
    download.mutate(
      { filter, format, lang },
      {
        onError: (error) =>
          notifications.show({
            color: 'red',
            title: t('reports.export.failed'),
            message: errorMessage(error),
          }),
      },
    );
  }

  const wholeMonth = from === firstDayOf(monthOf(from)) && to === lastDayOf(monthOf(from));
  const data = periodError ? undefined : overview.data;
  const rows = data ? sortRows(data.people, sort, localeOf(lang)) : [];

  let content;
  if (periodError) content = null;
  else if (overview.isPending)
    content = <LoadingBlock label={t('reports.loading')} rows={6} height={40} />;
  else if (overview.isError)
    content = (
      <ErrorAlert
        error={overview.error}
        onRetry={() => void overview.refetch()}
        retrying={overview.isFetching}
      />
    );
  else if (!data || data.people.length === 0)
    content = (
      <Paper withBorder p="lg" data-testid="overview-empty">
        <Text>{t('reports.empty')}</Text>
      </Paper>
    );
  else
    content = (
      <Stack gap="xs" aria-busy={overview.isFetching}>
        <Text size="sm" c="dimmed">
          {t('reports.balanceAsOf', { date: formatDate(data.balanceAsOf, lang) })}{' '}
          {t('reports.vacationNote', { year: data.vacationYear })}
        </Text>
        <OverviewTable
          overview={data}
          rows={rows}
          sort={sort}
          onSort={(key) => setSort((s) => nextSort(s, key))}
          personPath={(row) => timesheetPath({ userId: row.userId, view: 'month', day: from })}
        />
      </Stack>
    );

  return (
    <Stack gap="lg" maw={1400}>
      <PageHeader title={t('reports.title')} description={t('reports.intro')} />
      <ReportsNav />
      <Stack gap="sm">
        <Group gap="md" align="flex-end">
          <PeriodFields
            from={from}
            to={to}
            error={periodError}
            labels={{ from: t('reports.period.from'), to: t('reports.period.to') }}
            testIdPrefix="reports"
            monthTestId="reports-month"
            onChange={update}
          />
          {filterTeams.length > 1 && (
            <TeamSelect
              teams={filterTeams}
              value={filter.teamId}
              onChange={(id) => update({ team: id })}
            />
          )}
          <NativeSelect
            size="md"
            label={t('reports.role.label')}
            value={filter.role ?? ''}
            data={[
              { value: '', label: t('reports.role.all') },
              ...ROLES.map((role) => ({ value: role, label: t(`reports.role.${role}`) })),
            ]}
            onChange={(e) => update({ role: e.currentTarget.value || null })}
            data-testid="reports-role"
          />
          <Menu position="bottom-end" withinPortal withInitialFocusPlaceholder={false}>
            <Menu.Target>
              <Button
                mih={44}
                loading={download.isPending}
                disabled={periodError !== null}
                data-testid="reports-export"
              >
                {t('reports.export.button')}
              </Button>
            </Menu.Target>
            {/* A menu may hold only items (axe aria-required-children): no label row, no focus placeholder. */}
            <Menu.Dropdown aria-label={t('reports.export.label')}>
              {FORMATS.map(({ format, key }) => (
                <Menu.Item key={format} onClick={() => runExport(format)} data-format={format}>
                  {t(`reports.export.${key}`)}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        </Group>
        {!wholeMonth && !periodError && (
          <Text size="sm" c="dimmed">
            <Num>{t('reports.period.days', { count: periodDays })}</Num>
          </Text>
        )}
      </Stack>
      <ArchivePanel
        month={wholeMonth && !periodError ? monthOf(from) : null}
        teamId={filter.teamId}
        role={filter.role}
        lang={lang}
        teamName={(id) => teams.data?.find((team) => team.id === id)?.name}
      />
      {content}
    </Stack>
  );
}

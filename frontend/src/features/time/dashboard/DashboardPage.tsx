import { Anchor, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DocumentTitle } from '../../../components/DocumentTitle';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingBlock } from '../../../components/LoadingBlock';
import { Num } from '../../../components/Num';
import { useLang } from '../../../i18n/use-lang';
import { useSignedInUser } from '../../../lib/auth';
import { formatDuration } from '../../../lib/format';
import { PATHS } from '../../../lib/navigation';
import { usePeriod } from '../api/timesheet';
import { ClockPanel } from '../clock/ClockPanel';
import { useClockController } from '../clock/use-clock-controller';
import { BalanceButton } from '../components/BalanceButton';
import { DayBar } from '../components/DayBar';
import { PeriodFigures } from '../components/PeriodFigures';
import { weekLabel, weekOf, type TimesheetDay } from '../timesheet-logic';
import { VacationSummary } from '../../vacation/VacationSummary';
import { WeekOverview } from './WeekOverview';

/**
 * `/` for people of a company: the Stempeluhr first (all that matters on a phone), then today's
 * Ist/Soll, the Saldo that explains itself, and on wider screens the current week. `aside`
 * holds what other features put next to the figures (absences: request, pending approvals).
 */
export function DashboardPage({ aside }: { aside?: ReactNode }) {
  const { t } = useTranslation();
  const lang = useLang();
  const user = useSignedInUser();
  const controller = useClockController();
  const today = controller.state?.today.day;
  const week = weekOf(today ?? '2000-01-03');
  const period = usePeriod(undefined, week.from, week.to, Boolean(today));
  const todayRow = period.data?.days.find((d) => d.day === today);

  return (
    <Stack gap="md" maw={1040}>
      <DocumentTitle page={t('nav.items.home')} />
      <Title order={1} size="h3" data-testid="welcome">
        {t('home.welcome', { name: user.name || user.email })}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <ClockPanel controller={controller} />
        <Stack gap="md">
          {period.isError ? (
            <ErrorAlert error={period.error} onRetry={() => void period.refetch()} />
          ) : !period.data || !todayRow ? (
            <LoadingBlock label={t('dashboard.loading')} rows={2} />
          ) : (
            <>
              <TodayCard day={todayRow} workedMinutes={controller.workedMinutes} />
              <Paper withBorder p="md" component="section" aria-labelledby="balance-title">
                <Group justify="space-between" align="center" wrap="nowrap">
                  <div>
                    <Title order={2} size="h4" id="balance-title">
                      {t('balance.label')}
                    </Title>
                    <Text size="xs" c="dimmed">
                      {t('balance.tapToExplain')}
                    </Text>
                  </div>
                  <BalanceButton
                    balance={period.data.balance}
                    totals={period.data.totals}
                    from={period.data.from}
                  />
                </Group>
              </Paper>
            </>
          )}
          {/* UX.md dashboard: Saldo, Resturlaub. */}
          <VacationSummary />
          {aside}
        </Stack>
      </SimpleGrid>
      {period.data && today && (
        <Paper
          withBorder
          p="md"
          component="section"
          aria-labelledby="week-title"
          visibleFrom="sm"
          data-testid="dashboard-week"
        >
          <Group justify="space-between" mb="sm">
            <Title order={2} size="h4" id="week-title">
              {weekLabel(week.from, lang)}
            </Title>
            <PeriodFigures days={period.data.days} today={today} />
          </Group>
          <Text size="xs" c="dimmed" mb={4}>
            {t('dashboard.weekLegend')}
          </Text>
          <WeekOverview days={period.data.days} today={today} />
          <Anchor
            component={Link}
            to={PATHS.timesheet}
            mt="sm"
            display="inline-block"
            mih={44}
            py={10}
          >
            {t('dashboard.openTimesheet')}
          </Anchor>
        </Paper>
      )}
    </Stack>
  );
}

/** Today's Ist against Soll, with the reason when there is no Soll (holiday, weekend). */
function TodayCard({ day, workedMinutes }: { day: TimesheetDay; workedMinutes: number }) {
  const { t } = useTranslation();
  const free =
    day.holidayName ??
    day.closureName ??
    (day.targetMinutes === 0 ? t(`timesheet.reason.${day.reason}`) : null);
  return (
    <Paper
      withBorder
      p="md"
      component="section"
      aria-labelledby="today-title"
      data-testid="today-card"
    >
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap">
          <Title order={2} size="h4" id="today-title">
            {t('dashboard.today')}
          </Title>
          <Num>
            <Text span size="sm" data-testid="today-figures">
              {t('dashboard.istSoll', {
                ist: formatDuration(workedMinutes),
                soll: formatDuration(day.targetMinutes),
              })}
            </Text>
          </Num>
        </Group>
        <DayBar worked={workedMinutes} target={day.targetMinutes} />
        {free && (
          <Text size="sm" c="dimmed">
            {free}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

import { Anchor, Chip, Group, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FindingCounts } from '../../components/FindingCounts';
import { LoadingBlock } from '../../components/LoadingBlock';
import { PeriodFields } from '../../components/PeriodFields';
import { Num } from '../../components/Num';
import { PageHeader } from '../../components/PageHeader';
import { SeverityIcon } from '../../components/SeverityIcon';
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
import { SEVERITIES, type Severity } from '../../lib/severity';
import { useUrlFilters } from '../../lib/use-url-filters';
import { useFindings, useTeamList } from './api/findings';
import {
  countBySeverity,
  filterBySeverity,
  groupFindings,
  type Finding,
  type FindingGroup,
  type Grouping,
} from './findings-grouping';

const DEFAULT_SEVERITIES: readonly Severity[] = ['violation', 'warning'];

/** The API checks at most this many days at once. */
const MAX_PERIOD_DAYS = 93;

function browserToday(): string {
  return dayIn(new Date(), Intl.DateTimeFormat().resolvedOptions().timeZone);
}

function FindingItem({ finding, by }: { finding: Finding; by: Grouping }) {
  const { t } = useTranslation();
  const lang = useLang();
  // Grouped by person the line names the day, grouped by day it names the person.
  const label = by === 'person' ? formatDate(finding.day, lang) : finding.name;
  return (
    <Group
      component="li"
      gap="sm"
      wrap="nowrap"
      align="flex-start"
      py={6}
      data-testid="finding"
      data-severity={finding.severity}
    >
      <span style={{ paddingTop: 3 }}>
        <SeverityIcon severity={finding.severity} />
      </span>
      <Stack gap={0} miw={0}>
        <Text size="sm">
          <Text span fw={600}>
            {t(`severity.${finding.severity}`)}
          </Text>
          {' · '}
          <Anchor
            component={Link}
            to={timesheetPath({ userId: finding.userId, day: finding.day })}
            aria-label={t('findingsPage.openDay', {
              name: finding.name,
              date: formatDate(finding.day, lang),
            })}
          >
            <Num>{label}</Num>
          </Anchor>
        </Text>
        <Text size="sm">{finding.message[lang]}</Text>
      </Stack>
    </Group>
  );
}

function GroupCard({ group, by }: { group: FindingGroup; by: Grouping }) {
  const lang = useLang();
  return (
    <Paper withBorder p="md" component="section" data-testid="finding-group">
      <Group justify="space-between" gap="xs" mb="xs">
        <Title order={2} size="h4">
          {by === 'person' ? group.label : formatDate(group.key, lang)}
        </Title>
        <FindingCounts counts={group.counts} />
      </Group>
      <Stack gap={0} component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        {group.findings.map((finding, index) => (
          <FindingItem
            key={`${finding.userId}-${finding.day}-${finding.code}-${index}`}
            finding={finding}
            by={by}
          />
        ))}
      </Stack>
    </Paper>
  );
}

/**
 * `/findings` (managers and admins): Arbeitszeitverstöße — the ArbZG checks' findings of
 * everyone in scope over a period (default: the last full month), grouped by person or by day,
 * filtered by severity, each linking to the day in the person's timesheet. Filters live in the
 * URL.
 */
export function FindingsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useSignedInUser();
  const [params, update] = useUrlFilters();
  const fallback = lastFullMonth(browserToday());
  const fromParam = params.get('from') ?? '';
  const toParam = params.get('to') ?? '';
  const from = isDay(fromParam) ? fromParam : fallback.from;
  const to = isDay(toParam) ? toParam : fallback.to;
  const by: Grouping = params.get('by') === 'day' ? 'day' : 'person';
  const teamId = params.get('team');
  const sevParam = params.get('severity');
  // Notes (> 8 h, allowed within the average) would drown the violations: off by default.
  const shown: Severity[] =
    sevParam === null
      ? [...DEFAULT_SEVERITIES]
      : SEVERITIES.filter((s) => sevParam.split(',').includes(s));

  const periodDays = daysInPeriod(from, to);
  const periodError =
    periodDays === 0
      ? t('findingsPage.period.reversed')
      : periodDays > MAX_PERIOD_DAYS
        ? t('findingsPage.period.tooLong', { days: MAX_PERIOD_DAYS })
        : null;
  const findings = useFindings(from, to, teamId);
  const teams = useTeamList();
  const filterTeams = (teams.data ?? []).filter(
    (team) => me.role === 'admin' || team.managerIds.includes(me.id),
  );

  // A whole month is chosen with ‹ ›; from/to also take any other period.
  const wholeMonth = from === firstDayOf(monthOf(from)) && to === lastDayOf(monthOf(from));
  const all = periodError ? [] : (findings.data?.findings ?? []);
  const totals = countBySeverity(all);
  const groups = groupFindings(filterBySeverity(all, shown), by, localeOf(lang));

  let content;
  if (periodError) content = null;
  else if (findings.isPending)
    content = <LoadingBlock label={t('findingsPage.loading')} rows={4} height={72} />;
  else if (findings.isError)
    content = (
      <ErrorAlert
        error={findings.error}
        onRetry={() => void findings.refetch()}
        retrying={findings.isFetching}
      />
    );
  else if (all.length === 0)
    content = (
      <Paper withBorder p="lg" data-testid="findings-empty">
        <Text>{t('findingsPage.empty')}</Text>
      </Paper>
    );
  else if (groups.length === 0)
    content = (
      <Paper withBorder p="lg" data-testid="findings-empty">
        <Text>{t('findingsPage.emptyFiltered')}</Text>
      </Paper>
    );
  else
    content = (
      <Stack gap="md" aria-busy={findings.isFetching}>
        {groups.map((group) => (
          <GroupCard key={group.key} group={group} by={by} />
        ))}
      </Stack>
    );

  return (
    <Stack gap="lg" maw={960}>
      <PageHeader title={t('findingsPage.title')} description={t('findingsPage.intro')} />
      <Stack gap="sm">
        <Group gap="md" align="flex-end">
          <PeriodFields
            from={from}
            to={to}
            error={periodError}
            labels={{ from: t('findingsPage.period.from'), to: t('findingsPage.period.to') }}
            testIdPrefix="findings"
            onChange={update}
          />
          {filterTeams.length > 1 && (
            <TeamSelect
              teams={filterTeams}
              value={teamId}
              onChange={(id) => update({ team: id })}
            />
          )}
        </Group>
        {!wholeMonth && !periodError && (
          <Text size="sm" c="dimmed">
            <Num>{t('findingsPage.period.days', { count: periodDays })}</Num>
          </Text>
        )}
        <Group gap="md" align="center">
          <SegmentedControl
            value={by}
            onChange={(value) => update({ by: value === 'day' ? 'day' : null })}
            data={[
              { value: 'person', label: t('findingsPage.by.person') },
              { value: 'day', label: t('findingsPage.by.day') },
            ]}
            aria-label={t('findingsPage.by.label')}
            data-testid="findings-grouping"
          />
          <Chip.Group
            multiple
            value={shown}
            onChange={(values) =>
              update({
                severity: SEVERITIES.filter((s) => values.includes(s)).join(','),
              })
            }
          >
            <Group gap="xs" role="group" aria-label={t('findingsPage.severityFilter')}>
              {SEVERITIES.map((severity) => (
                <Chip
                  key={severity}
                  value={severity}
                  size="md"
                  data-testid={`severity-${severity}`}
                >
                  {t(`findingsPage.severity.${severity}`, { count: totals[severity] })}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
        </Group>
      </Stack>
      {content}
    </Stack>
  );
}

import { Group, NativeSelect, Paper, Stack, Text, useMantineTheme } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { Fragment, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { MonthPicker } from '../../components/MonthPicker';
import { PageHeader } from '../../components/PageHeader';
import { TeamSelect } from '../../components/TeamSelect';
import { useLang } from '../../i18n/use-lang';
import { useSignedInUser } from '../../lib/auth';
import { dayIn, firstDayOf, isMonth, monthOf } from '../../lib/calendar';
import { formatDate, formatMonth, localeOf } from '../../lib/format';
import { timesheetPath } from '../../lib/navigation';
import { useApproveMonth, useTeamList, useTeamMonth } from './api/team-month';
import { ReopenModal } from './components/ReopenModal';
import type { PersonMonthProps } from './components/row-props';
import { TeamMonthCards } from './components/TeamMonthCards';
import { TeamMonthTable } from './components/TeamMonthTable';
import {
  SORT_KEYS,
  isSortKey,
  nextSort,
  sortRows,
  summarize,
  type Sort,
  type TeamMonthRow,
} from './team-month';

/** Handed-in months first: what a manager opens this screen for. */
const DEFAULT_SORT: Sort = { key: 'lock', direction: 'asc' };

function browserToday(): string {
  return dayIn(new Date(), Intl.DateTimeFormat().resolvedOptions().timeZone);
}

/** The counts above the table: "12 Personen · 3 abgegeben · 2 mit Verstößen". */
function SummaryLine({ rows }: { rows: TeamMonthRow[] }) {
  const { t } = useTranslation();
  const s = summarize(rows);
  const parts = [
    t('teamMonth.summary.people', { count: s.people }),
    t('teamMonth.summary.submitted', { count: s.submitted }),
    t('teamMonth.summary.approved', { count: s.approved }),
    t('teamMonth.summary.withViolations', { count: s.withViolations }),
  ];
  if (s.withWarnings > 0)
    parts.push(t('teamMonth.summary.withWarnings', { count: s.withWarnings }));
  return (
    <Text fw={600} data-testid="team-month-summary" className="tm-num">
      {parts.map((part, index) => (
        <Fragment key={part}>
          {index > 0 && ' · '}
          <span style={{ whiteSpace: 'nowrap' }}>{part}</span>
        </Fragment>
      ))}
    </Text>
  );
}

/**
 * `/team` (managers and admins): the month of everyone in scope — Soll, Ist, Differenz, Saldo,
 * closing state and ArbZG findings — with "Genehmigen" for handed-in months and, for admins,
 * "Wieder öffnen". Month and team live in the URL, so a link shows the same view.
 */
export function TeamPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useSignedInUser();
  const { breakpoints } = useMantineTheme();
  const isDesktop = useMediaQuery(`(min-width: ${breakpoints.md})`, true, {
    getInitialValueInEffect: false,
  });
  const [params, setParams] = useSearchParams();
  const monthParam = params.get('month');
  const month = monthParam && isMonth(monthParam) ? monthParam : monthOf(browserToday());
  const teamId = params.get('team');
  const [sort, setSort] = useState<Sort>(DEFAULT_SORT);

  const teamMonth = useTeamMonth(month, teamId);
  const teams = useTeamList();
  const approve = useApproveMonth();
  const [approving, setApproving] = useState<TeamMonthRow | null>(null);
  const [reopening, setReopening] = useState<TeamMonthRow | null>(null);

  const monthLabel = formatMonth(month, lang);
  const teamNames = useMemo(
    () => new Map((teams.data ?? []).map((team) => [team.id, team.name])),
    [teams.data],
  );
  // Admins filter by any team; a manager only among the teams they lead, if more than one.
  const filterTeams = (teams.data ?? []).filter(
    (team) => me.role === 'admin' || team.managerIds.includes(me.id),
  );

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

  function confirmApprove() {
    if (!approving) return;
    const person = approving;
    approve.mutate(
      { userId: person.userId, month },
      {
        onSuccess: () => {
          setApproving(null);
          notifications.show({
            color: 'green',
            message: t('teamMonth.approve.done', { name: person.name, month: monthLabel }),
          });
        },
      },
    );
  }

  const people = teamMonth.data?.people ?? [];
  const sorted = sortRows(people, sort, localeOf(lang));
  const rowProps: PersonMonthProps[] = sorted.map((row) => ({
    row,
    sheetPath: timesheetPath({ userId: row.userId, view: 'month', day: firstDayOf(month) }),
    teamName: row.teamId ? (teamNames.get(row.teamId) ?? null) : null,
    isSelf: row.userId === me.id,
    canReopen: me.role === 'admin',
    busy: approve.isPending && approve.variables.userId === row.userId,
    onApprove: () => {
      approve.reset();
      setApproving(row);
    },
    onReopen: () => setReopening(row),
  }));
  const asOfDays = [...new Set(people.map((p) => p.balanceAsOf))];
  const caption =
    asOfDays.length === 1 && asOfDays[0]
      ? t('teamMonth.balanceAsOf', { date: formatDate(asOfDays[0], lang) })
      : t('teamMonth.balanceAsOfEach');

  let content;
  if (teamMonth.isPending) {
    content = <LoadingBlock label={t('teamMonth.loading')} rows={5} height={48} />;
  } else if (teamMonth.isError) {
    content = (
      <ErrorAlert
        error={teamMonth.error}
        onRetry={() => void teamMonth.refetch()}
        retrying={teamMonth.isFetching}
      />
    );
  } else if (people.length === 0) {
    content = (
      <Paper withBorder p="lg" data-testid="team-month-empty">
        <Text>
          {teamId
            ? t('teamMonth.emptyTeam')
            : t(`teamMonth.empty.${me.role === 'admin' ? 'admin' : 'manager'}`)}
        </Text>
      </Paper>
    );
  } else {
    content = (
      <Stack gap="sm" aria-busy={teamMonth.isFetching}>
        <SummaryLine rows={people} />
        {isDesktop ? (
          <TeamMonthTable
            rows={rowProps}
            sort={sort}
            onSort={(key) => setSort((s) => nextSort(s, key))}
            caption={caption}
          />
        ) : (
          <>
            <Text size="sm" c="dimmed">
              {caption}
            </Text>
            <NativeSelect
              size="md"
              label={t('teamMonth.sortBy')}
              value={`${sort.key}:${sort.direction}`}
              data={SORT_KEYS.flatMap((key) =>
                (['asc', 'desc'] as const).map((direction) => ({
                  value: `${key}:${direction}`,
                  label: `${t(`teamMonth.columns.${key}`)} ${direction === 'asc' ? '▲' : '▼'}`,
                })),
              )}
              onChange={(e) => {
                const [key, direction] = e.currentTarget.value.split(':');
                if (isSortKey(key ?? null) && (direction === 'asc' || direction === 'desc'))
                  setSort({ key: key as Sort['key'], direction });
              }}
              data-testid="team-month-sort"
            />
            <TeamMonthCards rows={rowProps} />
          </>
        )}
      </Stack>
    );
  }

  return (
    <Stack gap="lg" maw={1200}>
      <PageHeader title={t('teamMonth.title')} description={t('teamMonth.intro')} />
      <Group gap="md" align="flex-end">
        <MonthPicker month={month} onChange={(m) => setParam('month', m)} />
        {filterTeams.length > 1 && (
          <TeamSelect teams={filterTeams} value={teamId} onChange={(id) => setParam('team', id)} />
        )}
      </Group>
      {content}

      <ConfirmDialog
        opened={approving !== null}
        title={t('teamMonth.approve.title')}
        message={t('teamMonth.approve.message', {
          name: approving?.name ?? '',
          month: monthLabel,
        })}
        confirmLabel={t('teamMonth.approve.action')}
        color="brand"
        loading={approve.isPending}
        error={approve.isError ? approve.error : null}
        onConfirm={confirmApprove}
        onClose={() => setApproving(null)}
      />
      {reopening && (
        <ReopenModal
          person={reopening}
          month={month}
          monthLabel={monthLabel}
          onClose={() => setReopening(null)}
          onDone={() => {
            notifications.show({
              color: 'green',
              message: t('teamMonth.reopen.done', { name: reopening.name, month: monthLabel }),
            });
            setReopening(null);
          }}
        />
      )}
    </Stack>
  );
}

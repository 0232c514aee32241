import {
  ActionIcon,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingBlock } from '../../../components/LoadingBlock';
import { PageHeader } from '../../../components/PageHeader';
import { useLang } from '../../../i18n/use-lang';
import { useSignedInUser } from '../../../lib/auth';
import { addDays, addMonths, isDay, localDayOf, monthBounds } from '../../../lib/zoned-time';
import { useCompanyTime, useMonth, usePeriod, usePerson } from '../api/timesheet';
import { BalanceButton } from '../components/BalanceButton';
import { ChevronLeftIcon, ChevronRightIcon } from '../components/icons';
import { PeriodFigures } from '../components/PeriodFigures';
import { editBlock, listsDeletedEntries, monthLabel, weekLabel, weekOf } from '../timesheet-logic';
import { DayDrawer } from './DayDrawer';
import { DayRow } from './DayRow';
import { ExportMenu } from './ExportMenu';
import { MonthClosing } from './MonthClosing';

type View = 'week' | 'month';

/**
 * `/timesheet` (Meine Zeiten): a week or a month of someone's days. Everything that defines the
 * screen lives in the URL, so reminder mails can link to a day and the back button works:
 * `view=week|month`, `at=YYYY-MM-DD` (a day of the period shown), `day=YYYY-MM-DD` (the day
 * whose drawer is open; its week is shown), `userId` (a team member's sheet, for managers and
 * admins; the API decides what they may see and change), `deleted=show` (an employee's own
 * deleted entries; admins and managers always see deleted entries).
 */
export function TimesheetPage() {
  const { t } = useTranslation();
  const company = useCompanyTime();
  if (company.isError)
    return <ErrorAlert error={company.error} onRetry={() => void company.refetch()} />;
  if (!company.data) return <LoadingBlock label={t('timesheet.loading')} rows={5} />;
  return (
    <Timesheet timeZone={company.data.timeZone} editWindowDays={company.data.editWindowDays} />
  );
}

function Timesheet({ timeZone, editWindowDays }: { timeZone: string; editWindowDays: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  const user = useSignedInUser();
  const [params, setParams] = useSearchParams();
  const today = localDayOf(new Date(), timeZone);

  const view: View = params.get('view') === 'month' ? 'month' : 'week';
  const openDay = isDay(params.get('day')) ? params.get('day')! : null;
  const at = isDay(params.get('at')) ? params.get('at')! : null;
  const anchor = openDay ?? at ?? today;
  const requestedUser = params.get('userId');
  const userId = requestedUser && requestedUser !== user.id ? requestedUser : undefined;
  const isOwn = userId === undefined;
  const person = usePerson(userId);
  const personName = isOwn
    ? user.name || user.email
    : person.data?.name || person.data?.email || '';

  const week = weekOf(anchor);
  const month = anchor.slice(0, 7);
  // The week view needs the closing state of the one or two months it touches.
  const weekMonths = [week.from.slice(0, 7), week.to.slice(0, 7)];
  const deletedAsked = params.get('deleted') === 'show';
  const deleted = listsDeletedEntries(user.role, deletedAsked) ? 'withDeleted' : 'counted';
  const period = usePeriod(userId, week.from, week.to, view === 'week', deleted);
  const monthSheet = useMonth(userId, view === 'month' ? month : weekMonths[0]!, true, deleted);
  const secondMonth = useMonth(
    userId,
    weekMonths[1]!,
    view === 'week' && weekMonths[1] !== weekMonths[0],
    deleted,
  );

  const sheet = view === 'week' ? period : monthSheet;
  const data = sheet.data;
  const from = view === 'week' ? week.from : monthBounds(month).from;

  const lockOf = (day: string) => {
    const source = [monthSheet.data, secondMonth.data].find((m) => m?.month === day.slice(0, 7));
    return source?.lock?.status === 'approved' ? (source.lock.approvedAt ?? '') : null;
  };

  function update(changes: Record<string, string | null>, replace = false) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    setParams(next, { replace });
  }
  const dayLink = (day: string) => {
    const next = new URLSearchParams(params);
    next.set('day', day);
    next.delete('at');
    return `?${next.toString()}`;
  };
  const step = (direction: 1 | -1) =>
    update({
      at: view === 'week' ? addDays(week.from, 7 * direction) : `${addMonths(month, direction)}-01`,
      day: null,
    });

  const label = view === 'week' ? weekLabel(week.from, lang) : monthLabel(month, lang);
  const drawerDay = openDay ? (data?.days.find((d) => d.day === openDay) ?? null) : null;
  const drawerLock = openDay ? lockOf(openDay) : null;
  const block = openDay
    ? editBlock(openDay, {
        today,
        monthApproved: drawerLock !== null,
        role: user.role,
        isOwn,
        editWindowDays,
      })
    : null;

  return (
    <Stack gap="md" maw={880}>
      <PageHeader
        title={isOwn ? t('timesheet.title') : t('timesheet.titleOf', { name: personName })}
        action={
          <SegmentedControl
            value={view}
            onChange={(value) =>
              update({ view: value === 'month' ? 'month' : null, at: anchor, day: null })
            }
            data={[
              { value: 'week', label: t('timesheet.view.week') },
              { value: 'month', label: t('timesheet.view.month') },
            ]}
            aria-label={t('timesheet.view.label')}
          />
        }
      />
      <Group gap="xs" wrap="wrap" justify="space-between">
        <Group gap={4} wrap="nowrap" miw={0}>
          <ActionIcon
            variant="default"
            onClick={() => step(-1)}
            aria-label={t(view === 'week' ? 'timesheet.previousWeek' : 'timesheet.previousMonth')}
          >
            <ChevronLeftIcon size={20} />
          </ActionIcon>
          <Title
            order={2}
            size="h4"
            px={4}
            data-testid="period-label"
            style={{ whiteSpace: 'nowrap' }}
          >
            {label}
          </Title>
          <ActionIcon
            variant="default"
            onClick={() => step(1)}
            aria-label={t(view === 'week' ? 'timesheet.nextWeek' : 'timesheet.nextMonth')}
          >
            <ChevronRightIcon size={20} />
          </ActionIcon>
        </Group>
        <Group gap="xs" wrap="nowrap">
          {view === 'month' && <ExportMenu userId={userId ?? user.id} month={month} />}
          <Button variant="default" mih={44} onClick={() => update({ at: null, day: null })}>
            {t('timesheet.today')}
          </Button>
        </Group>
      </Group>

      {sheet.isError ? (
        <ErrorAlert error={sheet.error} onRetry={() => void sheet.refetch()} />
      ) : !data ? (
        <LoadingBlock label={t('timesheet.loading')} rows={7} />
      ) : (
        <>
          <Paper withBorder p="sm">
            <Group justify="space-between" gap="xs">
              <PeriodFigures days={data.days} today={today} />
              <Group gap="xs" wrap="nowrap">
                <Text size="sm">{t('balance.label')}</Text>
                <BalanceButton balance={data.balance} totals={data.totals} from={from} size="lg" />
              </Group>
            </Group>
          </Paper>
          {view === 'month' && monthSheet.data && (
            <MonthClosing
              sheet={monthSheet.data}
              isOwn={isOwn}
              role={user.role}
              currentMonth={today.slice(0, 7)}
              personName={personName}
            />
          )}
          {view === 'week' && weekMonths.some((m) => lockOf(`${m}-01`) !== null) && (
            <Text size="sm" c="dimmed">
              {t('timesheet.weekHasLockedMonth')}
            </Text>
          )}
          <Stack gap="xs" component="ol" p={0} m={0} aria-label={label} data-testid="day-list">
            {data.days.map((day) => (
              <DayRow key={day.day} day={day} today={today} to={dayLink(day.day)} />
            ))}
          </Stack>
        </>
      )}

      <DayDrawer
        day={drawerDay}
        today={today}
        timeZone={timeZone}
        userId={userId}
        block={block}
        lockedAt={drawerLock}
        deletedSwitch={
          user.role === 'employee'
            ? {
                shown: deletedAsked,
                onChange: (shown) => update({ deleted: shown ? 'show' : null }, true),
              }
            : null
        }
        onClose={() => update({ day: null, at: openDay }, true)}
      />
    </Stack>
  );
}

import type { TFunction } from 'i18next';
import { Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Num } from '../../../components/Num';
import { useLang } from '../../../i18n/use-lang';
import { formatBalance, formatDate, formatDuration } from '../../../lib/format';
import { DayBar } from '../components/DayBar';
import { FindingLine } from '../components/FindingLine';
import { WarningIcon } from '../components/icons';
import {
  incompleteReason,
  isCorrected,
  sortFindings,
  splitEntries,
  type TimesheetDay,
} from '../timesheet-logic';
import classes from '../time.module.css';

/** What makes a day special, in words: holiday, closure day, weekend, absence. */
export function dayNote(t: TFunction, day: TimesheetDay): string | null {
  if (day.holidayName) return day.holidayName;
  if (day.closureName) return day.closureName;
  if (day.reason === 'workday' || day.reason === 'holiday' || day.reason === 'closure') return null;
  return t(`timesheet.reason.${day.reason}`);
}

/**
 * One day of Meine Zeiten: date, note (holiday…), a small Ist/Soll bar with the figures and Δ,
 * warning markers (incomplete day, ArbZG findings) as icon plus words, and in words whether
 * entries were corrected or deleted (their Historie is in the drawer). The date links to the
 * day's drawer; the link's area covers the whole card.
 */
export function DayRow({ day, today, to }: { day: TimesheetDay; today: string; to: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const note = dayNote(t, day);
  const incomplete = incompleteReason(day, today);
  const findings = sortFindings(day.findings);
  const future = day.day > today;
  const { counted, deleted } = splitEntries(day.entries);
  const corrected = counted.filter(isCorrected).length;
  return (
    <Paper
      component="li"
      className={classes.dayRow}
      data-today={day.day === today}
      data-free={day.targetMinutes === 0}
      data-testid="day-row"
      data-day={day.day}
      style={{ position: 'relative', listStyle: 'none' }}
    >
      <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
        <Stack gap={0} miw={0} style={{ flex: '1 1 10rem' }}>
          <Text component={Link} to={to} fw={600} className="tm-card-link" mih={24}>
            {formatDate(day.day, lang)}
          </Text>
          {note && (
            <Text size="sm" c="dimmed">
              {note}
            </Text>
          )}
          {(corrected > 0 || deleted.length > 0) && (
            <Text size="sm" c="dimmed" data-testid="day-corrections">
              {[
                corrected > 0 ? t('timesheet.dayCorrected', { count: corrected }) : null,
                deleted.length > 0 ? t('timesheet.dayDeleted', { count: deleted.length }) : null,
              ]
                .filter(Boolean)
                .join(' · ')}
            </Text>
          )}
        </Stack>
        <Group gap="sm" wrap="nowrap" align="center">
          <DayBar worked={day.workedMinutes} target={day.targetMinutes} width={64} />
          <Num>
            <Text span size="sm" style={{ whiteSpace: 'nowrap' }}>
              {t('timesheet.istSollShort', {
                ist: formatDuration(day.workedMinutes),
                soll: formatDuration(day.targetMinutes),
              })}
            </Text>
          </Num>
          <Num>
            <Text
              span
              size="sm"
              fw={600}
              w={72}
              ta="right"
              display="inline-block"
              c={future ? 'dimmed' : undefined}
            >
              {future ? '' : formatBalance(day.diffMinutes)}
            </Text>
          </Num>
        </Group>
      </Group>
      {(incomplete || findings.length > 0) && (
        <Stack gap={2} mt={6}>
          {incomplete && (
            <Group gap={6} wrap="nowrap" className={classes.warnText} data-testid="day-incomplete">
              <WarningIcon />
              <Text size="sm" c="inherit">
                {t(`timesheet.incomplete.${incomplete}`)}
              </Text>
            </Group>
          )}
          {findings.map((finding) => (
            <FindingLine key={finding.code} finding={finding} />
          ))}
        </Stack>
      )}
    </Paper>
  );
}

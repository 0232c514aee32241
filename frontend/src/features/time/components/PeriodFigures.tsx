import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Num } from '../../../components/Num';
import { formatBalance, formatDuration } from '../../../lib/format';
import { periodFigures, type TimesheetDay } from '../timesheet-logic';

/** Soll / Ist / Δ of a period (week or month), Δ up to today. */
export function PeriodFigures({ days, today }: { days: readonly TimesheetDay[]; today: string }) {
  const { t } = useTranslation();
  const figures = periodFigures(days, today);
  return (
    <Num>
      <Text span size="sm" data-testid="period-figures">
        {t('timesheet.figures', {
          soll: formatDuration(figures.targetMinutes),
          ist: formatDuration(figures.workedMinutes),
          diff: formatBalance(figures.diffMinutes),
        })}
        {figures.untilToday ? ` ${t('timesheet.untilToday')}` : ''}
      </Text>
    </Num>
  );
}

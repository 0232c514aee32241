import { SimpleGrid, Stack, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Num } from '../../../components/Num';
import { useLang } from '../../../i18n/use-lang';
import { formatDate, formatDuration } from '../../../lib/format';
import { PATHS } from '../../../lib/navigation';
import { fillRatio, type TimesheetDay } from '../timesheet-logic';
import classes from '../time.module.css';

/** Monday to Sunday as seven columns with upright bars; each opens its day in the timesheet. */
export function WeekOverview({ days, today }: { days: readonly TimesheetDay[]; today: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <SimpleGrid cols={7} spacing="xs" component="ol" p={0} m={0} style={{ listStyle: 'none' }}>
      {days.map((day) => {
        const label = formatDate(day.day, lang);
        const [weekday = '', ...others] = label.split(',');
        const rest = `,${others.join(',')}`;
        return (
          <li key={day.day}>
            <UnstyledButton
              component={Link}
              to={`${PATHS.timesheet}?day=${day.day}`}
              w="100%"
              p={4}
              aria-current={day.day === today ? 'date' : undefined}
            >
              <Stack gap={4} align="center">
                {/* Visible: weekday and figures; screen readers also hear the date and what they are. */}
                <Text size="sm" fw={day.day === today ? 700 : 500}>
                  {weekday}
                  <VisuallyHidden>{rest}</VisuallyHidden>
                </Text>
                <div className={classes.weekBar} aria-hidden="true">
                  <div
                    className={classes.weekBarFill}
                    style={{
                      height: `${Math.round(fillRatio(day.workedMinutes, day.targetMinutes) * 100)}%`,
                    }}
                  />
                </div>
                <Num>
                  <Text span size="xs">
                    <VisuallyHidden>{t('timesheet.ist')} </VisuallyHidden>
                    {formatDuration(day.workedMinutes)}
                  </Text>
                </Num>
                <Num>
                  <Text span size="xs" c="dimmed">
                    <VisuallyHidden>{t('timesheet.soll')} </VisuallyHidden>
                    {formatDuration(day.targetMinutes)}
                  </Text>
                </Num>
              </Stack>
            </UnstyledButton>
          </li>
        );
      })}
    </SimpleGrid>
  );
}

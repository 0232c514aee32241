import { Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Num } from '../../../components/Num';
import { useLang } from '../../../i18n/use-lang';
import { formatDuration, weekdayNames } from '../../../lib/format';
import { WEEKDAYS } from '../working-hours';

/** A version's hours per weekday ("Mo 8:00 h") and its weekly sum, free days marked "frei". */
export function WeekHours({ minutesPerWeekday }: { minutesPerWeekday: readonly number[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const names = weekdayNames(lang, 'short');
  const longNames = weekdayNames(lang, 'long');
  const total = minutesPerWeekday.reduce((sum, m) => sum + m, 0);
  const days = minutesPerWeekday.filter((m) => m > 0).length;
  return (
    <Group gap="xs" align="baseline">
      <Group gap={6} component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        {WEEKDAYS.map((day) => {
          const minutes = minutesPerWeekday[day] ?? 0;
          return (
            <Text
              key={day}
              component="li"
              size="sm"
              px={6}
              py={2}
              bd="1px solid var(--mantine-color-default-border)"
              style={{ borderRadius: 'var(--mantine-radius-sm)' }}
              c={minutes > 0 ? undefined : 'dimmed'}
            >
              <abbr title={longNames[day]} style={{ textDecoration: 'none' }}>
                {names[day]}
              </abbr>{' '}
              <Num>{minutes > 0 ? formatDuration(minutes) : t('schedules.free')}</Num>
            </Text>
          );
        })}
      </Group>
      <Text size="sm" fw={600}>
        <Num>{t('schedules.weekly', { sum: formatDuration(total), count: days })}</Num>
      </Text>
    </Group>
  );
}

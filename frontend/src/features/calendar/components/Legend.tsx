import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n/use-lang';
import type { CalendarAbsence } from '../api/calendar';
import { ABSENT_COLOR, letterCode } from '../calendar-cells';
import classes from '../calendar.module.css';

/** The types shown, with their letter codes, and how pending and half days look. */
export function Legend({ absences }: { absences: CalendarAbsence[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const types = new Map<string, { name: string; color: string }>();
  for (const a of absences) {
    const name = a.type ? a.type.name[lang] : t('calendar.absent');
    types.set(a.type?.id ?? 'absent', { name, color: a.type?.color ?? ABSENT_COLOR });
  }
  const sample = { ['--absence-color' as string]: ABSENT_COLOR };
  return (
    <div className={classes.legend} data-testid="calendar-legend">
      {[...types.values()].map((type) => (
        <Text key={type.name} span size="sm">
          <span
            className={classes.swatch}
            style={{ ['--absence-color' as string]: type.color }}
            aria-hidden="true"
          >
            {letterCode(type.name)}
          </span>
          {type.name}
        </Text>
      ))}
      <Text span size="sm">
        <span className={classes.swatch} style={sample} aria-hidden="true" />
        {t('calendar.legend.approved')}
      </Text>
      <Text span size="sm">
        <span className={classes.swatch} data-pending="true" style={sample} aria-hidden="true" />
        {t('calendar.legend.pending')}
      </Text>
      <Text span size="sm">
        {t('calendar.legend.half')}
      </Text>
    </div>
  );
}

import { Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n/use-lang';
import { formatDate, weekdayNames } from '../../../lib/format';
import { weekdayIndex } from '../../../lib/calendar';
import type { CalendarDay } from '../api/calendar';
import classes from '../calendar.module.css';
import { dayClass } from './DayCell';

/** What is special about a day: "Karfreitag", "Betriebsausflug (halber Tag)", "Heute". */
export function useDayNote() {
  const { t } = useTranslation();
  return (day: CalendarDay, today: string): string[] => {
    const notes: string[] = [];
    if (day.holiday) notes.push(day.holiday);
    if (day.closure)
      notes.push(
        day.closure.half ? `${day.closure.name} (${t('calendar.halfDay')})` : day.closure.name,
      );
    if (day.day === today) notes.push(t('calendar.today'));
    return notes;
  };
}

/**
 * A day's column header: its number and weekday; holidays and closure days name themselves on
 * hover and focus (a tooltip, and the accessible name of the header).
 */
export function DayHead({ day, today }: { day: CalendarDay; today: string }) {
  const lang = useLang();
  const note = useDayNote()(day, today);
  const weekday = weekdayNames(lang, 'short')[weekdayIndex(day.day)] ?? '';
  const full = [formatDate(day.day, lang), ...note].join(', ');
  const content = (
    <span>
      {Number(day.day.slice(8))}
      <span className={classes.weekdayLetter}>{weekday.slice(0, 2)}</span>
    </span>
  );
  const special = day.holiday !== null || day.closure !== null;
  return (
    <th
      scope="col"
      className={`${dayClass(day, today)} ${classes.dayHead}`}
      aria-label={full}
      title={full}
    >
      {special ? (
        <Tooltip
          label={note.join(', ')}
          withArrow
          events={{ hover: true, focus: true, touch: true }}
        >
          <span tabIndex={0} data-testid="special-day" data-day={day.day}>
            {content}
          </span>
        </Tooltip>
      ) : (
        content
      )}
    </th>
  );
}

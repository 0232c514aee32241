import { Anchor, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CalendarAbsence, CalendarDay } from '../api/calendar';
import { cellOf, initials, rowNameLabel } from '../calendar-cells';
import classes from '../calendar.module.css';
import { DayCell } from './DayCell';
import { DayHead } from './DayHead';

export interface GridRow {
  id: string;
  /** Shown in the sticky first column. */
  name: string;
  /** Shown instead on phones (default: the initials of the name). */
  short?: string;
  /** The person whose absences these are (for the details). */
  personName: string;
  /** Where the name links to (the year view), if anywhere. */
  href?: string;
  absences: CalendarAbsence[];
  /** Days of this row; a month row of a year has its own. */
  days: CalendarDay[];
  /** Empty cells of this row may start a request. */
  selectable?: boolean;
}

/**
 * The name in a row's header: the full name, or on phones the short form (initials, a short
 * month), while screen readers and voice control still get the full name.
 */
function RowName({ row, shortShown }: { row: GridRow; shortShown: boolean }) {
  const short = row.short ?? initials(row.name);
  if (!row.href)
    // A header cell is named by its text (a label on a plain span is not allowed): the full
    // name stays in it, out of sight on phones.
    return (
      <>
        <span className={classes.readerName}>{row.name}</span>
        <span className={classes.initials} aria-hidden="true">
          {short}
        </span>
      </>
    );
  return (
    <Anchor
      component={Link}
      to={row.href}
      aria-label={rowNameLabel(row.name, shortShown ? short : null)}
    >
      <span className={classes.fullName}>{row.name}</span>
      <span className={classes.initials} aria-hidden="true">
        {short}
      </span>
    </Anchor>
  );
}

/**
 * The calendar table: one row per person (or month), one column per day, sticky names; only
 * the table scrolls sideways. Days beyond a row's own (a short month in the year view) stay
 * empty.
 */
export function CalendarGrid({
  caption,
  headDays,
  rows,
  today,
  onSelectDay,
  plainHead = false,
  rowHead,
  testId = 'calendar-grid',
}: {
  /** Heading of the first column (default "Person"). */
  rowHead?: string;
  caption: string;
  headDays: CalendarDay[];
  /** Column heads are just day numbers (the year view: each month starts elsewhere). */
  plainHead?: boolean;
  rows: GridRow[];
  today: string;
  onSelectDay?: (day: string) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<string | null>(null);
  // The breakpoint of calendar.module.css below which the name column shows the short form.
  const shortShown = useMediaQuery('(max-width: 36em)', false, {
    getInitialValueInEffect: false,
  });
  const columns = headDays.length;
  return (
    <div className={classes.scroller} data-testid={testId}>
      <table className={classes.grid}>
        <caption>
          <VisuallyHidden>{caption}</VisuallyHidden>
        </caption>
        <thead>
          <tr>
            <th scope="col" className={classes.name}>
              {rowHead ?? t('calendar.person')}
            </th>
            {headDays.map((day) =>
              plainHead ? (
                <th key={day.day} scope="col" className={classes.dayHead}>
                  {Number(day.day.slice(8))}
                </th>
              ) : (
                <DayHead key={day.day} day={day} today={today} />
              ),
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-testid="calendar-row" data-row={row.id}>
              <th scope="row" className={classes.name} title={row.name}>
                <RowName row={row} shortShown={shortShown} />
              </th>
              {Array.from({ length: columns }, (_, index) => {
                const day = row.days[index];
                if (!day) return <td key={index} className={classes.off} />;
                const cell = cellOf(row.absences, day.day, today);
                const key = `${row.id}|${day.day}`;
                return (
                  <DayCell
                    key={day.day}
                    day={day}
                    today={today}
                    cell={cell}
                    personName={row.personName}
                    selected={selected === key}
                    onSelect={(open) => setSelected(open ? key : null)}
                    onSelectDay={row.selectable ? onSelectDay : undefined}
                  />
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

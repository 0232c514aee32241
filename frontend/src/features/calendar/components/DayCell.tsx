import { Popover, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n/use-lang';
import { formatDate } from '../../../lib/format';
import type { CalendarAbsence, CalendarDay } from '../api/calendar';
import type { Cell } from '../calendar-cells';
import { ABSENT_COLOR, isPending, lastDayOf, letterCode } from '../calendar-cells';
import classes from '../calendar.module.css';

/** Type name as the viewer may see it ("abwesend" otherwise). */
export function useAbsenceLabel() {
  const { t } = useTranslation();
  const lang = useLang();
  return (absence: CalendarAbsence) =>
    absence.type ? absence.type.name[lang] : t('calendar.absent');
}

/** Shading of a day column: weekend, holiday or closure (half closures: half shaded). */
export function dayClass(day: CalendarDay, today: string): string {
  const off = day.weekend || day.holiday !== null || (day.closure && !day.closure.half);
  const names = [classes.cell];
  if (off) names.push(classes.off);
  else if (day.closure?.half) names.push(classes.halfOff);
  if (day.day === today) names.push(classes.today);
  return names.join(' ');
}

/** What the popover says about an absence: who, what, when, which state. */
function Details({
  absence,
  personName,
  today,
}: {
  absence: CalendarAbsence;
  personName: string;
  today: string;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const label = useAbsenceLabel()(absence);
  const last = lastDayOf(absence, today);
  return (
    <Stack gap={4} data-testid="absence-details">
      <Text fw={700}>{personName}</Text>
      <Text>{label}</Text>
      <Text size="sm">
        {absence.from === last
          ? formatDate(absence.from, lang)
          : `${formatDate(absence.from, lang)} – ${formatDate(last, lang)}`}
        {absence.to === null && ` (${t('calendar.openEnd')})`}
      </Text>
      {absence.halfDayStart && <Text size="sm">{t('calendar.halfDayStart')}</Text>}
      {absence.halfDayEnd && <Text size="sm">{t('calendar.halfDayEnd')}</Text>}
      <Text size="sm" fw={600}>
        {t(`calendar.status.${absence.status}`)}
      </Text>
    </Stack>
  );
}

/**
 * One person's day. An absence is a button (letter code on its colour, outlined while pending,
 * half of the cell for a half day) that opens its details; an empty day of one's own may start
 * a request when the page offers it.
 */
export function DayCell({
  day,
  today,
  cell,
  personName,
  selected,
  onSelect,
  onSelectDay,
}: {
  day: CalendarDay;
  today: string;
  cell: Cell<CalendarAbsence> | null;
  personName: string;
  selected: boolean;
  onSelect: (open: boolean) => void;
  onSelectDay?: ((day: string) => void) | undefined;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const absenceLabel = useAbsenceLabel();
  const date = formatDate(day.day, lang);
  // Holiday and closure names on hover, also where no column header names them (year view).
  const note = [day.holiday, day.closure?.name].filter(Boolean).join(', ') || undefined;
  if (!cell) {
    return (
      <td className={dayClass(day, today)} title={note}>
        {onSelectDay && (
          <button
            type="button"
            className={classes.empty}
            aria-label={t('calendar.requestFor', { date })}
            onClick={() => onSelectDay(day.day)}
          />
        )}
      </td>
    );
  }
  const { absence, part } = cell;
  const label = absenceLabel(absence);
  const pending = isPending(absence);
  // The visible letter starts the accessible name (WCAG 2.5.3, label in name).
  const code = letterCode(label);
  const halfNote =
    part === 'am' ? t('calendar.morning') : part === 'pm' ? t('calendar.afternoon') : '';
  const description = `${personName}, ${date}: ${label}${halfNote ? ` (${halfNote})` : ''}, ${t(`calendar.status.${absence.status}`)}`;
  const button = (
    <button
      type="button"
      className={classes.bar}
      data-pending={pending}
      data-part={part}
      data-testid="absence-bar"
      data-absence={absence.id}
      style={{ ['--absence-color' as string]: absence.type?.color ?? ABSENT_COLOR }}
      aria-label={`${code}: ${description}`}
      title={description}
      aria-expanded={selected}
      onClick={() => onSelect(!selected)}
    >
      <span aria-hidden="true">{code}</span>
    </button>
  );
  return (
    <td className={dayClass(day, today)}>
      {selected ? (
        <Popover
          opened
          onChange={onSelect}
          onClose={() => onSelect(false)}
          trapFocus
          returnFocus
          withArrow
          shadow="md"
          position="bottom"
          width={260}
        >
          <Popover.Target>{button}</Popover.Target>
          <Popover.Dropdown>
            <Details absence={absence} personName={personName} today={today} />
          </Popover.Dropdown>
        </Popover>
      ) : (
        button
      )}
    </td>
  );
}

import type { TFunction } from 'i18next';
import type { Lang } from '../../../i18n/languages';
import { formatDate, formatTime } from '../../../lib/format';
import { localDayOf } from '../../../lib/zoned-time';
import type { ClockAction, ClockState } from '../clock-logic';

/** "Arbeitet seit 08:12" / "In Pause seit 12:03" / "Nicht eingestempelt" (with the date if not today). */
export function statusText(t: TFunction, state: ClockState, lang: Lang, timeZone: string): string {
  if (state.status === 'off' || !state.since) return t('clock.status.off');
  const time = formatTime(state.since, lang, timeZone);
  const day = localDayOf(state.since, timeZone);
  const since = day === state.today.day ? time : `${formatDate(day, lang)}, ${time}`;
  return state.status === 'working'
    ? t('clock.status.working', { since })
    : t('clock.status.break', { since });
}

/** Button labels: Kommen, Pause starten, Pause beenden, Gehen. */
export function actionLabel(t: TFunction, action: ClockAction): string {
  return t(`clock.actions.${action}`);
}

import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../i18n/use-lang';
import { isApiError } from '../../lib/api-error';
import { formatDate } from '../../lib/format';
import { useErrorMessage } from '../../lib/use-error-message';
import {
  formatDayNumber,
  isOne,
  openEndOverVacationOf,
  overlapOf,
  vacationReturnsOf,
  type Absence,
  type AbsenceProblem,
  type AbsenceStatus,
  type CountLine,
  type VacationReturn,
} from './absence-logic';

/** Codes of the absence API that the screens explain in their own words. */
const PROBLEM_CODES = [
  'ABSENCE_ENDS_BEFORE_START',
  'ABSENCE_HALF_DAYS_ON_ONE_DAY',
  'ABSENCE_NO_WORKING_DAYS',
  'ABSENCE_HALF_DAYS_NOT_ALLOWED',
  'ABSENCE_RANGE_TOO_LONG',
  'ABSENCE_OPEN_END_NOT_ALLOWED',
  'ABSENCE_SUBSTITUTE_INVALID',
  'ABSENCE_TYPE_INACTIVE',
  'ABSENCE_OWN_DECISION',
  'ABSENCE_SECOND_APPROVAL_REQUIRED',
  'ABSENCE_STATE_CHANGED',
  'ABSENCE_REMINDED_TODAY',
  'ABSENCE_RETURN_NEEDS_END',
] as const;
type SimpleProblemCode = (typeof PROBLEM_CODES)[number];

const isSimpleProblem = (code: string): code is SimpleProblemCode =>
  (PROBLEM_CODES as readonly string[]).includes(code);

/**
 * Everything the absence screens say about absences, in the UI language: date ranges with
 * their half days, day counts, statuses, and the API's refusals with the details they carry
 * (the overlapping absence by name and dates, the vacation that is missing).
 */
export function useAbsenceTexts() {
  const { t } = useTranslation();
  const lang = useLang();
  const errorMessage = useErrorMessage();

  const status = useCallback((value: AbsenceStatus) => t(`absences.status.${value}`), [t]);

  /** "Mo, 04.05.2026 – Fr, 08.05.2026", with "(ab Mittag)" / "(bis Mittag)" and open ends. */
  const range = useCallback(
    (a: Pick<Absence, 'from' | 'to' | 'halfDayStart' | 'halfDayEnd'>) => {
      const first =
        formatDate(a.from, lang) + (a.halfDayStart ? ` (${t('absences.card.halfStart')})` : '');
      if (a.to === null) return `${first} – ${t('absences.card.openEnd')}`;
      // A single morning (what a vacation keeps before a sickness from noon) says so too.
      if (a.to === a.from)
        return a.halfDayEnd && !a.halfDayStart ? `${first} (${t('absences.card.halfEnd')})` : first;
      const last =
        formatDate(a.to, lang) + (a.halfDayEnd ? ` (${t('absences.card.halfEnd')})` : '');
      return `${first} – ${last}`;
    },
    [lang, t],
  );

  /** "3,5 Arbeitstage" / "1 Arbeitstag". */
  const workingDays = useCallback(
    (days: number) =>
      isOne(days, lang)
        ? t('absences.count.workingDaysOne', { days: formatDayNumber(days, lang) })
        : t('absences.count.workingDaysOther', { days: formatDayNumber(days, lang) }),
    [lang, t],
  );

  /** "3 Urlaubstage" / "1 Urlaubstag": what a sickness gives back (§ 9 BUrlG). */
  const vacationDays = useCallback(
    (days: number) =>
      isOne(days, lang)
        ? t('absences.vacationReturn.daysOne', { days: formatDayNumber(days, lang) })
        : t('absences.vacationReturn.daysOther', { days: formatDayNumber(days, lang) }),
    [lang, t],
  );

  /** "„Urlaub“ 09.02. – 20.02.2026: wird geteilt in … und … – 3 Urlaubstage zurück". */
  const vacationReturn = useCallback(
    (v: VacationReturn) => {
      const common = {
        type: v.typeName[lang],
        range: range(v),
        days: vacationDays(v.daysReturned),
      };
      const [first, second] = v.parts;
      if (v.result === 'split' && first && second)
        return t('absences.vacationReturn.split', {
          ...common,
          first: range(first),
          second: range(second),
        });
      if (v.result === 'shortened' && first)
        return t('absences.vacationReturn.shortened', { ...common, kept: range(first) });
      return t('absences.vacationReturn.cancelled', common);
    },
    [lang, range, t, vacationDays],
  );

  /** "3,5 Arbeitstage – danach 11 übrig", prefixed with the year when split across years. */
  const countLine = useCallback(
    (line: CountLine) => {
      const days = line.one
        ? t('absences.count.workingDaysOne', { days: line.days })
        : t('absences.count.workingDaysOther', { days: line.days });
      const left =
        line.remainingAfter === null ? '' : t('absences.count.left', { left: line.remainingAfter });
      const text = `${days}${left}`;
      return line.year === null ? text : t('absences.count.inYear', { year: line.year, text });
    },
    [t],
  );

  /** A problem the preview found, or a refusal, in plain words naming what is in the way. */
  const problem = useCallback(
    (p: Pick<AbsenceProblem, 'code' | 'details' | 'message' | 'blocking'>) => {
      switch (p.code) {
        case 'ABSENCE_OVERLAPS_VACATION': {
          const returns = vacationReturnsOf(p.details);
          return returns
            ? t('absences.problems.ABSENCE_OVERLAPS_VACATION', {
                days: vacationDays(returns.daysReturned),
              })
            : t('absences.problems.ABSENCE_OVERLAPS_VACATION_PLAIN');
        }
        case 'ABSENCE_SICKNESS_HALF_DAY_IN_VACATION': {
          const day = (p.details as { day?: unknown } | undefined)?.day;
          return t('absences.problems.ABSENCE_SICKNESS_HALF_DAY_IN_VACATION', {
            day: typeof day === 'string' ? formatDate(day, lang) : '',
          });
        }
        case 'ABSENCE_OVERLAP': {
          const other = overlapOf(p.details);
          if (!other) return t('absences.problems.ABSENCE_OVERLAP_PLAIN');
          const openEnd = openEndOverVacationOf(p.details);
          if (openEnd) {
            const vacation = {
              type: other.typeName[lang],
              range: range({ ...other, halfDayStart: false, halfDayEnd: false }),
            };
            return openEnd.latestEnd
              ? t('absences.problems.openEndOverVacation', {
                  ...vacation,
                  latestEnd: formatDate(openEnd.latestEnd, lang),
                })
              : t('absences.problems.openEndOverVacationStarted', vacation);
          }
          return t('absences.problems.ABSENCE_OVERLAP', {
            type: other.typeName[lang],
            range: range({ ...other, halfDayStart: false, halfDayEnd: false }),
            status: status(other.status),
          });
        }
        case 'ABSENCE_OVER_BALANCE': {
          const d = (p.details ?? {}) as { year?: number; days?: number; remaining?: number };
          const missing =
            typeof d.days === 'number' && typeof d.remaining === 'number'
              ? t('absences.problems.ABSENCE_OVER_BALANCE', {
                  year: d.year ?? '',
                  days: formatDayNumber(d.days, lang),
                  remaining: formatDayNumber(d.remaining, lang),
                })
              : t('absences.problems.ABSENCE_OVER_BALANCE_PLAIN');
          return `${missing} ${
            p.blocking
              ? t('absences.problems.overBalanceRefused')
              : t('absences.problems.overBalanceWarning')
          }`;
        }
        case 'ABSENCE_LOCKED_MONTH': {
          const months = (p.details as { months?: unknown } | undefined)?.months;
          return t('absences.problems.ABSENCE_LOCKED_MONTH', {
            months: Array.isArray(months) ? months.join(', ') : '',
          });
        }
        default:
          return isSimpleProblem(p.code) ? t(`absences.problems.${p.code}`) : p.message;
      }
    },
    [lang, range, status, t, vacationDays],
  );

  /** Any error of an absence call: the API's absence refusals explained, the rest as usual. */
  const error = useCallback(
    (e: unknown) => {
      if (isApiError(e) && e.fromApi && e.code.startsWith('ABSENCE_'))
        return problem({
          code: e.code,
          details: e.details as AbsenceProblem['details'],
          message: e.message,
          blocking: true,
        });
      return errorMessage(e);
    },
    [errorMessage, problem],
  );

  return useMemo(
    () => ({
      status,
      range,
      workingDays,
      vacationDays,
      vacationReturn,
      countLine,
      problem,
      error,
      lang,
    }),
    [status, range, workingDays, vacationDays, vacationReturn, countLine, problem, error, lang],
  );
}

/**
 * The cut arithmetic of a sickness over vacation (§ 9 BUrlG): what stays of the vacation and
 * how many working days it gives back, counted in a Bavarian five-day week (June 2026:
 * Fronleichnam on Thursday 4 June).
 */
import { describe, expect, it } from 'vitest';
import { calendarFor, countWorkingDays } from './calendar.js';
import type { HalfDayRange } from './requests-sickness-over-vacation.js';
import { cutVacation } from './requests-sickness-over-vacation.js';

const calendar = calendarFor(
  {
    timeZone: 'Europe/Berlin',
    holidayRegion: 'DE-BY',
    holidaySubregion: null,
    closures: new Map(),
  },
  [{ validFrom: '2020-01-01', minutesPerWeekday: [480, 480, 480, 480, 480, 0, 0] }],
);
const count = (r: HalfDayRange) => countWorkingDays(calendar, r).total;

/** 'from..to', with '½' before the first day (from noon) or after the last (until noon). */
function r(text: string): HalfDayRange {
  const halfDayStart = text.startsWith('½');
  const halfDayEnd = text.endsWith('½');
  const [from, to] = text.replaceAll('½', '').split('..');
  return { from: `2026-06-${from}`, to: `2026-06-${to ?? from}`, halfDayStart, halfDayEnd };
}

const cases: {
  name: string;
  vacation: string;
  sickness: string;
  result: 'cancelled' | 'shortened' | 'split';
  parts: string[];
  daysReturned: number;
}[] = [
  {
    name: 'covered exactly',
    vacation: '08..19',
    sickness: '08..19',
    result: 'cancelled',
    parts: [],
    daysReturned: 10,
  },
  {
    name: 'covered and more',
    vacation: '08..19',
    sickness: '05..22',
    result: 'cancelled',
    parts: [],
    daysReturned: 10,
  },
  {
    name: 'at its start',
    vacation: '08..19',
    sickness: '08..10',
    result: 'shortened',
    parts: ['11..19'],
    daysReturned: 3,
  },
  {
    name: 'from before its start',
    vacation: '08..19',
    sickness: '01..10',
    result: 'shortened',
    parts: ['11..19'],
    daysReturned: 3,
  },
  {
    name: 'at its end',
    vacation: '08..19',
    sickness: '17..22',
    result: 'shortened',
    parts: ['08..16'],
    daysReturned: 3,
  },
  {
    name: 'inside',
    vacation: '08..19',
    sickness: '10..12',
    result: 'split',
    parts: ['08..09', '13..19'],
    daysReturned: 3,
  },
  {
    name: 'inside, sick from noon',
    vacation: '08..19',
    sickness: '½10..12',
    result: 'split',
    parts: ['08..10½', '13..19'],
    daysReturned: 2.5,
  },
  {
    name: 'inside, sick until noon',
    vacation: '08..19',
    sickness: '10..12½',
    result: 'split',
    parts: ['08..09', '½12..19'],
    daysReturned: 2.5,
  },
  {
    name: 'sick from noon of its first day',
    vacation: '08..12',
    sickness: '½08..09',
    result: 'split',
    parts: ['08..08½', '10..12'],
    daysReturned: 1.5,
  },
  {
    name: 'sick until noon of its last day',
    vacation: '08..12',
    sickness: '11..12½',
    result: 'split',
    parts: ['08..10', '½12..12'],
    daysReturned: 1.5,
  },
  {
    name: 'a vacation from noon, sick at its start',
    vacation: '½08..12',
    sickness: '08..09',
    result: 'shortened',
    parts: ['10..12'],
    daysReturned: 1.5,
  },
  {
    name: 'a vacation from noon, sick from noon that day',
    vacation: '½08..12',
    sickness: '½08..09',
    result: 'shortened',
    parts: ['10..12'],
    daysReturned: 1.5,
  },
  {
    name: 'a vacation until noon, sick at its end',
    vacation: '08..12½',
    sickness: '12..15',
    result: 'shortened',
    parts: ['08..11'],
    daysReturned: 0.5,
  },
  {
    name: 'only the weekend left after it',
    vacation: '08..21',
    sickness: '15..19',
    result: 'shortened',
    parts: ['08..14'],
    daysReturned: 5,
  },
  {
    name: 'only a holiday left after it',
    vacation: '01..04',
    sickness: '01..03',
    result: 'cancelled',
    parts: [],
    daysReturned: 3,
  },
  {
    name: 'a holiday and a working day left',
    vacation: '01..05',
    sickness: '01..03',
    result: 'shortened',
    parts: ['04..05'],
    daysReturned: 3,
  },
  {
    name: 'sick only over its weekend',
    vacation: '08..19',
    sickness: '13..14',
    result: 'split',
    parts: ['08..12', '15..19'],
    daysReturned: 0,
  },
];

describe('cutVacation', () => {
  it.each(cases)('$name', ({ vacation, sickness, result, parts, daysReturned }) => {
    expect(cutVacation(r(vacation), r(sickness), count)).toEqual({
      result,
      parts: parts.map(r),
      daysReturned,
    });
  });

  it('keeps what stays plus what is given back equal to the vacation', () => {
    for (const c of cases) {
      const cut = cutVacation(r(c.vacation), r(c.sickness), count);
      const kept = cut.parts.reduce((sum, p) => sum + count(p), 0);
      expect(kept + cut.daysReturned).toBe(count(r(c.vacation)));
    }
  });
});

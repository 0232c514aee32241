import { describe, expect, it } from 'vitest';
import type { ArbzgFinding } from './arbzg.js';
import {
  checkArbzg,
  checkAverage,
  checkFreeSundays,
  liveHints,
  requiredBreakMinutes,
} from './arbzg.js';
import { publicHolidayLookup } from './holidays.js';
import type { WorkInterval } from './intervals.js';
import { addDays, dayRange, isoWeekday, localInstant } from './time.js';

const BERLIN = 'Europe/Berlin';
const NOW = new Date('2027-06-01T00:00:00Z');
const MONDAY = '2026-03-02';

function at(day: string, time: string, zone = BERLIN): Date {
  const [h, m] = time.split(':').map(Number);
  return localInstant(day, h ?? 0, m ?? 0, zone);
}

/** Intervals on a day from 'HH:mm-HH:mm' specs; an end at or before the start is the next day. */
function work(day: string, ...specs: string[]): WorkInterval[] {
  return specs.map((spec) => {
    const [from = '', to = ''] = spec.split('-');
    return { start: at(day, from), end: at(to <= from ? addDays(day, 1) : day, to) };
  });
}

function codes(findings: ArbzgFinding[]): string[] {
  return findings.map((f) => `${f.day} ${f.code}`);
}

function check(intervals: WorkInterval[], extra: Partial<Parameters<typeof checkArbzg>[0]> = {}) {
  return checkArbzg({ intervals, timeZone: BERLIN, now: NOW, ...extra });
}

describe('ArbZG per working day (Monday 2 March 2026)', () => {
  it.each([
    // §4 breaks: 6:00 h needs none, 6:01 h needs 30 min
    [['08:00-14:00'], []],
    [['08:00-14:01'], ['ARBZG_BREAK_MISSING', 'ARBZG_STRETCH_OVER_6H']],
    [['08:00-12:00', '12:29-14:30'], ['ARBZG_BREAK_MISSING']],
    [['08:00-12:00', '12:30-14:31'], []],
    // Only gaps of ≥ 15 min count: 15 + 15 is enough, 14 + 16 is not
    [['08:00-10:00', '10:15-12:00', '12:15-14:46'], []],
    [['08:00-10:00', '10:14-12:00', '12:16-14:46'], ['ARBZG_BREAK_MISSING']],
    // 9:00 h needs 30 min, 9:01 h needs 45 min (and more than 8 h is noted)
    [['07:00-12:00', '12:30-16:30'], ['ARBZG_DAILY_OVER_8H']],
    [
      ['07:00-12:00', '12:30-16:31'],
      ['ARBZG_DAILY_OVER_8H', 'ARBZG_BREAK_MISSING'],
    ],
    [['07:00-12:00', '12:45-16:46'], ['ARBZG_DAILY_OVER_8H']],
    // §3: 8:00 h fine, 8:01 h info; 10:00 h info, 10:01 h violation (only the stronger)
    [['07:00-11:00', '11:45-15:45'], []],
    [['07:00-11:00', '11:45-15:46'], ['ARBZG_DAILY_OVER_8H']],
    [['06:00-11:00', '11:45-16:45'], ['ARBZG_DAILY_OVER_8H']],
    [['06:00-11:00', '11:45-16:46'], ['ARBZG_DAILY_OVER_10H']],
    // §4 S. 3: a 10-min gap is no break, so 08:00–14:05 is 6:05 h in a row (5:55 h worked)
    [['08:00-11:00', '11:10-14:00'], []],
    [['08:00-11:00', '11:10-14:05'], ['ARBZG_STRETCH_OVER_6H']],
    [['08:00-14:00', '14:15-16:00'], ['ARBZG_BREAK_MISSING']],
    // §6 night time 23:00–06:00: flagged for information
    [['05:59-08:00'], ['ARBZG_NIGHT_WORK']],
    [['06:00-08:00'], []],
    [['20:00-23:00'], []],
    [['20:00-23:01'], ['ARBZG_NIGHT_WORK']],
  ])('%j → %j', (specs, expected) => {
    expect(check(work(MONDAY, ...specs)).map((f) => f.code)).toEqual(expected);
  });

  it('gives the numbers for the message', () => {
    const [missing] = check(work(MONDAY, '07:00-12:00', '12:30-16:31')).filter(
      (f) => f.code === 'ARBZG_BREAK_MISSING',
    );
    expect(missing).toMatchObject({
      severity: 'violation',
      day: MONDAY,
      params: { workedMinutes: 541, breakMinutes: 30, requiredMinutes: 45 },
    });
    expect(missing?.message.de).toBe(
      'Bei 9:01 h Arbeitszeit sind mindestens 45 min Pause vorgeschrieben, erfasst sind 30 min (Pausen zählen erst ab 15 min am Stück, § 4 ArbZG).',
    );
    expect(missing?.message.en).toContain('9:01 h of work require at least 45 min of breaks');

    const [over10] = check(work(MONDAY, '06:00-11:00', '11:45-16:46'));
    expect(over10).toMatchObject({
      code: 'ARBZG_DAILY_OVER_10H',
      severity: 'violation',
      params: { workedMinutes: 601, limitMinutes: 600 },
    });
    const [over8] = check(work(MONDAY, '07:00-11:00', '11:45-15:46'));
    expect(over8).toMatchObject({ severity: 'info', params: { workedMinutes: 481 } });

    const [night] = check(work(MONDAY, '05:00-06:00', '22:30-23:30'));
    expect(night).toMatchObject({ code: 'ARBZG_NIGHT_WORK', severity: 'info' });
    expect(night?.params.nightMinutes).toBe(90);
  });

  it.each([
    [0, 0],
    [360, 0],
    [361, 30],
    [540, 30],
    [541, 45],
  ])('requires %i min of work to have %i min of breaks', (worked, required) => {
    expect(requiredBreakMinutes(worked)).toBe(required);
  });
});

describe('ArbZG Sundays and public holidays', () => {
  it.each([
    // day, region, expected codes
    ['2026-03-08', 'DE-BY', ['ARBZG_SUNDAY_WORK']],
    // Frauentag 8 March 2026 falls on a Sunday in Berlin.
    ['2026-03-08', 'DE-BE', ['ARBZG_SUNDAY_WORK', 'ARBZG_HOLIDAY_WORK']],
    ['2026-04-06', 'DE-BE', ['ARBZG_HOLIDAY_WORK']],
    // Ostersonntag is a public holiday only in Brandenburg.
    ['2026-04-05', 'DE-BB', ['ARBZG_SUNDAY_WORK', 'ARBZG_HOLIDAY_WORK']],
    ['2026-04-05', 'DE-BE', ['ARBZG_SUNDAY_WORK']],
    ['2026-06-04', 'DE-NW', ['ARBZG_HOLIDAY_WORK']],
    ['2026-06-04', 'DE-BE', []],
    ['2026-11-18', 'DE-SN', ['ARBZG_HOLIDAY_WORK']],
    ['2026-11-18', 'DE-BY', []],
    ['2026-12-24', 'DE-BY', []],
  ])('work on %s in %s → %j', (day, region, expected) => {
    const findings = check(work(day, '10:00-12:00'), { holidays: publicHolidayLookup(region) });
    expect(findings.map((f) => f.code)).toEqual(expected);
    for (const f of findings) expect(f.severity).toBe('warning');
  });

  it('keeps at least 15 Sundays a year free (2026 has 52 Sundays: 37 may be worked)', () => {
    const sundays = dayRange('2026-01-01', '2026-12-31').filter((d) => isoWeekday(d) === 7);
    expect(sundays).toHaveLength(52);
    const worked = (n: number) => new Map(sundays.slice(0, n).map((d) => [d, 120]));
    expect(checkFreeSundays(worked(37))).toEqual([]);
    const findings = checkFreeSundays(worked(38));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      code: 'ARBZG_FREE_SUNDAYS_UNDER_15',
      day: sundays[37],
      params: { year: 2026, sundaysWorked: 38, freeSundays: 14, minimumFree: 15 },
    });
  });
});

describe('ArbZG rest period (§5)', () => {
  it.each([
    ['07:59', ['2026-03-03 ARBZG_REST_UNDER_11H']],
    ['08:00', []],
  ])('end 21:00, next start %s → %j', (nextStart, expected) => {
    const intervals = [...work(MONDAY, '15:00-21:00'), ...work('2026-03-03', `${nextStart}-12:00`)];
    expect(codes(check(intervals))).toEqual(expected);
  });

  it('measures the rest from UTC instants and reports it', () => {
    const intervals = [...work(MONDAY, '14:00-23:00'), ...work('2026-03-03', '07:00-12:00')];
    const rest = check(intervals).filter((f) => f.code === 'ARBZG_REST_UNDER_11H');
    expect(rest).toMatchObject([
      {
        day: '2026-03-03',
        severity: 'violation',
        params: { restMinutes: 480, minimumMinutes: 660 },
      },
    ]);
    expect(rest[0]?.message.de).toBe(
      'Nur 8:00 h Ruhezeit seit dem letzten Arbeitsende – mindestens 11 Stunden ununterbrochen sind vorgeschrieben (§ 5 ArbZG).',
    );
  });

  it('counts the 25-hour night of 25 October 2026 (end 21:00, start 07:00 is 11 h)', () => {
    const intervals = [
      ...work('2026-10-24', '15:00-21:00'),
      ...work('2026-10-25', '07:00-09:00'),
      ...work('2026-03-28', '15:00-21:00'),
      ...work('2026-03-29', '08:00-09:00'),
    ];
    // Spring: 21:00 → 08:00 over the 23-hour night is only 10 h.
    expect(
      codes(check(intervals)).filter((c) => c.includes('REST') || c.includes('STRETCH')),
    ).toEqual(['2026-03-29 ARBZG_REST_UNDER_11H']);
  });
});

describe('ArbZG across midnight', () => {
  it('splits a night shift at midnight but sees its 8 hours in a row', () => {
    const findings = check(work(MONDAY, '22:00-06:00'));
    expect(codes(findings)).toEqual([
      '2026-03-02 ARBZG_NIGHT_WORK',
      '2026-03-03 ARBZG_STRETCH_OVER_6H',
      '2026-03-03 ARBZG_NIGHT_WORK',
    ]);
    expect(findings[1]?.params).toEqual({ stretchMinutes: 480, limitMinutes: 360 });
    expect(findings.map((f) => f.params.nightMinutes)).toEqual([60, undefined, 360]);
  });

  it('does not see a rest period in consecutive night shifts', () => {
    const intervals = [
      ...work(MONDAY, '22:00-02:00', '02:30-06:00'),
      ...work('2026-03-03', '22:00-02:00', '02:30-06:00'),
    ];
    expect(check(intervals).map((f) => f.code)).not.toContain('ARBZG_REST_UNDER_11H');
    expect(check(intervals).map((f) => f.code)).not.toContain('ARBZG_STRETCH_OVER_6H');
  });

  it('reports a break spanning midnight as a short rest (documented limitation, README)', () => {
    const intervals = [...work(MONDAY, '22:00-23:45'), ...work('2026-03-03', '00:15-06:00')];
    expect(check(intervals).find((f) => f.code === 'ARBZG_REST_UNDER_11H')?.params).toEqual({
      restMinutes: 30,
      minimumMinutes: 660,
    });
  });

  it.each([
    // 22:00–06:00 Berlin on the DST nights of 2026: 7 h in March, 9 h in October.
    ['2026-03-28', '2026-03-29', 420],
    ['2026-10-24', '2026-10-25', 540],
  ])('measures the night from %s by UTC instants', (day, next, stretch) => {
    const findings = check(work(day, '22:00-06:00'));
    expect(findings.find((f) => f.code === 'ARBZG_STRETCH_OVER_6H')).toMatchObject({
      day: next,
      params: { stretchMinutes: stretch },
    });
    const night = findings.filter((f) => f.code === 'ARBZG_NIGHT_WORK').map((f) => f.params);
    expect(night).toEqual([{ nightMinutes: 60 }, { nightMinutes: stretch - 120 }]);
  });

  it('reports only days in [from, to], using earlier days as context', () => {
    const intervals = [...work(MONDAY, '14:00-23:00'), ...work('2026-03-03', '07:00-12:00')];
    expect(
      codes(check(intervals, { from: '2026-03-03', to: '2026-03-03' })).filter(
        (c) => !c.includes('NIGHT'),
      ),
    ).toEqual(['2026-03-03 ARBZG_REST_UNDER_11H']);
  });

  it('finds on [from, to] exactly what the whole history finds there, for any from', () => {
    // Eight months of irregular shifts: late ends, early starts, long days, Sundays, nights.
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pad = (n: number) => String(n).padStart(2, '0');
    const intervals = dayRange('2025-09-01', '2026-04-30').flatMap((day) => {
      if (next() < 0.25) return [];
      const start = 4 + Math.floor(next() * 16);
      const hours = 3 + Math.floor(next() * 9);
      const end = (start + hours) % 24;
      const pause = next() < 0.5 ? [] : [`${pad((start + 3) % 24)}:20`];
      return pause.length === 0
        ? work(day, `${pad(start)}:00-${pad(end)}:05`)
        : work(day, `${pad(start)}:00-${pad((start + 3) % 24)}:00`, `${pause[0]}-${pad(end)}:05`);
    });
    const all = check(intervals);
    // Every period start of two months, a week long each: context cut-offs on every weekday.
    for (const from of dayRange('2026-01-01', '2026-02-28')) {
      const to = addDays(from, 6);
      expect(check(intervals, { from, to }), from).toEqual(
        all.filter((f) => f.day >= from && f.day <= to),
      );
    }
    expect(all.some((f) => f.code === 'ARBZG_REST_UNDER_11H')).toBe(true);
  });

  it('closes a running interval at now', () => {
    const running = [{ start: at(MONDAY, '08:00'), end: null }];
    expect(checkArbzg({ intervals: running, timeZone: BERLIN, now: at(MONDAY, '14:00') })).toEqual(
      [],
    );
    expect(
      checkArbzg({ intervals: running, timeZone: BERLIN, now: at(MONDAY, '14:01') }).map(
        (f) => f.code,
      ),
    ).toEqual(['ARBZG_BREAK_MISSING', 'ARBZG_STRETCH_OVER_6H']);
  });
});

describe('ArbZG average over 24 weeks / 6 months (§3 S. 2)', () => {
  // Mon–Fri of the first half of 2026 with the same minutes; Saturdays are Werktage without work.
  // Week check on Wednesday 24 June: 24 weeks 12 Jan–28 Jun have 144 Werktage and 120 workdays;
  // 1 Jan–30 Jun have 155 Werktage and 129 workdays. 9:36 h × 5 = 8 h × 6 exactly.
  const halfYear = (minutes: number, off: ReadonlySet<string> = new Set()) =>
    new Map(
      dayRange('2026-01-01', '2026-06-30')
        .filter((d) => isoWeekday(d) <= 5)
        .map((d) => [d, off.has(d) ? 0 : minutes]),
    );
  const on = (findings: ArbzgFinding[], day: string) => findings.filter((f) => f.day === day);

  it('allows 9:36 h on five days (8 h per Werktag exactly)', () => {
    expect(checkAverage(halfYear(576))).toEqual([]);
  });

  it('warns at 9:37 h when both windows exceed 8 h per Werktag', () => {
    const findings = on(checkAverage(halfYear(577)), '2026-06-24');
    expect(findings).toEqual([
      expect.objectContaining({
        code: 'ARBZG_AVG_OVER_8H_24W',
        severity: 'warning',
        params: {
          averageMinutes24Weeks: 481,
          averageMinutes6Months: 481,
          workdays24Weeks: 144,
          workdays6Months: 155,
          limitMinutes: 480,
        },
      }),
    ]);
  });

  it('treats vacation as neutral, not as a day that lowers the average', () => {
    const vacation = new Set(dayRange('2026-03-09', '2026-03-20'));
    const days = halfYear(600, vacation);
    expect(on(checkAverage(days), '2026-06-24')).toEqual([]);
    expect(on(checkAverage(days, { neutralDays: vacation }), '2026-06-24')).toHaveLength(1);
  });

  it('does not count public holidays as Werktage', () => {
    // Bavaria: 6 weekday holidays in the 24 weeks, 8 in the half year, all without work.
    const holidays = publicHolidayLookup('DE-BY');
    const days = halfYear(600, new Set([...halfYear(0).keys()].filter(holidays)));
    expect(on(checkAverage(days), '2026-06-24')).toEqual([]);
    expect(on(checkAverage(days, { holidays }), '2026-06-24')).toMatchObject([
      { params: { workdays24Weeks: 138, workdays6Months: 147 } },
    ]);
  });

  it('checks only days above 8 h', () => {
    const days = new Map([['2026-03-02', 480]]);
    expect(checkAverage(days)).toEqual([]);
    expect(checkAverage(new Map())).toEqual([]);
  });
});

describe('liveHints (Stempeluhr)', () => {
  const hint = (closed: string[], runningFrom: string, now: string, day = MONDAY, zone = BERLIN) =>
    liveHints({
      intervals: closed.map((spec) => {
        const [from = '', to = ''] = spec.split('-');
        return { start: at(day, from, zone), end: at(day, to, zone) };
      }),
      runningStart: at(day, runningFrom, zone),
      now: at(day, now, zone),
      timeZone: zone,
    });

  it.each([
    // closed, running from, now → break due (minutes left, break) and the 10-h limit
    [[], '08:00', '13:40', 20, 30, 'Pause fällig in 20 min (mind. 30 min)', '10-h-Grenze um 18:00'],
    [[], '08:00', '14:00', 0, 30, 'Pause jetzt fällig (mind. 30 min)', '10-h-Grenze um 18:00'],
    [
      [],
      '08:00',
      '14:05',
      -5,
      30,
      'Pause überfällig seit 5 min (mind. 30 min)',
      '10-h-Grenze um 18:00',
    ],
    // A 20-min break counts, but 10 more minutes are needed in a block of ≥ 15 min.
    [
      ['08:00-11:00'],
      '11:20',
      '13:50',
      30,
      15,
      'Pause fällig in 30 min (mind. 15 min)',
      '10-h-Grenze um 18:20',
    ],
    // With 30 min taken, the 6-hour stretch comes before 9 h of work.
    [
      ['07:00-09:00'],
      '09:30',
      '15:00',
      30,
      15,
      'Pause fällig in 30 min (mind. 15 min)',
      '10-h-Grenze um 17:30',
    ],
    // With 30 min taken and short stretches, the next due is 9 h of work (45 min in all).
    [
      ['08:12-12:00'],
      '12:30',
      '13:40',
      242,
      15,
      'Pause fällig in 4:02 h (mind. 15 min)',
      '10-h-Grenze um 18:42',
    ],
    // Past the 10-hour limit with 45 min of breaks: only the stretch still asks for a break.
    [
      ['06:00-12:00'],
      '12:45',
      '17:00',
      105,
      15,
      'Pause fällig in 1:45 h (mind. 15 min)',
      '10-h-Grenze seit 16:45 überschritten',
    ],
    // A 10-min gap is no break: the stretch and the 6 h of work both passed at 12:00.
    [
      ['06:00-12:00'],
      '12:10',
      '12:30',
      -30,
      30,
      'Pause überfällig seit 30 min (mind. 30 min)',
      '10-h-Grenze um 16:10',
    ],
  ])(
    '%j, running since %s, at %s',
    (closed, from, now, left, breakMinutes, breakText, limitText) => {
      const [due, limit] = hint(closed, from, now);
      expect(due).toMatchObject({ code: 'BREAK_DUE', minutesLeft: left, params: { breakMinutes } });
      expect(due?.message.de).toBe(breakText);
      expect(limit?.code).toBe('DAILY_LIMIT');
      expect(limit?.message.de).toBe(limitText);
    },
  );

  it('returns instants and English texts', () => {
    const [due, limit] = hint(['08:12-12:00'], '12:30', '13:40');
    expect(due?.at.getTime()).toBe(at(MONDAY, '17:42').getTime());
    expect(due?.message.en).toBe('Break due in 4:02 h (at least 15 min)');
    expect(limit).toMatchObject({
      at: at(MONDAY, '18:42'),
      minutesLeft: 302,
      params: { minutesLeft: 302, workedMinutes: 298, limitMinutes: 600 },
      message: { de: '10-h-Grenze um 18:42', en: '10-hour limit at 18:42' },
    });
    const [, over] = hint(['06:00-12:00'], '12:45', '17:00');
    expect(over?.message.en).toBe('10-hour limit exceeded since 16:45');
    expect(over?.minutesLeft).toBe(-15);
  });

  it('counts the break that ended this very minute (Pause beenden)', () => {
    // Right after the break the running entry has no minute yet; the break must count anyway.
    const [due, limit] = hint(['08:00-10:00'], '10:30', '10:30');
    expect(due).toMatchObject({
      code: 'BREAK_DUE',
      minutesLeft: 360,
      params: { breakMinutes: 15 },
    });
    expect(limit?.message.de).toBe('10-h-Grenze um 18:30');
    expect(limit?.params.workedMinutes).toBe(120);
    // One minute later nothing jumps.
    const [dueLater, limitLater] = hint(['08:00-10:00'], '10:30', '10:31');
    expect(dueLater?.at.getTime()).toBe(due?.at.getTime());
    expect(limitLater?.at.getTime()).toBe(limit?.at.getTime());
  });

  it('shows the clock time of the tenant zone', () => {
    const [, limit] = hint([], '08:00', '09:00', MONDAY, 'America/New_York');
    expect(limit?.message.de).toBe('10-h-Grenze um 18:00');
  });

  it('counts the stretch across midnight but the 10 hours per day', () => {
    const hints = liveHints({
      intervals: [],
      runningStart: at(MONDAY, '22:00'),
      now: at('2026-03-03', '03:00'),
      timeZone: BERLIN,
    });
    expect(hints[0]).toMatchObject({ code: 'BREAK_DUE', minutesLeft: 60 });
    expect(hints[0]?.at.getTime()).toBe(at('2026-03-03', '04:00').getTime());
    expect(hints[1]?.message.de).toBe('10-h-Grenze um 10:00');
  });

  it('counts the short spring night of 29 March 2026', () => {
    const hints = liveHints({
      intervals: [],
      runningStart: at('2026-03-28', '22:00'),
      now: at('2026-03-29', '03:30'),
      timeZone: BERLIN,
    });
    // 22:00 → 03:30 CEST is 4:30 h of work; 6 h are reached at 05:00.
    expect(hints[0]).toMatchObject({ minutesLeft: 90 });
    expect(hints[0]?.message.de).toBe('Pause fällig in 1:30 h (mind. 15 min)');
  });
});

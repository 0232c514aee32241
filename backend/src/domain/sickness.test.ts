import { describe, expect, it } from 'vitest';
import { publicHolidayLookup } from './holidays.js';
import type { CertificateRules, SicknessPeriod } from './sickness.js';
import { CONTINUED_PAY_DAYS, certificateDue, continuedPay } from './sickness.js';
import { targetMinutes } from './targets.js';

describe('continuedPay (EFZG §3: 6 weeks per illness)', () => {
  it('is 42 calendar days', () => {
    expect(CONTINUED_PAY_DAYS).toBe(42);
  });

  it.each<[string, SicknessPeriod[], [string, number, number, string | null][]]>([
    // illness id, sick days, paid days, last paid day
    ['ten days', [{ id: 'a', from: '2026-01-05', to: '2026-01-14' }], [['a', 10, 10, null]]],
    // 5 January + 41 days = 15 February is the 42nd day.
    [
      'fifty days',
      [{ id: 'a', from: '2026-01-05', to: '2026-02-23' }],
      [['a', 50, 42, '2026-02-15']],
    ],
    [
      'exactly six weeks',
      [{ id: 'a', from: '2026-01-05', to: '2026-02-15' }],
      [['a', 42, 42, '2026-02-15']],
    ],
    // Continued illness: 20 days in January, 30 in March count together: 22 of March are paid.
    [
      'same illness again',
      [
        { id: 'a', from: '2026-01-05', to: '2026-01-24' },
        { id: 'b', from: '2026-03-02', to: '2026-03-31', sameIllnessAs: 'a' },
      ],
      [['a', 50, 42, '2026-03-23']],
    ],
    // A new illness restarts the six weeks.
    [
      'new illness',
      [
        { id: 'a', from: '2026-01-05', to: '2026-01-24' },
        { id: 'b', from: '2026-03-02', to: '2026-03-31' },
      ],
      [
        ['a', 20, 20, null],
        ['b', 30, 30, null],
      ],
    ],
    // A chain of links is one illness; given in any order.
    [
      'chain of links',
      [
        { id: 'c', from: '2026-05-04', to: '2026-05-13', sameIllnessAs: 'b' },
        { id: 'a', from: '2026-01-05', to: '2026-01-24' },
        { id: 'b', from: '2026-03-02', to: '2026-03-13', sameIllnessAs: 'a' },
      ],
      [['a', 42, 42, '2026-05-13']],
    ],
    // Overlapping records of one illness count each day once.
    [
      'overlap within one illness',
      [
        { id: 'a', from: '2026-01-05', to: '2026-01-14' },
        { id: 'b', from: '2026-01-10', to: '2026-01-19', sameIllnessAs: 'a' },
      ],
      [['a', 15, 15, null]],
    ],
  ])('%s', (_name, periods, expected) => {
    expect(
      continuedPay(periods).map((i) => [i.illnessId, i.sickDays, i.paidDays, i.payEndsOn]),
    ).toEqual(expected);
  });

  it('tells per period how much is paid and from when Krankengeld follows', () => {
    const [illness] = continuedPay([
      { id: 'a', from: '2026-01-05', to: '2026-01-24' },
      { id: 'b', from: '2026-03-02', to: '2026-03-31', sameIllnessAs: 'a' },
    ]);
    expect(illness).toMatchObject({ remainingDays: 0 });
    expect(illness?.periods).toEqual([
      { id: 'a', paidDays: 20, unpaidFrom: null },
      { id: 'b', paidDays: 22, unpaidFrom: '2026-03-24' },
    ]);
    expect(continuedPay([{ id: 'a', from: '2026-01-05', to: '2026-01-14' }])[0]).toMatchObject({
      remainingDays: 32,
    });
  });

  it.each<[string, SicknessPeriod[]]>([
    ['ends before it starts', [{ id: 'a', from: '2026-01-05', to: '2026-01-04' }]],
    [
      'link to an unknown period',
      [{ id: 'a', from: '2026-01-05', to: '2026-01-06', sameIllnessAs: 'x' }],
    ],
    [
      'link to a later period',
      [
        { id: 'a', from: '2026-01-05', to: '2026-01-06', sameIllnessAs: 'b' },
        { id: 'b', from: '2026-02-05', to: '2026-02-06' },
      ],
    ],
    [
      'the same id twice',
      [
        { id: 'a', from: '2026-01-05', to: '2026-01-06' },
        { id: 'a', from: '2026-02-05', to: '2026-02-06' },
      ],
    ],
  ])('refuses: %s', (_name, periods) => {
    expect(() => continuedPay(periods)).toThrow(RangeError);
  });
});

describe('certificateDue (EFZG §5 Abs. 1)', () => {
  const bavaria = publicHolidayLookup('DE-BY');
  const fullTime = {
    schedules: [
      {
        validFrom: '2026-01-01',
        minutesPerWeekday: [480, 480, 480, 480, 480, 0, 0] as const,
      },
    ],
    holidays: bavaria,
  };
  const workingDays: CertificateRules = {
    isWorkingDay: (day) => targetMinutes(day, fullTime).target > 0,
  };

  it.each<[string, string, string, CertificateRules, string | null]>([
    // Three calendar days: no certificate.
    ['Mon–Wed', '2026-03-02', '2026-03-04', workingDays, null],
    // The fourth day is a working day: due then.
    ['Mon–Thu', '2026-03-02', '2026-03-05', workingDays, '2026-03-05'],
    ['Fri–Mon', '2026-03-06', '2026-03-09', workingDays, '2026-03-09'],
    // Fourth day a Saturday: due on the following working day, Monday.
    ['Wed–Sat', '2026-03-04', '2026-03-07', workingDays, '2026-03-09'],
    // Fourth day Christi Himmelfahrt (Thu 14 May, Bavaria): due Friday.
    ['Mon–Fri over a holiday', '2026-05-11', '2026-05-15', workingDays, '2026-05-15'],
    // Without a calendar every day is a working day.
    ['Wed–Sat, no calendar', '2026-03-04', '2026-03-07', {}, '2026-03-07'],
    // The employer demands it from day 1 (§5 Abs. 1 S. 3).
    ['from day 1', '2026-03-04', '2026-03-04', { ...workingDays, afterDays: 0 }, '2026-03-04'],
    [
      'from day 1, sick on Sunday',
      '2026-03-08',
      '2026-03-08',
      { ...workingDays, afterDays: 0 },
      '2026-03-09',
    ],
    ['after one day', '2026-03-02', '2026-03-03', { ...workingDays, afterDays: 1 }, '2026-03-03'],
    [
      'after one day, one day sick',
      '2026-03-02',
      '2026-03-02',
      { ...workingDays, afterDays: 1 },
      null,
    ],
  ])('%s (%s – %s) → %s', (_name, from, to, rules, dueOn) => {
    expect(certificateDue(from, to, rules)).toEqual({ required: dueOn !== null, dueOn });
  });

  it('is required but has no due day when no working day follows within a month', () => {
    expect(certificateDue('2026-03-02', '2026-03-31', { isWorkingDay: () => false })).toEqual({
      required: true,
      dueOn: null,
    });
  });

  it.each<[string, string, CertificateRules]>([
    ['2026-03-05', '2026-03-04', {}],
    ['2026-03-02', '2026-03-04', { afterDays: -1 }],
    ['2026-03-02', '2026-03-04', { afterDays: 1.5 }],
  ])('refuses %s – %s %j', (from, to, rules) => {
    expect(() => certificateDue(from, to, rules)).toThrow(RangeError);
  });
});

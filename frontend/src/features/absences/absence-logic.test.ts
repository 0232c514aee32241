import { describe, expect, it } from 'vitest';
import de from '../../i18n/de.json';
import en from '../../i18n/en.json';
import {
  countLines,
  groupAbsences,
  openEndOverVacationOf,
  ownActions,
  overlapOf,
  refusesForGood,
  vacationReturnsOf,
  prefillFromSearch,
  remindAgainAt,
  requestLink,
  splitTypes,
  statusChip,
  substituteGroups,
  type Absence,
  type AbsencePreview,
  type AbsenceStatus,
  type AbsenceType,
} from './absence-logic';

const STATUSES: AbsenceStatus[] = [
  'requested',
  'pre_approved',
  'approved',
  'rejected',
  'cancel_requested',
  'cancelled',
];

function preview(workingDays: number | null, byYear: AbsencePreview['byYear']): AbsencePreview {
  return {
    userId: '00000000-0000-4000-8000-000000000001',
    workingDays,
    byYear,
    days: [],
    problems: [],
    absentColleagues: [],
  };
}

function absence(status: AbsenceStatus, from: string, to: string | null, id = from): Absence {
  return { id, status, from, to } as Absence;
}

describe('statusChip', () => {
  it('outlines what waits for a decision and fills what is approved', () => {
    expect(statusChip('requested').variant).toBe('outline');
    expect(statusChip('pre_approved').variant).toBe('outline');
    expect(statusChip('cancel_requested').variant).toBe('outline');
    expect(statusChip('approved').variant).toBe('filled');
  });

  it('has words for every status in both languages (colour never alone)', () => {
    expect(de.absences.status).toEqual({
      requested: 'Beantragt',
      pre_approved: 'Vorläufig genehmigt',
      approved: 'Genehmigt',
      rejected: 'Abgelehnt',
      cancel_requested: 'Storno beantragt',
      cancelled: 'Storniert',
    });
    for (const status of STATUSES) {
      expect(en.absences.status[status], status).toBeTruthy();
      expect(statusChip(status).status).toBe(status);
    }
    const looks = STATUSES.map((s) => `${statusChip(s).color}/${statusChip(s).variant}`);
    expect(new Set(looks).size).toBe(STATUSES.length);
  });
});

describe('countLines', () => {
  it('says "3,5" days and what is left for a vacation request in one year', () => {
    const [line, ...rest] = countLines(
      preview(3.5, [
        { year: 2026, days: 3.5, vacation: { remainingBefore: 14.5, remainingAfter: 11 } },
      ]),
      'de',
    );
    expect(rest).toEqual([]);
    expect(line).toEqual({
      year: null,
      days: '3,5',
      one: false,
      remainingAfter: '11',
      overdrawn: false,
    });
  });

  it('uses the singular for one day and the English decimal point', () => {
    expect(
      countLines(preview(1, [{ year: 2026, days: 1, vacation: null }]), 'de')[0],
    ).toMatchObject({ days: '1', one: true, remainingAfter: null });
    expect(
      countLines(preview(0.5, [{ year: 2026, days: 0.5, vacation: null }]), 'en')[0],
    ).toMatchObject({ days: '0.5', one: false });
  });

  it('splits a request across 31 December by year, each with its own account', () => {
    const lines = countLines(
      preview(4, [
        { year: 2026, days: 2.5, vacation: { remainingBefore: 2, remainingAfter: -0.5 } },
        { year: 2027, days: 1.5, vacation: { remainingBefore: 30, remainingAfter: 28.5 } },
      ]),
      'de',
    );
    expect(lines).toEqual([
      { year: 2026, days: '2,5', one: false, remainingAfter: '−0,5', overdrawn: true },
      { year: 2027, days: '1,5', one: false, remainingAfter: '28,5', overdrawn: false },
    ]);
  });

  it('has nothing to count while a sickness has no end', () => {
    expect(countLines(preview(null, [{ year: 2026, days: 1, vacation: null }]), 'de')).toEqual([]);
  });

  it('matches the German sentence of UX.md', () => {
    const line = countLines(
      preview(3.5, [
        { year: 2026, days: 3.5, vacation: { remainingBefore: 14.5, remainingAfter: 11 } },
      ]),
      'de',
    )[0]!;
    const days = de.absences.count.workingDaysOther.replace('{{days}}', line.days);
    const left = de.absences.count.left.replace('{{left}}', line.remainingAfter!);
    expect(`${days}${left}`).toBe('3,5 Arbeitstage – danach 11 übrig');
  });
});

describe('groupAbsences', () => {
  it('puts pending first, then approved ones not over, and the rest newest first', () => {
    const groups = groupAbsences(
      [
        absence('approved', '2026-03-02', '2026-03-03'),
        absence('requested', '2026-08-03', '2026-08-07'),
        absence('approved', '2026-07-01', '2026-07-02'),
        absence('cancel_requested', '2026-06-01', '2026-06-01'),
        absence('approved', '2026-04-20', null),
        absence('rejected', '2026-09-01', '2026-09-02'),
        absence('cancelled', '2026-01-05', '2026-01-06'),
      ],
      '2026-05-04',
    );
    expect(groups.pending.map((a) => a.from)).toEqual(['2026-06-01', '2026-08-03']);
    // An open sickness that started before today is still running.
    expect(groups.upcoming.map((a) => a.from)).toEqual(['2026-04-20', '2026-07-01']);
    expect(groups.past.map((a) => a.from)).toEqual(['2026-09-01', '2026-03-02', '2026-01-05']);
  });
});

describe('ownActions', () => {
  const vacation = { needsApproval: true };
  const sickness = { needsApproval: false };
  const today = '2026-05-04';

  it('lets a waiting request be changed, withdrawn and reminded of', () => {
    expect(ownActions(absence('requested', '2026-06-01', '2026-06-05'), vacation, today)).toEqual([
      'edit',
      'withdraw',
      'remind',
    ]);
    expect(
      ownActions(absence('pre_approved', '2026-06-01', '2026-06-05'), vacation, today),
    ).toEqual(['withdraw', 'remind']);
    expect(
      ownActions(absence('cancel_requested', '2026-06-01', '2026-06-05'), vacation, today),
    ).toEqual(['remind']);
  });

  it('asks for a cancellation of approved vacation, cancels recorded sickness at once', () => {
    const approved = absence('approved', '2026-06-01', '2026-06-05');
    expect(ownActions(approved, vacation, today)).toEqual(['requestCancellation']);
    expect(ownActions(approved, sickness, today)).toEqual(['cancel']);
  });

  it('offers nothing for what is over or settled', () => {
    expect(ownActions(absence('approved', '2026-04-01', '2026-04-03'), vacation, today)).toEqual(
      [],
    );
    expect(ownActions(absence('rejected', '2026-06-01', '2026-06-05'), vacation, today)).toEqual(
      [],
    );
    expect(ownActions(absence('cancelled', '2026-06-01', '2026-06-05'), vacation, today)).toEqual(
      [],
    );
  });
});

describe('remindAgainAt', () => {
  const now = new Date('2026-05-04T10:00:00Z');

  it('allows a reminder when none was sent or the last is a day old', () => {
    expect(remindAgainAt({ remindedAt: null }, now)).toBeNull();
    expect(remindAgainAt({ remindedAt: '2026-05-03T09:59:00Z' }, now)).toBeNull();
  });

  it('says when the next one is possible after a reminder today', () => {
    expect(remindAgainAt({ remindedAt: '2026-05-04T08:30:00Z' }, now)?.toISOString()).toBe(
      '2026-05-05T08:30:00.000Z',
    );
  });
});

describe('splitTypes', () => {
  it('offers the first three active types by the company order and the rest in a select', () => {
    const type = (name: string, sortOrder: number, active = true) =>
      ({ id: name, sortOrder, active }) as AbsenceType;
    const { top, more } = splitTypes([
      type('training', 60),
      type('vacation', 10),
      type('old', 5, false),
      type('child_sick', 30),
      type('sick', 20),
      type('special', 40),
    ]);
    expect(top.map((t) => t.id)).toEqual(['vacation', 'sick', 'child_sick']);
    expect(more.map((t) => t.id)).toEqual(['special', 'training']);
  });
});

describe('prefillFromSearch and requestLink', () => {
  it('reads a range the team calendar links, ordering and completing it', () => {
    expect(
      prefillFromSearch(new URLSearchParams('request=new&from=2026-05-08&to=2026-05-04')),
    ).toEqual({ typeId: null, from: '2026-05-04', to: '2026-05-08' });
    expect(prefillFromSearch(new URLSearchParams('from=2026-05-04&type=abc'))).toEqual({
      typeId: 'abc',
      from: '2026-05-04',
      to: '2026-05-04',
    });
    expect(prefillFromSearch(new URLSearchParams('from=2026-02-30&to=nonsense'))).toEqual({
      typeId: null,
      from: null,
      to: null,
    });
  });

  it('builds the link back', () => {
    const link = requestLink('/absences', { from: '2026-05-04', to: '2026-05-08' });
    expect(link).toBe('/absences?request=new&from=2026-05-04&to=2026-05-08');
    expect(prefillFromSearch(new URL(link, 'http://x').searchParams)).toEqual({
      typeId: null,
      from: '2026-05-04',
      to: '2026-05-08',
    });
  });
});

describe('overlapOf', () => {
  it('reads the other absence an ABSENCE_OVERLAP names, and nothing from junk', () => {
    expect(
      overlapOf({
        absence: {
          id: 'x',
          from: '2026-05-04',
          to: null,
          status: 'approved',
          typeName: { de: 'Krankheit', en: 'Sickness' },
        },
      }),
    ).toEqual({
      from: '2026-05-04',
      to: null,
      status: 'approved',
      typeName: { de: 'Krankheit', en: 'Sickness' },
    });
    expect(overlapOf(undefined)).toBeNull();
    expect(overlapOf({ absence: 'x' })).toBeNull();
  });
});

describe('substituteGroups', () => {
  const people = [
    { id: 'me', name: 'Mia', teamId: 't2', teamName: 'Produktion' },
    { id: 'a', name: 'Anna', teamId: 't1', teamName: 'Buchhaltung' },
    { id: 'b', name: 'Ben', teamId: 't2', teamName: 'Produktion' },
    { id: 'c', name: 'Cem', teamId: null, teamName: null },
    { id: 'd', name: 'Dora', teamId: 't3', teamName: 'Lager' },
  ];

  it('puts the own team first, other teams by name, no team last, never the person', () => {
    expect(substituteGroups(people, 'me', 'Ohne Team')).toEqual([
      { group: 'Produktion', items: [{ value: 'b', label: 'Ben' }] },
      { group: 'Buchhaltung', items: [{ value: 'a', label: 'Anna' }] },
      { group: 'Lager', items: [{ value: 'd', label: 'Dora' }] },
      { group: 'Ohne Team', items: [{ value: 'c', label: 'Cem' }] },
    ]);
  });

  it('has nothing to offer when the person works alone', () => {
    expect(substituteGroups([people[0]!], 'me', 'Ohne Team')).toEqual([]);
  });
});

describe('a sickness over vacation (§ 9 BUrlG)', () => {
  const part = (from: string, to: string, halfDayEnd = false) => ({
    from,
    to,
    halfDayStart: false,
    halfDayEnd,
  });
  const details = {
    daysReturned: 3.5,
    vacations: [
      {
        id: 'v1',
        ...part('2026-02-09', '2026-02-20'),
        status: 'approved',
        typeName: { de: 'Urlaub', en: 'Vacation' },
        result: 'split',
        parts: [part('2026-02-09', '2026-02-11', true), part('2026-02-14', '2026-02-20')],
        daysReturned: 2.5,
      },
      {
        id: 'v2',
        ...part('2026-02-23', '2026-02-23'),
        status: 'requested',
        typeName: { de: 'Urlaub', en: 'Vacation' },
        result: 'cancelled',
        parts: [],
        daysReturned: 1,
      },
    ],
  };

  it('reads what becomes of each vacation and the days given back', () => {
    const returns = vacationReturnsOf(details);
    expect(returns?.daysReturned).toBe(3.5);
    expect(returns?.vacations.map((v) => [v.id, v.result, v.parts.length, v.daysReturned])).toEqual(
      [
        ['v1', 'split', 2, 2.5],
        ['v2', 'cancelled', 0, 1],
      ],
    );
    expect(returns?.vacations[0]?.parts[0]).toEqual(part('2026-02-09', '2026-02-11', true));
  });

  it('reads nothing from junk', () => {
    expect(vacationReturnsOf(undefined)).toBeNull();
    expect(vacationReturnsOf({ daysReturned: 1, vacations: [] })).toBeNull();
    expect(
      vacationReturnsOf({ ...details, vacations: [{ ...details.vacations[0], result: 'moved' }] }),
    ).toBeNull();
    expect(
      vacationReturnsOf({
        ...details,
        vacations: [{ ...details.vacations[0], parts: [{ from: 'gestern' }] }],
      }),
    ).toBeNull();
  });

  it('does not lock the button: it asks to confirm instead', () => {
    expect(refusesForGood({ code: 'ABSENCE_OVERLAPS_VACATION', blocking: true })).toBe(false);
    expect(refusesForGood({ code: 'ABSENCE_OVERLAP', blocking: true })).toBe(true);
    expect(refusesForGood({ code: 'ABSENCE_OVER_BALANCE', blocking: false })).toBe(false);
  });

  it('reads the latest end an open sickness before a vacation may have', () => {
    expect(openEndOverVacationOf({ openEnd: true, latestEnd: '2026-02-08' })).toEqual({
      latestEnd: '2026-02-08',
    });
    expect(openEndOverVacationOf({ openEnd: true, latestEnd: null })).toEqual({ latestEnd: null });
    expect(openEndOverVacationOf({ absence: {} })).toBeNull();
  });

  it('says it in German and English with the same placeholders', () => {
    const placeholders = (text: string) => [...text.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
    const keys = Object.keys(
      de.absences.vacationReturn,
    ) as (keyof typeof de.absences.vacationReturn)[];
    expect(Object.keys(en.absences.vacationReturn).sort()).toEqual([...keys].sort());
    for (const key of keys)
      expect(placeholders(en.absences.vacationReturn[key]), key).toEqual(
        placeholders(de.absences.vacationReturn[key]),
      );
    for (const key of [
      'ABSENCE_OVERLAPS_VACATION',
      'openEndOverVacation',
      'openEndOverVacationStarted',
      'ABSENCE_SICKNESS_HALF_DAY_IN_VACATION',
      'ABSENCE_RETURN_NEEDS_END',
    ] as const)
      expect(placeholders(en.absences.problems[key]), key).toEqual(
        placeholders(de.absences.problems[key]),
      );
    expect(de.absences.problems.openEndOverVacation).toContain(
      'Bitte ein voraussichtliches Ende angeben – spätestens {{latestEnd}}',
    );
    expect(de.absences.vacationReturn.confirm).toBe(
      'Urlaubstage zurückbuchen und Krankheit eintragen',
    );
  });
});

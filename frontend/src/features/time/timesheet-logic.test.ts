import { describe, expect, it } from 'vitest';
import {
  balanceSteps,
  editBlock,
  fillRatio,
  incompleteReason,
  isCorrected,
  listsDeletedEntries,
  monthLabel,
  periodFigures,
  sortFindings,
  splitEntries,
  weekLabel,
  weekOf,
  type TimesheetDay,
} from './timesheet-logic';

function day(d: string, overrides: Partial<TimesheetDay> = {}): TimesheetDay {
  return {
    day: d,
    entries: [],
    workedMinutes: 0,
    breakMinutes: 0,
    targetMinutes: 480,
    creditedMinutes: 0,
    diffMinutes: -480,
    reason: 'workday',
    holidayName: null,
    closureName: null,
    absence: null,
    findings: [],
    ...overrides,
  };
}

type Entry = TimesheetDay['entries'][number];

const entry = (end: string | null, overrides: Partial<Entry> = {}): Entry => ({
  id: 'e',
  start: '2026-03-02T07:00:00Z',
  end,
  endReason: end ? ('clock_out' as const) : null,
  source: 'clock' as const,
  note: null,
  changed: false,
  deleted: false,
  deleteReason: null,
  ...overrides,
});

const deletedEntry = (end: string | null) =>
  entry(end, { id: 'd', changed: true, deleted: true, deleteReason: 'doppelt erfasst' });

describe('periodFigures', () => {
  it('counts Soll of the whole period but Δ only up to today', () => {
    const days = [
      day('2026-03-02', { workedMinutes: 510, diffMinutes: 30 }),
      day('2026-03-03', { workedMinutes: 120, diffMinutes: -360 }),
      day('2026-03-04'),
    ];
    expect(periodFigures(days, '2026-03-03')).toEqual({
      targetMinutes: 1440,
      workedMinutes: 630,
      diffMinutes: 30,
      untilToday: true,
    });
  });

  it("counts today's surplus at once", () => {
    const days = [day('2026-03-03', { workedMinutes: 540, diffMinutes: 60 })];
    expect(periodFigures(days, '2026-03-03').diffMinutes).toBe(60);
  });

  it('counts a past period in full', () => {
    const days = [day('2026-02-02', { diffMinutes: -480 }), day('2026-02-03', { diffMinutes: 15 })];
    expect(periodFigures(days, '2026-03-03')).toMatchObject({
      diffMinutes: -465,
      untilToday: false,
    });
  });
});

describe('incompleteReason', () => {
  it('flags a past day with a running entry', () => {
    expect(incompleteReason(day('2026-03-02', { entries: [entry(null)] }), '2026-03-03')).toBe(
      'running',
    );
  });

  it('flags a past working day without entries or absence', () => {
    expect(incompleteReason(day('2026-03-02'), '2026-03-03')).toBe('missing');
    expect(incompleteReason(day('2026-03-02', { creditedMinutes: 480 }), '2026-03-03')).toBeNull();
    expect(
      incompleteReason(
        day('2026-03-01', { targetMinutes: 0, reason: 'weekend_or_free' }),
        '2026-03-03',
      ),
    ).toBeNull();
  });

  it('does not flag today or days ahead', () => {
    expect(
      incompleteReason(day('2026-03-03', { entries: [entry(null)] }), '2026-03-03'),
    ).toBeNull();
    expect(incompleteReason(day('2026-03-04'), '2026-03-03')).toBeNull();
  });

  it('ignores deleted entries: a deleted running entry is no missing Gehen', () => {
    expect(
      incompleteReason(
        day('2026-03-02', {
          entries: [entry('2026-03-02T15:00:00Z'), deletedEntry(null)],
          workedMinutes: 480,
          diffMinutes: 0,
        }),
        '2026-03-03',
      ),
    ).toBeNull();
  });

  it('counts a day with only deleted entries as without entries', () => {
    expect(
      incompleteReason(
        day('2026-03-02', { entries: [deletedEntry('2026-03-02T15:00:00Z')] }),
        '2026-03-03',
      ),
    ).toBe('missing');
  });

  it('accepts a complete past day', () => {
    expect(
      incompleteReason(
        day('2026-03-02', { entries: [entry('2026-03-02T15:00:00Z')] }),
        '2026-03-03',
      ),
    ).toBeNull();
  });
});

describe('splitEntries', () => {
  it('separates the entries that count from the deleted ones, keeping their order', () => {
    const a = entry('2026-03-02T09:00:00Z', { id: 'a' });
    const b = deletedEntry('2026-03-02T10:00:00Z');
    const c = entry(null, { id: 'c' });
    expect(splitEntries([a, b, c])).toEqual({ counted: [a, c], deleted: [b] });
    expect(splitEntries([])).toEqual({ counted: [], deleted: [] });
  });
});

describe('isCorrected', () => {
  it('marks stamps changed by hand and corrections by someone else', () => {
    expect(isCorrected(entry(null, { changed: true }))).toBe(true);
    expect(isCorrected(entry(null, { changed: true, source: 'correction' }))).toBe(true);
  });

  it('leaves untouched stamps and own manual entries unmarked', () => {
    expect(isCorrected(entry(null))).toBe(false);
    expect(isCorrected(entry(null, { changed: true, source: 'manual' }))).toBe(false);
  });
});

describe('listsDeletedEntries', () => {
  it('always shows deleted entries to admins and managers', () => {
    expect(listsDeletedEntries('admin', false)).toBe(true);
    expect(listsDeletedEntries('manager', false)).toBe(true);
  });

  it('shows them to employees only when asked', () => {
    expect(listsDeletedEntries('employee', false)).toBe(false);
    expect(listsDeletedEntries('employee', true)).toBe(true);
  });
});

describe('sortFindings', () => {
  it('puts violations first, then warnings, then infos', () => {
    const f = (severity: 'info' | 'warning' | 'violation') => ({
      code: severity,
      severity,
      message: { de: '', en: '' },
    });
    expect(sortFindings([f('info'), f('violation'), f('warning')]).map((x) => x.severity)).toEqual([
      'violation',
      'warning',
      'info',
    ]);
  });
});

describe('balanceSteps', () => {
  it('splits the balance into before, this period, adjustments and now', () => {
    expect(
      balanceSteps(
        { before: 600, after: 450, since: '2026-01-01', asOf: '2026-03-03' },
        {
          targetMinutes: 0,
          workedMinutes: 0,
          creditedMinutes: 0,
          diffMinutes: 0,
          adjustmentMinutes: 60,
        },
      ),
    ).toEqual({ before: 600, change: -210, adjustments: 60, after: 450 });
  });
});

describe('fillRatio', () => {
  it('is the share of the Soll, capped at 1', () => {
    expect(fillRatio(240, 480)).toBe(0.5);
    expect(fillRatio(600, 480)).toBe(1);
    expect(fillRatio(0, 0)).toBe(0);
    expect(fillRatio(60, 0)).toBe(1);
  });
});

describe('labels', () => {
  it('names weeks with ISO numbers, Monday to Sunday', () => {
    expect(weekOf('2026-03-05')).toEqual({ from: '2026-03-02', to: '2026-03-08' });
    expect(weekLabel('2026-03-02', 'de')).toBe('KW 10 · 02.–08.03.');
    expect(weekLabel('2026-03-02', 'en')).toBe('Week 10 · 2–8 Mar');
    expect(weekLabel('2026-02-23', 'de')).toBe('KW 9 · 23.02.–01.03.');
    expect(weekLabel('2026-02-23', 'en')).toBe('Week 9 · 23 Feb – 1 Mar');
    expect(weekLabel('2026-12-28', 'de')).toBe('KW 53 · 28.12.–03.01.');
  });

  it('names months', () => {
    expect(monthLabel('2026-03', 'de')).toBe('März 2026');
    expect(monthLabel('2026-03', 'en')).toBe('March 2026');
  });
});

describe('editBlock', () => {
  const base = {
    today: '2026-03-10',
    monthApproved: false,
    role: 'employee' as const,
    isOwn: true,
    editWindowDays: 7,
  };

  it('lets employees edit their own days inside the edit window', () => {
    expect(editBlock('2026-03-10', base)).toBeNull();
    expect(editBlock('2026-03-03', base)).toBeNull();
    expect(editBlock('2026-03-02', base)).toBe('window');
  });

  it('refuses the future', () => {
    expect(editBlock('2026-03-11', { ...base, role: 'admin' })).toBe('future');
  });

  it('keeps approved months closed except for admins', () => {
    expect(editBlock('2026-03-05', { ...base, monthApproved: true })).toBe('locked');
    expect(
      editBlock('2026-03-05', { ...base, monthApproved: true, role: 'manager', isOwn: false }),
    ).toBe('locked');
    expect(editBlock('2026-03-05', { ...base, monthApproved: true, role: 'admin' })).toBeNull();
  });

  it('does not apply the edit window to managers and admins', () => {
    expect(editBlock('2026-01-05', { ...base, role: 'manager', isOwn: false })).toBeNull();
    expect(editBlock('2026-01-05', { ...base, role: 'manager', isOwn: true })).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { nextSort, sortRows, summarize, type TeamMonthRow } from './team-month';

function row(name: string, values: Partial<TeamMonthRow> = {}): TeamMonthRow {
  return {
    userId: name,
    name,
    teamId: null,
    totals: { targetMinutes: 9600, workedMinutes: 9600, diffMinutes: 0 },
    balance: 0,
    balanceAsOf: '2026-11-30',
    lock: 'open',
    findings: { violation: 0, warning: 0, info: 0 },
    ...values,
  };
}

const rows = [
  row('Zoe', { balance: -195, lock: 'approved' }),
  row('Özlem', {
    balance: 750,
    lock: 'submitted',
    findings: { violation: 1, warning: 0, info: 0 },
  }),
  row('anna', { balance: 0, findings: { violation: 0, warning: 5, info: 9 } }),
  row('Ben', { balance: 750, lock: 'submitted' }),
];
const names = (list: TeamMonthRow[]) => list.map((r) => r.name);

describe('sortRows', () => {
  it('sorts names in the alphabet of the UI language, ignoring case', () => {
    expect(names(sortRows(rows, { key: 'name', direction: 'asc' }, 'de-DE'))).toEqual([
      'anna',
      'Ben',
      'Özlem',
      'Zoe',
    ]);
    expect(names(sortRows(rows, { key: 'name', direction: 'desc' }, 'de-DE'))).toEqual([
      'Zoe',
      'Özlem',
      'Ben',
      'anna',
    ]);
  });

  it('sorts numbers and breaks ties by name', () => {
    expect(names(sortRows(rows, { key: 'balance', direction: 'desc' }, 'de-DE'))).toEqual([
      'Ben',
      'Özlem',
      'anna',
      'Zoe',
    ]);
  });

  it('puts handed-in months first when sorting by closing state', () => {
    expect(names(sortRows(rows, { key: 'lock', direction: 'asc' }, 'de-DE'))).toEqual([
      'Ben',
      'Özlem',
      'anna',
      'Zoe',
    ]);
  });

  it('ranks one violation above any number of warnings', () => {
    expect(names(sortRows(rows, { key: 'findings', direction: 'desc' }, 'de-DE'))).toEqual([
      'Özlem',
      'anna',
      'Ben',
      'Zoe',
    ]);
  });

  it('leaves the input alone', () => {
    const copy = [...rows];
    sortRows(rows, { key: 'balance', direction: 'asc' }, 'en-GB');
    expect(rows).toEqual(copy);
  });
});

describe('nextSort', () => {
  it('flips the direction of the same column', () => {
    expect(nextSort({ key: 'diff', direction: 'desc' }, 'diff')).toEqual({
      key: 'diff',
      direction: 'asc',
    });
  });

  it('starts names A→Z and numbers largest first', () => {
    expect(nextSort({ key: 'diff', direction: 'asc' }, 'name').direction).toBe('asc');
    expect(nextSort({ key: 'name', direction: 'asc' }, 'balance').direction).toBe('desc');
  });
});

describe('summarize', () => {
  it('counts closing states and people with findings', () => {
    expect(summarize(rows)).toEqual({
      people: 4,
      submitted: 2,
      approved: 1,
      open: 1,
      withViolations: 1,
      withWarnings: 1,
    });
    expect(summarize([])).toMatchObject({ people: 0, submitted: 0 });
  });
});

import { describe, expect, it } from 'vitest';
import type { OverviewSortRow } from './overview-logic';
import { isSortKey, nextSort, sortRows } from './overview-logic';

const row = (name: string, figures: Partial<OverviewSortRow> = {}): OverviewSortRow => ({
  name,
  targetMinutes: 0,
  workedMinutes: 0,
  diffMinutes: 0,
  balanceMinutes: 0,
  vacationTakenDays: 0,
  vacationRemainingDays: 0,
  sickDays: 0,
  otherAbsenceDays: 0,
  findings: { violation: 0, warning: 0, info: 0 },
  ...figures,
});

const names = (rows: OverviewSortRow[]) => rows.map((r) => r.name);

describe('sortRows', () => {
  const rows = [
    row('Zoe', { balanceMinutes: 30, sickDays: 2 }),
    row('Özdemir', { balanceMinutes: -90, findings: { violation: 1, warning: 0, info: 0 } }),
    row('Anna', { balanceMinutes: 30, findings: { violation: 0, warning: 5, info: 9 } }),
  ];

  it('sorts names in the German alphabet (Ö with the O’s)', () => {
    expect(names(sortRows(rows, { key: 'name', direction: 'asc' }, 'de-DE'))).toEqual([
      'Anna',
      'Özdemir',
      'Zoe',
    ]);
  });

  it('sorts figures and breaks ties by name', () => {
    expect(names(sortRows(rows, { key: 'balance', direction: 'desc' }, 'de-DE'))).toEqual([
      'Anna',
      'Zoe',
      'Özdemir',
    ]);
    expect(names(sortRows(rows, { key: 'sick', direction: 'desc' }, 'de-DE'))[0]).toBe('Zoe');
  });

  it('puts one violation above any number of warnings', () => {
    expect(names(sortRows(rows, { key: 'findings', direction: 'desc' }, 'de-DE'))[0]).toBe(
      'Özdemir',
    );
  });

  it('leaves the input as it was', () => {
    sortRows(rows, { key: 'name', direction: 'asc' }, 'de-DE');
    expect(names(rows)).toEqual(['Zoe', 'Özdemir', 'Anna']);
  });
});

describe('nextSort', () => {
  it('flips the same column and starts figures with the largest', () => {
    expect(nextSort({ key: 'name', direction: 'asc' }, 'name')).toEqual({
      key: 'name',
      direction: 'desc',
    });
    expect(nextSort({ key: 'name', direction: 'asc' }, 'balance')).toEqual({
      key: 'balance',
      direction: 'desc',
    });
  });

  it('knows its keys', () => {
    expect(isSortKey('sick')).toBe(true);
    expect(isSortKey('lock')).toBe(false);
  });
});

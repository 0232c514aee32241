import { describe, expect, it } from 'vitest';
import { closureSuggestions, yearRange } from './closure-suggestions';

describe('closureSuggestions', () => {
  it('suggests 24 and 31 December as half days', () => {
    expect(closureSuggestions(2026, [])).toEqual([
      { key: 'christmasEve', day: '2026-12-24', half: true },
      { key: 'newYearsEve', day: '2026-12-31', half: true },
    ]);
  });

  it('leaves out days that are already set, whatever their kind', () => {
    expect(closureSuggestions(2026, [{ day: '2026-12-24' }, { day: '2026-12-27' }])).toEqual([
      { key: 'newYearsEve', day: '2026-12-31', half: true },
    ]);
    expect(closureSuggestions(2027, [{ day: '2027-12-24' }, { day: '2027-12-31' }])).toEqual([]);
  });

  it('covers the whole year', () => {
    expect(yearRange(2027)).toEqual({ from: '2027-01-01', to: '2027-12-31' });
  });
});

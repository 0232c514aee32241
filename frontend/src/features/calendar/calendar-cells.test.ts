import { describe, expect, it } from 'vitest';
import type { CellAbsence } from './calendar-cells';
import { cellOf, initials, isPending, lastDayOf, letterCode, rowNameLabel } from './calendar-cells';

const absence = (values: Partial<CellAbsence>): CellAbsence => ({
  id: 'a',
  from: '2026-04-13',
  to: '2026-04-15',
  halfDayStart: false,
  halfDayEnd: false,
  status: 'approved',
  type: null,
  ...values,
});

describe('cellOf', () => {
  it('covers the days from the first to the last, inclusive', () => {
    const a = absence({});
    expect(cellOf([a], '2026-04-12', '2026-04-01')).toBeNull();
    expect(cellOf([a], '2026-04-13', '2026-04-01')?.part).toBe('full');
    expect(cellOf([a], '2026-04-15', '2026-04-01')?.part).toBe('full');
    expect(cellOf([a], '2026-04-16', '2026-04-01')).toBeNull();
  });

  it('splits the first and last day by their half-day flags', () => {
    const a = absence({ halfDayStart: true, halfDayEnd: true });
    expect(cellOf([a], '2026-04-13', '2026-04-01')?.part).toBe('pm');
    expect(cellOf([a], '2026-04-14', '2026-04-01')?.part).toBe('full');
    expect(cellOf([a], '2026-04-15', '2026-04-01')?.part).toBe('am');
    const single = absence({ to: '2026-04-13', halfDayStart: true });
    expect(cellOf([single], '2026-04-13', '2026-04-01')?.part).toBe('pm');
  });

  it('runs an open sickness until today', () => {
    const open = absence({ to: null });
    expect(lastDayOf(open, '2026-04-20')).toBe('2026-04-20');
    expect(lastDayOf(open, '2026-04-01')).toBe('2026-04-13');
    expect(cellOf([open], '2026-04-20', '2026-04-20')?.part).toBe('full');
    expect(cellOf([open], '2026-04-21', '2026-04-20')).toBeNull();
  });
});

describe('codes', () => {
  it('gives letter codes of one or two letters', () => {
    expect(letterCode('Urlaub')).toBe('U');
    expect(letterCode('Kind krank')).toBe('KK');
    expect(letterCode('Gleittag/Überstundenabbau')).toBe('GÜ');
    expect(letterCode('abwesend')).toBe('A');
    expect(letterCode('  ')).toBe('?');
  });

  it('gives initials and tells pending from approved', () => {
    expect(initials('Erika Maria Mustermann')).toBe('EM');
    expect(initials('Cher')).toBe('C');
    expect(isPending({ status: 'requested' })).toBe(true);
    expect(isPending({ status: 'cancel_requested' })).toBe(true);
    expect(isPending({ status: 'approved' })).toBe(false);
  });

  it('names a row by what it shows: the initials first where only they are visible', () => {
    expect(rowNameLabel('Ulla Urlaub', 'UU')).toBe('UU: Ulla Urlaub');
    expect(rowNameLabel('Ulla Urlaub', null)).toBe('Ulla Urlaub');
  });
});

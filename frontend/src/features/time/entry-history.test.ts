import { describe, expect, it } from 'vitest';
import { correctedBy, fieldChanges, summarizeChange, type EntryChange } from './entry-history';

const ZONE = 'Europe/Berlin';
const manager = { id: 'm', name: 'Clara Chefin' };

function change(overrides: Partial<EntryChange>): EntryChange {
  return {
    at: '2026-03-03T09:00:00Z',
    action: 'updated',
    actor: manager,
    reason: 'Übergabe länger',
    before: null,
    after: null,
    ...overrides,
  };
}

// 08:00–12:00 in Berlin (UTC+1 in March).
const morning = { start: '2026-03-02T07:00:00.000Z', end: '2026-03-02T11:00:00.000Z', note: null };

describe('fieldChanges', () => {
  it('names only the fields that changed, as clock times in the company zone', () => {
    expect(
      fieldChanges(morning, { ...morning, end: '2026-03-02T11:30:00.000Z' }, 'de', ZONE),
    ).toEqual([{ field: 'end', before: '12:00', after: '12:30' }]);
  });

  it('lists Von, Bis and the note in reading order', () => {
    expect(
      fieldChanges(
        morning,
        { start: '2026-03-02T06:45:00.000Z', end: '2026-03-02T11:15:00.000Z', note: 'Inventur' },
        'en',
        ZONE,
      ),
    ).toEqual([
      { field: 'start', before: '08:00', after: '07:45' },
      { field: 'end', before: '12:00', after: '12:15' },
      { field: 'note', before: null, after: 'Inventur' },
    ]);
  });

  it('dates a time that is not on the entry’s day, so midnight hides nothing', () => {
    const lateShift = { start: '2026-03-02T20:00:00Z', end: '2026-03-02T22:30:00Z', note: null };
    expect(
      fieldChanges(lateShift, { ...lateShift, end: '2026-03-02T23:30:00Z' }, 'de', ZONE),
    ).toEqual([{ field: 'end', before: '23:30', after: 'Di, 03.03.2026 00:30' }]);
  });

  it('shows a Bis set on a running entry as empty before', () => {
    expect(
      fieldChanges(
        { ...morning, end: null },
        { ...morning, end: '2026-03-02T16:00:00Z' },
        'de',
        ZONE,
      ),
    ).toEqual([{ field: 'end', before: null, after: '17:00' }]);
  });

  it('treats differently written but equal instants as unchanged', () => {
    expect(
      fieldChanges(morning, { ...morning, start: '2026-03-02T08:00:00+01:00' }, 'de', ZONE),
    ).toEqual([]);
  });

  it('reads unexpected snapshots as nothing changed instead of failing', () => {
    expect(fieldChanges(null, 'x', 'de', ZONE)).toEqual([]);
    expect(fieldChanges({ start: 1 }, { end: morning.end }, 'de', ZONE)).toEqual([]);
  });
});

describe('summarizeChange', () => {
  it('tells an addition with its times', () => {
    expect(
      summarizeChange(
        change({ action: 'created', before: null, after: { userId: 'u', ...morning } }),
        'de',
        ZONE,
      ),
    ).toEqual({ action: 'created', start: '08:00', end: '12:00' });
  });

  it('tells a change by its fields and a deletion as such', () => {
    expect(
      summarizeChange(
        change({ before: morning, after: { ...morning, end: '2026-03-02T11:30:00.000Z' } }),
        'de',
        ZONE,
      ),
    ).toEqual({ action: 'updated', fields: [{ field: 'end', before: '12:00', after: '12:30' }] });
    expect(
      summarizeChange(change({ action: 'deleted', before: morning, after: null }), 'de', ZONE),
    ).toEqual({ action: 'deleted' });
  });
});

describe('correctedBy', () => {
  it('names the author of the latest addition or change, not of the deletion', () => {
    const employee = { id: 'e', name: 'Zoe Zeitlos' };
    expect(
      correctedBy([
        change({ action: 'created', actor: employee }),
        change({ action: 'updated', actor: manager }),
        change({ action: 'deleted', actor: employee }),
      ]),
    ).toBe('Clara Chefin');
  });

  it('knows nobody without changes or without an author', () => {
    expect(correctedBy([])).toBeNull();
    expect(correctedBy([change({ actor: null })])).toBeNull();
  });
});

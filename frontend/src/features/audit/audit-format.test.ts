import { describe, expect, it } from 'vitest';
import { EMPTY_VALUE, dayToInstant, formatAuditValue, summarizeChange } from './audit-format';

describe('formatAuditValue', () => {
  it('shows values compactly', () => {
    expect(formatAuditValue('manager')).toBe('manager');
    expect(formatAuditValue(3)).toBe('3');
    expect(formatAuditValue(false)).toBe('false');
    expect(formatAuditValue(['a', 'b'])).toBe('a, b');
    expect(formatAuditValue({ email: 'a@b.de', name: 'Anna' })).toBe('email: a@b.de, name: Anna');
  });

  it('shows a dash for nothing', () => {
    expect(formatAuditValue(null)).toBe(EMPTY_VALUE);
    expect(formatAuditValue(undefined)).toBe(EMPTY_VALUE);
    expect(formatAuditValue('')).toBe(EMPTY_VALUE);
    expect(formatAuditValue([])).toBe(EMPTY_VALUE);
  });
});

describe('summarizeChange', () => {
  it('pairs before and after per field and skips unchanged fields', () => {
    expect(
      summarizeChange(
        { role: 'employee', teamId: null, name: 'Anna' },
        { role: 'manager', teamId: 't1', name: 'Anna' },
      ),
    ).toEqual([
      { field: 'role', before: 'employee', after: 'manager' },
      { field: 'teamId', before: EMPTY_VALUE, after: 't1' },
    ]);
  });

  it('shows only the new values of a creation and only the old of a deletion', () => {
    expect(summarizeChange(null, { email: 'a@b.de', role: 'admin' })).toEqual([
      { field: 'email', before: null, after: 'a@b.de' },
      { field: 'role', before: null, after: 'admin' },
    ]);
    expect(summarizeChange({ name: 'Team A' }, null)).toEqual([
      { field: 'name', before: 'Team A', after: null },
    ]);
  });

  it('shows a field new in "after" as coming from nothing', () => {
    expect(summarizeChange({ status: 'active' }, { status: 'disabled', reason: 'x' })).toEqual([
      { field: 'status', before: 'active', after: 'disabled' },
      { field: 'reason', before: EMPTY_VALUE, after: 'x' },
    ]);
  });

  it('treats "after" of a partial update as the list of changed fields', () => {
    // PATCH /me { locale } records before: { name, locale }, after: { locale }.
    expect(summarizeChange({ name: 'Anna', locale: 'de' }, { locale: 'en' })).toEqual([
      { field: 'locale', before: 'de', after: 'en' },
    ]);
  });

  it('lets the screen replace ids by names', () => {
    const names: Record<string, string> = { t1: 'Backstube', u1: 'Anna', u2: 'Ben' };
    const resolve = (field: string, value: unknown) => {
      if (field === 'teamId' && typeof value === 'string') return names[value];
      if (field === 'managerIds' && Array.isArray(value))
        return value.map((id: string) => names[id] ?? id);
      return undefined;
    };
    expect(
      summarizeChange(
        { teamId: null, managerIds: [] },
        { teamId: 't1', managerIds: ['u1', 'u2', 'u9'] },
        resolve,
      ),
    ).toEqual([
      { field: 'teamId', before: EMPTY_VALUE, after: 'Backstube' },
      { field: 'managerIds', before: EMPTY_VALUE, after: 'Anna, Ben, u9' },
    ]);
  });

  it('is empty without data', () => {
    expect(summarizeChange(null, null)).toEqual([]);
  });
});

describe('dayToInstant', () => {
  it('turns a day into its local midnight, or the next one for the end of a range', () => {
    expect(dayToInstant('2026-03-03')).toBe(new Date(2026, 2, 3).toISOString());
    expect(dayToInstant('2026-03-03', true)).toBe(new Date(2026, 2, 4).toISOString());
    expect(dayToInstant('2026-12-31', true)).toBe(new Date(2027, 0, 1).toISOString());
  });

  it('ignores anything that is not a day', () => {
    expect(dayToInstant('')).toBeUndefined();
    expect(dayToInstant('03.03.2026')).toBeUndefined();
  });
});

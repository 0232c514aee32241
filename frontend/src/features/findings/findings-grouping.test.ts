import { describe, expect, it } from 'vitest';
import {
  countBySeverity,
  filterBySeverity,
  groupFindings,
  type Finding,
} from './findings-grouping';

function finding(name: string, day: string, severity: Finding['severity'], code = 'X'): Finding {
  return {
    userId: `id-${name}`,
    name,
    teamId: null,
    day,
    code,
    severity,
    message: { de: `${code} de`, en: `${code} en` },
  };
}

const list = [
  finding('Zoe', '2026-10-05', 'info', 'ARBZG_DAILY_OVER_8H'),
  finding('Ärne', '2026-10-07', 'violation', 'ARBZG_DAILY_OVER_10H'),
  finding('Ärne', '2026-10-05', 'warning', 'ARBZG_BREAK_MISSING'),
  finding('Zoe', '2026-10-05', 'violation', 'ARBZG_REST_UNDER_11H'),
];

describe('groupFindings', () => {
  it('groups by person A→Z, each person by day', () => {
    const groups = groupFindings(list, 'person', 'de-DE');
    expect(groups.map((g) => g.label)).toEqual(['Ärne', 'Zoe']);
    expect(groups[0]?.findings.map((f) => f.day)).toEqual(['2026-10-05', '2026-10-07']);
    // Same day: the violation before the note.
    expect(groups[1]?.findings.map((f) => f.severity)).toEqual(['violation', 'info']);
    expect(groups[1]?.counts).toEqual({ violation: 1, warning: 0, info: 1 });
  });

  it('groups by day, newest first, people A→Z within', () => {
    const groups = groupFindings(list, 'day', 'de-DE');
    expect(groups.map((g) => g.key)).toEqual(['2026-10-07', '2026-10-05']);
    expect(groups[1]?.findings.map((f) => f.name)).toEqual(['Ärne', 'Zoe', 'Zoe']);
  });

  it('returns no groups for no findings', () => {
    expect(groupFindings([], 'person', 'en-GB')).toEqual([]);
  });
});

describe('filterBySeverity and countBySeverity', () => {
  it('keeps the chosen severities only', () => {
    expect(filterBySeverity(list, ['violation']).map((f) => f.code)).toEqual([
      'ARBZG_DAILY_OVER_10H',
      'ARBZG_REST_UNDER_11H',
    ]);
    expect(filterBySeverity(list, [])).toEqual([]);
  });

  it('counts per severity', () => {
    expect(countBySeverity(list)).toEqual({ violation: 2, warning: 1, info: 1 });
  });
});

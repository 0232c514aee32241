/**
 * The ArbZG list (Arbeitszeitverstöße) grouped by person or by day and filtered by severity,
 * without React.
 */

import type { Severity } from '../../lib/severity';

export type { Severity };

export interface Finding {
  userId: string;
  name: string;
  teamId: string | null;
  day: string;
  code: string;
  severity: Severity;
  message: { de: string; en: string };
}

export type Grouping = 'person' | 'day';

export interface FindingGroup {
  /** userId or day. */
  key: string;
  /** The person's name, or the day "YYYY-MM-DD" (formatted by the screen). */
  label: string;
  findings: Finding[];
  counts: Record<Severity, number>;
}

const SEVERITY_RANK: Record<Severity, number> = { violation: 0, warning: 1, info: 2 };

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts = { violation: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

/** Only the chosen severities (none chosen: nothing, as the switches say). */
export function filterBySeverity(findings: readonly Finding[], shown: readonly Severity[]) {
  return findings.filter((f) => shown.includes(f.severity));
}

/**
 * Groups by person (A→Z in the UI language, each person's findings by day) or by day (newest
 * first, people A→Z within). Inside a day the worst finding comes first.
 */
export function groupFindings(
  findings: readonly Finding[],
  by: Grouping,
  locale: string,
): FindingGroup[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base' });
  const groups = new Map<string, FindingGroup>();
  for (const finding of findings) {
    const key = by === 'person' ? finding.userId : finding.day;
    let group = groups.get(key);
    if (!group) {
      group = {
        key,
        label: by === 'person' ? finding.name : finding.day,
        findings: [],
        counts: { violation: 0, warning: 0, info: 0 },
      };
      groups.set(key, group);
    }
    group.findings.push(finding);
    group.counts[finding.severity] += 1;
  }
  const inGroup = (a: Finding, b: Finding) =>
    by === 'person'
      ? a.day.localeCompare(b.day) || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]
      : collator.compare(a.name, b.name) || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
  const list = [...groups.values()];
  for (const group of list) group.findings.sort(inGroup);
  return list.sort((a, b) =>
    by === 'person' ? collator.compare(a.label, b.label) : b.key.localeCompare(a.key),
  );
}

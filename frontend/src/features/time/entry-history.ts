/**
 * The Historie of a time entry (UX rule 7) as plain data: what each change did to Von, Bis and
 * the note, formatted in the company's time zone like the sheet, and who corrected the entry.
 * Pure, so the wording of a correction is tested without a browser.
 */
import type { components } from '../../api/schema';
import type { Lang } from '../../i18n/languages';
import { formatDate, formatTime } from '../../lib/format';
import { localDayOf } from '../../lib/zoned-time';

export type EntryHistory = components['schemas']['EntryHistory'];
export type EntryChange = EntryHistory['changes'][number];

/** The fields of an entry a change can touch, in the order a person reads them. */
export type EntryField = 'start' | 'end' | 'note';
const FIELDS: readonly EntryField[] = ['start', 'end', 'note'];

/** One field before and after, ready to show; null is "empty" (no Bis yet, no note). */
export interface FieldChange {
  field: EntryField;
  before: string | null;
  after: string | null;
}

export type ChangeSummary =
  | { action: 'created'; start: string | null; end: string | null }
  | { action: 'updated'; fields: FieldChange[] }
  | { action: 'deleted' };

type Snapshot = Partial<Record<EntryField, string | null>>;

/** The audit log keeps `{ start, end, note }` snapshots; anything else is read as empty. */
function snapshotOf(value: unknown): Snapshot {
  if (typeof value !== 'object' || value === null) return {};
  const record = value as Record<string, unknown>;
  const snapshot: Snapshot = {};
  for (const field of FIELDS) {
    if (!(field in record)) continue;
    const v = record[field];
    snapshot[field] = typeof v === 'string' ? v : null;
  }
  return snapshot;
}

function sameValue(field: EntryField, a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  // Instants may be serialised differently (milliseconds, offsets) and still be equal.
  return field === 'note' ? a === b : Date.parse(a) === Date.parse(b);
}

/**
 * A clock time, with the date when it is not on `referenceDay` (a Bis past midnight, an entry
 * moved to another day), so "Bis 23:30 → 00:30" never hides a day.
 */
function instantText(instant: string, referenceDay: string, lang: Lang, timeZone: string) {
  const time = formatTime(instant, lang, timeZone);
  const day = localDayOf(instant, timeZone);
  return day === referenceDay ? time : `${formatDate(day, lang)} ${time}`;
}

/** Before and after of each field that changed, Von and Bis as clock times in `timeZone`. */
export function fieldChanges(
  before: unknown,
  after: unknown,
  lang: Lang,
  timeZone: string,
): FieldChange[] {
  const old = snapshotOf(before);
  const now = snapshotOf(after);
  const changes: FieldChange[] = [];
  for (const field of FIELDS) {
    // Only fields the change recorded on both sides can be compared.
    if (!(field in old) || !(field in now)) continue;
    const a = old[field] ?? null;
    const b = now[field] ?? null;
    if (sameValue(field, a, b)) continue;
    if (field === 'note') {
      changes.push({ field, before: a, after: b });
      continue;
    }
    // Times read on the entry's (former) day, as the sheet lists it; other days get a date.
    const referenceDay = localDayOf(old.start ?? now.start ?? a ?? b!, timeZone);
    changes.push({
      field,
      before: a === null ? null : instantText(a, referenceDay, lang, timeZone),
      after: b === null ? null : instantText(b, referenceDay, lang, timeZone),
    });
  }
  return changes;
}

/** What one change of the Historie did: added with its times, the fields changed, or deleted. */
export function summarizeChange(change: EntryChange, lang: Lang, timeZone: string): ChangeSummary {
  switch (change.action) {
    case 'created': {
      const { start, end } = snapshotOf(change.after);
      if (!start) return { action: 'created', start: null, end: null };
      const startDay = localDayOf(start, timeZone);
      return {
        action: 'created',
        start: formatTime(start, lang, timeZone),
        end: end ? instantText(end, startDay, lang, timeZone) : null,
      };
    }
    case 'updated':
      return {
        action: 'updated',
        fields: fieldChanges(change.before, change.after, lang, timeZone),
      };
    case 'deleted':
      return { action: 'deleted' };
  }
}

/**
 * Who corrected the entry last: the author of its latest addition or change (a deletion is
 * shown as such, not as a correction). Null when nobody is known, e.g. a removed account.
 */
export function correctedBy(changes: readonly EntryChange[]): string | null {
  for (let i = changes.length - 1; i >= 0; i--) {
    const change = changes[i]!;
    if (change.action === 'deleted') continue;
    return change.actor?.name || null;
  }
  return null;
}

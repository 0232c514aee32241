/**
 * The pure rules behind the absence screens: how a status is shown, which actions an absence
 * offers, how "3,5 Arbeitstage – danach 11 übrig" is built, how the list is grouped, and what a
 * prefilled request link carries. No React, no i18n instance: tested in absence-logic.test.ts.
 */
import type { components } from '../../api/schema';
import { isDay, type Day } from '../../lib/calendar';
import { MINUS, localeOf } from '../../lib/format';
import type { Lang } from '../../i18n/languages';

export type Absence = components['schemas']['Absence'];
export type AbsenceStatus = Absence['status'];
export type AbsencePreview = components['schemas']['AbsencePreview'];
export type AbsenceProblem = components['schemas']['AbsenceProblem'];
export type InboxItem = components['schemas']['AbsenceInboxItem'];
export type AbsenceType = components['schemas']['AbsenceType'];

/**
 * Chip of a status: a colour plus a variant, so that colour never carries the meaning alone
 * (UX rule 3: pending outlined, decided solid; the words say the rest).
 */
export interface StatusChip {
  status: AbsenceStatus;
  color: string;
  variant: 'light' | 'filled' | 'outline';
}

const CHIPS: Record<AbsenceStatus, Omit<StatusChip, 'status'>> = {
  requested: { color: 'blue', variant: 'outline' },
  pre_approved: { color: 'teal', variant: 'outline' },
  approved: { color: 'green', variant: 'filled' },
  rejected: { color: 'red', variant: 'light' },
  cancel_requested: { color: 'orange', variant: 'outline' },
  cancelled: { color: 'gray', variant: 'light' },
};

export function statusChip(status: AbsenceStatus): StatusChip {
  return { status, ...CHIPS[status] };
}

/** Waiting for someone's decision: a request, its second stage, or a cancellation. */
export const PENDING: readonly AbsenceStatus[] = ['requested', 'pre_approved', 'cancel_requested'];

/** A number of days in the UI language: 3.5 → "3,5" (de) / "3.5" (en), −0.5 with a real minus. */
export function formatDayNumber(days: number, lang: Lang): string {
  const text = new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: 1 }).format(days);
  return text.replace(/^-/, MINUS);
}

/** Whether `count` takes the singular ("1 Arbeitstag"), as Intl's plural rules say for it. */
export function isOne(count: number, lang: Lang): boolean {
  return (
    new Intl.PluralRules(localeOf(lang), { maximumFractionDigits: 1 }).select(Math.abs(count)) ===
    'one'
  );
}

/**
 * The parts of "3,5 Arbeitstage – danach 11 übrig" for one calendar year of a request: the
 * counted days and, for types that take vacation, what is left afterwards.
 */
export interface CountLine {
  year: number | null;
  days: string;
  one: boolean;
  remainingAfter: string | null;
  /** The remaining vacation would go below zero. */
  overdrawn: boolean;
}

/**
 * One line for the whole request, or one per calendar year when it crosses 31 December (each
 * year has its own vacation account).
 */
export function countLines(preview: AbsencePreview, lang: Lang): CountLine[] {
  if (preview.workingDays === null) return [];
  const line = (
    year: number | null,
    days: number,
    vacation: AbsencePreview['byYear'][number]['vacation'],
  ): CountLine => ({
    year,
    days: formatDayNumber(days, lang),
    one: isOne(days, lang),
    remainingAfter: vacation ? formatDayNumber(vacation.remainingAfter, lang) : null,
    overdrawn: vacation ? vacation.remainingAfter < 0 : false,
  });
  if (preview.byYear.length <= 1) {
    const only = preview.byYear[0];
    return [line(null, preview.workingDays, only?.vacation ?? null)];
  }
  return preview.byYear.map((y) => line(y.year, y.days, y.vacation));
}

/** Groups of "Meine Abwesenheiten": waiting for a decision, coming up, and the rest. */
export interface AbsenceGroups {
  pending: Absence[];
  upcoming: Absence[];
  past: Absence[];
}

/**
 * Pending first (oldest first: it waits longest), then approved ones that are not over yet
 * (soonest first), then everything else, newest first (past, rejected, cancelled).
 */
export function groupAbsences(absences: readonly Absence[], today: Day): AbsenceGroups {
  const byStart = (a: Absence, b: Absence) => a.from.localeCompare(b.from);
  const pending = absences.filter((a) => PENDING.includes(a.status)).sort(byStart);
  const upcoming = absences
    .filter((a) => a.status === 'approved' && (a.to === null || a.to >= today))
    .sort(byStart);
  const shown = new Set([...pending, ...upcoming]);
  const past = absences.filter((a) => !shown.has(a)).sort((a, b) => byStart(b, a));
  return { pending, upcoming, past };
}

/** The time between two reminders of the approvers (the API refuses more than one a day). */
export const REMIND_INTERVAL_MS = 24 * 3_600_000;

/** When the approvers may be reminded again, or null when they may be now. */
export function remindAgainAt(absence: Pick<Absence, 'remindedAt'>, now: Date): Date | null {
  if (!absence.remindedAt) return null;
  const next = new Date(new Date(absence.remindedAt).getTime() + REMIND_INTERVAL_MS);
  return next > now ? next : null;
}

/** What the person can do with their own absence, in the order the card shows the buttons. */
export type OwnAction = 'edit' | 'withdraw' | 'remind' | 'requestCancellation' | 'cancel';

/**
 * The actions of the status machine that are the person's: change or withdraw a request still
 * waiting (edit only before the first decision), remind the approvers of anything pending, and
 * for an approved absence that is not over: ask for its cancellation (types that need
 * approval) or cancel it at once (recorded types such as sickness).
 */
export function ownActions(
  absence: Pick<Absence, 'status' | 'to'>,
  type: Pick<AbsenceType, 'needsApproval'> | undefined,
  today: Day,
): OwnAction[] {
  switch (absence.status) {
    case 'requested':
      return ['edit', 'withdraw', 'remind'];
    case 'pre_approved':
      return ['withdraw', 'remind'];
    case 'cancel_requested':
      return ['remind'];
    case 'approved': {
      const over = absence.to !== null && absence.to < today;
      if (over || !type) return [];
      return [type.needsApproval ? 'requestCancellation' : 'cancel'];
    }
    case 'rejected':
    case 'cancelled':
      return [];
  }
}

/** Types offered as the segmented control (the first three in the company's order). */
export const TOP_TYPES = 3;

export function splitTypes(types: readonly AbsenceType[]): {
  top: AbsenceType[];
  more: AbsenceType[];
} {
  const active = types.filter((t) => t.active).sort((a, b) => a.sortOrder - b.sortOrder);
  return { top: active.slice(0, TOP_TYPES), more: active.slice(TOP_TYPES) };
}

/** Sickness and other types recorded without approval may start without an end (API rule). */
export function mayBeOpenEnded(type: Pick<AbsenceType, 'needsApproval' | 'deductsVacation'>) {
  return !type.needsApproval && !type.deductsVacation;
}

/** What the request form starts with. */
export interface RequestPrefill {
  typeId: string | null;
  from: Day | null;
  to: Day | null;
}

type Colleague = components['schemas']['Colleague'];

/**
 * The substitute choices as select groups: the person's own team first (who usually stands in),
 * then the other teams by name, people without a team last; never the person themselves.
 */
export function substituteGroups(
  colleagues: readonly Colleague[],
  personId: string | null,
  noTeamLabel: string,
): { group: string; items: { value: string; label: string }[] }[] {
  const ownTeam = colleagues.find((c) => c.id === personId)?.teamId ?? null;
  const groups = new Map<
    string | null,
    { name: string; items: { value: string; label: string }[] }
  >();
  for (const c of colleagues) {
    if (c.id === personId) continue;
    let group = groups.get(c.teamId);
    if (!group) groups.set(c.teamId, (group = { name: c.teamName ?? noTeamLabel, items: [] }));
    group.items.push({ value: c.id, label: c.name });
  }
  const rank = (teamId: string | null) =>
    teamId === ownTeam && teamId !== null ? 0 : teamId === null ? 2 : 1;
  return [...groups.entries()]
    .sort(([a, ga], [b, gb]) => rank(a) - rank(b) || ga.name.localeCompare(gb.name, 'de'))
    .map(([, g]) => ({ group: g.name, items: g.items }));
}

/**
 * A request started from a link (`?request=new&from=2026-05-04&to=2026-05-08&type=…`): the team
 * calendar opens the form prefilled with the selected days. Invalid or reversed days are dropped
 * or swapped rather than refused: the person fixes them in the form.
 */
export function prefillFromSearch(params: URLSearchParams): RequestPrefill {
  const day = (name: string) => {
    const value = params.get(name);
    return value && isDay(value) ? value : null;
  };
  let from = day('from');
  let to = day('to');
  if (from && !to) to = from;
  if (!from && to) from = to;
  if (from && to && to < from) [from, to] = [to, from];
  return { typeId: params.get('type'), from, to };
}

/** The link that opens the request form prefilled (for the team calendar and the dashboard). */
export function requestLink(path: string, prefill: Partial<RequestPrefill> = {}): string {
  const query = new URLSearchParams({ request: 'new' });
  if (prefill.from) query.set('from', prefill.from);
  if (prefill.to) query.set('to', prefill.to);
  if (prefill.typeId) query.set('type', prefill.typeId);
  return `${path}?${query.toString()}`;
}

/** An ABSENCE_OVERLAP refusal's other absence, when the API named it. */
export interface OverlapDetails {
  from: Day;
  to: Day | null;
  status: AbsenceStatus;
  typeName: { de: string; en: string };
}

export function overlapOf(details: unknown): OverlapDetails | null {
  const absence = (details as { absence?: unknown } | undefined)?.absence;
  if (typeof absence !== 'object' || absence === null) return null;
  const a = absence as Partial<OverlapDetails>;
  if (typeof a.from !== 'string' || typeof a.status !== 'string' || !a.typeName) return null;
  return { from: a.from, to: a.to ?? null, status: a.status, typeName: a.typeName };
}

/**
 * A sickness over the person's vacation (§ 9 BUrlG): ABSENCE_OVERLAPS_VACATION names each
 * vacation, what would become of it and the working days it gives back. The form asks to
 * confirm and sends the request again with `returnVacationDays`.
 */
export const VACATION_RETURN_CODE = 'ABSENCE_OVERLAPS_VACATION';

export interface DayRange {
  from: Day;
  to: Day;
  halfDayStart: boolean;
  halfDayEnd: boolean;
}

export interface VacationReturn extends DayRange {
  id: string;
  status: AbsenceStatus;
  typeName: { de: string; en: string };
  /** cancelled: nothing stays; shortened: one part stays; split: a part before and one after. */
  result: 'cancelled' | 'shortened' | 'split';
  parts: DayRange[];
  daysReturned: number;
}

export interface VacationReturns {
  vacations: VacationReturn[];
  daysReturned: number;
}

const RESULTS = ['cancelled', 'shortened', 'split'] as const;

function isDayRange(value: unknown): value is DayRange {
  const r = value as Partial<DayRange> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.from === 'string' &&
    isDay(r.from) &&
    typeof r.to === 'string' &&
    isDay(r.to) &&
    typeof r.halfDayStart === 'boolean' &&
    typeof r.halfDayEnd === 'boolean'
  );
}

/** The details of an ABSENCE_OVERLAPS_VACATION answer; null for anything malformed. */
export function vacationReturnsOf(details: unknown): VacationReturns | null {
  const d = details as { vacations?: unknown; daysReturned?: unknown } | undefined;
  if (typeof d !== 'object' || d === null || !Array.isArray(d.vacations)) return null;
  if (typeof d.daysReturned !== 'number' || d.vacations.length === 0) return null;
  const vacations: VacationReturn[] = [];
  for (const item of d.vacations as unknown[]) {
    const v = item as Partial<VacationReturn>;
    if (
      !isDayRange(item) ||
      typeof v.id !== 'string' ||
      typeof v.status !== 'string' ||
      typeof v.typeName?.de !== 'string' ||
      typeof v.typeName.en !== 'string' ||
      !RESULTS.includes(v.result as VacationReturn['result']) ||
      !Array.isArray(v.parts) ||
      !v.parts.every(isDayRange) ||
      typeof v.daysReturned !== 'number'
    )
      return null;
    vacations.push({
      id: v.id,
      from: item.from,
      to: item.to,
      halfDayStart: item.halfDayStart,
      halfDayEnd: item.halfDayEnd,
      status: v.status,
      typeName: { de: v.typeName.de, en: v.typeName.en },
      result: v.result!,
      parts: v.parts,
      daysReturned: v.daysReturned,
    });
  }
  return { vacations, daysReturned: d.daysReturned };
}

/**
 * Whether a problem refuses for good. A sickness over vacation is refused only until it is
 * confirmed: it does not lock the form's button.
 */
export function refusesForGood(p: Pick<AbsenceProblem, 'code' | 'blocking'>): boolean {
  return p.blocking && p.code !== VACATION_RETURN_CODE;
}

/**
 * A sickness without an end over a vacation: ABSENCE_OVERLAP with `openEnd` and the latest end
 * that keeps clear of the vacation (null when the vacation has begun already).
 */
export function openEndOverVacationOf(details: unknown): { latestEnd: Day | null } | null {
  const d = details as { openEnd?: unknown; latestEnd?: unknown } | undefined;
  if (typeof d !== 'object' || d === null || d.openEnd !== true) return null;
  return { latestEnd: typeof d.latestEnd === 'string' && isDay(d.latestEnd) ? d.latestEnd : null };
}

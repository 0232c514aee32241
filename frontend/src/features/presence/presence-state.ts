/**
 * The live presence board without React: applying the stream's snapshot and changes, counting
 * per status, and how long to wait before reconnecting.
 */

export type PresenceStatus = 'working' | 'break' | 'absent' | 'off';

/** In the order of the count chips: Anwesend, Pause, Abwesend, Noch nicht da. */
export const PRESENCE_STATUSES: readonly PresenceStatus[] = ['working', 'break', 'absent', 'off'];

export interface PresencePerson {
  userId: string;
  name: string;
  teamIds: string[];
  status: PresenceStatus;
  since: string | null;
}

export interface PresenceBoard {
  /** Null until the first snapshot arrived. */
  people: PresencePerson[] | null;
}

export type PresenceEvent =
  { type: 'snapshot'; people: PresencePerson[] } | { type: 'presence'; person: PresencePerson };

/**
 * A snapshot replaces everything (also after a reconnect, when changes may have been missed);
 * a change replaces one person, or adds someone who just came into scope.
 */
export function applyPresenceEvent(board: PresenceBoard, event: PresenceEvent): PresenceBoard {
  if (event.type === 'snapshot') return { people: event.people };
  if (!board.people) return board; // a change before any snapshot has nothing to apply to
  const index = board.people.findIndex((p) => p.userId === event.person.userId);
  const people = [...board.people];
  if (index === -1) people.push(event.person);
  else people[index] = event.person;
  return { people };
}

export function countByStatus(people: readonly PresencePerson[]): Record<PresenceStatus, number> {
  const counts: Record<PresenceStatus, number> = { working: 0, break: 0, absent: 0, off: 0 };
  for (const person of people) counts[person.status] += 1;
  return counts;
}

/** People of one team (null: all) with one of the chosen statuses, A→Z. */
export function visiblePeople(
  people: readonly PresencePerson[],
  filter: { teamId: string | null; statuses: readonly PresenceStatus[] },
  locale: string,
): PresencePerson[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base' });
  return people
    .filter((p) => filter.teamId === null || p.teamIds.includes(filter.teamId))
    .filter((p) => filter.statuses.includes(p.status))
    .sort((a, b) => collator.compare(a.name, b.name));
}

/** Reconnection waits: 1 s, 2 s, 4 s … up to 30 s, each shortened by up to half at random. */
export const RECONNECT_BASE_MS = 1_000;
export const RECONNECT_MAX_MS = 30_000;

/**
 * How long to wait before attempt number `failures` (1 = after the first failure). The random
 * share spreads the reconnects of many browsers after a server restart.
 */
export function reconnectDelayMs(failures: number, random: () => number = Math.random): number {
  const exponential = RECONNECT_BASE_MS * 2 ** Math.max(0, failures - 1);
  const capped = Math.min(RECONNECT_MAX_MS, exponential);
  return Math.round(capped * (0.5 + random() / 2));
}

/** Reads a stream event's JSON; null for anything that does not look like the contract. */
export function parsePresenceEvent(event: string, data: string): PresenceEvent | null {
  let body: unknown;
  try {
    body = JSON.parse(data);
  } catch {
    return null;
  }
  if (event === 'snapshot') {
    const people = (body as { people?: unknown }).people;
    if (!Array.isArray(people) || !people.every(isPerson)) return null;
    return { type: 'snapshot', people };
  }
  if (event === 'presence' && isPerson(body)) return { type: 'presence', person: body };
  return null;
}

function isPerson(value: unknown): value is PresencePerson {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return (
    typeof p.userId === 'string' &&
    typeof p.name === 'string' &&
    Array.isArray(p.teamIds) &&
    PRESENCE_STATUSES.includes(p.status as PresenceStatus) &&
    (p.since === null || typeof p.since === 'string')
  );
}

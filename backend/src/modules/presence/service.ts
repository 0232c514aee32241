/**
 * Live presence (Anwesenheit): who of the people an actor may see is working, on a break,
 * absent or off right now. Managers see the teams they lead and themselves, admins the whole
 * company; the state comes from each person's newest time entry, as on their own clock.
 */
import type { Deps } from '../../deps.js';
import { absentNow } from '../absences/requests-days.js';
import type { Actor } from '../auth/permissions.js';
import { authorize, tenantOf } from '../auth/permissions.js';
import { currentClockState, stateOf } from '../time/clock.js';
import type { ClockState } from '../time/clock.js';
import { managedTeamIds } from '../users/repo.js';
import type { PresenceChange } from './bus.js';
import type { PresenceScope } from './repo.js';
import { findPresencePerson, listPresenceRows } from './repo.js';

export type { PresenceScope } from './repo.js';

export type PresenceStatus = 'off' | 'working' | 'break' | 'absent';

export interface PresencePerson {
  userId: string;
  name: string;
  teamIds: string[];
  status: PresenceStatus;
  /** Start of the running entry, of the break or of the absence; null when off. */
  since: string | null;
}

/**
 * Who is absent right now (vacation, sick leave, …) among `userIds`, with when the absence
 * began: approved absences covering this moment (modules/absences/requests-days.ts), in one
 * query for all `userIds`. The absences module announces its changes through
 * `announcePresenceOf` so live streams follow.
 */
export async function currentAbsences(
  deps: Deps,
  tenantId: string,
  userIds: string[],
  now: Date,
): Promise<Map<string, string | null>> {
  return absentNow(deps.db, tenantId, userIds, now);
}

/** Being clocked in wins over an absence (the person is here after all); otherwise absent. */
function presenceStatus(
  clock: Pick<ClockState, 'status' | 'since'>,
  absentSince: string | null | undefined,
): Pick<PresencePerson, 'status' | 'since'> {
  if (clock.status === 'off' && absentSince !== undefined)
    return { status: 'absent', since: absentSince };
  return { status: clock.status, since: clock.since };
}

/** The actor's presence scope; FORBIDDEN for roles without presence.read. */
export async function presenceScope(deps: Deps, actor: Actor): Promise<PresenceScope> {
  const scope = authorize(actor, 'presence.read');
  const tenantId = tenantOf(actor);
  if (scope === 'all') return { kind: 'all' };
  const teamIds = scope === 'team' ? await managedTeamIds(deps.db, tenantId, actor.userId) : [];
  return { kind: 'team', selfId: actor.userId, teamIds };
}

/** Whether a person (by id and team) lies in a scope; the live twin of listPresenceRows' filter. */
export function inPresenceScope(
  scope: PresenceScope,
  person: { userId: string; teamIds: string[] },
): boolean {
  if (scope.kind === 'all') return true;
  return person.userId === scope.selfId || person.teamIds.some((id) => scope.teamIds.includes(id));
}

const byName = new Intl.Collator('de', { sensitivity: 'base' });

/** Everybody in scope with their state, sorted by name (German collation: Ä next to A). */
export async function presenceSnapshot(
  deps: Deps,
  tenantId: string,
  scope: PresenceScope,
): Promise<PresencePerson[]> {
  const rows = await listPresenceRows(deps.db, tenantId, scope);
  const absences = await currentAbsences(
    deps,
    tenantId,
    rows.map((r) => r.id),
    deps.clock(),
  );
  return rows
    .map((row) => ({
      userId: row.id,
      name: row.name,
      teamIds: row.team_id ? [row.team_id] : [],
      ...presenceStatus(
        stateOf(
          row.entry_id && row.started_at
            ? {
                id: row.entry_id,
                started_at: row.started_at,
                ended_at: row.ended_at,
                end_reason: row.end_reason,
              }
            : undefined,
        ),
        absences.get(row.id),
      ),
    }))
    .sort((a, b) => byName.compare(a.name, b.name) || a.userId.localeCompare(b.userId));
}

/** GET /presence: the people the actor may see, with their state now. */
export async function presenceNow(deps: Deps, actor: Actor): Promise<{ people: PresencePerson[] }> {
  const scope = await presenceScope(deps, actor);
  return { people: await presenceSnapshot(deps, tenantOf(actor), scope) };
}

/** The person a change announced on the bus is about, as streams send it; null if not active. */
export async function presenceOfChange(
  deps: Deps,
  change: PresenceChange,
): Promise<PresencePerson | null> {
  const person = await findPresencePerson(deps.db, change.tenantId, change.userId);
  if (!person) return null;
  const absences =
    change.status === 'off'
      ? await currentAbsences(deps, change.tenantId, [person.id], deps.clock())
      : new Map<string, string | null>();
  return {
    userId: person.id,
    name: person.name,
    teamIds: person.team_id ? [person.team_id] : [],
    ...presenceStatus(change, absences.get(person.id)),
  };
}

/**
 * After a committed change that may touch a person's newest entry (manual entries,
 * corrections, deletions, later absences): reads their state and announces it. Fire and
 * forget; streams drop announcements that change nothing.
 */
export function announcePresenceOf(deps: Deps, tenantId: string, userId: string): void {
  currentClockState(deps.db, tenantId, userId).then(
    (state) =>
      deps.presence.publish({ tenantId, userId, status: state.status, since: state.since }),
    (err: unknown) => deps.log.warn({ err, userId }, 'presence: reading the new state failed'),
  );
}

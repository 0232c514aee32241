/**
 * The time clock: Kommen, Pause starten, Pause beenden, Gehen. A break is the gap between two
 * entries: starting one ends the running entry with reason "break", ending it opens a new
 * entry. The database guarantees one running entry per person and no overlaps, so parallel
 * taps from two devices cannot corrupt the record; the losers get a clear 409.
 */
import type { Kysely } from 'kysely';
import type { Deps } from '../../deps.js';
import type { Database } from '../../db/types.js';
import type { LiveHintCode, LocalizedText } from '../../domain/arbzg.js';
import { liveHints } from '../../domain/arbzg.js';
import { dayWork, splitByLocalDay } from '../../domain/intervals.js';
import { localDay } from '../../domain/time.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../auth/permissions.js';
import { authorize, tenantOf } from '../auth/permissions.js';

export type ClockStatus = 'off' | 'working' | 'break';

export interface ClockState {
  status: ClockStatus;
  /** Start of the running entry (working) or of the break. */
  since: string | null;
  entryId: string | null;
}

/** What the clock screen shows: the state, today's figures so far and the ArbZG hints. */
export interface ClockView extends ClockState {
  today: { day: string; workedMinutes: number; breakMinutes: number };
  hints: { code: LiveHintCode; at: string; minutesLeft: number; message: LocalizedText }[];
}

type Tx = Kysely<Database>;

/** Enough history for today's figures and the 6-hour stretch of a night shift. */
const RECENT_HOURS = 36;

/** The person's newest entry that is not deleted: it decides the state. */
function latestEntry(db: Tx, tenantId: string, userId: string) {
  return db
    .selectFrom('time_entries')
    .select(['id', 'started_at', 'ended_at', 'end_reason'])
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('deleted_at', 'is', null)
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The clock state a person's newest non-deleted entry means (also used for live presence). */
export function stateOf(
  entry:
    { id: string; started_at: Date; ended_at: Date | null; end_reason: string | null } | undefined,
): ClockState {
  if (!entry) return { status: 'off', since: null, entryId: null };
  if (!entry.ended_at)
    return { status: 'working', since: entry.started_at.toISOString(), entryId: entry.id };
  if (entry.end_reason === 'break')
    return { status: 'break', since: entry.ended_at.toISOString(), entryId: entry.id };
  return { status: 'off', since: null, entryId: null };
}

/** Maps the integrity constraints of time_entries to answers a person understands. */
function constraintError(error: unknown): AppError | undefined {
  const { code, constraint } = error as { code?: string; constraint?: string };
  if (code === '23505' && constraint === 'time_entries_one_running')
    return new AppError('ALREADY_CLOCKED_IN');
  if (code === '23P01') return new AppError('ENTRY_OVERLAP');
  return undefined;
}

async function assertMonthOpen(db: Tx, tenantId: string, userId: string, at: Date): Promise<void> {
  const tenant = await db
    .selectFrom('tenants')
    .select('time_zone')
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
  // The month as the company's calendar has it: 00:30 on 1 June in Berlin is still May in UTC.
  const month = `${localDay(at, tenant.time_zone).slice(0, 7)}-01`;
  const lock = await db
    .selectFrom('month_locks')
    .select('status')
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('month', '=', month)
    .where('status', '=', 'approved')
    .executeTakeFirst();
  if (lock) throw new AppError('MONTH_LOCKED');
}

/** The state with today's worked and break minutes and, while working, the live hints. */
async function clockView(deps: Deps, tenantId: string, userId: string): Promise<ClockView> {
  const now = deps.clock();
  const [tenant, recent] = await Promise.all([
    deps.db
      .selectFrom('tenants')
      .select('time_zone')
      .where('id', '=', tenantId)
      .executeTakeFirstOrThrow(),
    deps.db
      .selectFrom('time_entries')
      .select(['id', 'started_at', 'ended_at', 'end_reason'])
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('deleted_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb('ended_at', 'is', null),
          eb('ended_at', '>', new Date(now.getTime() - RECENT_HOURS * 3_600_000)),
        ]),
      )
      .orderBy('started_at')
      .execute(),
  ]);
  // The newest entry decides the state; only a break older than the window needs a lookup.
  const state = stateOf(recent.at(-1) ?? (await latestEntry(deps.db, tenantId, userId)));
  const zone = tenant.time_zone;
  const day = localDay(now, zone);
  const intervals = recent.map((e) => ({ start: e.started_at, end: e.ended_at }));
  const work = dayWork(splitByLocalDay(intervals, zone, now).get(day) ?? []);
  const running = recent.find((e) => e.ended_at === null);
  const hints = running
    ? liveHints({
        intervals: intervals.filter((i) => i.end !== null),
        runningStart: running.started_at,
        now,
        timeZone: zone,
      }).map((h) => ({
        code: h.code,
        at: h.at.toISOString(),
        minutesLeft: h.minutesLeft,
        message: h.message,
      }))
    : [];
  return {
    ...state,
    today: { day, workedMinutes: work.workedMinutes, breakMinutes: work.breakMinutes },
    hints,
  };
}

/** A person's current clock state, read from the database (after a manual entry change). */
export async function currentClockState(
  db: Tx,
  tenantId: string,
  userId: string,
): Promise<ClockState> {
  return stateOf(await latestEntry(db, tenantId, userId));
}

/**
 * Tells every worker's live presence streams about the new state. The state was read back
 * after the write anyway, so this costs no extra database round-trip.
 */
function announced<T extends ClockState>(deps: Deps, actor: Actor, state: T): T {
  deps.presence.publish({
    tenantId: tenantOf(actor),
    userId: actor.userId,
    status: state.status,
    since: state.since,
  });
  return state;
}

export async function clockState(deps: Deps, actor: Actor): Promise<ClockView> {
  authorize(actor, 'time.clock');
  return clockView(deps, tenantOf(actor), actor.userId);
}

async function openEntry(deps: Deps, actor: Actor, tenantId: string): Promise<ClockView> {
  const now = deps.clock();
  await assertMonthOpen(deps.db, tenantId, actor.userId, now);
  try {
    await deps.db
      .insertInto('time_entries')
      .values({
        tenant_id: tenantId,
        user_id: actor.userId,
        started_at: now,
        source: 'clock',
        created_by: actor.userId,
      })
      .execute();
  } catch (error) {
    const mapped = constraintError(error);
    if (!mapped) throw error;
    if (mapped.code !== 'ALREADY_CLOCKED_IN') throw mapped;
    const running = await latestEntry(deps.db, tenantId, actor.userId);
    throw new AppError('ALREADY_CLOCKED_IN', undefined, {
      runningSince: running?.started_at.toISOString() ?? null,
    });
  }
  return announced(deps, actor, await clockView(deps, tenantId, actor.userId));
}

/** Kommen. */
export async function clockIn(deps: Deps, actor: Actor): Promise<ClockView> {
  authorize(actor, 'time.clock');
  const tenantId = tenantOf(actor);
  const current = stateOf(await latestEntry(deps.db, tenantId, actor.userId));
  if (current.status === 'break')
    throw new AppError('CONFLICT', 'You are on a break: end the break instead.');
  return openEntry(deps, actor, tenantId);
}

/** Pause beenden: work goes on in a new entry. */
export async function endBreak(deps: Deps, actor: Actor): Promise<ClockView> {
  authorize(actor, 'time.clock');
  const tenantId = tenantOf(actor);
  const current = stateOf(await latestEntry(deps.db, tenantId, actor.userId));
  if (current.status !== 'break') throw new AppError('NOT_ON_BREAK');
  return openEntry(deps, actor, tenantId);
}

/** Ends the running entry; only one of several parallel calls does. */
async function closeRunning(
  deps: Deps,
  actor: Actor,
  reason: 'break' | 'clock_out',
): Promise<boolean> {
  const now = deps.clock();
  const result = await deps.db
    .updateTable('time_entries')
    .set({ ended_at: now, end_reason: reason, updated_at: now, updated_by: actor.userId })
    .where('tenant_id', '=', tenantOf(actor))
    .where('user_id', '=', actor.userId)
    .where('ended_at', 'is', null)
    .where('deleted_at', 'is', null)
    // An entry cannot end before it started (clock skew between app servers).
    .where('started_at', '<', now)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Pause starten. */
export async function startBreak(deps: Deps, actor: Actor): Promise<ClockView> {
  authorize(actor, 'time.clock');
  if (!(await closeRunning(deps, actor, 'break'))) throw new AppError('NOT_CLOCKED_IN');
  return announced(deps, actor, await clockView(deps, tenantOf(actor), actor.userId));
}

/** Gehen; during a break, the break becomes the end of the working day. */
export async function clockOut(deps: Deps, actor: Actor): Promise<ClockView> {
  authorize(actor, 'time.clock');
  const tenantId = tenantOf(actor);
  if (await closeRunning(deps, actor, 'clock_out'))
    return announced(deps, actor, await clockView(deps, tenantId, actor.userId));
  const current = stateOf(await latestEntry(deps.db, tenantId, actor.userId));
  if (current.status !== 'break' || !current.entryId) throw new AppError('NOT_CLOCKED_IN');
  await deps.db
    .updateTable('time_entries')
    .set({ end_reason: 'clock_out', updated_at: deps.clock(), updated_by: actor.userId })
    .where('id', '=', current.entryId)
    .where('tenant_id', '=', tenantId)
    .where('end_reason', '=', 'break')
    .execute();
  return announced(deps, actor, await clockView(deps, tenantId, actor.userId));
}

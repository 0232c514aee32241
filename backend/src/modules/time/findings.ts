/**
 * ArbZG findings across people (the admin's "Arbeitszeitverstöße" list): the same pure checks
 * as the month view, run for everyone the actor may see in one pass over one query's entries.
 */
import type { Deps } from '../../deps.js';
import type { ArbzgFinding } from '../../domain/arbzg.js';
import { arbzgContextStart, checkArbzg } from '../../domain/arbzg.js';
import { publicHolidayLookup } from '../../domain/holidays.js';
import type { WorkInterval } from '../../domain/intervals.js';
import { addDays, dayRange, localCalendar, localDay, startOfLocalDay } from '../../domain/time.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../auth/permissions.js';
import { authorize, tenantOf } from '../auth/permissions.js';
import { managedTeamIds } from '../users/repo.js';
import { MAX_PERIOD_DAYS } from './timesheet.js';

export interface PersonFinding extends Pick<ArbzgFinding, 'code' | 'severity' | 'day' | 'message'> {
  userId: string;
  name: string;
  teamId: string | null;
}

export interface FindingsReport {
  from: string;
  to: string;
  findings: PersonFinding[];
  counts: Record<ArbzgFinding['severity'], number>;
}

export interface FindingsQuery {
  from: string;
  to: string;
  teamId?: string;
  userId?: string;
}

/**
 * What the findings report reads (three queries): the people in the actor's `time.read` scope
 * (or one team or person), the company's zone and region, and the people's entries from the
 * checks' context start to the period's end.
 */
export async function findingsInputs(deps: Deps, actor: Actor, query: FindingsQuery) {
  const scope = authorize(actor, 'time.read');
  const tenantId = tenantOf(actor);
  const { from, to } = query;
  if (to < from) throw new AppError('VALIDATION_FAILED', 'The period ends before it starts.');
  if (dayRange(from, to).length > MAX_PERIOD_DAYS)
    throw new AppError('VALIDATION_FAILED', `A period may span at most ${MAX_PERIOD_DAYS} days.`);

  let people = deps.db
    .selectFrom('users')
    .select(['id', 'name', 'team_id', 'start_date', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .where('status', '!=', 'invited');
  if (scope === 'own') people = people.where('id', '=', actor.userId);
  if (scope === 'team') {
    const teams = await managedTeamIds(deps.db, tenantId, actor.userId);
    people = people.where((eb) =>
      eb.or([
        eb('id', '=', actor.userId),
        ...(teams.length > 0 ? [eb('team_id', 'in', teams)] : []),
      ]),
    );
  }
  if (query.teamId) people = people.where('team_id', '=', query.teamId);
  if (query.userId) people = people.where('id', '=', query.userId);
  const [users, tenant] = await Promise.all([
    people.orderBy('name').execute(),
    deps.db
      .selectFrom('tenants')
      .select(['time_zone', 'holiday_region', 'holiday_subregion'])
      .where('id', '=', tenantId)
      .executeTakeFirstOrThrow(),
  ]);
  if (users.length === 0) return { users, tenant, entries: [] };
  const zone = tenant.time_zone;
  const entries = await deps.db
    .selectFrom('time_entries')
    .select(['user_id', 'started_at', 'ended_at'])
    .where('tenant_id', '=', tenantId)
    .where(
      'user_id',
      'in',
      users.map((u) => u.id),
    )
    .where('deleted_at', 'is', null)
    .where('started_at', '<', startOfLocalDay(addDays(to, 1), zone))
    .where((eb) =>
      eb.or([
        eb('ended_at', 'is', null),
        eb('ended_at', '>', startOfLocalDay(arbzgContextStart(from), zone)),
      ]),
    )
    .orderBy('started_at')
    .execute();
  return { users, tenant, entries };
}

/** Findings on days `from`–`to` of everyone in the actor's `time.read` scope (or one team). */
export async function listFindings(
  deps: Deps,
  actor: Actor,
  query: FindingsQuery,
): Promise<FindingsReport> {
  const { from, to } = query;
  const { users, tenant, entries } = await findingsInputs(deps, actor, query);
  const report: FindingsReport = {
    from,
    to,
    findings: [],
    counts: { violation: 0, warning: 0, info: 0 },
  };
  if (users.length === 0) return report;
  const zone = tenant.time_zone;
  const intervalsByUser = new Map<string, WorkInterval[]>();
  for (const e of entries) {
    const list = intervalsByUser.get(e.user_id) ?? [];
    list.push({ start: e.started_at, end: e.ended_at });
    intervalsByUser.set(e.user_id, list);
  }

  // Everyone's checks ask about the same days: their holidays and local midnights once.
  const contextStart = arbzgContextStart(from);
  const holidays = publicHolidayLookup(tenant.holiday_region, tenant.holiday_subregion, {
    from: contextStart,
    to,
  });
  const calendar = localCalendar(zone, addDays(contextStart, -1), addDays(to, 1));
  const now = deps.clock();
  for (const user of users) {
    const intervals = intervalsByUser.get(user.id);
    if (!intervals) continue;
    // Records start with the employment (as in the month view), not with the loaded window.
    const recordsFrom = user.start_date ?? localDay(user.created_at, zone);
    for (const f of checkArbzg({
      intervals,
      timeZone: zone,
      now,
      holidays,
      from,
      to,
      recordsFrom,
      calendar,
    })) {
      report.counts[f.severity] += 1;
      report.findings.push({
        userId: user.id,
        name: user.name,
        teamId: user.team_id,
        day: f.day,
        code: f.code,
        severity: f.severity,
        message: f.message,
      });
    }
  }
  return report;
}

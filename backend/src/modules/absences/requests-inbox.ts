/**
 * What the approvals inbox shows next to each request (requests.ts approvalInbox): the
 * vacation left after approving it and how many of the person's team are away on its days.
 * Read for the whole inbox at once – an HR admin's inbox may hold hundreds of requests, and a
 * round trip per request and account would make it slow exactly when it is busiest.
 */
import type { Db } from '../../db/index.js';
import type { Day } from '../../domain/time.js';
import { HOLDING_STATUSES } from './accounts.js';
import { vacationAccountsOf } from './vacation-accounts.js';

/** An inbox request as these figures need it. */
export interface InboxRequest {
  id: string;
  user_id: string;
  team_id: string | null;
  start_day: Day;
  end_day: Day | null;
}

/** The account years a request touches: the years of its first and last day. */
export function yearsOf(request: Pick<InboxRequest, 'start_day' | 'end_day'>): number[] {
  const first = Number(request.start_day.slice(0, 4));
  const last = Number((request.end_day ?? request.start_day).slice(0, 4));
  return first === last ? [first] : [first, last];
}

/**
 * Vacation left per person and year ("userId|year"), for the requests given (those of types
 * that take vacation): the accounts as the Urlaubsansprüche page computes them, one bulk read
 * per year. A pending request is already planned in its account, so what is left is what
 * remains after approving it.
 */
export async function remainingVacation(
  db: Db,
  tenantId: string,
  requests: readonly InboxRequest[],
  now: Date,
): Promise<Map<string, number>> {
  const peopleByYear = new Map<number, Set<string>>();
  for (const request of requests) {
    for (const year of yearsOf(request)) {
      const people = peopleByYear.get(year) ?? new Set<string>();
      people.add(request.user_id);
      peopleByYear.set(year, people);
    }
  }
  const result = new Map<string, number>();
  if (peopleByYear.size === 0) return result;
  const ids = [...new Set(requests.map((r) => r.user_id))];
  const people = await db
    .selectFrom('users')
    .select(['id', 'start_date', 'end_date', 'created_at', 'vacation_days_per_year'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', ids)
    .execute();
  await Promise.all(
    [...peopleByYear].map(async ([year, wanted]) => {
      const accounts = await vacationAccountsOf(
        db,
        tenantId,
        people.filter((p) => wanted.has(p.id)),
        year,
        now,
      );
      for (const [userId, account] of accounts) {
        result.set(`${userId}|${year}`, account.account.remaining);
      }
    }),
  );
  return result;
}

/**
 * Per request (by id): how many other people of the person's team have a holding absence
 * (approved or pending) on any of its days; requests of people without a team count none.
 */
export async function othersAbsent(
  db: Db,
  tenantId: string,
  requests: readonly InboxRequest[],
): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  const inTeams = requests.filter((r) => r.team_id !== null);
  if (inTeams.length === 0) return result;
  const lastOf = (r: InboxRequest) => r.end_day ?? r.start_day;
  const from = inTeams.map((r) => r.start_day).reduce((a, b) => (a < b ? a : b));
  const to = inTeams.map(lastOf).reduce((a, b) => (a > b ? a : b));
  const absences = await db
    .selectFrom('absences')
    .innerJoin('users', (join) =>
      join
        .onRef('users.id', '=', 'absences.user_id')
        .onRef('users.tenant_id', '=', 'absences.tenant_id'),
    )
    .select(['absences.user_id', 'users.team_id', 'absences.start_day', 'absences.end_day'])
    .where('absences.tenant_id', '=', tenantId)
    .where('users.team_id', 'in', [...new Set(inTeams.map((r) => r.team_id!))])
    .where('absences.status', 'in', HOLDING_STATUSES)
    .where('absences.start_day', '<=', to)
    .where((eb) => eb.or([eb('absences.end_day', 'is', null), eb('absences.end_day', '>=', from)]))
    .execute();
  for (const request of inTeams) {
    const away = new Set<string>();
    for (const a of absences) {
      if (a.team_id !== request.team_id || a.user_id === request.user_id) continue;
      // An absence without an end so far runs on: it overlaps every later day.
      if (a.start_day <= lastOf(request) && (a.end_day === null || a.end_day >= request.start_day))
        away.add(a.user_id);
    }
    result.set(request.id, away.size);
  }
  return result;
}

/**
 * The team view of a month (Team / Monatsübersicht): per person in the actor's scope Soll, Ist,
 * difference, Saldo, the month's closing state and how many ArbZG findings it has — what a
 * manager checks before approving months, and what HR opens before payroll.
 */
import type { Deps } from '../../deps.js';
import { daysOfMonth } from '../../domain/time.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../auth/permissions.js';
import { authorize, tenantOf } from '../auth/permissions.js';
import { managedTeamIds } from '../users/repo.js';
import type { PeriodTotals } from './timesheet.js';
import { rememberedPeriodOf } from './timesheet.js';

export interface TeamMonthRow {
  userId: string;
  name: string;
  teamId: string | null;
  totals: Pick<PeriodTotals, 'targetMinutes' | 'workedMinutes' | 'diffMinutes'>;
  balance: number;
  balanceAsOf: string;
  lock: 'open' | 'submitted' | 'approved';
  findings: { violation: number; warning: number; info: number };
}

/** People computed at once; each computation runs a handful of queries on the pool. */
const PARALLEL = 4;

export async function teamMonth(
  deps: Deps,
  actor: Actor,
  month: string,
  teamId?: string,
): Promise<{ month: string; people: TeamMonthRow[] }> {
  const scope = authorize(actor, 'time.read');
  if (scope === 'own') throw new AppError('FORBIDDEN', 'The team view is for managers.');
  const tenantId = tenantOf(actor);
  let query = deps.db
    .selectFrom('users')
    .select(['id', 'name', 'team_id', 'start_date', 'created_at', 'opening_balance_minutes'])
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'active')
    .where('role', '!=', 'super_admin');
  if (scope === 'team') {
    const teams = await managedTeamIds(deps.db, tenantId, actor.userId);
    if (teams.length === 0) return { month, people: [] };
    query = query.where('team_id', 'in', teams);
  }
  if (teamId) query = query.where('team_id', '=', teamId);
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const days = daysOfMonth(year, monthNumber);
  const first = days[0]!;
  const [people, locks] = await Promise.all([
    query.orderBy('name').execute(),
    deps.db
      .selectFrom('month_locks')
      .select(['user_id', 'status'])
      .where('tenant_id', '=', tenantId)
      .where('month', '=', first)
      .execute(),
  ]);
  const lockOf = new Map(locks.map((l) => [l.user_id, l.status]));

  const versions = await deps.sheets.versionsOf(
    deps.db,
    tenantId,
    people.map((p) => p.id),
  );
  const rows: TeamMonthRow[] = [];
  for (let i = 0; i < people.length; i += PARALLEL) {
    const batch = people.slice(i, i + PARALLEL);
    const sheets = await Promise.all(
      batch.map((p) =>
        rememberedPeriodOf(deps, { ...p, tenantId }, versions.get(p.id)!, first, days.at(-1)!),
      ),
    );
    batch.forEach((person, index) => {
      const sheet = sheets[index]!;
      const findings = { violation: 0, warning: 0, info: 0 };
      for (const day of sheet.days) for (const f of day.findings) findings[f.severity] += 1;
      rows.push({
        userId: person.id,
        name: person.name,
        teamId: person.team_id,
        totals: {
          targetMinutes: sheet.totals.targetMinutes,
          workedMinutes: sheet.totals.workedMinutes,
          diffMinutes: sheet.totals.diffMinutes,
        },
        balance: sheet.balance.after,
        balanceAsOf: sheet.balance.asOf,
        lock: lockOf.get(person.id) ?? 'open',
        findings,
      });
    });
  }
  return { month, people: rows };
}

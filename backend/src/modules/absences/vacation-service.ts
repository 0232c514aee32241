/**
 * Vacation accounts (Urlaubskonto) and their administration (Urlaubsansprüche): the explained
 * account of one person and year ("every number explains itself", UX.md), the company table of
 * entitlements, and the admin's changes – a per-year override of the entitlement, manual
 * adjustments and a person's contract days – each with its reason and in the audit log.
 */
import type { Deps } from '../../deps.js';
import type { EntitlementRule } from '../../domain/vacation.js';
import type { Day } from '../../domain/time.js';
import { localDay, parseDay } from '../../domain/time.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/service.js';
import type { Actor, Scope } from '../auth/permissions.js';
import { authorize, tenantOf } from '../auth/permissions.js';
import { managedTeamIds } from '../users/repo.js';
import type { AccountPerson, DetailedAccount } from './vacation-accounts.js';
import { vacationAccountsOf } from './vacation-accounts.js';

type Db = Deps['db'];

interface PersonRef {
  id: string;
  name: string;
}

/** The account figures every view shows. */
export interface AccountTotals {
  entitlement: number;
  carriedOver: number;
  adjustments: number;
  taken: number;
  planned: number;
  expired: number;
  remaining: number;
}

export interface ComputedEntitlement {
  days: number;
  rule: EntitlementRule;
  months: number | null;
  workingDaysPerWeek: number;
  fullYear: number;
  exact: number;
  statutoryMinimum: number;
  contractDays: number;
  contractSource: 'person' | 'company';
}

/** One person's account for a year with everything needed to explain each figure. */
export interface AccountExplanation {
  userId: string;
  name: string;
  year: number;
  today: Day;
  /** "Es verbleiben 14 Urlaubstage, davon 5 Resturlaub – verfällt am 31.03." */
  sentence: { remaining: number; carriedOverRemaining: number; expiresOn: Day | null };
  totals: AccountTotals;
  entitlement: {
    days: number;
    computed: ComputedEntitlement;
    override: { days: number; reason: string; setBy: PersonRef | null; setAt: string } | null;
  };
  adjustments: {
    id: string;
    days: number;
    reason: string;
    createdBy: PersonRef | null;
    createdAt: string;
  }[];
  carriedOver: {
    fromYear: number;
    days: number;
    used: number;
    expired: number;
    remaining: number;
    expiresOn: Day | null;
  }[];
  expiring: { expiresOn: Day; days: number }[];
  absences: {
    id: string;
    typeId: string;
    startDay: Day;
    endDay: Day | null;
    halfDayStart: boolean;
    halfDayEnd: boolean;
    status: string;
    days: number;
    taken: number;
    planned: number;
  }[];
}

/** A row of the company's Urlaubsansprüche table. */
export interface EntitlementRow {
  userId: string;
  name: string;
  teamId: string | null;
  teamName: string | null;
  status: 'invited' | 'active' | 'disabled';
  startDate: Day | null;
  endDate: Day | null;
  contractDays: number;
  contractSource: 'person' | 'company';
  computed: number;
  rule: EntitlementRule;
  override: { days: number; reason: string } | null;
  totals: AccountTotals;
}

const round = (n: number) => Math.round(n * 100) / 100 + 0;

function totalsOf(account: DetailedAccount): AccountTotals {
  const a = account.account;
  return {
    entitlement: a.entitlement,
    carriedOver: a.carriedOver,
    adjustments: a.adjustments,
    taken: a.taken,
    planned: a.planned,
    expired: a.expired,
    remaining: a.remaining,
  };
}

/** The year today is in, in the company's zone. */
async function currentYear(db: Db, tenantId: string, now: Date): Promise<number> {
  const tenant = await db
    .selectFrom('tenants')
    .select('time_zone')
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return parseDay(localDay(now, tenant.time_zone)).year;
}

const personColumns = [
  'users.id',
  'users.name',
  'users.team_id',
  'users.status',
  'users.start_date',
  'users.end_date',
  'users.created_at',
  'users.vacation_days_per_year',
] as const;

/** The person if the actor's scope of `action` reaches them; NOT_FOUND otherwise. */
async function personInScope(
  deps: Deps,
  actor: Actor,
  userId: string,
  scope: Scope,
): Promise<AccountPerson & { name: string; team_id: string | null }> {
  const tenantId = tenantOf(actor);
  const person = await deps.db
    .selectFrom('users')
    .select(personColumns)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', userId)
    .where('role', '!=', 'super_admin')
    .executeTakeFirst();
  const allowed =
    person &&
    (scope === 'all' ||
      person.id === actor.userId ||
      (scope === 'team' &&
        person.team_id !== null &&
        (await managedTeamIds(deps.db, tenantId, actor.userId)).includes(person.team_id)));
  if (!allowed) throw new AppError('NOT_FOUND', 'No such person.');
  return person;
}

async function namesOf(db: Db, tenantId: string, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map<string, PersonRef>();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', wanted)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * The explained account of a person and year: the employee's own, a manager's team member's,
 * any person's for an admin (default: the actor, the current year in the company's zone).
 */
export async function explainAccount(
  deps: Deps,
  actor: Actor,
  query: { userId?: string; year?: number },
): Promise<AccountExplanation> {
  const scope = authorize(actor, 'vacation.read');
  const tenantId = tenantOf(actor);
  const person = await personInScope(deps, actor, query.userId ?? actor.userId, scope);
  const now = deps.clock();
  const year = query.year ?? (await currentYear(deps.db, tenantId, now));
  const accounts = await vacationAccountsOf(deps.db, tenantId, [person], year, now);
  const account = accounts.get(person.id)!;
  const names = await namesOf(deps.db, tenantId, [
    account.overrideDetail?.setBy ?? null,
    ...account.adjustmentDetails.map((a) => a.createdBy),
  ]);
  const { account: totals, computed } = account;
  const carried = totals.blocks.filter((b) => b.source === 'carry_over');
  const usesOf = new Map<string, { taken: number; planned: number }>();
  for (const use of account.uses) {
    const sum = usesOf.get(use.absenceId) ?? { taken: 0, planned: 0 };
    // The rule of domain/vacation.ts vacationAccount: approved days up to today are taken.
    if (use.pending !== true && use.day <= account.today) sum.taken += use.days;
    else sum.planned += use.days;
    usesOf.set(use.absenceId, sum);
  }
  return {
    userId: person.id,
    name: person.name,
    year,
    today: account.today,
    sentence: {
      remaining: totals.remaining,
      carriedOverRemaining: round(carried.reduce((s, b) => s + b.remaining, 0)),
      expiresOn: totals.expiring[0]?.expiresOn ?? null,
    },
    totals: totalsOf(account),
    entitlement: {
      days: totals.entitlement,
      computed: {
        days: computed.days,
        rule: computed.rule,
        months: computed.months,
        workingDaysPerWeek: computed.workingDaysPerWeek,
        fullYear: computed.fullYear,
        exact: computed.exact,
        statutoryMinimum: computed.statutoryMinimum,
        contractDays: account.contract.days,
        contractSource: account.contract.source,
      },
      override: account.overrideDetail
        ? {
            days: account.overrideDetail.days,
            reason: account.overrideDetail.reason,
            setBy: names.get(account.overrideDetail.setBy) ?? null,
            setAt: account.overrideDetail.setAt.toISOString(),
          }
        : null,
    },
    adjustments: account.adjustmentDetails.map((a) => ({
      id: a.id,
      days: a.days,
      reason: a.reason,
      createdBy: a.createdBy === null ? null : (names.get(a.createdBy) ?? null),
      createdAt: a.createdAt.toISOString(),
    })),
    carriedOver: carried.map((b) => ({
      fromYear: b.fromYear,
      days: b.days,
      used: b.used,
      expired: b.expired,
      remaining: b.remaining,
      expiresOn: b.expiresOn,
    })),
    expiring: totals.expiring,
    absences: account.absences
      .filter((a) => usesOf.has(a.id))
      .map((a) => {
        const sum = usesOf.get(a.id)!;
        return {
          id: a.id,
          typeId: a.type_id,
          startDay: a.start_day,
          endDay: a.end_day,
          halfDayStart: a.half_day_start,
          halfDayEnd: a.half_day_end,
          status: a.status,
          days: round(sum.taken + sum.planned),
          taken: round(sum.taken),
          planned: round(sum.planned),
        };
      }),
  };
}

/**
 * The entitlements table of a year: every person of the company (admins), or of the teams a
 * manager leads; deactivated people are left out. All accounts in a few queries.
 */
export async function listEntitlements(
  deps: Deps,
  actor: Actor,
  query: { year?: number; teamId?: string },
): Promise<{ year: number; people: EntitlementRow[] }> {
  const scope = authorize(actor, 'vacation.read');
  if (scope === 'own') throw new AppError('FORBIDDEN', 'The entitlements table is for managers.');
  const tenantId = tenantOf(actor);
  const now = deps.clock();
  const year = query.year ?? (await currentYear(deps.db, tenantId, now));
  let people = deps.db
    .selectFrom('users')
    .leftJoin('teams', (join) =>
      join.onRef('teams.id', '=', 'users.team_id').onRef('teams.tenant_id', '=', 'users.tenant_id'),
    )
    .select([...personColumns, 'teams.name as team_name'])
    .where('users.tenant_id', '=', tenantId)
    .where('users.role', '!=', 'super_admin')
    .where('users.status', '!=', 'disabled');
  if (scope === 'team') {
    const teams = await managedTeamIds(deps.db, tenantId, actor.userId);
    if (teams.length === 0) return { year, people: [] };
    people = people.where('users.team_id', 'in', teams);
  }
  if (query.teamId) people = people.where('users.team_id', '=', query.teamId);
  const rows = await people.orderBy('users.name').orderBy('users.id').execute();
  const accounts = await vacationAccountsOf(deps.db, tenantId, rows, year, now);
  return {
    year,
    people: rows.map((person) => rowOf(person, accounts.get(person.id)!)),
  };
}

function rowOf(
  person: AccountPerson & {
    name: string;
    team_id: string | null;
    team_name?: string | null;
    status: 'invited' | 'active' | 'disabled';
  },
  account: DetailedAccount,
): EntitlementRow {
  return {
    userId: person.id,
    name: person.name,
    teamId: person.team_id,
    teamName: person.team_name ?? null,
    status: person.status,
    startDate: person.start_date,
    endDate: person.end_date,
    contractDays: account.contract.days,
    contractSource: account.contract.source,
    computed: account.computed.days,
    rule: account.computed.rule,
    override: account.override,
    totals: totalsOf(account),
  };
}

/** One row of the table after a change (the caller has checked access). */
async function entitlementRow(
  deps: Deps,
  tenantId: string,
  userId: string,
  year: number,
): Promise<EntitlementRow> {
  const person = await deps.db
    .selectFrom('users')
    .leftJoin('teams', (join) =>
      join.onRef('teams.id', '=', 'users.team_id').onRef('teams.tenant_id', '=', 'users.tenant_id'),
    )
    .select([...personColumns, 'teams.name as team_name'])
    .where('users.tenant_id', '=', tenantId)
    .where('users.id', '=', userId)
    .executeTakeFirstOrThrow();
  const accounts = await vacationAccountsOf(deps.db, tenantId, [person], year, deps.clock());
  return rowOf(person, accounts.get(userId)!);
}

/** Sets the entitlement of a person's year by hand (replaces the computed one), with a reason. */
export async function setEntitlementOverride(
  deps: Deps,
  actor: Actor,
  userId: string,
  year: number,
  input: { days: number; reason: string },
  ip: string | null,
): Promise<EntitlementRow> {
  const scope = authorize(actor, 'vacation.manage');
  const tenantId = tenantOf(actor);
  await personInScope(deps, actor, userId, scope);
  await deps.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('vacation_entitlements')
      .select(['days', 'reason'])
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('year', '=', year)
      .forUpdate()
      .executeTakeFirst();
    const now = deps.clock();
    await trx
      .insertInto('vacation_entitlements')
      .values({
        tenant_id: tenantId,
        user_id: userId,
        year,
        days: input.days,
        reason: input.reason,
        set_by: actor.userId,
        set_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'user_id', 'year']).doUpdateSet({
          days: input.days,
          reason: input.reason,
          set_by: actor.userId,
          set_at: now,
        }),
      )
      .execute();
    await recordAudit(trx, {
      tenantId,
      actorUserId: actor.userId,
      action: 'vacation.entitlement_set',
      entityType: 'user',
      entityId: userId,
      before: before ? { year, days: Number(before.days), reason: before.reason } : null,
      after: { year, days: input.days },
      reason: input.reason,
      ip,
    });
  });
  return entitlementRow(deps, tenantId, userId, year);
}

/** Removes the override of a person's year: the computed entitlement applies again. */
export async function removeEntitlementOverride(
  deps: Deps,
  actor: Actor,
  userId: string,
  year: number,
  ip: string | null,
): Promise<EntitlementRow> {
  const scope = authorize(actor, 'vacation.manage');
  const tenantId = tenantOf(actor);
  await personInScope(deps, actor, userId, scope);
  await deps.db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('vacation_entitlements')
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('year', '=', year)
      .returning(['days', 'reason'])
      .executeTakeFirst();
    if (!removed) {
      throw new AppError('NOT_FOUND', `There is no entitlement set by hand for ${year}.`);
    }
    await recordAudit(trx, {
      tenantId,
      actorUserId: actor.userId,
      action: 'vacation.entitlement_removed',
      entityType: 'user',
      entityId: userId,
      before: { year, days: Number(removed.days), reason: removed.reason },
      after: null,
      ip,
    });
  });
  return entitlementRow(deps, tenantId, userId, year);
}

/** Books a manual correction (Korrektur) of a person's account, with its reason. */
export async function addAdjustment(
  deps: Deps,
  actor: Actor,
  input: { userId: string; year: number; days: number; reason: string },
  ip: string | null,
): Promise<EntitlementRow> {
  const scope = authorize(actor, 'vacation.manage');
  const tenantId = tenantOf(actor);
  await personInScope(deps, actor, input.userId, scope);
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('vacation_adjustments')
      .values({
        tenant_id: tenantId,
        user_id: input.userId,
        year: input.year,
        days: input.days,
        reason: input.reason,
        created_by: actor.userId,
        created_at: deps.clock(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      tenantId,
      actorUserId: actor.userId,
      action: 'vacation.adjusted',
      entityType: 'user',
      entityId: input.userId,
      after: { adjustmentId: row.id, year: input.year, days: input.days },
      reason: input.reason,
      ip,
    });
  });
  return entitlementRow(deps, tenantId, input.userId, input.year);
}

/** Sets a person's contract days per year (five-day week); null: the company's default. */
export async function setContractDays(
  deps: Deps,
  actor: Actor,
  userId: string,
  daysPerYear: number | null,
  ip: string | null,
): Promise<{ userId: string; daysPerYear: number | null; effectiveDays: number }> {
  const scope = authorize(actor, 'vacation.manage');
  const tenantId = tenantOf(actor);
  await personInScope(deps, actor, userId, scope);
  return deps.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('users')
      .select('vacation_days_per_year')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', userId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const previous =
      before.vacation_days_per_year === null ? null : Number(before.vacation_days_per_year);
    const tenant = await trx
      .selectFrom('tenants')
      .select('vacation_days_per_year')
      .where('id', '=', tenantId)
      .executeTakeFirstOrThrow();
    const result = {
      userId,
      daysPerYear,
      effectiveDays: daysPerYear ?? Number(tenant.vacation_days_per_year),
    };
    // Setting what is already set changes nothing and records nothing.
    if (previous === daysPerYear) return result;
    await trx
      .updateTable('users')
      .set({ vacation_days_per_year: daysPerYear, updated_at: deps.clock() })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', userId)
      .execute();
    await recordAudit(trx, {
      tenantId,
      actorUserId: actor.userId,
      action: 'vacation.contract_days_set',
      entityType: 'user',
      entityId: userId,
      before: { vacationDaysPerYear: previous },
      after: { vacationDaysPerYear: daysPerYear },
      ip,
    });
    return result;
  });
}

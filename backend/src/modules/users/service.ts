/**
 * People and teams of a company: invite, change role or team, deactivate and reactivate.
 * Admins act on their whole company, managers read their teams, employees themselves.
 */
import type { Deps } from '../../deps.js';
import type { Kysely } from 'kysely';
import type { Database, Role, UserStatus } from '../../db/types.js';
import { AppError } from '../../errors.js';
import { queueMail } from '../../integrations/mail/outbox.js';
import { recordAudit } from '../audit/service.js';
import type { Actor } from '../auth/permissions.js';
import { authorize, tenantOf } from '../auth/permissions.js';
import { cutOffAccessTokens, revokeFamilies } from '../auth/repo.js';
import { issueInvitation } from '../invitations/tokens.js';
import type { UserFilter, UserRow } from './repo.js';
import * as repo from './repo.js';

export type TenantRole = Exclude<Role, 'super_admin'>;

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  status: UserStatus;
  teamId: string | null;
  teamName: string | null;
  employeeNumber: string | null;
  startDate: string | null;
  endDate: string | null;
  lastLoginAt: string | null;
  /** Open invitation of an invited person: when it expires (past = expired). */
  invitationExpiresAt: string | null;
  /** Delivery of the newest invitation mail (null: none sent). */
  invitationMail: { status: 'pending' | 'sent' | 'failed'; error: string | null } | null;
  createdAt: string;
}

function toView(row: UserRow): UserView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    status: row.status,
    teamId: row.team_id,
    teamName: row.team_name,
    employeeNumber: row.employee_number,
    startDate: row.start_date,
    endDate: row.end_date,
    lastLoginAt: row.last_login_at?.toISOString() ?? null,
    invitationExpiresAt: row.invitation_expires_at
      ? new Date(row.invitation_expires_at).toISOString()
      : null,
    invitationMail: row.invitation_mail_status
      ? { status: row.invitation_mail_status, error: row.invitation_mail_error }
      : null,
    createdAt: row.created_at.toISOString(),
  };
}

/** Restricts a user query to what the actor may see. */
async function readScope(
  deps: Deps,
  actor: Actor,
): Promise<Pick<UserFilter, 'onlyIds' | 'onlyTeamIds'>> {
  const scope = authorize(actor, 'user.read');
  const tenantId = tenantOf(actor);
  if (scope === 'all') return {};
  if (scope === 'own') return { onlyIds: [actor.userId] };
  return {
    onlyIds: [actor.userId],
    onlyTeamIds: await repo.managedTeamIds(deps.db, tenantId, actor.userId),
  };
}

/** The people the actor may see, filtered. */
export async function listUsers(
  deps: Deps,
  actor: Actor,
  filter: Omit<UserFilter, 'onlyIds' | 'onlyTeamIds'>,
): Promise<UserView[]> {
  const scope = await readScope(deps, actor);
  const rows = await repo.listUsers(deps.db, tenantOf(actor), { ...filter, ...scope });
  return rows.map(toView);
}

/** One person; NOT_FOUND when outside the actor's company or scope. */
export async function getUser(deps: Deps, actor: Actor, userId: string): Promise<UserView> {
  const scope = await readScope(deps, actor);
  const [row] = await repo.listUsers(deps.db, tenantOf(actor), { ...scope, id: userId });
  if (!row) throw new AppError('NOT_FOUND', 'No such person.');
  return toView(row);
}

async function loadForAdmin(deps: Deps, actor: Actor, userId: string): Promise<UserRow> {
  const row = await repo.findUser(deps.db, tenantOf(actor), userId);
  if (!row) throw new AppError('NOT_FOUND', 'No such person.');
  return row;
}

async function assertTeamInTenant(
  deps: Deps,
  tenantId: string,
  teamId: string | null | undefined,
): Promise<void> {
  if (teamId && !(await repo.findTeam(deps.db, tenantId, teamId))) {
    throw new AppError('VALIDATION_FAILED', 'This team does not exist.', {
      fields: [{ field: 'body.teamId', message: 'unknown team' }],
    });
  }
}

async function tenantName(db: Kysely<Database>, tenantId: string): Promise<string> {
  const row = await db
    .selectFrom('tenants')
    .select('name')
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return row.name;
}

async function actorName(
  deps: Deps,
  actor: Actor,
  db: Kysely<Database> = deps.db,
): Promise<string> {
  const row = await db
    .selectFrom('users')
    .select(['name', 'email'])
    .where('id', '=', actor.userId)
    .executeTakeFirst();
  return row?.name || row?.email || deps.config.appName;
}

export interface InviteInput {
  email: string;
  name: string;
  role: TenantRole;
  teamId?: string | null;
  employeeNumber?: string | null;
  startDate?: string | null;
  locale?: 'de' | 'en';
}

function acceptUrl(deps: Deps, token: string): string {
  // The token travels in the fragment: browsers never send it to a server or into its logs.
  return `${deps.config.frontendUrl}/invitation#${token}`;
}

/**
 * Creates the person as "invited" and mails them a link (valid 7 days). The invitation, the
 * audit entry and the mail commit together.
 */
export async function inviteUser(
  deps: Deps,
  actor: Actor,
  input: InviteInput,
  ip: string | null,
): Promise<UserView> {
  authorize(actor, 'user.invite');
  const tenantId = tenantOf(actor);
  await assertTeamInTenant(deps, tenantId, input.teamId);
  return inviteIntoTenant(deps, { tenantId, invitedBy: actor, input, ip });
}

/** Shared by admins inviting people and the super-admin inviting a company's first admin. */
export async function inviteIntoTenant(
  deps: Deps,
  args: { tenantId: string; invitedBy: Actor; input: InviteInput; ip: string | null },
): Promise<UserView> {
  const userId = await deps.db.transaction().execute((trx) => addInvitedUser(deps, trx, args));
  return toView((await repo.findUser(deps.db, args.tenantId, userId))!);
}

/**
 * The invited person, their invitation, the mail and the audit entry, inside the caller's
 * transaction (a new company and its first admin commit together). Returns the user id.
 */
export async function addInvitedUser(
  deps: Deps,
  trx: Kysely<Database>,
  args: { tenantId: string; invitedBy: Actor; input: InviteInput; ip: string | null },
): Promise<string> {
  const { tenantId, input } = args;
  const email = input.email.trim().toLowerCase();
  const taken = await trx
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirst();
  if (taken) throw new AppError('EMAIL_TAKEN');
  const user = await trx
    .insertInto('users')
    .values({
      tenant_id: tenantId,
      email,
      name: input.name.trim(),
      role: input.role,
      status: 'invited',
      locale: input.locale ?? 'de',
      team_id: input.teamId ?? null,
      employee_number: input.employeeNumber ?? null,
      start_date: input.startDate ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sendInvitation(deps, trx, {
    tenantId,
    userId: user.id,
    email,
    locale: input.locale ?? 'de',
    role: input.role,
    invitedBy: args.invitedBy,
  });
  await recordAudit(trx, {
    tenantId,
    actorUserId: args.invitedBy.userId,
    action: 'user.invited',
    entityType: 'user',
    entityId: user.id,
    after: { email, role: input.role, teamId: input.teamId ?? null },
    ip: args.ip,
  });
  return user.id;
}

/**
 * A new invitation link (any earlier one dies) and its mail, in the caller's transaction.
 * The mail names the company and who invited, in the invitee's language.
 */
async function sendInvitation(
  deps: Deps,
  trx: Kysely<Database>,
  args: {
    tenantId: string;
    userId: string;
    email: string;
    locale: 'de' | 'en';
    role: TenantRole;
    invitedBy: Actor;
  },
): Promise<void> {
  const [companyName, inviterName] = await Promise.all([
    tenantName(trx, args.tenantId),
    actorName(deps, args.invitedBy, trx),
  ]);
  const invitation = await issueInvitation(trx, {
    tenantId: args.tenantId,
    userId: args.userId,
    email: args.email,
    invitedBy: args.invitedBy.userId,
    now: deps.clock(),
  });
  await queueMail(trx, {
    template: 'invitation',
    tenantId: args.tenantId,
    userId: args.userId,
    to: args.email,
    locale: args.locale,
    idempotencyKey: `invitation:${invitation.id}`,
    data: {
      inviterName,
      companyName,
      role: args.role,
      acceptUrl: acceptUrl(deps, invitation.token),
      expiresAt: invitation.expiresAt,
    },
  });
}

/** A fresh link for someone who has not accepted yet (the old link stops working). */
export async function resendInvitation(
  deps: Deps,
  actor: Actor,
  userId: string,
  ip: string | null,
): Promise<UserView> {
  authorize(actor, 'user.invite');
  const tenantId = tenantOf(actor);
  const user = await loadForAdmin(deps, actor, userId);
  if (user.status === 'active')
    throw new AppError('CONFLICT', 'This person has already accepted the invitation.');
  const now = deps.clock();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ status: 'invited', updated_at: now })
      .where('id', '=', userId)
      .where('tenant_id', '=', tenantId)
      .execute();
    await sendInvitation(deps, trx, {
      tenantId,
      userId,
      email: user.email,
      locale: user.locale,
      role: user.role === 'super_admin' ? 'admin' : user.role,
      invitedBy: actor,
    });
    await recordAudit(trx, {
      tenantId,
      actorUserId: actor.userId,
      action: 'user.invitation_resent',
      entityType: 'user',
      entityId: userId,
      ip,
    });
  });
  return toView((await repo.findUser(deps.db, tenantId, userId))!);
}

/** Withdraws an open invitation; the person is listed as deactivated and can be invited again. */
export async function revokeInvitation(
  deps: Deps,
  actor: Actor,
  userId: string,
  ip: string | null,
): Promise<UserView> {
  authorize(actor, 'user.invite');
  const tenantId = tenantOf(actor);
  const user = await loadForAdmin(deps, actor, userId);
  if (user.status !== 'invited')
    throw new AppError('CONFLICT', 'There is no open invitation for this person.');
  const now = deps.clock();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('invitations')
      .set({ revoked_at: now })
      .where('user_id', '=', userId)
      .where('tenant_id', '=', tenantId)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .execute();
    await trx
      .updateTable('users')
      .set({ status: 'disabled', updated_at: now })
      .where('id', '=', userId)
      .where('tenant_id', '=', tenantId)
      .execute();
    await recordAudit(trx, {
      tenantId,
      actorUserId: actor.userId,
      action: 'user.invitation_revoked',
      entityType: 'user',
      entityId: userId,
      ip,
    });
  });
  return toView((await repo.findUser(deps.db, tenantId, userId))!);
}

export interface UserChanges {
  name?: string;
  role?: TenantRole;
  teamId?: string | null;
  employeeNumber?: string | null;
  startDate?: string | null;
  endDate?: string | null;
}

/** Changes a person's master data; role changes are audited with before/after. */
export async function updateUser(
  deps: Deps,
  actor: Actor,
  userId: string,
  changes: UserChanges,
  ip: string | null,
): Promise<UserView> {
  authorize(actor, 'user.update');
  const tenantId = tenantOf(actor);
  const before = await loadForAdmin(deps, actor, userId);
  if (changes.role && userId === actor.userId && changes.role !== before.role) {
    throw new AppError('FORBIDDEN', 'You cannot change your own role.');
  }
  await assertTeamInTenant(deps, tenantId, changes.teamId);
  const now = deps.clock();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({
        ...(changes.name === undefined ? {} : { name: changes.name.trim() }),
        ...(changes.role === undefined ? {} : { role: changes.role }),
        ...(changes.teamId === undefined ? {} : { team_id: changes.teamId }),
        ...(changes.employeeNumber === undefined
          ? {}
          : { employee_number: changes.employeeNumber }),
        ...(changes.startDate === undefined ? {} : { start_date: changes.startDate }),
        ...(changes.endDate === undefined ? {} : { end_date: changes.endDate }),
        updated_at: now,
      })
      .where('id', '=', userId)
      .where('tenant_id', '=', tenantId)
      .execute();
    const pick = (row: UserChanges) =>
      Object.fromEntries(Object.keys(changes).map((k) => [k, row[k as keyof UserChanges] ?? null]));
    await recordAudit(trx, {
      tenantId,
      actorUserId: actor.userId,
      action: changes.role && changes.role !== before.role ? 'user.role_changed' : 'user.updated',
      entityType: 'user',
      entityId: userId,
      before: pick({
        name: before.name,
        role: before.role === 'super_admin' ? undefined : before.role,
        teamId: before.team_id,
        employeeNumber: before.employee_number,
        startDate: before.start_date,
        endDate: before.end_date,
      }),
      after: pick(changes),
      ip,
    });
  });
  await deps.authStates.forget([userId]);
  return toView((await repo.findUser(deps.db, tenantId, userId))!);
}

/** Deactivation ends every session at once; the person keeps their records. */
export async function setUserActive(
  deps: Deps,
  actor: Actor,
  userId: string,
  active: boolean,
  ip: string | null,
): Promise<UserView> {
  authorize(actor, 'user.update');
  const tenantId = tenantOf(actor);
  const user = await loadForAdmin(deps, actor, userId);
  if (userId === actor.userId) throw new AppError('FORBIDDEN', 'You cannot deactivate yourself.');
  if (active && user.status !== 'disabled') return toView(user);
  if (!active && user.status === 'disabled') return toView(user);
  const now = deps.clock();
  const hasPassword = await deps.db
    .selectFrom('users')
    .select('password_hash')
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  const status: UserStatus = active
    ? hasPassword.password_hash
      ? 'active'
      : 'invited'
    : 'disabled';
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ status, updated_at: now })
      .where('id', '=', userId)
      .where('tenant_id', '=', tenantId)
      .execute();
    if (!active) {
      await revokeFamilies(trx, { userId }, now, 'deactivated');
      await cutOffAccessTokens(trx, userId, now);
    }
    await recordAudit(trx, {
      tenantId,
      actorUserId: actor.userId,
      action: active ? 'user.reactivated' : 'user.deactivated',
      entityType: 'user',
      entityId: userId,
      before: { status: user.status },
      after: { status },
      ip,
    });
  });
  await deps.authStates.forget([userId]);
  return toView((await repo.findUser(deps.db, tenantId, userId))!);
}

export interface TeamView {
  id: string;
  name: string;
  memberCount: number;
  managerIds: string[];
}

export async function listTeams(deps: Deps, actor: Actor): Promise<TeamView[]> {
  authorize(actor, 'team.read');
  const rows = await repo.listTeams(deps.db, tenantOf(actor));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    memberCount: Number(r.member_count ?? 0),
    managerIds: r.manager_ids ?? [],
  }));
}

async function teamView(deps: Deps, actor: Actor, teamId: string): Promise<TeamView> {
  const team = (await listTeams(deps, actor)).find((t) => t.id === teamId);
  if (!team) throw new AppError('NOT_FOUND', 'No such team.');
  return team;
}

export async function createTeam(
  deps: Deps,
  actor: Actor,
  name: string,
  ip: string | null,
): Promise<TeamView> {
  authorize(actor, 'team.manage');
  const tenantId = tenantOf(actor);
  const id = await deps.db.transaction().execute(async (trx) => {
    const clash = await trx
      .selectFrom('teams')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('name', '=', name.trim())
      .executeTakeFirst();
    if (clash) throw new AppError('CONFLICT', 'A team with this name exists already.');
    const team = await trx
      .insertInto('teams')
      .values({ tenant_id: tenantId, name: name.trim() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      tenantId,
      actorUserId: actor.userId,
      action: 'team.created',
      entityType: 'team',
      entityId: team.id,
      after: { name },
      ip,
    });
    return team.id;
  });
  return teamView(deps, actor, id);
}

export async function updateTeam(
  deps: Deps,
  actor: Actor,
  teamId: string,
  changes: { name?: string; managerIds?: string[] },
  ip: string | null,
): Promise<TeamView> {
  authorize(actor, 'team.manage');
  const tenantId = tenantOf(actor);
  const before = await teamView(deps, actor, teamId);
  await deps.db.transaction().execute(async (trx) => {
    if (changes.name !== undefined) {
      await trx
        .updateTable('teams')
        .set({ name: changes.name.trim() })
        .where('id', '=', teamId)
        .where('tenant_id', '=', tenantId)
        .execute();
    }
    if (changes.managerIds) {
      const managers = changes.managerIds.length
        ? await trx
            .selectFrom('users')
            .select(['id', 'role'])
            .where('tenant_id', '=', tenantId)
            .where('id', 'in', changes.managerIds)
            .execute()
        : [];
      if (managers.length !== new Set(changes.managerIds).size)
        throw new AppError('NOT_FOUND', 'No such person.');
      if (managers.some((m) => m.role === 'employee')) {
        throw new AppError('VALIDATION_FAILED', 'Only managers and admins can lead a team.');
      }
      await trx
        .deleteFrom('team_managers')
        .where('team_id', '=', teamId)
        .where('tenant_id', '=', tenantId)
        .execute();
      if (managers.length) {
        await trx
          .insertInto('team_managers')
          .values(managers.map((m) => ({ tenant_id: tenantId, team_id: teamId, user_id: m.id })))
          .execute();
      }
    }
    await recordAudit(trx, {
      tenantId,
      actorUserId: actor.userId,
      action: 'team.updated',
      entityType: 'team',
      entityId: teamId,
      before: { name: before.name, managerIds: before.managerIds },
      after: changes,
      ip,
    });
  });
  return teamView(deps, actor, teamId);
}

export async function deleteTeam(
  deps: Deps,
  actor: Actor,
  teamId: string,
  ip: string | null,
): Promise<void> {
  authorize(actor, 'team.manage');
  const tenantId = tenantOf(actor);
  const team = await teamView(deps, actor, teamId);
  const members = await deps.db
    .selectFrom('users')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('team_id', '=', teamId)
    .limit(1)
    .execute();
  if (members.length)
    throw new AppError('CONFLICT', 'Move the people of this team to another team first.');
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('teams')
      .where('id', '=', teamId)
      .where('tenant_id', '=', tenantId)
      .execute();
    await recordAudit(trx, {
      tenantId,
      actorUserId: actor.userId,
      action: 'team.deleted',
      entityType: 'team',
      entityId: teamId,
      before: { name: team.name },
      ip,
    });
  });
}

/**
 * Sign-in and sessions (SECURITY.md 1–7): Argon2id passwords, short-lived access JWTs, opaque
 * refresh tokens rotated on every use with reuse detection per family, and a per-user cut-off
 * time that ends earlier access tokens on logout and password change.
 */
import { randomUUID } from 'node:crypto';
import type { Deps } from '../../deps.js';
import type { Locale, Role } from '../../db/types.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/service.js';
import type { Actor } from './permissions.js';
import { dummyPasswordHash, hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import * as repo from './repo.js';
import { hashToken, randomToken, signAccessToken } from './tokens.js';

/** Two refreshes from one browser within this window both succeed (SECURITY.md 4). */
export const REFRESH_GRACE_MS = 10_000;

export const LOGIN_LIMITS = {
  perIp: { max: 30, windowSeconds: 15 * 60 },
  perAccount: { max: 10, windowSeconds: 15 * 60 },
};
export const REFRESH_LIMIT = { max: 120, windowSeconds: 60 };

export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: Locale;
  teamId: string | null;
  tenant: { id: string; name: string } | null;
}

export interface Session {
  accessToken: string;
  expiresIn: number;
  user: PublicUser;
  /** Set when the browser must store a new refresh token (cookie). */
  refreshToken?: string;
}

export interface ClientInfo {
  ip: string;
  userAgent: string | null;
}

async function publicUser(deps: Deps, userId: string): Promise<PublicUser> {
  const row = await repo.findPublicUser(deps.db, userId);
  if (!row) throw new AppError('UNAUTHENTICATED');
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    locale: row.locale,
    teamId: row.team_id,
    tenant: row.tenant_id && row.tenant_name ? { id: row.tenant_id, name: row.tenant_name } : null,
  };
}

async function accessTokenFor(
  deps: Deps,
  user: PublicUser,
): Promise<Pick<Session, 'accessToken' | 'expiresIn'>> {
  const minutes = deps.config.accessTokenExpireMinutes;
  const accessToken = await signAccessToken(
    deps.accessKey,
    { userId: user.id, tenantId: user.tenant?.id ?? null, role: user.role },
    deps.clock(),
    minutes,
  );
  return { accessToken, expiresIn: minutes * 60 };
}

async function limit(
  deps: Deps,
  key: string,
  rule: { max: number; windowSeconds: number },
): Promise<void> {
  const decision = await deps.rateLimiter.hit(key, rule);
  if (!decision.allowed) {
    throw new AppError('RATE_LIMITED', undefined, {
      retryAfterSeconds: decision.retryAfterSeconds,
    });
  }
}

/** Starts a new session family for a user who has just proven who they are. */
export async function startSession(
  deps: Deps,
  userId: string,
  client: ClientInfo,
): Promise<Session> {
  const refreshToken = randomToken();
  const now = deps.clock();
  await repo.insertRefreshToken(deps.db, {
    userId,
    familyId: randomUUID(),
    tokenHash: hashToken(refreshToken),
    expiresAt: new Date(now.getTime() + deps.config.refreshTokenExpireDays * 86_400_000),
    userAgent: client.userAgent,
    ip: client.ip,
  });
  const user = await publicUser(deps, userId);
  return { ...(await accessTokenFor(deps, user)), user, refreshToken };
}

/** E-mail and password → session. Unknown e-mail and wrong password answer alike. */
export async function login(
  deps: Deps,
  input: { email: string; password: string },
  client: ClientInfo,
): Promise<Session> {
  const email = input.email.trim().toLowerCase();
  await limit(deps, `login:ip:${client.ip}`, LOGIN_LIMITS.perIp);
  await limit(deps, `login:account:${email}`, LOGIN_LIMITS.perAccount);

  const user = await repo.findUserForSignIn(deps.db, email);
  // Always one Argon2 verification, so timing does not tell whether the account exists.
  const passwordOk = await verifyPassword(
    user?.password_hash ?? (await dummyPasswordHash()),
    input.password,
  );
  if (!user || !user.password_hash || !passwordOk) {
    await recordAudit(deps.db, {
      tenantId: user?.tenant_id ?? null,
      actorUserId: user?.id ?? null,
      action: 'auth.login_failed',
      entityType: 'user',
      entityId: user?.id,
      after: { email },
      ip: client.ip,
    });
    deps.log.info({ event: 'login_failed', userId: user?.id ?? null }, 'sign-in refused');
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (user.status !== 'active' || (user.tenant_id && user.tenant_status !== 'active')) {
    throw new AppError('ACCOUNT_DISABLED');
  }
  const session = await startSession(deps, user.id, client);
  await deps.db
    .updateTable('users')
    .set({ last_login_at: deps.clock() })
    .where('id', '=', user.id)
    .execute();
  await recordAudit(deps.db, {
    tenantId: user.tenant_id,
    actorUserId: user.id,
    action: 'auth.login',
    entityType: 'user',
    entityId: user.id,
    ip: client.ip,
  });
  return session;
}

/**
 * Refresh-token rotation. A token used a second time after its grace period means it was
 * stolen (or the browser lost a response): the whole family is revoked.
 */
export async function refresh(
  deps: Deps,
  refreshToken: string,
  client: ClientInfo,
): Promise<Session> {
  await limit(deps, `refresh:ip:${client.ip}`, REFRESH_LIMIT);
  const now = deps.clock();
  const token = await repo.findRefreshToken(deps.db, hashToken(refreshToken));
  if (!token || token.revoked_at || token.expires_at <= now) {
    throw new AppError('INVALID_REFRESH_TOKEN');
  }
  const state = await deps.authStates.get(token.user_id);
  if (!state || state.status !== 'active' || !state.tenantActive) {
    throw new AppError('INVALID_REFRESH_TOKEN');
  }

  const won = !token.rotated_at && (await repo.claimRotation(deps.db, token.id, now));
  if (!won) {
    const rotatedAt = token.rotated_at ?? now;
    if (now.getTime() - rotatedAt.getTime() <= REFRESH_GRACE_MS) {
      // A parallel refresh from the same browser: it already holds the successor in its cookie.
      const user = await publicUser(deps, token.user_id);
      return { ...(await accessTokenFor(deps, user)), user };
    }
    await repo.revokeFamilies(
      deps.db,
      { userId: token.user_id, familyId: token.family_id },
      now,
      'reuse',
    );
    await recordAudit(deps.db, {
      tenantId: state.tenantId,
      actorUserId: token.user_id,
      action: 'auth.token_reuse',
      entityType: 'session',
      entityId: token.family_id,
      ip: client.ip,
    });
    deps.log.warn(
      { event: 'refresh_token_reuse', userId: token.user_id },
      'refresh token reused; session revoked',
    );
    throw new AppError('INVALID_REFRESH_TOKEN');
  }

  const next = randomToken();
  await repo.insertRefreshToken(deps.db, {
    userId: token.user_id,
    familyId: token.family_id,
    tokenHash: hashToken(next),
    expiresAt: token.expires_at,
    userAgent: client.userAgent,
    ip: client.ip,
  });
  const user = await publicUser(deps, token.user_id);
  return { ...(await accessTokenFor(deps, user)), user, refreshToken: next };
}

/** Ends this browser's session and every access token issued so far. */
export async function logout(
  deps: Deps,
  refreshToken: string | undefined,
  client: ClientInfo,
): Promise<void> {
  if (!refreshToken) return;
  const token = await repo.findRefreshToken(deps.db, hashToken(refreshToken));
  if (!token) return;
  const now = deps.clock();
  await deps.db.transaction().execute(async (trx) => {
    await repo.revokeFamilies(
      trx,
      { userId: token.user_id, familyId: token.family_id },
      now,
      'logout',
    );
    await repo.cutOffAccessTokens(trx, token.user_id, now);
    await recordAudit(trx, {
      tenantId: null,
      actorUserId: token.user_id,
      action: 'auth.logout',
      entityType: 'session',
      entityId: token.family_id,
      ip: client.ip,
    });
  });
  await deps.authStates.forget([token.user_id]);
}

/** Ends every session of the actor on every device. */
export async function logoutEverywhere(
  deps: Deps,
  actor: Actor,
  client: ClientInfo,
): Promise<void> {
  const now = deps.clock();
  await deps.db.transaction().execute(async (trx) => {
    await repo.revokeFamilies(trx, { userId: actor.userId }, now, 'logout_all');
    await repo.cutOffAccessTokens(trx, actor.userId, now);
    await recordAudit(trx, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId,
      action: 'auth.logout_all',
      entityType: 'user',
      entityId: actor.userId,
      ip: client.ip,
    });
  });
  await deps.authStates.forget([actor.userId]);
}

export interface SessionInfo {
  id: string;
  userAgent: string | null;
  ip: string | null;
  signedInAt: string;
  lastUsedAt: string;
  current: boolean;
}

/** The actor's signed-in devices, the current one marked. */
export async function listSessions(
  deps: Deps,
  actor: Actor,
  currentRefreshToken: string | undefined,
): Promise<SessionInfo[]> {
  const current = currentRefreshToken
    ? await repo.findRefreshToken(deps.db, hashToken(currentRefreshToken))
    : undefined;
  const rows = await repo.listActiveFamilies(deps.db, actor.userId, deps.clock());
  return rows.map((row) => ({
    id: row.family_id,
    userAgent: row.user_agent,
    ip: row.ip,
    signedInAt: new Date(row.signed_in_at).toISOString(),
    lastUsedAt: new Date(row.last_used_at).toISOString(),
    current: current?.user_id === actor.userId && current.family_id === row.family_id,
  }));
}

/** Signs one device out. Its access token dies with the next request (all others refresh). */
export async function revokeSession(
  deps: Deps,
  actor: Actor,
  familyId: string,
  client: ClientInfo,
): Promise<void> {
  const now = deps.clock();
  const sessions = await repo.listActiveFamilies(deps.db, actor.userId, now);
  if (!sessions.some((s) => s.family_id === familyId)) throw new AppError('NOT_FOUND');
  await deps.db.transaction().execute(async (trx) => {
    await repo.revokeFamilies(trx, { userId: actor.userId, familyId }, now, 'revoked_by_user');
    await repo.cutOffAccessTokens(trx, actor.userId, now);
    await recordAudit(trx, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId,
      action: 'auth.session_revoked',
      entityType: 'session',
      entityId: familyId,
      ip: client.ip,
    });
  });
  await deps.authStates.forget([actor.userId]);
}

export function assertAcceptablePassword(password: string, email: string): void {
  const problem = passwordProblem(password, [email, email.split('@')[0] ?? '', 'timemaster']);
  if (problem) {
    const messages = {
      TOO_SHORT: 'The password needs at least 8 characters.',
      TOO_LONG: 'The password may have at most 128 characters.',
      TOO_COMMON: 'This password is too common or too easy to guess. Please choose another one.',
    } as const;
    throw new AppError('WEAK_PASSWORD', messages[problem], { reason: problem });
  }
}

/**
 * Changes the actor's password after checking the current one; every other session ends and
 * earlier access tokens stop working. Returns a fresh access token for this browser.
 */
export async function changePassword(
  deps: Deps,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  currentRefreshToken: string | undefined,
  client: ClientInfo,
): Promise<Session> {
  const user = await publicUser(deps, actor.userId);
  await limit(deps, `password:account:${actor.userId}`, LOGIN_LIMITS.perAccount);
  const row = await repo.findUserForSignIn(deps.db, user.email);
  if (!row?.password_hash || !(await verifyPassword(row.password_hash, input.currentPassword))) {
    throw new AppError('INVALID_CREDENTIALS', 'The current password is wrong.');
  }
  assertAcceptablePassword(input.newPassword, user.email);
  const passwordHash = await hashPassword(input.newPassword);
  const current = currentRefreshToken
    ? await repo.findRefreshToken(deps.db, hashToken(currentRefreshToken))
    : undefined;
  const keepFamily = current?.user_id === actor.userId ? current.family_id : undefined;
  const now = deps.clock();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, updated_at: now })
      .where('id', '=', actor.userId)
      .execute();
    await repo.revokeFamilies(
      trx,
      { userId: actor.userId, exceptFamilyId: keepFamily },
      now,
      'password_changed',
    );
    await repo.cutOffAccessTokens(trx, actor.userId, now);
    await recordAudit(trx, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId,
      action: 'auth.password_changed',
      entityType: 'user',
      entityId: actor.userId,
      ip: client.ip,
    });
  });
  await deps.authStates.forget([actor.userId]);
  return { ...(await accessTokenFor(deps, user)), user };
}

/** The signed-in user's profile, from the auth state every request has loaded anyway. */
export async function me(deps: Deps, actor: Actor): Promise<PublicUser> {
  const state = await deps.authStates.get(actor.userId);
  if (!state) throw new AppError('UNAUTHENTICATED');
  return {
    id: actor.userId,
    email: state.email,
    name: state.name,
    role: state.role,
    locale: state.locale,
    teamId: state.teamId,
    tenant:
      state.tenantId && state.tenantName ? { id: state.tenantId, name: state.tenantName } : null,
  };
}

/** Name and language of the signed-in user. */
export async function updateProfile(
  deps: Deps,
  actor: Actor,
  input: { name?: string; locale?: Locale },
): Promise<PublicUser> {
  const before = await publicUser(deps, actor.userId);
  const now = deps.clock();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({
        ...(input.name === undefined ? {} : { name: input.name.trim() }),
        ...(input.locale ? { locale: input.locale } : {}),
        updated_at: now,
      })
      .where('id', '=', actor.userId)
      .execute();
    await recordAudit(trx, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId,
      action: 'user.profile_updated',
      entityType: 'user',
      entityId: actor.userId,
      before: { name: before.name, locale: before.locale },
      after: { ...input },
    });
  });
  await deps.authStates.forget([actor.userId]);
  return publicUser(deps, actor.userId);
}

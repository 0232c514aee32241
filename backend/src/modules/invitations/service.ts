/**
 * The public side of invitation and password-reset links: look at an invitation, accept it
 * (name + password, then signed in), request a reset (same answer for every address), set a
 * new password with a reset link (all sessions end).
 */
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { queueMail } from '../../integrations/mail/outbox.js';
import { recordAudit } from '../audit/service.js';
import { cutOffAccessTokens, revokeFamilies } from '../auth/repo.js';
import type { ClientInfo, Session } from '../auth/service.js';
import { assertAcceptablePassword, startSession } from '../auth/service.js';
import { hashPassword } from '../auth/passwords.js';
import { hashToken } from '../auth/tokens.js';
import { RESET_VALID_MINUTES, issuePasswordReset } from './tokens.js';

const LINK_LIMIT = { max: 20, windowSeconds: 15 * 60 };
const RESET_PER_ACCOUNT = { max: 3, windowSeconds: 60 * 60 };

async function limit(
  deps: Deps,
  key: string,
  rule: { max: number; windowSeconds: number },
): Promise<void> {
  const decision = await deps.rateLimiter.hit(key, rule);
  if (!decision.allowed)
    throw new AppError('RATE_LIMITED', undefined, {
      retryAfterSeconds: decision.retryAfterSeconds,
    });
}

async function openInvitation(deps: Deps, token: string) {
  const row = await deps.db
    .selectFrom('invitations')
    .innerJoin('users', 'users.id', 'invitations.user_id')
    .innerJoin('tenants', 'tenants.id', 'invitations.tenant_id')
    .select([
      'invitations.id',
      'invitations.tenant_id',
      'invitations.user_id',
      'invitations.email',
      'invitations.expires_at',
      'invitations.accepted_at',
      'invitations.revoked_at',
      'users.name',
      'users.status',
      'users.locale',
      'tenants.name as tenant_name',
      'tenants.status as tenant_status',
    ])
    .where('invitations.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  const valid =
    row &&
    !row.accepted_at &&
    !row.revoked_at &&
    row.expires_at > deps.clock() &&
    row.status === 'invited' &&
    row.tenant_status === 'active';
  if (!valid)
    throw new AppError(
      'TOKEN_INVALID',
      'This invitation is invalid or has expired. Please ask your administrator for a new one.',
    );
  return row;
}

export interface InvitationPreview {
  email: string;
  name: string;
  companyName: string;
  expiresAt: string;
}

/** What the accept page shows before the person sets their password. */
export async function previewInvitation(
  deps: Deps,
  token: string,
  client: ClientInfo,
): Promise<InvitationPreview> {
  await limit(deps, `invite:ip:${client.ip}`, LINK_LIMIT);
  const row = await openInvitation(deps, token);
  return {
    email: row.email,
    name: row.name,
    companyName: row.tenant_name,
    expiresAt: row.expires_at.toISOString(),
  };
}

/** Sets name and password, activates the account, sends the welcome mail and signs in. */
export async function acceptInvitation(
  deps: Deps,
  input: { token: string; name: string; password: string },
  client: ClientInfo,
): Promise<Session> {
  await limit(deps, `invite:ip:${client.ip}`, LINK_LIMIT);
  const invitation = await openInvitation(deps, input.token);
  assertAcceptablePassword(input.password, invitation.email);
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock();
  await deps.db.transaction().execute(async (trx) => {
    // Single use: only the first of two parallel accepts finds the invitation open.
    const claimed = await trx
      .updateTable('invitations')
      .set({ accepted_at: now })
      .where('id', '=', invitation.id)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (claimed.numUpdatedRows === 0n) throw new AppError('TOKEN_INVALID');
    await trx
      .updateTable('users')
      .set({
        name: input.name.trim(),
        password_hash: passwordHash,
        status: 'active',
        updated_at: now,
      })
      .where('id', '=', invitation.user_id)
      .execute();
    await queueMail(trx, {
      template: 'welcome',
      tenantId: invitation.tenant_id,
      userId: invitation.user_id,
      to: invitation.email,
      locale: invitation.locale,
      idempotencyKey: `welcome:${invitation.user_id}`,
      data: {
        name: input.name.trim(),
        companyName: invitation.tenant_name,
        appUrl: deps.config.frontendUrl,
      },
    });
    await recordAudit(trx, {
      tenantId: invitation.tenant_id,
      actorUserId: invitation.user_id,
      action: 'user.invitation_accepted',
      entityType: 'user',
      entityId: invitation.user_id,
      ip: client.ip,
    });
  });
  await deps.authStates.forget([invitation.user_id]);
  return startSession(deps, invitation.user_id, client);
}

/**
 * Mails a reset link when the address belongs to an active account. The answer and its timing
 * are the same either way (SECURITY.md 7): the caller learns nothing about the address.
 */
export async function requestPasswordReset(
  deps: Deps,
  email: string,
  client: ClientInfo,
): Promise<void> {
  const address = email.trim().toLowerCase();
  await limit(deps, `reset:ip:${client.ip}`, LINK_LIMIT);
  const withinAccountLimit = (
    await deps.rateLimiter.hit(`reset:account:${address}`, RESET_PER_ACCOUNT)
  ).allowed;
  const user = await deps.db
    .selectFrom('users')
    .leftJoin('tenants', 'tenants.id', 'users.tenant_id')
    .select([
      'users.id',
      'users.tenant_id',
      'users.name',
      'users.email',
      'users.locale',
      'users.status',
      'tenants.status as tenant_status',
    ])
    .where('users.email', '=', address)
    .executeTakeFirst();
  const eligible =
    user &&
    user.status === 'active' &&
    (user.tenant_id === null || user.tenant_status === 'active');
  if (!eligible || !withinAccountLimit) return;
  const now = deps.clock();
  await deps.db.transaction().execute(async (trx) => {
    const reset = await issuePasswordReset(trx, { userId: user.id, ip: client.ip, now });
    await queueMail(trx, {
      template: 'password_reset',
      tenantId: user.tenant_id,
      userId: user.id,
      to: user.email,
      locale: user.locale,
      idempotencyKey: `password_reset:${reset.id}`,
      data: {
        name: user.name || user.email,
        resetUrl: `${deps.config.frontendUrl}/reset-password#${reset.token}`,
        validMinutes: RESET_VALID_MINUTES,
      },
    });
    await recordAudit(trx, {
      tenantId: user.tenant_id,
      actorUserId: user.id,
      action: 'auth.password_reset_requested',
      entityType: 'user',
      entityId: user.id,
      ip: client.ip,
    });
  });
}

/** Sets a new password with a reset link; the link dies, and so does every session. */
export async function confirmPasswordReset(
  deps: Deps,
  input: { token: string; password: string },
  client: ClientInfo,
): Promise<void> {
  await limit(deps, `reset-confirm:ip:${client.ip}`, LINK_LIMIT);
  const now = deps.clock();
  const reset = await deps.db
    .selectFrom('password_resets')
    .innerJoin('users', 'users.id', 'password_resets.user_id')
    .select([
      'password_resets.id',
      'password_resets.user_id',
      'password_resets.expires_at',
      'password_resets.used_at',
      'users.email',
      'users.name',
      'users.locale',
      'users.tenant_id',
      'users.status',
    ])
    .where('password_resets.token_hash', '=', hashToken(input.token))
    .executeTakeFirst();
  if (!reset || reset.used_at || reset.expires_at <= now || reset.status !== 'active') {
    throw new AppError(
      'TOKEN_INVALID',
      'This link is invalid or has expired. Please request a new one.',
    );
  }
  assertAcceptablePassword(input.password, reset.email);
  const passwordHash = await hashPassword(input.password);
  await deps.db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('password_resets')
      .set({ used_at: now })
      .where('id', '=', reset.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (claimed.numUpdatedRows === 0n) throw new AppError('TOKEN_INVALID');
    // Other open links for this account die too.
    await trx
      .updateTable('password_resets')
      .set({ used_at: now })
      .where('user_id', '=', reset.user_id)
      .where('used_at', 'is', null)
      .execute();
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, updated_at: now })
      .where('id', '=', reset.user_id)
      .execute();
    await revokeFamilies(trx, { userId: reset.user_id }, now, 'password_reset');
    await cutOffAccessTokens(trx, reset.user_id, now);
    await queueMail(trx, {
      template: 'password_changed',
      tenantId: reset.tenant_id,
      userId: reset.user_id,
      to: reset.email,
      locale: reset.locale,
      idempotencyKey: `password_changed:${reset.id}`,
      data: {
        name: reset.name || reset.email,
        changedAt: now,
        resetUrl: `${deps.config.frontendUrl}/forgot-password`,
      },
    });
    await recordAudit(trx, {
      tenantId: reset.tenant_id,
      actorUserId: reset.user_id,
      action: 'auth.password_reset',
      entityType: 'user',
      entityId: reset.user_id,
      ip: client.ip,
    });
  });
  await deps.authStates.forget([reset.user_id]);
}

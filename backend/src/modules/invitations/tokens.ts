/**
 * Invitation links (7 days) and password-reset links (1 hour): single-use random tokens bound
 * to one user, stored only as hashes (SECURITY.md 8).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { hashToken, randomToken } from '../auth/tokens.js';

export const INVITATION_VALID_DAYS = 7;
export const RESET_VALID_MINUTES = 60;

export async function issueInvitation(
  trx: Kysely<Database>,
  values: { tenantId: string; userId: string; email: string; invitedBy: string | null; now: Date },
): Promise<{ id: string; token: string; expiresAt: Date }> {
  // A new invitation replaces any earlier one for the same person.
  await trx
    .updateTable('invitations')
    .set({ revoked_at: values.now })
    .where('user_id', '=', values.userId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
  const token = randomToken();
  const expiresAt = new Date(values.now.getTime() + INVITATION_VALID_DAYS * 86_400_000);
  const row = await trx
    .insertInto('invitations')
    .values({
      tenant_id: values.tenantId,
      user_id: values.userId,
      email: values.email,
      token_hash: hashToken(token),
      invited_by: values.invitedBy,
      expires_at: expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token, expiresAt };
}

export async function issuePasswordReset(
  trx: Kysely<Database>,
  values: { userId: string; ip: string | null; now: Date },
): Promise<{ id: string; token: string }> {
  const token = randomToken();
  const row = await trx
    .insertInto('password_resets')
    .values({
      user_id: values.userId,
      token_hash: hashToken(token),
      expires_at: new Date(values.now.getTime() + RESET_VALID_MINUTES * 60_000),
      ip: values.ip,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token };
}

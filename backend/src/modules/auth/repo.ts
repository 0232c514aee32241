/** Queries for sign-in and sessions. Users are looked up by id or e-mail (installation-wide). */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../db/types.js';

export type Tx = Kysely<Database>;

export function findUserForSignIn(db: Tx, email: string) {
  return db
    .selectFrom('users')
    .leftJoin('tenants', 'tenants.id', 'users.tenant_id')
    .select([
      'users.id',
      'users.tenant_id',
      'users.email',
      'users.password_hash',
      'users.status',
      'users.role',
      'tenants.status as tenant_status',
    ])
    .where('users.email', '=', email)
    .executeTakeFirst();
}

export function findPublicUser(db: Tx, userId: string) {
  return db
    .selectFrom('users')
    .leftJoin('tenants', 'tenants.id', 'users.tenant_id')
    .select([
      'users.id',
      'users.email',
      'users.name',
      'users.role',
      'users.locale',
      'users.status',
      'users.team_id',
      'users.tenant_id',
      'tenants.name as tenant_name',
    ])
    .where('users.id', '=', userId)
    .executeTakeFirst();
}

export async function insertRefreshToken(
  db: Tx,
  values: {
    userId: string;
    familyId: string;
    tokenHash: Buffer;
    expiresAt: Date;
    userAgent: string | null;
    ip: string | null;
  },
): Promise<void> {
  await db
    .insertInto('refresh_tokens')
    .values({
      user_id: values.userId,
      family_id: values.familyId,
      token_hash: values.tokenHash,
      expires_at: values.expiresAt,
      user_agent: values.userAgent?.slice(0, 400) ?? null,
      ip: values.ip,
    })
    .execute();
}

export function findRefreshToken(db: Tx, tokenHash: Buffer) {
  return db
    .selectFrom('refresh_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Marks the token rotated unless someone else did first; true when this caller won. */
export async function claimRotation(db: Tx, tokenId: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('refresh_tokens')
    .set({ rotated_at: now })
    .where('id', '=', tokenId)
    .where('rotated_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function revokeFamilies(
  db: Tx,
  where: { userId: string; familyId?: string; exceptFamilyId?: string },
  now: Date,
  reason: string,
): Promise<void> {
  let query = db
    .updateTable('refresh_tokens')
    .set({ revoked_at: now, revoke_reason: reason })
    .where('user_id', '=', where.userId)
    .where('revoked_at', 'is', null);
  if (where.familyId) query = query.where('family_id', '=', where.familyId);
  if (where.exceptFamilyId) query = query.where('family_id', '<>', where.exceptFamilyId);
  await query.execute();
}

export async function cutOffAccessTokens(db: Tx, userId: string, now: Date): Promise<void> {
  await db
    .updateTable('users')
    .set({ tokens_valid_after: now, updated_at: now })
    .where('id', '=', userId)
    .execute();
}

/** Active sign-ins of a user: per family its newest token, unless revoked or expired. */
export function listActiveFamilies(db: Tx, userId: string, now: Date) {
  return db
    .selectFrom('refresh_tokens')
    .select([
      'family_id',
      sql<Date>`min(created_at)`.as('signed_in_at'),
      sql<Date>`max(created_at)`.as('last_used_at'),
      sql<string | null>`(array_agg(user_agent ORDER BY created_at DESC))[1]`.as('user_agent'),
      sql<string | null>`host((array_agg(ip ORDER BY created_at DESC))[1])`.as('ip'),
    ])
    .where('user_id', '=', userId)
    .groupBy('family_id')
    .having(sql<boolean>`bool_and(revoked_at IS NULL)`)
    .having(sql<boolean>`max(expires_at) > ${now}`)
    .orderBy('last_used_at', 'desc')
    .execute();
}

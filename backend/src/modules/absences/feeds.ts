/**
 * iCal subscriptions (Kalender abonnieren): a secret URL any calendar app can poll, read-only,
 * for one's own absences, a team's, or (admins) the whole company's. Only a hash of the token
 * is stored, the URL is shown once; revoking ends it at the next poll. A feed shows what its
 * owner may see in the team calendar today – their role, team and the types' visibility are
 * checked on every poll, not when the feed was made – and ends when the owner is deactivated.
 */
import { createHash } from 'node:crypto';
import type { Deps } from '../../deps.js';
import { addDays, addMonths, localDay } from '../../domain/time.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/service.js';
import type { Actor } from '../auth/permissions.js';
import { authorize, tenantOf } from '../auth/permissions.js';
import { randomToken } from '../auth/tokens.js';
import type { CalendarAbsence } from './calendar-view.js';
import { absenceFor, absencesInPeriod, viewerOf } from './calendar-view.js';
import type { FeedEvent } from './feeds-ical.js';
import { renderIcal } from './feeds-ical.js';

export type FeedScope = 'person' | 'team' | 'company';

export interface CalendarFeed {
  id: string;
  scope: FeedScope;
  teamId: string | null;
  teamName: string | null;
  createdAt: string;
  lastUsedAt: string | null;
}

/** Active feeds a person may hold at once (each is a standing key to their calendar view). */
export const MAX_FEEDS_PER_PERSON = 10;
/** What a feed shows: a year back, two years ahead. */
const MONTHS_BACK = 12;
const MONTHS_AHEAD = 24;
/** Polls per address (calendar services poll for many people from few addresses). */
const POLLS_PER_ADDRESS = { max: 300, windowSeconds: 5 * 60 };
/** Polls per feed: apps poll every 15 minutes to a day; this leaves room for manual refreshes. */
const POLLS_PER_FEED = { max: 60, windowSeconds: 60 * 60 };
/** last_used_at is written at most this often per feed (polls stay reads). */
const LAST_USED_PRECISION_MS = 60 * 60 * 1000;

/** Tokens are 256 random bits, base64url: anything else is not looked up at all. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

function hashFeedToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The subscription URL of a token (behind the app's public address, like every API path). */
export function feedUrl(deps: Pick<Deps, 'config'>, token: string): string {
  return `${deps.config.frontendUrl}/api/v1/ical/${token}.ics`;
}

async function limit(deps: Deps, key: string, rule: { max: number; windowSeconds: number }) {
  const decision = await deps.rateLimiter.hit(key, rule);
  if (!decision.allowed)
    throw new AppError('RATE_LIMITED', undefined, {
      retryAfterSeconds: decision.retryAfterSeconds,
    });
}

/** The actor's active feeds, newest first. */
export async function listFeeds(deps: Deps, actor: Actor): Promise<CalendarFeed[]> {
  authorize(actor, 'calendar.feed');
  const rows = await deps.db
    .selectFrom('calendar_feeds')
    .leftJoin('teams', (join) =>
      join
        .onRef('teams.id', '=', 'calendar_feeds.team_id')
        .onRef('teams.tenant_id', '=', 'calendar_feeds.tenant_id'),
    )
    .select([
      'calendar_feeds.id',
      'calendar_feeds.scope',
      'calendar_feeds.team_id',
      'teams.name as team_name',
      'calendar_feeds.created_at',
      'calendar_feeds.last_used_at',
    ])
    .where('calendar_feeds.tenant_id', '=', tenantOf(actor))
    .where('calendar_feeds.user_id', '=', actor.userId)
    .where('calendar_feeds.revoked_at', 'is', null)
    .orderBy('calendar_feeds.created_at', 'desc')
    .orderBy('calendar_feeds.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    scope: r.scope,
    teamId: r.team_id,
    teamName: r.team_name,
    createdAt: r.created_at.toISOString(),
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
  }));
}

/**
 * Makes a feed and returns its URL – the only time the token is seen. Person feeds are the
 * actor's own; team feeds are for anyone who may see that team's calendar (everyone); the
 * company feed for admins.
 */
export async function createFeed(
  deps: Deps,
  actor: Actor,
  input: { scope: FeedScope; teamId?: string | undefined },
  ip: string | null,
): Promise<CalendarFeed & { url: string }> {
  const scope = authorize(actor, 'calendar.feed');
  const tenantId = tenantOf(actor);
  if (input.scope === 'team' && !input.teamId)
    throw new AppError('VALIDATION_FAILED', undefined, {
      fields: [{ field: 'body.teamId', message: 'a team feed needs the team' }],
    });
  if (input.scope !== 'team' && input.teamId)
    throw new AppError('VALIDATION_FAILED', undefined, {
      fields: [{ field: 'body.teamId', message: 'only a team feed names a team' }],
    });
  if (input.scope === 'company' && scope !== 'all')
    throw new AppError('FORBIDDEN', 'Only administrators may subscribe to the whole company.');
  return deps.db.transaction().execute(async (trx) => {
    let teamName: string | null = null;
    if (input.teamId) {
      const team = await trx
        .selectFrom('teams')
        .select('name')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', input.teamId)
        .executeTakeFirst();
      if (!team) throw new AppError('NOT_FOUND', 'There is no such team.');
      teamName = team.name;
    }
    // Serialises a person's feed creations, so the limit holds under concurrent requests.
    await trx
      .selectFrom('users')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', actor.userId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const active = await trx
      .selectFrom('calendar_feeds')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', actor.userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirstOrThrow();
    if (Number(active.n) >= MAX_FEEDS_PER_PERSON) throw new AppError('CALENDAR_FEED_LIMIT');
    const token = randomToken();
    const row = await trx
      .insertInto('calendar_feeds')
      .values({
        tenant_id: tenantId,
        user_id: actor.userId,
        scope: input.scope,
        team_id: input.teamId ?? null,
        token_hash: hashFeedToken(token),
        created_at: deps.clock(),
      })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      tenantId,
      actorUserId: actor.userId,
      action: 'calendar_feed.created',
      entityType: 'calendar_feed',
      entityId: row.id,
      after: { scope: input.scope, teamId: input.teamId ?? null },
      ip,
    });
    return {
      id: row.id,
      scope: input.scope,
      teamId: input.teamId ?? null,
      teamName,
      createdAt: row.created_at.toISOString(),
      lastUsedAt: null,
      url: feedUrl(deps, token),
    };
  });
}

/** Revokes a feed: the owner their own, admins any of the company (e.g. when someone leaves). */
export async function revokeFeed(
  deps: Deps,
  actor: Actor,
  id: string,
  ip: string | null,
): Promise<void> {
  const scope = authorize(actor, 'calendar.feed');
  const tenantId = tenantOf(actor);
  await deps.db.transaction().execute(async (trx) => {
    let query = trx
      .updateTable('calendar_feeds')
      .set({ revoked_at: deps.clock() })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('revoked_at', 'is', null);
    if (scope !== 'all') query = query.where('user_id', '=', actor.userId);
    const row = await query.returning(['id', 'user_id', 'scope', 'team_id']).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', 'There is no such calendar subscription.');
    await recordAudit(trx, {
      tenantId,
      actorUserId: actor.userId,
      action: 'calendar_feed.revoked',
      entityType: 'calendar_feed',
      entityId: row.id,
      before: { userId: row.user_id, scope: row.scope, teamId: row.team_id },
      ip,
    });
  });
}

const FEED_NOT_FOUND = () => new AppError('NOT_FOUND', 'There is no such calendar subscription.');

/**
 * The iCalendar text of the feed behind `token`, as its owner may see it now; NOT_FOUND for an
 * unknown or revoked token, a deactivated owner or company, or a scope the owner lost.
 */
export async function renderFeed(deps: Deps, token: string, ip: string): Promise<string> {
  await limit(deps, `ical:ip:${ip}`, POLLS_PER_ADDRESS);
  if (!TOKEN_PATTERN.test(token)) throw FEED_NOT_FOUND();
  const { db } = deps;
  const feed = await db
    .selectFrom('calendar_feeds')
    .innerJoin('users', (join) =>
      join
        .onRef('users.id', '=', 'calendar_feeds.user_id')
        .onRef('users.tenant_id', '=', 'calendar_feeds.tenant_id'),
    )
    .innerJoin('tenants', 'tenants.id', 'calendar_feeds.tenant_id')
    .select([
      'calendar_feeds.id',
      'calendar_feeds.tenant_id',
      'calendar_feeds.scope',
      'calendar_feeds.team_id',
      'calendar_feeds.last_used_at',
      'users.id as owner_id',
      'users.name as owner_name',
      'users.role as owner_role',
      'users.locale as owner_locale',
      'tenants.name as tenant_name',
      'tenants.time_zone',
    ])
    .where('calendar_feeds.token_hash', '=', hashFeedToken(token))
    .where('calendar_feeds.revoked_at', 'is', null)
    .where('users.status', '=', 'active')
    .where('tenants.status', '=', 'active')
    .executeTakeFirst();
  if (!feed) throw FEED_NOT_FOUND();
  await limit(deps, `ical:feed:${feed.id}`, POLLS_PER_FEED);
  const tenantId = feed.tenant_id;
  const owner = { id: feed.owner_id, role: feed.owner_role };
  // The owner's rights today, not those they had when the feed was made.
  if (feed.scope === 'company' && owner.role !== 'admin') throw FEED_NOT_FOUND();

  const now = deps.clock();
  const today = localDay(now, feed.time_zone);
  const from = addMonths(today, -MONTHS_BACK);
  const to = addMonths(today, MONTHS_AHEAD);
  let people = db
    .selectFrom('users')
    .select(['id', 'name', 'team_id'])
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'active');
  if (feed.scope === 'person') people = people.where('id', '=', owner.id);
  let teamName: string | null = null;
  if (feed.scope === 'team') {
    const team = await db
      .selectFrom('teams')
      .select('name')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', feed.team_id!)
      .executeTakeFirst();
    if (!team) throw FEED_NOT_FOUND();
    teamName = team.name;
    people = people.where('team_id', '=', feed.team_id!);
  }
  const [rows, viewer] = await Promise.all([people.execute(), viewerOf(db, tenantId, owner)]);
  const absences = await absencesInPeriod(
    db,
    tenantId,
    from,
    to,
    feed.scope === 'company' ? undefined : rows.map((r) => r.id),
  );
  const personOf = new Map(rows.map((r) => [r.id, r]));
  const locale = feed.owner_locale;
  const events: FeedEvent[] = [];
  for (const row of absences) {
    const person = personOf.get(row.user_id);
    if (!person) continue; // deactivated since
    const seen = absenceFor(viewer, { id: person.id, teamId: person.team_id }, row);
    events.push({
      uid: `absence-${row.id}@timemaster`,
      from: seen.from,
      // An open sickness runs until today, as far as anyone knows.
      toExclusive: addDays(seen.to ?? (seen.from > today ? seen.from : today), 1),
      summary: summaryOf(seen, feed.scope === 'person' ? null : person.name, locale),
      tentative: seen.status === 'requested' || seen.status === 'pre_approved',
      // Others' absences must not make the subscriber look busy.
      busy: feed.scope === 'person',
      modified: row.updated_at,
    });
  }
  if (!feed.last_used_at || now.getTime() - feed.last_used_at.getTime() > LAST_USED_PRECISION_MS) {
    await db
      .updateTable('calendar_feeds')
      .set({ last_used_at: now })
      .where('id', '=', feed.id)
      .execute();
  }
  const scopeName =
    feed.scope === 'person'
      ? feed.owner_name
      : feed.scope === 'team'
        ? `Team ${teamName}`
        : feed.tenant_name;
  return renderIcal({
    name: `${locale === 'de' ? 'Abwesenheiten' : 'Absences'} – ${scopeName}`,
    events,
    now,
  });
}

/** "Erika Muster: Urlaub (beantragt, erster Tag halb)" in the feed owner's language. */
export function summaryOf(
  absence: CalendarAbsence,
  personName: string | null,
  locale: 'de' | 'en',
): string {
  const de = locale === 'de';
  const what = absence.type ? absence.type.name[locale] : de ? 'abwesend' : 'absent';
  const notes: string[] = [];
  if (absence.status === 'requested' || absence.status === 'pre_approved')
    notes.push(de ? 'beantragt' : 'requested');
  if (absence.status === 'cancel_requested')
    notes.push(de ? 'Stornierung beantragt' : 'cancellation requested');
  const oneDay = absence.to === absence.from;
  if (absence.halfDayStart && oneDay) notes.push(de ? 'halber Tag' : 'half day');
  else {
    if (absence.halfDayStart) notes.push(de ? 'ab mittags' : 'from noon');
    if (absence.halfDayEnd) notes.push(de ? 'letzter Tag bis mittags' : 'last day until noon');
  }
  const text = personName ? `${personName}: ${what}` : what;
  return notes.length ? `${text} (${notes.join(', ')})` : text;
}

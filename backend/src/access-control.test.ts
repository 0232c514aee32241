/**
 * SECURITY.md 10–13 over the whole route table: every route is enumerated from the app itself,
 * so a new route is checked without anyone adding it here — or the test fails until it is
 * declared (its path parameters' resource kinds, a sample body, its allowed roles).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteEntry } from './app.js';
import type { Role } from './db/types.js';
import { PASSWORD, createUser } from '../test/factories.js';
import type { TestApp, TestDatabase } from '../test/helpers.js';
import { buildTestApp, createTestDatabase } from '../test/helpers.js';
import type { Company } from '../test/world.js';
import { createCompany, tokenFor } from '../test/world.js';

type Who = 'anonymous' | 'super_admin' | 'admin' | 'manager' | 'employee';
const ALL: Who[] = ['anonymous', 'super_admin', 'admin', 'manager', 'employee'];
const SIGNED_IN: Who[] = ['super_admin', 'admin', 'manager', 'employee'];
const TENANT_MEMBERS: Who[] = ['admin', 'manager', 'employee'];

/** Who may call each route at all (scope limits inside are tested per feature). */
const allowed: Record<string, Who[]> = {
  'GET /api/v1/meta': ALL,
  'POST /api/v1/auth/login': ALL,
  'POST /api/v1/auth/refresh': ALL,
  'POST /api/v1/auth/logout': ALL,
  'POST /api/v1/auth/logout-all': SIGNED_IN,
  'GET /api/v1/auth/sessions': SIGNED_IN,
  'DELETE /api/v1/auth/sessions/:id': SIGNED_IN,
  'POST /api/v1/auth/password': SIGNED_IN,
  'GET /api/v1/me': SIGNED_IN,
  'PATCH /api/v1/me': SIGNED_IN,
  'POST /api/v1/invitations/preview': ALL,
  'POST /api/v1/invitations/accept': ALL,
  'POST /api/v1/auth/password-reset/request': ALL,
  'POST /api/v1/auth/password-reset/confirm': ALL,
  'GET /api/v1/tenants': ['super_admin'],
  'POST /api/v1/tenants': ['super_admin'],
  'GET /api/v1/tenants/:id': ['super_admin'],
  'PATCH /api/v1/tenants/:id': ['super_admin'],
  'POST /api/v1/tenants/:id/deactivate': ['super_admin'],
  'POST /api/v1/tenants/:id/reactivate': ['super_admin'],
  'GET /api/v1/company': TENANT_MEMBERS,
  'PATCH /api/v1/company': ['admin'],
  'GET /api/v1/users': TENANT_MEMBERS,
  'POST /api/v1/users': ['admin'],
  'GET /api/v1/users/:id': TENANT_MEMBERS,
  'PATCH /api/v1/users/:id': ['admin'],
  'POST /api/v1/users/:id/deactivate': ['admin'],
  'POST /api/v1/users/:id/reactivate': ['admin'],
  'POST /api/v1/users/:id/invitation': ['admin'],
  'DELETE /api/v1/users/:id/invitation': ['admin'],
  'GET /api/v1/teams': TENANT_MEMBERS,
  'POST /api/v1/teams': ['admin'],
  'PATCH /api/v1/teams/:id': ['admin'],
  'DELETE /api/v1/teams/:id': ['admin'],
  'GET /api/v1/audit-log': ['super_admin', 'admin'],
  'GET /api/v1/clock': TENANT_MEMBERS,
  'GET /api/v1/time/month': TENANT_MEMBERS,
  'GET /api/v1/time/days': TENANT_MEMBERS,
  'GET /api/v1/time/findings': TENANT_MEMBERS,
  'GET /api/v1/time/team': ['admin', 'manager'],
  'GET /api/v1/closure-days': TENANT_MEMBERS,
  'POST /api/v1/closure-days': ['admin'],
  'DELETE /api/v1/closure-days/:day': ['admin'],
  'POST /api/v1/time/entries': TENANT_MEMBERS,
  'GET /api/v1/time/entries/:id/history': TENANT_MEMBERS,
  'PATCH /api/v1/time/entries/:id': TENANT_MEMBERS,
  'DELETE /api/v1/time/entries/:id': TENANT_MEMBERS,
  'POST /api/v1/time/months/submit': TENANT_MEMBERS,
  'POST /api/v1/time/months/approve': ['admin', 'manager'],
  'POST /api/v1/time/months/reopen': ['admin'],
  'POST /api/v1/time/adjustments': ['admin'],
  'GET /api/v1/schedules': TENANT_MEMBERS,
  'POST /api/v1/schedules': ['admin'],
  'DELETE /api/v1/schedules/:id': ['admin'],
  'POST /api/v1/clock/in': TENANT_MEMBERS,
  'POST /api/v1/clock/out': TENANT_MEMBERS,
  'POST /api/v1/clock/break/start': TENANT_MEMBERS,
  'POST /api/v1/clock/break/end': TENANT_MEMBERS,
  'GET /api/v1/presence': ['admin', 'manager'],
  'GET /api/v1/presence/stream': ['admin', 'manager'],
  'GET /api/v1/absence-types': TENANT_MEMBERS,
  'POST /api/v1/absence-types': ['admin'],
  'PATCH /api/v1/absence-types/:id': ['admin'],
  'POST /api/v1/absence-types/:id/deactivate': ['admin'],
  'POST /api/v1/absence-types/:id/reactivate': ['admin'],
  'GET /api/v1/reports/timesheets/:userId': TENANT_MEMBERS,
  // Absence requests: the sample absence is the employee's pending request.
  'POST /api/v1/absences/preview': TENANT_MEMBERS,
  'POST /api/v1/absences': TENANT_MEMBERS,
  'GET /api/v1/absences': TENANT_MEMBERS,
  'GET /api/v1/absences/colleagues': TENANT_MEMBERS,
  'GET /api/v1/absences/inbox': ['admin', 'manager'],
  'GET /api/v1/absences/:id': TENANT_MEMBERS,
  // Managers change no one's request; admins may, but not a pending one (409).
  'PATCH /api/v1/absences/:id': ['admin', 'employee'],
  'POST /api/v1/absences/:id/approve': ['admin', 'manager'],
  'POST /api/v1/absences/:id/reject': ['admin', 'manager'],
  'POST /api/v1/absences/:id/withdraw': ['employee'],
  'POST /api/v1/absences/:id/cancel': TENANT_MEMBERS,
  'POST /api/v1/absences/:id/cancel/approve': ['admin', 'manager'],
  'POST /api/v1/absences/:id/cancel/reject': ['admin', 'manager'],
  'POST /api/v1/absences/:id/remind': ['employee'],
  'GET /api/v1/caldav/settings': ['admin'],
  'PUT /api/v1/caldav/settings': ['admin'],
  'POST /api/v1/caldav/test': ['admin'],
  'GET /api/v1/vacation/account': TENANT_MEMBERS,
  'GET /api/v1/vacation/entitlements': ['admin', 'manager'],
  'PUT /api/v1/vacation/entitlements/:userId/:year': ['admin'],
  'DELETE /api/v1/vacation/entitlements/:userId/:year': ['admin'],
  'POST /api/v1/vacation/adjustments': ['admin'],
  'PUT /api/v1/vacation/contracts/:userId': ['admin'],
  // Sick notes: own for everyone (managers too, for their own sickness), any for admins; the
  // scope (never a team member's document) is tested in sick-notes.test.ts.
  'POST /api/v1/absences/:id/sick-note': TENANT_MEMBERS,
  'GET /api/v1/absences/:id/sick-notes': TENANT_MEMBERS,
  'GET /api/v1/sick-notes/:fileId': TENANT_MEMBERS,
  'DELETE /api/v1/sick-notes/:fileId': TENANT_MEMBERS,
  'GET /api/v1/sickness': TENANT_MEMBERS,
  'GET /api/v1/sickness/summary': TENANT_MEMBERS,
  // Team calendar and iCal feeds (absences/calendar-view*, feeds*).
  'GET /api/v1/absences/calendar': TENANT_MEMBERS,
  'GET /api/v1/absences/year': TENANT_MEMBERS,
  'GET /api/v1/calendar-feeds': TENANT_MEMBERS,
  'POST /api/v1/calendar-feeds': TENANT_MEMBERS,
  'DELETE /api/v1/calendar-feeds/:id': TENANT_MEMBERS,
  // Public: the token in the path is the credential (unknown tokens: 404).
  'GET /api/v1/ical/:token.ics': ALL,
  'GET /api/v1/reports/overview': TENANT_MEMBERS,
  'GET /api/v1/reports/overview/export': TENANT_MEMBERS,
  'GET /api/v1/reports/statistics': TENANT_MEMBERS,
  'GET /api/v1/caldav/events': ['admin'],
  'POST /api/v1/caldav/resync': ['admin'],
  // The month's ZIP of timesheets: the sample archive is the manager's; admins see every one.
  'POST /api/v1/reports/timesheets/archive': ['admin', 'manager'],
  'GET /api/v1/reports/timesheets/archive': ['admin', 'manager'],
  'GET /api/v1/reports/timesheets/archive/:id': ['admin', 'manager'],
  'GET /api/v1/reports/timesheets/archive/:id/download': ['admin', 'manager'],
};

let counter = 0;
/** A valid body for each route that takes one (so validation does not hide the access check). */
function sampleBody(route: string, c: Company): object | undefined {
  counter += 1;
  const bodies: Record<string, object> = {
    'POST /api/v1/auth/login': { email: 'nobody@example.com', password: 'irrelevant-pass' },
    'POST /api/v1/auth/password': {
      currentPassword: PASSWORD,
      newPassword: `ein-neues-passwort-${counter}`,
    },
    'PATCH /api/v1/me': { name: 'Neu' },
    'POST /api/v1/invitations/preview': { token: 'x'.repeat(43) },
    'POST /api/v1/invitations/accept': {
      token: 'x'.repeat(43),
      name: 'X',
      password: 'ein-neues-passwort',
    },
    'POST /api/v1/auth/password-reset/request': { email: 'nobody@example.com' },
    'POST /api/v1/auth/password-reset/confirm': {
      token: 'x'.repeat(43),
      password: 'ein-neues-passwort',
    },
    'POST /api/v1/tenants': {
      name: `Neue Firma ${counter}`,
      holidayRegion: 'DE-NW',
      firstAdmin: { email: `first-${counter}@example.com`, name: 'Erste Admin' },
    },
    'PATCH /api/v1/tenants/:id': { locale: 'de' },
    'PATCH /api/v1/company': { locale: 'de' },
    'POST /api/v1/users': {
      email: `invite-${counter}@example.com`,
      name: 'Neue Person',
      role: 'employee',
    },
    'PATCH /api/v1/users/:id': { employeeNumber: `P-${counter}` },
    'POST /api/v1/teams': { name: `Team ${counter}` },
    'PATCH /api/v1/teams/:id': { name: `Umbenannt ${counter}` },
    // Recent (inside the edit window) and never overlapping an earlier sample.
    'POST /api/v1/time/entries': {
      start: new Date(Date.now() - 7_200_000 - counter * 600_000).toISOString(),
      end: new Date(Date.now() - 7_200_000 - counter * 600_000 + 300_000).toISOString(),
      reason: 'vergessen zu stempeln',
    },
    'PATCH /api/v1/time/entries/:id': { note: `Notiz ${counter}`, reason: 'Notiz ergänzt' },
    'DELETE /api/v1/time/entries/:id': { reason: 'doppelt erfasst' },
    'POST /api/v1/time/months/submit': { month: '2026-01' },
    'POST /api/v1/time/months/approve': { userId: c.employee.id, month: '2026-01' },
    'POST /api/v1/time/months/reopen': {
      userId: c.employee.id,
      month: '2026-01',
      reason: 'Korrektur nötig',
    },
    'POST /api/v1/time/adjustments': {
      userId: c.employee.id,
      day: '2026-01-15',
      minutes: 30,
      reason: 'Übertrag',
    },
    'POST /api/v1/closure-days': {
      day: `2097-01-${String((counter % 28) + 1).padStart(2, '0')}`,
      name: 'Betriebsruhe',
    },
    'POST /api/v1/schedules': {
      userId: null,
      validFrom: `2098-01-${String((counter % 28) + 1).padStart(2, '0')}`,
      minutesPerWeekday: [480, 480, 480, 480, 480, 0, 0],
    },
    'POST /api/v1/absence-types': {
      name: { de: `Eigene Art ${counter}`, en: `Own type ${counter}` },
      color: '#15803D',
      deductsVacation: false,
      creditsTarget: true,
      deductsOvertime: false,
      needsApproval: true,
      halfDaysAllowed: false,
      visibleToColleagues: true,
    },
    'PATCH /api/v1/absence-types/:id': { sortOrder: 10 + (counter % 2) },
    'POST /api/v1/absences/preview': {
      typeId: c.absenceType.id,
      from: '2094-06-01',
      to: '2094-06-05',
    },
    'POST /api/v1/absences': {
      typeId: c.absenceType.id,
      from: `2094-07-${String((counter % 28) + 1).padStart(2, '0')}`,
      to: `2094-07-${String((counter % 28) + 1).padStart(2, '0')}`,
    },
    'PATCH /api/v1/absences/:id': { note: `Notiz ${counter}` },
    'POST /api/v1/absences/:id/approve': { comment: 'ok' },
    'POST /api/v1/absences/:id/reject': { comment: 'Inventur' },
    'POST /api/v1/absences/:id/cancel': { reason: 'Plan geändert' },
    'POST /api/v1/absences/:id/cancel/approve': { comment: 'ok' },
    'POST /api/v1/absences/:id/cancel/reject': { comment: 'nein' },
    'PUT /api/v1/caldav/settings': {
      url: '',
      username: '',
      enabled: false,
      titleTemplate: `{name} – {type} ${counter}`,
      privacy: 'type',
      syncedTypeIds: [],
    },
    // An internal address: refused by the policy before any connection is tried.
    'POST /api/v1/caldav/test': { url: 'http://192.168.1.50/cal/', username: 'u', password: 'p' },
    'PUT /api/v1/vacation/entitlements/:userId/:year': { days: 25, reason: 'Teilzeit' },
    'POST /api/v1/vacation/adjustments': {
      userId: c.employee.id,
      year: 2026,
      days: 1,
      reason: 'Korrektur',
    },
    'PUT /api/v1/vacation/contracts/:userId': { daysPerYear: 30 },
    'POST /api/v1/calendar-feeds': { scope: 'person' },
    'POST /api/v1/reports/timesheets/archive': { month: '2026-03' },
  };
  return bodies[route];
}

/** The id of a record of the given kind in a company. */
function idOf(kind: string, c: Company, sessionIds: Map<string, string>): string {
  switch (kind) {
    case 'user':
      return c.employee.id;
    case 'team':
      return c.emptyTeam.id;
    case 'tenant':
      return c.tenant.id;
    case 'session':
      return sessionIds.get(c.tenant.id)!;
    case 'schedule':
      return c.futureSchedule.id;
    case 'time_entry':
      return c.entry.id;
    case 'closure_day':
      return c.closureDay.day;
    case 'absence_type':
      return c.absenceType.id;
    case 'absence':
      return c.absence.id;
    case 'year':
      return '2026';
    case 'sickness':
      return c.sickness.id;
    case 'sick_note':
      return c.sickNote.id;
    case 'calendar_feed':
      return c.calendarFeed.id;
    case 'report_export':
      return c.reportExport.id;
    case 'calendar_feed_token':
      // A feed token is no company's record: any unknown one must answer 404.
      return 'x'.repeat(43);
    default:
      throw new Error(`no test record for resource kind "${kind}"`);
  }
}

const key = (r: RouteEntry) => `${r.method} ${r.url}`;

/** Required query strings (so validation does not hide the access check). */
const sampleQuery: Record<string, string> = {
  'GET /api/v1/time/month': '?month=2026-03',
  'GET /api/v1/time/days': '?from=2026-03-02&to=2026-03-08',
  'GET /api/v1/time/findings': '?from=2026-03-01&to=2026-03-31',
  'GET /api/v1/time/team': '?month=2026-03',
  'GET /api/v1/closure-days': '?from=2026-01-01&to=2026-12-31',
  'GET /api/v1/reports/timesheets/:userId': '?month=2026-03&format=csv',
  'GET /api/v1/sickness': '?from=2026-01-01&to=2026-12-31',
  'GET /api/v1/absences/calendar': '?month=2026-04',
  'GET /api/v1/absences/year': '?userId={employee}&year=2026',
  'GET /api/v1/reports/overview': '?from=2026-03-01&to=2026-03-31',
  'GET /api/v1/reports/overview/export': '?from=2026-03-01&to=2026-03-31&format=csv',
  'GET /api/v1/reports/statistics': '?from=2026-01&to=2026-03&userId={employee}',
};

let database: TestDatabase;
let t: TestApp;
let app: FastifyInstance;
let a: Company;
let b: Company;
let superAdmin: Awaited<ReturnType<typeof createUser>>;
const sessionIds = new Map<string, string>();

beforeAll(async () => {
  database = await createTestDatabase();
  t = await buildTestApp({ database, redis: false });
  app = t.app;
  a = await createCompany(database.db, 'Alpha GmbH');
  b = await createCompany(database.db, 'Beta KG');
  superAdmin = await createUser(database.db, { tenantId: null, role: 'super_admin' });
  // A signed-in session (refresh token family) in each company, for the session routes.
  for (const c of [a, b]) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: c.employee.email, password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const row = await database.db
      .selectFrom('refresh_tokens')
      .select('family_id')
      .where('user_id', '=', c.employee.id)
      .executeTakeFirstOrThrow();
    sessionIds.set(c.tenant.id, row.family_id);
  }
});
afterAll(async () => {
  await t.close();
  await database.drop();
});

function apiRoutes(): RouteEntry[] {
  return app.routeTable.filter((r) => r.url.startsWith('/api/'));
}

function fill(route: RouteEntry, c: Company): string {
  return route.url.replace(/:(\w+)/g, (_m, param: string) =>
    idOf(route.resource[param]!, c, sessionIds),
  );
}

async function call(
  route: RouteEntry,
  as: Who,
  target: Company,
): Promise<{ statusCode: number; body: string }> {
  const actors = {
    super_admin: superAdmin,
    admin: a.admin,
    manager: a.manager,
    employee: a.employee,
  } as const;
  const headers: Record<string, string> = { origin: 'http://localhost:8000' };
  if (as !== 'anonymous') headers.authorization = `Bearer ${await tokenFor(app, actors[as])}`;
  const body = sampleBody(key(route), target);
  const request = {
    method: route.method as 'GET',
    url:
      fill(route, target) +
      (sampleQuery[key(route)] ?? '').replace('{employee}', target.employee.id),
    headers,
    ...(body ? { payload: body } : {}),
  };
  if (!isEventStream(route)) return app.inject(request);
  // An event stream never ends by itself, and inject normally waits for the end: read it as a
  // stream, which answers once the head is out, then hang up. Refusals are ordinary JSON.
  const hangUp = new AbortController();
  const res = await app.inject({ ...request, payloadAsStream: true, signal: hangUp.signal });
  const answer = {
    statusCode: res.statusCode,
    body:
      res.statusCode === 200
        ? '(event stream)'
        : (await res.stream().toArray()).map(String).join(''),
  };
  hangUp.abort();
  return answer;
}

/** Routes that answer with Server-Sent Events (nginx passes `/api/v1/.+/stream$` unbuffered). */
function isEventStream(route: RouteEntry): boolean {
  return route.method === 'GET' && route.url.endsWith('/stream');
}

describe('the route table', () => {
  it('declares every API route here, with the resource kind of each path parameter', () => {
    for (const route of apiRoutes()) {
      expect(allowed[key(route)], `add ${key(route)} to the role table`).toBeDefined();
      for (const param of route.url.match(/:(\w+)/g) ?? []) {
        expect(
          route.resource[param.slice(1)],
          `${key(route)}: declare config.resource for ${param}`,
        ).toBeDefined();
      }
      if (route.hasBody)
        expect(sampleBody(key(route), a), `sample body for ${key(route)}`).toBeDefined();
    }
    expect(apiRoutes().length).toBeGreaterThanOrEqual(Object.keys(allowed).length);
  });
});

describe('tenant isolation (SECURITY.md 10)', () => {
  it('answers 404 (or 403 where the role may not act at all) for any id of another company', async () => {
    const snapshot = async () =>
      JSON.stringify(
        await Promise.all([
          database.db
            .selectFrom('users')
            .selectAll()
            .where('tenant_id', '=', b.tenant.id)
            .orderBy('id')
            .execute(),
          database.db
            .selectFrom('teams')
            .selectAll()
            .where('tenant_id', '=', b.tenant.id)
            .orderBy('id')
            .execute(),
          database.db.selectFrom('tenants').selectAll().where('id', '=', b.tenant.id).execute(),
          database.db
            .selectFrom('refresh_tokens')
            .select(['id', 'revoked_at'])
            .where('user_id', '=', b.employee.id)
            .execute(),
          ...(
            [
              'time_entries',
              'work_schedules',
              'month_locks',
              'closure_days',
              'absence_types',
              'absences',
              'caldav_settings',
              'caldav_events',
              'vacation_entitlements',
              'vacation_adjustments',
              'files',
              'calendar_feeds',
              'report_exports',
            ] as const
          ).map((table) =>
            database.db
              .selectFrom(table)
              .selectAll()
              .where('tenant_id', '=', b.tenant.id)
              .execute(),
          ),
        ]),
      );
    const before = await snapshot();
    const withIds = apiRoutes().filter((r) => r.url.includes(':'));
    expect(withIds.length).toBeGreaterThan(5);
    for (const route of withIds) {
      for (const as of TENANT_MEMBERS) {
        const res = await call(route, as, b);
        const expected = allowed[key(route)]!.includes(as) ? [404] : [403, 404];
        expect(
          expected,
          `${as} ${key(route)} with Beta's id → ${res.statusCode} ${res.body}`,
        ).toContain(res.statusCode);
      }
    }
    expect(await snapshot()).toBe(before);
  });

  it('never lists another company’s people or teams', async () => {
    for (const url of [
      '/api/v1/users',
      '/api/v1/teams',
      '/api/v1/audit-log',
      '/api/v1/absences/calendar?month=2026-04',
    ]) {
      const res = await app.inject({
        method: 'GET',
        url,
        headers: { authorization: `Bearer ${await tokenFor(app, a.admin)}` },
      });
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain(b.tenant.id);
      expect(res.body).not.toContain(b.employee.id);
      expect(res.body).not.toContain(b.team.id);
    }
  });
});

describe('role matrix (SECURITY.md 11)', () => {
  it('refuses every route to every role not allowed on it, and lets the allowed ones through', async () => {
    const failures: string[] = [];
    for (const route of apiRoutes()) {
      for (const as of ALL) {
        const res = await call(route, as, a);
        const ok = allowed[key(route)]!.includes(as);
        const refused = res.statusCode === 401 || res.statusCode === 403;
        const wrongPasswordIsFine =
          key(route) === 'POST /api/v1/auth/login' || key(route).includes('refresh');
        if (ok && refused && !wrongPasswordIsFine)
          failures.push(`${as} ${key(route)}: expected access, got ${res.statusCode} ${res.body}`);
        if (!ok && !refused)
          failures.push(`${as} ${key(route)}: expected 401/403, got ${res.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
    // The event streams opened above ended when the client hung up.
    await expect.poll(() => app.presenceStreams.size).toBe(0);
  });
});

describe('GET never changes state (SECURITY.md 14)', () => {
  it('leaves every table as it was, for every GET route and role', async () => {
    const tables = [
      'tenants',
      'users',
      'teams',
      'team_managers',
      'refresh_tokens',
      'invitations',
      'password_resets',
      'email_outbox',
      'time_entries',
      'work_schedules',
      'month_locks',
      'balance_adjustments',
      'closure_days',
      'absence_types',
      'absences',
      'caldav_settings',
      'caldav_events',
      'vacation_entitlements',
      'vacation_adjustments',
      'vacation_carry_overs',
      'vacation_notices',
      'files',
      'calendar_feeds',
      'report_exports',
    ] as const;
    const snapshot = async () =>
      JSON.stringify(
        await Promise.all(
          tables.map((table) => database.db.selectFrom(table).selectAll().execute()),
        ),
      );
    const before = await snapshot();
    for (const route of apiRoutes().filter((r) => r.method === 'GET')) {
      for (const as of ALL) await call(route, as, a);
    }
    expect(await snapshot()).toBe(before);
  });
});

describe('team scope (SECURITY.md 11)', () => {
  const get = async (as: { id: string; tenant_id: string | null; role: Role }, url: string) =>
    app.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${await tokenFor(app, as)}` },
    });

  it('managers see their team, employees only themselves', async () => {
    const managerList = (await get(a.manager, '/api/v1/users'))
      .json<{ id: string }[]>()
      .map((u) => u.id);
    expect(managerList).toEqual(expect.arrayContaining([a.manager.id, a.employee.id]));
    expect(managerList).not.toContain(a.outsider.id);
    expect((await get(a.manager, `/api/v1/users/${a.outsider.id}`)).statusCode).toBe(404);
    const employeeList = (await get(a.employee, '/api/v1/users'))
      .json<{ id: string }[]>()
      .map((u) => u.id);
    expect(employeeList).toEqual([a.employee.id]);
    expect((await get(a.employee, `/api/v1/users/${a.manager.id}`)).statusCode).toBe(404);
  });
});

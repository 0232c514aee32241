/**
 * Two companies with a full cast each, for access-control tests: admin, manager (leading the
 * team), employee in the team, employee outside it, an invited person; plus a super-admin.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { accessTokenKey, signAccessToken } from '../src/modules/auth/tokens.js';
import type { Db } from '../src/db/index.js';
import type { Role } from '../src/db/types.js';
import { seedDefaultAbsenceTypes } from '../src/modules/absences/defaults.js';
import { createTeam, createTenant, createUser } from './factories.js';

let companies = 0;

export async function createCompany(db: Db, name: string) {
  companies += 1;
  const tenant = await createTenant(db, { name });
  // The default absence types, as every real company has them.
  await seedDefaultAbsenceTypes(db, tenant.id);
  const absenceType = await db
    .selectFrom('absence_types')
    .selectAll()
    .where('tenant_id', '=', tenant.id)
    .where('key', '=', 'vacation')
    .executeTakeFirstOrThrow();
  const team = await createTeam(db, tenant.id, 'Produktion');
  const otherTeam = await createTeam(db, tenant.id, 'Verwaltung');
  const admin = await createUser(db, { tenantId: tenant.id, role: 'admin', name: `${name} Admin` });
  const manager = await createUser(db, { tenantId: tenant.id, role: 'manager', teamId: team.id });
  await db
    .insertInto('team_managers')
    .values({ tenant_id: tenant.id, team_id: team.id, user_id: manager.id })
    .execute();
  const employee = await createUser(db, { tenantId: tenant.id, role: 'employee', teamId: team.id });
  const outsider = await createUser(db, {
    tenantId: tenant.id,
    role: 'employee',
    teamId: otherTeam.id,
  });
  const invited = await createUser(db, {
    tenantId: tenant.id,
    role: 'employee',
    status: 'invited',
  });
  const emptyTeam = await createTeam(db, tenant.id, 'Leer');
  // A schedule version that has not started yet (deletable).
  const futureSchedule = await db
    .insertInto('work_schedules')
    .values({
      tenant_id: tenant.id,
      user_id: employee.id,
      valid_from: '2099-01-01',
      minutes: [480, 480, 480, 480, 480, 0, 0],
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  // A finished entry of the employee from yesterday.
  const yesterday = Date.now() - 86_400_000;
  const entry = await db
    .insertInto('time_entries')
    .values({
      tenant_id: tenant.id,
      user_id: employee.id,
      started_at: new Date(yesterday - 8 * 3_600_000),
      ended_at: new Date(yesterday),
      end_reason: 'clock_out',
      source: 'clock',
      created_by: employee.id,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  // A closure day on a date no other company of the test has (the isolation test needs that).
  const closureDay = await db
    .insertInto('closure_days')
    .values({
      tenant_id: tenant.id,
      day: `2096-12-${String(companies).padStart(2, '0')}`,
      name: 'Betriebsruhe',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  // A pending vacation request of the employee, far in the future (absence routes need an id).
  const absence = await db
    .insertInto('absences')
    .values({
      tenant_id: tenant.id,
      user_id: employee.id,
      type_id: absenceType.id,
      start_day: `2095-03-${String((companies % 28) + 1).padStart(2, '0')}`,
      end_day: `2095-03-${String((companies % 28) + 1).padStart(2, '0')}`,
      status: 'requested',
      created_by: employee.id,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  // A recorded sickness of the employee, far from the other test absences (the overlap
  // constraint), with one sick note whose bytes are not on disk. It has an end: an open one
  // would hold every later day of the employee.
  const sickType = await db
    .selectFrom('absence_types')
    .select('id')
    .where('tenant_id', '=', tenant.id)
    .where('key', '=', 'sick')
    .executeTakeFirstOrThrow();
  const sickness = await db
    .insertInto('absences')
    .values({
      tenant_id: tenant.id,
      user_id: employee.id,
      type_id: sickType.id,
      start_day: '2095-02-01',
      end_day: '2095-02-05',
      status: 'approved',
      created_by: employee.id,
      decided_by: employee.id,
      decided_at: new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const sickNote = await db
    .insertInto('files')
    .values({
      tenant_id: tenant.id,
      user_id: employee.id,
      absence_id: sickness.id,
      kind: 'sick_note',
      file_name: 'AU.pdf',
      content_type: 'application/pdf',
      size_bytes: 1,
      sha256: '0'.repeat(64),
      storage_key: randomBytes(16).toString('hex'),
      uploaded_by: employee.id,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  // An iCal subscription of the employee (its token is unknown; only the hash is stored).
  const calendarFeed = await db
    .insertInto('calendar_feeds')
    .values({
      tenant_id: tenant.id,
      user_id: employee.id,
      scope: 'person',
      token_hash: `test-feed-${tenant.id}`,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  // A timesheet archive the manager asked for, still queued (no job, no file).
  const reportExport = await db
    .insertInto('report_exports')
    .values({
      tenant_id: tenant.id,
      requested_by: manager.id,
      kind: 'timesheet_archive',
      parameters: { month: '2026-03', teamId: null, role: null, lang: 'de' },
      total_count: 2,
      expires_at: new Date('2099-01-01T00:00:00Z'),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return {
    reportExport,
    sickness,
    sickNote,
    tenant,
    team,
    otherTeam,
    emptyTeam,
    admin,
    manager,
    employee,
    outsider,
    invited,
    futureSchedule,
    entry,
    closureDay,
    absenceType,
    absence,
    calendarFeed,
  };
}

export type Company = Awaited<ReturnType<typeof createCompany>>;

/** A valid access token for a user, signed like the app signs them. */
export function tokenFor(
  app: FastifyInstance,
  user: { id: string; tenant_id: string | null; role: Role },
): Promise<string> {
  return signAccessToken(
    accessTokenKey(app.config.secretKey),
    { userId: user.id, tenantId: user.tenant_id, role: user.role },
    new Date(Date.now() + 1_000),
    30,
  );
}

/** An API call as a user: `callAs(app, user, 'POST', '/closure-days', body)` (path after /api/v1). */
export async function callAs(
  app: FastifyInstance,
  user: { id: string; tenant_id: string | null; role: Role },
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  body?: object,
) {
  return app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { authorization: `Bearer ${await tokenFor(app, user)}` },
    ...(body ? { payload: body } : {}),
  });
}

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestDatabase } from '../../../test/helpers.js';
import { buildTestApp, createTestDatabase, manualClock } from '../../../test/helpers.js';
import type { Company } from '../../../test/world.js';
import { callAs, createCompany } from '../../../test/world.js';
import { insertAbsence } from '../../../test/calendar-fixtures.js';
import type { PersonYear, TeamCalendar } from './calendar-view.js';
import { TeamCalendarSchema } from './calendar-view-routes.js';

let database: TestDatabase;
let t: TestApp;
let a: Company;
let b: Company;
// Thursday 16 April 2026, noon in Berlin.
const clock = manualClock(new Date('2026-04-16T10:00:00Z'));
const NOTE = 'Magen-Darm, bitte vertraulich';
const ids: Record<string, string> = {};

beforeAll(async () => {
  database = await createTestDatabase();
  t = await buildTestApp({ database, clock, redis: false });
  a = await createCompany(database.db, 'Alpha');
  b = await createCompany(database.db, 'Beta');
  const db = database.db;
  ids.sick = await insertAbsence(db, a, a.employee, {
    key: 'sick',
    from: '2026-04-13',
    to: '2026-04-15',
    note: NOTE,
  });
  ids.pending = await insertAbsence(db, a, a.employee, {
    key: 'vacation',
    from: '2026-04-27',
    to: '2026-04-30',
    status: 'requested',
    halfDayEnd: true,
    note: NOTE,
  });
  ids.cancelled = await insertAbsence(db, a, a.employee, {
    key: 'vacation',
    from: '2026-04-20',
    to: '2026-04-21',
    status: 'cancelled',
  });
  ids.outsiderVacation = await insertAbsence(db, a, a.outsider, {
    key: 'vacation',
    from: '2026-03-30',
    to: '2026-04-10',
  });
  ids.outsiderSick = await insertAbsence(db, a, a.outsider, {
    key: 'sick',
    from: '2026-04-28',
    to: null,
  });
  ids.nextYear = await insertAbsence(db, a, a.employee, {
    key: 'vacation',
    from: '2026-12-30',
    to: '2027-01-05',
  });
  ids.beta = await insertAbsence(db, b, b.employee, {
    key: 'vacation',
    from: '2026-04-13',
    to: '2026-04-17',
  });
  await db
    .insertInto('closure_days')
    .values({ tenant_id: a.tenant.id, day: '2026-04-24', name: 'Betriebsausflug', half: true })
    .execute();
});
afterAll(async () => {
  await t.close();
  await database.drop();
});

const calendarAs = async (as: Company['admin'], query: string) => {
  const res = await callAs(t.app, as, 'GET', `/absences/calendar?${query}`);
  return { res, body: res.json<TeamCalendar>() };
};
const rowOf = (calendar: TeamCalendar, userId: string) =>
  calendar.people.find((p) => p.id === userId)!;
const absenceIn = (calendar: TeamCalendar, userId: string, id: string) =>
  rowOf(calendar, userId).absences.find((x) => x.id === id);

describe('team calendar: what each viewer sees', () => {
  it('shows a colleague only "abwesend" for a sick day, and the type of visible types', async () => {
    const { res, body } = await calendarAs(a.outsider, 'month=2026-04');
    expect(res.statusCode).toBe(200);
    const sick = absenceIn(body, a.employee.id, ids.sick!)!;
    expect(sick).toEqual({
      id: ids.sick,
      from: '2026-04-13',
      to: '2026-04-15',
      halfDayStart: false,
      halfDayEnd: false,
      status: 'approved',
      type: null,
    });
    const pending = absenceIn(body, a.employee.id, ids.pending!)!;
    expect(pending.status).toBe('requested');
    expect(pending.halfDayEnd).toBe(true);
    expect(pending.type?.name.de).toBe('Urlaub');
    expect(pending.type?.color).toMatch(/^#[0-9A-F]{6}$/);
    // Their own sickness (open-ended) they see with its type.
    const own = absenceIn(body, a.outsider.id, ids.outsiderSick!)!;
    expect(own.to).toBeNull();
    expect(own.type?.name.de).toBe('Krankheit');
  });

  it('shows the type to the person’s approvers (team manager, admin) and to the person', async () => {
    for (const viewer of [a.manager, a.admin, a.employee]) {
      const { body } = await calendarAs(viewer, 'month=2026-04');
      expect(absenceIn(body, a.employee.id, ids.sick!)?.type?.name.de, viewer.role).toBe(
        'Krankheit',
      );
    }
    // A manager is no approver of another team's people.
    const { body } = await calendarAs(a.manager, 'month=2026-04');
    expect(absenceIn(body, a.outsider.id, ids.outsiderSick!)?.type).toBeNull();
    const admin = await calendarAs(a.admin, 'month=2026-04');
    expect(absenceIn(admin.body, a.outsider.id, ids.outsiderSick!)?.type?.name.de).toBe(
      'Krankheit',
    );
  });

  it('never contains the note, and no cancelled absence', async () => {
    for (const viewer of [a.admin, a.manager, a.employee, a.outsider]) {
      const { res, body } = await calendarAs(viewer, 'month=2026-04');
      expect(res.body).not.toContain('Magen-Darm');
      expect(res.body).not.toContain('"note"');
      expect(absenceIn(body, a.employee.id, ids.cancelled!)).toBeUndefined();
    }
  });

  it('lists the absences overlapping the month, also those starting before it', async () => {
    const { body } = await calendarAs(a.employee, 'month=2026-04');
    expect(absenceIn(body, a.outsider.id, ids.outsiderVacation!)?.from).toBe('2026-03-30');
    expect(absenceIn(body, a.employee.id, ids.nextYear!)).toBeUndefined();
    const may = await calendarAs(a.employee, 'month=2026-05');
    // The open sickness runs on.
    expect(absenceIn(may.body, a.outsider.id, ids.outsiderSick!)).toBeDefined();
    expect(absenceIn(may.body, a.employee.id, ids.sick!)).toBeUndefined();
  });
});

describe('team calendar: days and people', () => {
  it('marks weekends, the region’s holidays, closure days and today', async () => {
    const { body } = await calendarAs(a.employee, 'month=2026-04');
    expect(body.month).toBe('2026-04');
    expect(body.today).toBe('2026-04-16');
    expect(body.days).toHaveLength(30);
    const day = (d: string) => body.days.find((x) => x.day === d)!;
    expect(day('2026-04-03')).toEqual({
      day: '2026-04-03',
      weekend: false,
      holiday: 'Karfreitag',
      closure: null,
    });
    expect(day('2026-04-06').holiday).toBe('Ostermontag');
    expect(day('2026-04-04').weekend).toBe(true);
    expect(day('2026-04-05').weekend).toBe(true);
    expect(day('2026-04-24').closure).toEqual({ name: 'Betriebsausflug', half: true });
    expect(day('2026-04-16')).toEqual({
      day: '2026-04-16',
      weekend: false,
      holiday: null,
      closure: null,
    });
  });

  it('has one row per active person by name; a team filter keeps its members', async () => {
    const { body } = await calendarAs(a.employee, 'month=2026-04');
    const names = body.people.map((p) => p.name);
    expect(names).toEqual([...names].sort((x, y) => x.localeCompare(y, 'en')));
    expect(body.people.map((p) => p.id)).toEqual(
      expect.arrayContaining([a.admin.id, a.manager.id, a.employee.id, a.outsider.id]),
    );
    // Invitees have no calendar yet.
    expect(body.people.map((p) => p.id)).not.toContain(a.invited.id);
    const team = await calendarAs(a.employee, `month=2026-04&teamId=${a.team.id}`);
    expect(team.body.teamId).toBe(a.team.id);
    expect(team.body.people.map((p) => p.id).sort()).toEqual([a.manager.id, a.employee.id].sort());
  });

  it('keeps each company to itself', async () => {
    const { res } = await calendarAs(a.admin, 'month=2026-04');
    expect(res.body).not.toContain(ids.beta);
    expect(res.body).not.toContain(b.employee.id);
    const other = await calendarAs(a.admin, `month=2026-04&teamId=${b.team.id}`);
    expect(other.res.statusCode).toBe(404);
    const beta = await calendarAs(b.employee, 'month=2026-04');
    expect(beta.body.people.map((p) => p.id)).toContain(b.employee.id);
    expect(beta.res.body).not.toContain(ids.sick);
  });

  it('refuses a malformed month with a field error', async () => {
    for (const query of ['month=2026-13', 'month=April', '', 'month=2026-04&teamId=x']) {
      const { res } = await calendarAs(a.employee, query);
      expect(res.statusCode, query).toBe(400);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('team calendar: remembered months', () => {
  it('shows every committed change at once: absences, names, type visibility, closures', async () => {
    const first = await calendarAs(a.outsider, 'month=2026-06');
    expect(rowOf(first.body, a.employee.id).absences).toEqual([]);
    // Written directly, as another worker or a script would.
    const id = await insertAbsence(database.db, a, a.employee, {
      key: 'sick',
      from: '2026-06-01',
      to: '2026-06-02',
    });
    let now = await calendarAs(a.outsider, 'month=2026-06');
    expect(rowOf(now.body, a.employee.id).absences.map((x) => [x.id, x.type])).toEqual([
      [id, null],
    ]);
    await database.db
      .updateTable('absence_types')
      .set({ visible_to_colleagues: true, updated_at: new Date() })
      .where('tenant_id', '=', a.tenant.id)
      .where('key', '=', 'sick')
      .execute();
    try {
      now = await calendarAs(a.outsider, 'month=2026-06');
      expect(rowOf(now.body, a.employee.id).absences[0]?.type?.name.de).toBe('Krankheit');
    } finally {
      await database.db
        .updateTable('absence_types')
        .set({ visible_to_colleagues: false, updated_at: new Date() })
        .where('tenant_id', '=', a.tenant.id)
        .where('key', '=', 'sick')
        .execute();
    }
    await database.db
      .updateTable('users')
      .set({ name: 'Neuer Name', updated_at: new Date() })
      .where('id', '=', a.employee.id)
      .execute();
    await database.db
      .insertInto('closure_days')
      .values({ tenant_id: a.tenant.id, day: '2026-06-05', name: 'Brückentag', half: false })
      .execute();
    await database.db
      .updateTable('absences')
      .set({ status: 'cancelled' })
      .where('id', '=', id)
      .execute();
    now = await calendarAs(a.outsider, 'month=2026-06');
    expect(rowOf(now.body, a.employee.id).name).toBe('Neuer Name');
    await database.db
      .updateTable('users')
      .set({ name: a.employee.name, updated_at: new Date() })
      .where('id', '=', a.employee.id)
      .execute();
    expect(rowOf(now.body, a.employee.id).absences).toEqual([]);
    expect(now.body.days.find((d) => d.day === '2026-06-05')?.closure?.name).toBe('Brückentag');
    // Another viewer of the same month gets their own view, not the first one's.
    const own = await calendarAs(a.outsider, 'month=2026-04');
    const colleague = await calendarAs(a.employee, 'month=2026-04');
    expect(absenceIn(own.body, a.outsider.id, ids.outsiderSick!)?.type).not.toBeNull();
    expect(absenceIn(colleague.body, a.outsider.id, ids.outsiderSick!)?.type).toBeNull();
  });
});

describe('team calendar: remembered under the company’s calendar version (migration 0013)', () => {
  const versionOf = async (company: Company) =>
    (
      await database.db
        .selectFrom('calendar_versions')
        .select('version')
        .where('tenant_id', '=', company.tenant.id)
        .executeTakeFirst()
    )?.version ?? '0';
  /** Runs SQL as a script or psql would: past the app, without touching updated_at. */
  const run = (query: ReturnType<typeof sql>) => query.execute(database.db);

  it('shows what plain SQL changes at once: absences, types, people, teams, managers, days', async () => {
    // 2027, so the year view's 2026 stays as set up; the outsider's open sickness runs through.
    const month = 'month=2027-11';
    // The type's name as the viewer sees it: null for "abwesend", undefined when not listed.
    const typeOf = async (viewer: Company['admin'], userId: string, id: string) => {
      const absence = absenceIn((await calendarAs(viewer, month)).body, userId, id);
      return absence && (absence.type?.name.de ?? null);
    };
    // Each change follows a request of the month, so a remembered one must be found stale.
    const change = async (query: ReturnType<typeof sql>) => {
      await calendarAs(a.employee, month);
      await run(query);
    };
    expect(rowOf((await calendarAs(a.outsider, month)).body, a.employee.id).absences).toEqual([]);

    const { rows } = await sql<{ id: string }>`
      INSERT INTO absences (tenant_id, user_id, type_id, start_day, end_day, status, created_by)
      SELECT ${a.tenant.id}, ${a.employee.id}, id, '2027-11-08', '2027-11-09', 'approved', ${a.employee.id}
      FROM absence_types WHERE tenant_id = ${a.tenant.id} AND key = 'sick'
      RETURNING id`.execute(database.db);
    const id = rows[0]!.id;
    expect(await typeOf(a.outsider, a.employee.id, id)).toBeNull();
    await change(sql`UPDATE absences SET end_day = '2027-11-11' WHERE id = ${id}`);
    expect(absenceIn((await calendarAs(a.outsider, month)).body, a.employee.id, id)?.to).toBe(
      '2027-11-11',
    );

    // A type's visibility and name.
    const sick = sql`tenant_id = ${a.tenant.id} AND key = 'sick'`;
    await change(sql`UPDATE absence_types SET visible_to_colleagues = true WHERE ${sick}`);
    expect(await typeOf(a.outsider, a.employee.id, id)).toBe('Krankheit');
    await change(sql`UPDATE absence_types SET visible_to_colleagues = false WHERE ${sick}`);
    expect(await typeOf(a.outsider, a.employee.id, id)).toBeNull();
    await change(sql`UPDATE absence_types SET name_de = 'Krank gemeldet' WHERE ${sick}`);
    expect(await typeOf(a.manager, a.employee.id, id)).toBe('Krank gemeldet');
    await change(sql`UPDATE absence_types SET name_de = 'Krankheit' WHERE ${sick}`);

    // A person's name, team and employment; a team's managers.
    await change(sql`UPDATE users SET name = 'Umbenannt' WHERE id = ${a.employee.id}`);
    expect(rowOf((await calendarAs(a.outsider, month)).body, a.employee.id).name).toBe('Umbenannt');
    await change(sql`UPDATE users SET name = ${a.employee.name} WHERE id = ${a.employee.id}`);
    const outsiderSick = ids.outsiderSick!;
    expect(await typeOf(a.manager, a.outsider.id, outsiderSick)).toBeNull();
    await change(sql`UPDATE users SET team_id = ${a.team.id} WHERE id = ${a.outsider.id}`);
    expect(await typeOf(a.manager, a.outsider.id, outsiderSick)).toBe('Krankheit');
    await change(sql`UPDATE users SET team_id = ${a.otherTeam.id} WHERE id = ${a.outsider.id}`);
    expect(await typeOf(a.manager, a.outsider.id, outsiderSick)).toBeNull();
    await change(sql`INSERT INTO team_managers (tenant_id, team_id, user_id)
      VALUES (${a.tenant.id}, ${a.otherTeam.id}, ${a.manager.id})`);
    expect(await typeOf(a.manager, a.outsider.id, outsiderSick)).toBe('Krankheit');
    await change(sql`DELETE FROM team_managers
      WHERE team_id = ${a.otherTeam.id} AND user_id = ${a.manager.id}`);
    expect(await typeOf(a.manager, a.outsider.id, outsiderSick)).toBeNull();
    const listed = async () => (await calendarAs(a.employee, month)).body.people.map((p) => p.id);
    await change(sql`UPDATE users SET end_date = '2027-10-31' WHERE id = ${a.outsider.id}`);
    expect(await listed()).not.toContain(a.outsider.id);
    await change(sql`UPDATE users SET end_date = NULL WHERE id = ${a.outsider.id}`);
    expect(await listed()).toContain(a.outsider.id);
    await change(sql`UPDATE users SET status = 'disabled' WHERE id = ${a.outsider.id}`);
    expect(await listed()).not.toContain(a.outsider.id);
    await change(sql`UPDATE users SET status = 'active' WHERE id = ${a.outsider.id}`);
    expect(await listed()).toContain(a.outsider.id);

    // A team made after its (empty) calendar was asked for.
    const teamId = '4f1c9a43-0000-4000-8000-000000000001';
    expect((await calendarAs(a.employee, `${month}&teamId=${teamId}`)).res.statusCode).toBe(404);
    await run(
      sql`INSERT INTO teams (id, tenant_id, name) VALUES (${teamId}, ${a.tenant.id}, 'Neu')`,
    );
    expect((await calendarAs(a.employee, `${month}&teamId=${teamId}`)).body.people).toEqual([]);

    // Closure days and the company's holiday region.
    const day = async (d: string) =>
      (await calendarAs(a.employee, month)).body.days.find((x) => x.day === d)!;
    await change(sql`INSERT INTO closure_days (tenant_id, day, name)
      VALUES (${a.tenant.id}, '2027-11-19', 'Inventur')`);
    expect((await day('2027-11-19')).closure).toEqual({ name: 'Inventur', half: false });
    await change(sql`UPDATE closure_days SET half = true
      WHERE tenant_id = ${a.tenant.id} AND day = '2027-11-19'`);
    expect((await day('2027-11-19')).closure?.half).toBe(true);
    expect((await day('2027-11-17')).holiday).toBeNull();
    await change(sql`UPDATE tenants SET holiday_region = 'DE-SN' WHERE id = ${a.tenant.id}`);
    try {
      expect((await day('2027-11-17')).holiday).toBe('Buß- und Bettag');
    } finally {
      await change(sql`UPDATE tenants SET holiday_region = 'DE-BY' WHERE id = ${a.tenant.id}`);
    }

    // Cancelled and deleted absences leave.
    await change(sql`UPDATE absences SET status = 'cancelled' WHERE id = ${id}`);
    expect(absenceIn((await calendarAs(a.employee, month)).body, a.employee.id, id)).toBe(
      undefined,
    );
    await change(sql`UPDATE absences SET status = 'approved' WHERE id = ${id}`);
    expect(absenceIn((await calendarAs(a.employee, month)).body, a.employee.id, id)).toBeDefined();
    await change(sql`DELETE FROM absences WHERE id = ${id}`);
    expect(rowOf((await calendarAs(a.outsider, month)).body, a.employee.id).absences).toEqual([]);
  });

  it('is not raised by what the calendar does not show; once per company and statement', async () => {
    const before = await versionOf(a);
    await run(sql`UPDATE users SET last_login_at = now(), locale = 'en',
      tokens_valid_after = tokens_valid_after - interval '1 second',
      password_hash = password_hash || '' WHERE tenant_id = ${a.tenant.id}`);
    await run(sql`UPDATE absences SET note = 'Nachtrag', reminded_at = now()
      WHERE tenant_id = ${a.tenant.id}`);
    await run(sql`UPDATE absence_types SET sort_order = sort_order + 1, needs_approval = true
      WHERE tenant_id = ${a.tenant.id}`);
    await run(sql`UPDATE teams SET name = name || '.' WHERE tenant_id = ${a.tenant.id}`);
    await run(sql`UPDATE tenants SET name = name || '.' WHERE id = ${a.tenant.id}`);
    expect(await versionOf(a)).toBe(before);

    // Several rows of two companies in one statement: each company's version once.
    const beta = await versionOf(b);
    await run(
      sql`UPDATE closure_days SET name = name WHERE tenant_id IN (${a.tenant.id}, ${b.tenant.id})`,
    );
    expect(Number(await versionOf(a))).toBe(Number(before) + 1);
    expect(Number(await versionOf(b))).toBe(Number(beta) + 1);
  });

  it('gives each viewer their own view when answers are shared, and moves today on', async () => {
    const month = 'month=2027-09';
    const own = await insertAbsence(database.db, a, a.employee, {
      key: 'sick',
      from: '2027-09-06',
      to: '2027-09-07',
    });
    const others = ids.outsiderSick!;
    const approves = (viewer: Company['admin'], userId: string) =>
      viewer.role === 'admin' ||
      viewer.id === userId ||
      (viewer.id === a.manager.id && userId === a.employee.id);
    // Twice round, so the second round is answered from what the first remembered.
    for (const viewer of [
      a.employee,
      a.outsider,
      a.manager,
      a.admin,
      a.employee,
      a.outsider,
      a.manager,
      a.admin,
    ]) {
      const { body } = await calendarAs(viewer, month);
      for (const [userId, id] of [
        [a.employee.id, own],
        [a.outsider.id, others],
      ] as const) {
        expect(absenceIn(body, userId, id)?.type === null, `${viewer.role} ${viewer.id}`).toBe(
          !approves(viewer, userId),
        );
      }
    }
    expect((await calendarAs(a.employee, month)).body.today).toBe('2026-04-16');
    clock.set(new Date('2026-04-16T22:30:00Z'));
    try {
      expect((await calendarAs(a.employee, month)).body.today).toBe('2026-04-17');
    } finally {
      clock.set(new Date('2026-04-16T10:00:00Z'));
    }
  });

  it('are sent exactly as the response schema describes them (the JSON skips the serializer)', async () => {
    await run(sql`UPDATE users SET name = 'Jürgen Weiß' WHERE id = ${a.employee.id}`);
    try {
      for (const viewer of [a.admin, a.outsider]) {
        const { res, body } = await calendarAs(viewer, 'month=2026-04');
        expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
        // Parsing strips unknown keys and fails on wrong types: equal means exactly the schema.
        expect(TeamCalendarSchema.parse(body)).toEqual(body);
        // Written in ASCII (ü as \u00fc), read back as it is.
        expect(res.body).toMatch(/^[\x20-\x7e]+$/);
        expect(rowOf(body, a.employee.id).name).toBe('Jürgen Weiß');
      }
    } finally {
      await run(sql`UPDATE users SET name = ${a.employee.name} WHERE id = ${a.employee.id}`);
    }
  });
});

describe('year view', () => {
  const yearAs = async (as: Company['admin'], query: string) => {
    const res = await callAs(t.app, as, 'GET', `/absences/year?${query}`);
    return { res, body: res.json<PersonYear>() };
  };

  it('gives a person’s twelve months with holidays and the absences of the year', async () => {
    const { res, body } = await yearAs(a.outsider, `userId=${a.employee.id}&year=2026`);
    expect(res.statusCode).toBe(200);
    expect(body.person).toEqual({ id: a.employee.id, name: a.employee.name, teamId: a.team.id });
    expect(body.days).toHaveLength(365);
    expect(body.days.find((d) => d.day === '2026-01-06')?.holiday).toBe('Heilige Drei Könige');
    expect(body.days.find((d) => d.day === '2026-04-24')?.closure?.half).toBe(true);
    expect(body.absences.map((x) => x.id).sort()).toEqual(
      [ids.sick, ids.pending, ids.nextYear].sort(),
    );
    // The same visibility as the month: a colleague does not learn it was sickness.
    expect(body.absences.find((x) => x.id === ids.sick)?.type).toBeNull();
    expect(res.body).not.toContain('Magen-Darm');
    const manager = await yearAs(a.manager, `userId=${a.employee.id}&year=2026`);
    expect(manager.body.absences.find((x) => x.id === ids.sick)?.type?.name.de).toBe('Krankheit');
  });

  it('answers 404 for a person of another company or an invitee, 400 for a bad year', async () => {
    expect((await yearAs(a.admin, `userId=${b.employee.id}&year=2026`)).res.statusCode).toBe(404);
    expect((await yearAs(a.admin, `userId=${a.invited.id}&year=2026`)).res.statusCode).toBe(404);
    expect((await yearAs(a.admin, `userId=${a.employee.id}&year=1900`)).res.statusCode).toBe(400);
  });
});

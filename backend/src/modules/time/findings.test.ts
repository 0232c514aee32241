import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestDatabase } from '../../../test/helpers.js';
import { buildTestApp, createTestDatabase, manualClock } from '../../../test/helpers.js';
import type { Company } from '../../../test/world.js';
import { createCompany, tokenFor } from '../../../test/world.js';

let database: TestDatabase;
let t: TestApp;
let a: Company;
let b: Company;
const clock = manualClock(new Date('2026-05-04T10:00:00Z'));
const local = (day: string, time: string) => new Date(`${day}T${time}:00+02:00`);

/** A finished entry of the person. */
function entry(c: Company, user: Company['employee'], day: string, from: string, to: string) {
  return database.db
    .insertInto('time_entries')
    .values({
      tenant_id: c.tenant.id,
      user_id: user.id,
      started_at: local(day, from),
      ended_at: local(day, to),
      end_reason: 'clock_out',
      source: 'clock',
      created_by: user.id,
    })
    .execute();
}

beforeAll(async () => {
  database = await createTestDatabase();
  t = await buildTestApp({ database, clock, redis: false });
  a = await createCompany(database.db, 'Alpha');
  b = await createCompany(database.db, 'Beta');
  // Employee (manager's team): 11 h without a break on Tuesday; outsider: Sunday work;
  // Beta's employee: the same 11 h day, never to be seen by Alpha.
  await entry(a, a.employee, '2026-04-14', '07:00', '18:00');
  await entry(a, a.outsider, '2026-04-19', '09:00', '13:00');
  await entry(b, b.employee, '2026-04-14', '07:00', '18:00');
  // Context before the period: a late shift that leaves under 11 h rest before the 14th.
  await entry(a, a.employee, '2026-04-13', '17:00', '23:00');
});
afterAll(async () => {
  await t.close();
  await database.drop();
});

interface Report {
  findings: { userId: string; name: string; day: string; code: string; severity: string }[];
  counts: { violation: number; warning: number; info: number };
}

async function findings(as: Company['admin'], query: string) {
  return t.app.inject({
    method: 'GET',
    url: `/api/v1/time/findings?${query}`,
    headers: { authorization: `Bearer ${await tokenFor(t.app, as)}` },
  });
}

describe('GET /api/v1/time/findings', () => {
  it('lists the whole company for admins, with the rest period from the day before', async () => {
    const res = await findings(a.admin, 'from=2026-04-14&to=2026-04-30');
    expect(res.statusCode).toBe(200);
    const report = res.json<Report>();
    const of = (userId: string) =>
      report.findings.filter((f) => f.userId === userId).map((f) => `${f.day} ${f.code}`);
    expect(of(a.employee.id)).toEqual(
      expect.arrayContaining([
        '2026-04-14 ARBZG_DAILY_OVER_10H',
        '2026-04-14 ARBZG_BREAK_MISSING',
        '2026-04-14 ARBZG_REST_UNDER_11H',
      ]),
    );
    expect(of(a.outsider.id)).toContain('2026-04-19 ARBZG_SUNDAY_WORK');
    // The 13th is before the period: its findings are context only.
    expect(report.findings.some((f) => f.day < '2026-04-14')).toBe(false);
    expect(report.counts.violation).toBe(
      report.findings.filter((f) => f.severity === 'violation').length,
    );
    expect(res.body).not.toContain(b.employee.id);
  });

  it("shows managers only their team, employees only themselves, and never another company's", async () => {
    const manager = (await findings(a.manager, 'from=2026-04-01&to=2026-04-30')).json<Report>();
    expect(new Set(manager.findings.map((f) => f.userId))).toEqual(new Set([a.employee.id]));
    const own = (await findings(a.outsider, 'from=2026-04-01&to=2026-04-30')).json<Report>();
    expect(new Set(own.findings.map((f) => f.userId))).toEqual(new Set([a.outsider.id]));
    // Filters with another company's ids find nothing instead of leaking.
    for (const query of [`teamId=${b.team.id}`, `userId=${b.employee.id}`]) {
      const res = await findings(a.admin, `from=2026-04-01&to=2026-04-30&${query}`);
      expect(res.statusCode).toBe(200);
      expect(res.json<Report>().findings).toEqual([]);
    }
    const team = (
      await findings(a.admin, `from=2026-04-01&to=2026-04-30&teamId=${a.otherTeam.id}`)
    ).json<Report>();
    expect(new Set(team.findings.map((f) => f.userId))).toEqual(new Set([a.outsider.id]));
  });

  it('refuses a period that is too long or backwards', async () => {
    expect((await findings(a.admin, 'from=2026-01-01&to=2026-12-31')).statusCode).toBe(400);
    expect((await findings(a.admin, 'from=2026-04-30&to=2026-04-01')).statusCode).toBe(400);
  });
});

describe('GET /api/v1/time/team', () => {
  interface TeamMonth {
    people: {
      userId: string;
      totals: { workedMinutes: number };
      lock: string;
      findings: { violation: number };
    }[];
  }
  const team = async (as: Company['admin'], query: string) =>
    t.app.inject({
      method: 'GET',
      url: `/api/v1/time/team?${query}`,
      headers: { authorization: `Bearer ${await tokenFor(t.app, as)}` },
    });

  it('gives managers their team and admins the company, with totals, closing and findings', async () => {
    await database.db
      .insertInto('month_locks')
      .values({
        tenant_id: a.tenant.id,
        user_id: a.employee.id,
        month: '2026-04-01',
        status: 'submitted',
      })
      .execute();
    const mine = (await team(a.manager, 'month=2026-04')).json<TeamMonth>();
    // The manager belongs to the team they lead; the outsider's team is not theirs.
    expect(new Set(mine.people.map((p) => p.userId))).toEqual(
      new Set([a.employee.id, a.manager.id]),
    );
    const employee = mine.people.find((p) => p.userId === a.employee.id);
    expect(employee).toMatchObject({
      totals: { workedMinutes: 11 * 60 + 6 * 60 },
      lock: 'submitted',
    });
    expect(employee?.findings.violation).toBeGreaterThan(0);

    const all = (await team(a.admin, 'month=2026-04')).json<TeamMonth>();
    expect(all.people.map((p) => p.userId)).toEqual(
      expect.arrayContaining([a.employee.id, a.outsider.id, a.manager.id, a.admin.id]),
    );
    expect(JSON.stringify(all)).not.toContain(b.employee.id);
    const other = (await team(a.admin, `month=2026-04&teamId=${b.team.id}`)).json<TeamMonth>();
    expect(other.people).toEqual([]);
    expect((await team(a.employee, 'month=2026-04')).statusCode).toBe(403);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestDatabase } from '../../../test/helpers.js';
import { buildTestApp, createTestDatabase, manualClock } from '../../../test/helpers.js';
import type { Company } from '../../../test/world.js';
import { createCompany, tokenFor } from '../../../test/world.js';

let database: TestDatabase;
let t: TestApp;
let a: Company;
// Monday 4 May 2026, 12:00 in Berlin.
const clock = manualClock(new Date('2026-05-04T10:00:00Z'));
const at = (day: string, time: string) => `${day}T${time}:00+02:00`;

beforeAll(async () => {
  database = await createTestDatabase();
  t = await buildTestApp({ database, clock, redis: false });
  a = await createCompany(database.db, 'Alpha');
});
afterAll(async () => {
  await t.close();
  await database.drop();
});

async function as(user: Company['admin']) {
  const headers = { authorization: `Bearer ${await tokenFor(t.app, user)}` };
  return {
    add: (body: object) =>
      t.app.inject({ method: 'POST', url: '/api/v1/time/entries', headers, payload: body }),
    change: (id: string, body: object) =>
      t.app.inject({ method: 'PATCH', url: `/api/v1/time/entries/${id}`, headers, payload: body }),
    remove: (id: string, body: object) =>
      t.app.inject({ method: 'DELETE', url: `/api/v1/time/entries/${id}`, headers, payload: body }),
    month: (userId: string, month: string) =>
      t.app.inject({
        method: 'GET',
        url: `/api/v1/time/month?month=${month}&userId=${userId}`,
        headers,
      }),
  };
}

const codeOf = (res: { json: <T>() => T }) => res.json<{ error: { code: string } }>().error.code;

describe('manual entries and corrections', () => {
  it('lets an employee add a forgotten day with a reason, audited', async () => {
    const employee = await as(a.employee);
    const noReason = await employee.add({
      start: at('2026-04-30', '08:00'),
      end: at('2026-04-30', '16:30'),
    });
    expect(noReason.statusCode).toBe(400);
    const res = await employee.add({
      start: at('2026-04-30', '08:00'),
      end: at('2026-04-30', '16:30'),
      reason: 'Stempeln vergessen',
    });
    expect(res.statusCode).toBe(201);
    const entry = res.json<{ id: string; source: string }>();
    expect(entry.source).toBe('manual');
    const audit = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', entry.id)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      action: 'time_entry.created',
      reason: 'Stempeln vergessen',
      actor_user_id: a.employee.id,
    });
    const sheet = (await employee.month(a.employee.id, '2026-04')).json<{
      days: { day: string; workedMinutes: number }[];
    }>();
    expect(sheet.days.find((d) => d.day === '2026-04-30')?.workedMinutes).toBe(510);
  });

  it('refuses overlaps, entries in the future and ends before starts', async () => {
    const employee = await as(a.employee);
    const overlap = await employee.add({
      start: at('2026-04-30', '16:00'),
      end: at('2026-04-30', '18:00'),
      reason: 'Überstunden',
    });
    expect(codeOf(overlap)).toBe('ENTRY_OVERLAP');
    const future = await employee.add({
      start: at('2026-05-04', '13:00'),
      end: at('2026-05-04', '14:00'),
      reason: 'geplant',
    });
    expect(future.statusCode).toBe(400);
    const backwards = await employee.add({
      start: at('2026-04-29', '10:00'),
      end: at('2026-04-29', '09:00'),
      reason: 'verdreht',
    });
    expect(backwards.statusCode).toBe(400);
  });

  it('keeps employees inside the edit window; managers correct their team', async () => {
    const employee = await as(a.employee);
    const old = await employee.add({
      start: at('2026-04-01', '08:00'),
      end: at('2026-04-01', '16:00'),
      reason: 'nachgetragen',
    });
    expect(old.statusCode).toBe(403);
    expect(codeOf(old)).toBe('EDIT_WINDOW_CLOSED');

    const manager = await as(a.manager);
    const corrected = await manager.add({
      userId: a.employee.id,
      start: at('2026-04-01', '08:00'),
      end: at('2026-04-01', '16:00'),
      reason: 'laut Schichtplan',
    });
    expect(corrected.statusCode).toBe(201);
    expect(corrected.json<{ source: string }>().source).toBe('correction');
    const outsider = await manager.add({
      userId: a.outsider.id,
      start: at('2026-04-02', '08:00'),
      end: at('2026-04-02', '16:00'),
      reason: 'fremdes Team',
    });
    expect(outsider.statusCode).toBe(404);
  });

  it('changes and deletes with before/after kept; deleted entries stop counting but stay', async () => {
    const employee = await as(a.employee);
    const created = (
      await employee.add({
        start: at('2026-04-28', '08:00'),
        end: at('2026-04-28', '12:00'),
        reason: 'nachgetragen',
      })
    ).json<{ id: string }>();
    const changed = await employee.change(created.id, {
      end: at('2026-04-28', '13:00'),
      reason: 'Ende falsch',
    });
    expect(changed.json()).toMatchObject({ end: '2026-04-28T11:00:00.000Z' });
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['before', 'after', 'reason'])
      .where('entity_id', '=', created.id)
      .where('action', '=', 'time_entry.updated')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      before: { end: '2026-04-28T10:00:00.000Z' },
      after: { end: '2026-04-28T11:00:00.000Z' },
      reason: 'Ende falsch',
    });

    expect((await employee.remove(created.id, {})).statusCode).toBe(400);
    expect((await employee.remove(created.id, { reason: 'doppelt erfasst' })).statusCode).toBe(204);
    const row = await database.db
      .selectFrom('time_entries')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ delete_reason: 'doppelt erfasst', deleted_by: a.employee.id });
    const sheet = (await employee.month(a.employee.id, '2026-04')).json<{
      days: { day: string; workedMinutes: number }[];
    }>();
    expect(sheet.days.find((d) => d.day === '2026-04-28')?.workedMinutes).toBe(0);
    expect((await employee.change(created.id, { note: 'x', reason: 'zu spät' })).statusCode).toBe(
      404,
    );
  });

  it('shows the Historie with the reason to the employee, and deleted entries as deleted', async () => {
    const manager = await as(a.manager);
    const added = (
      await manager.add({
        userId: a.employee.id,
        start: at('2026-04-29', '08:00'),
        end: at('2026-04-29', '12:00'),
        reason: 'laut Schichtplan',
      })
    ).json<{ id: string }>();
    await manager.change(added.id, { end: at('2026-04-29', '12:30'), reason: 'Übergabe länger' });
    await manager.remove(added.id, { reason: 'doch im Urlaub' });

    const headers = { authorization: `Bearer ${await tokenFor(t.app, a.employee)}` };
    const history = await t.app.inject({
      method: 'GET',
      url: `/api/v1/time/entries/${added.id}/history`,
      headers,
    });
    expect(history.statusCode).toBe(200);
    const body = history.json<{
      entry: { deleted: boolean; deleteReason: string };
      changes: { action: string; reason: string; actor: { name: string } }[];
    }>();
    expect(body.entry).toMatchObject({ deleted: true, deleteReason: 'doch im Urlaub' });
    expect(body.changes.map((c) => [c.action, c.reason, c.actor.name])).toEqual([
      ['created', 'laut Schichtplan', a.manager.name],
      ['updated', 'Übergabe länger', a.manager.name],
      ['deleted', 'doch im Urlaub', a.manager.name],
    ]);

    type Sheet = {
      days: { day: string; entries: { id: string; deleted: boolean; changed: boolean }[] }[];
    };
    const dayOf = (sheet: Sheet) => sheet.days.find((d) => d.day === '2026-04-29')!;
    const plain = (await manager.month(a.employee.id, '2026-04')).json<Sheet>();
    expect(dayOf(plain).entries.map((e) => e.id)).not.toContain(added.id);
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/time/month?month=2026-04&userId=${a.employee.id}&includeDeleted=true`,
      headers,
    });
    const withDeleted = res.json<Sheet>();
    expect(dayOf(withDeleted).entries.find((e) => e.id === added.id)).toMatchObject({
      deleted: true,
      changed: true,
    });
    // The outsider's manager scope does not reach it; another company never does.
    const outsiderView = await t.app.inject({
      method: 'GET',
      url: `/api/v1/time/entries/${added.id}/history`,
      headers: { authorization: `Bearer ${await tokenFor(t.app, a.outsider)}` },
    });
    expect(outsiderView.statusCode).toBe(404);
  });

  it('leaves approved months to admin corrections', async () => {
    await database.db
      .insertInto('month_locks')
      .values({
        tenant_id: a.tenant.id,
        user_id: a.employee.id,
        month: '2026-04-01',
        status: 'approved',
      })
      .execute();
    const employee = await as(a.employee);
    const locked = await employee.add({
      start: at('2026-04-27', '08:00'),
      end: at('2026-04-27', '12:00'),
      reason: 'nachgetragen',
    });
    expect(codeOf(locked)).toBe('MONTH_LOCKED');
    const manager = await as(a.manager);
    expect(
      codeOf(
        await manager.add({
          userId: a.employee.id,
          start: at('2026-04-27', '08:00'),
          end: at('2026-04-27', '12:00'),
          reason: 'Korrektur',
        }),
      ),
    ).toBe('MONTH_LOCKED');
    const admin = await as(a.admin);
    const correction = await admin.add({
      userId: a.employee.id,
      start: at('2026-04-27', '08:00'),
      end: at('2026-04-27', '12:00'),
      reason: 'Korrektur nach Abschluss',
    });
    expect(correction.statusCode).toBe(201);
  });
});

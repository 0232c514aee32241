import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downgrade, upgrade } from '../../db/migrator.js';
import { createUser } from '../../../test/factories.js';
import type { TestApp, TestDatabase } from '../../../test/helpers.js';
import { buildTestApp, createTestDatabase } from '../../../test/helpers.js';
import type { Company } from '../../../test/world.js';
import { createCompany, tokenFor } from '../../../test/world.js';
import { DEFAULT_ABSENCE_TYPES } from './defaults.js';
import { ABSENCE_TYPE_COLORS } from './palette.js';
import type { AbsenceType } from './types.js';

let database: TestDatabase;
let t: TestApp;
let a: Company;
let b: Company;

beforeAll(async () => {
  database = await createTestDatabase();
  t = await buildTestApp({ database, redis: false });
  a = await createCompany(database.db, 'Alpha');
  b = await createCompany(database.db, 'Beta');
});
afterAll(async () => {
  await t.close();
  await database.drop();
});

type Someone = { id: string; tenant_id: string | null; role: Company['admin']['role'] };

async function call(as: Someone, method: 'GET' | 'POST' | 'PATCH', url: string, body?: object) {
  return t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { authorization: `Bearer ${await tokenFor(t.app, as)}` },
    ...(body ? { payload: body } : {}),
  });
}

const errorOf = (res: { json: () => unknown }) =>
  (res.json() as { error: { code: string; details?: { fields: { field: string }[] } } }).error;

/** A valid body for a company's own type. */
const own = (name: string, overrides: object = {}) => ({
  name: { de: name, en: `${name} (en)` },
  color: '#15803D',
  deductsVacation: false,
  creditsTarget: true,
  deductsOvertime: false,
  needsApproval: true,
  halfDaysAllowed: false,
  visibleToColleagues: true,
  ...overrides,
});

/** What the defaults look like through the API (everything but ids and times). */
const asListed = (types: readonly (typeof DEFAULT_ABSENCE_TYPES)[number][]) =>
  types.map((d) => ({ ...d, active: true }));
const settingsOf = (types: AbsenceType[]) =>
  types.map(({ id: _id, createdAt: _c, updatedAt: _u, ...rest }) => rest);

async function auditOf(id: string) {
  return database.db
    .selectFrom('audit_log')
    .select(['tenant_id', 'actor_user_id', 'action', 'before', 'after'])
    .where('entity_type', '=', 'absence_type')
    .where('entity_id', '=', id)
    .orderBy('id')
    .execute();
}

/** WCAG 2 contrast ratio of a colour against white. */
function contrastOnWhite(hex: string): number {
  const channel = (i: number) => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return 1.05 / (luminance + 0.05);
}

describe('the colour palette', () => {
  it('offers only colours with at least 3:1 contrast against white (UX.md), ten of them', () => {
    expect(ABSENCE_TYPE_COLORS).toHaveLength(10);
    expect(new Set(ABSENCE_TYPE_COLORS).size).toBe(10);
    for (const color of ABSENCE_TYPE_COLORS) {
      expect(contrastOnWhite(color), color).toBeGreaterThanOrEqual(3);
    }
  });

  it('is the list the database accepts', async () => {
    for (const color of ABSENCE_TYPE_COLORS) {
      const res = await call(a.admin, 'PATCH', `/absence-types/${a.absenceType.id}`, { color });
      expect(res.statusCode, color).toBe(200);
    }
    await expect(
      database.db
        .updateTable('absence_types')
        .set({ color: '#FFFF00' })
        .where('id', '=', a.absenceType.id)
        .execute(),
    ).rejects.toThrow(/check constraint/);
    await call(a.admin, 'PATCH', `/absence-types/${a.absenceType.id}`, { color: '#2563EB' });
  });
});

describe('default absence types', () => {
  it('come with a company created through the API, in the same transaction', async () => {
    const superAdmin = await createUser(database.db, { tenantId: null, role: 'super_admin' });
    const res = await call(superAdmin, 'POST', '/tenants', {
      name: 'Neugründung GmbH',
      holidayRegion: 'DE-HE',
      firstAdmin: { email: 'chefin@neugruendung.example', name: 'Chefin' },
    });
    expect(res.statusCode).toBe(201);
    const tenantId = res.json<{ id: string }>().id;
    const member = await createUser(database.db, { tenantId, role: 'employee' });
    const listed = (await call(member, 'GET', '/absence-types')).json<AbsenceType[]>();
    expect(settingsOf(listed)).toEqual(asListed(DEFAULT_ABSENCE_TYPES));

    // A company that fails to be created (the e-mail is taken) leaves no types behind.
    const before = await database.db
      .selectFrom('absence_types')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const taken = await call(superAdmin, 'POST', '/tenants', {
      name: 'Doppelt GmbH',
      holidayRegion: 'DE-HE',
      firstAdmin: { email: 'chefin@neugruendung.example', name: 'Chefin' },
    });
    expect(taken.statusCode).toBe(409);
    const after = await database.db
      .selectFrom('absence_types')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('encode the German rules: sickness recorded and private, certificate on day 4 (EFZG §5)', () => {
    const byKey = Object.fromEntries(DEFAULT_ABSENCE_TYPES.map((d) => [d.key, d]));
    expect(byKey.vacation).toMatchObject({
      deductsVacation: true,
      creditsTarget: true,
      needsApproval: true,
      halfDaysAllowed: true,
      visibleToColleagues: true,
    });
    expect(byKey.sick).toMatchObject({
      creditsTarget: true,
      needsApproval: false,
      certificateAfterDays: 3, // more than 3 calendar days → due on day 4
      visibleToColleagues: false,
    });
    expect(byKey.child_sick).toMatchObject({
      creditsTarget: false, // §45 SGB V: paid by the health insurer, not the employer
      needsApproval: false,
      certificateAfterDays: 0, // from the first day
      visibleToColleagues: false,
    });
    expect(byKey.overtime_off).toMatchObject({
      deductsOvertime: true,
      creditsTarget: false,
      needsApproval: true,
      halfDaysAllowed: true,
    });
    expect(byKey.unpaid_leave).toMatchObject({ creditsTarget: false, needsApproval: true });
    for (const key of ['special_leave', 'training', 'business_trip'] as const) {
      expect(byKey[key]).toMatchObject({ creditsTarget: true, needsApproval: true });
    }
  });

  it('are seeded by the migration into companies that existed before it', async () => {
    const old = await createTestDatabase({ empty: true });
    try {
      await upgrade(old.db, old.url, '0008');
      const tenant = await old.db
        .insertInto('tenants')
        .values({ name: 'Altbestand KG', holiday_region: 'DE-BY' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await upgrade(old.db, old.url, 'head');
      const rows = await old.db
        .selectFrom('absence_types')
        .selectAll()
        .where('tenant_id', '=', tenant.id)
        .orderBy('sort_order')
        .execute();
      // The migration's frozen copy matched the app's list when it shipped.
      expect(
        rows.map((r) => ({
          key: r.key,
          name: { de: r.name_de, en: r.name_en },
          color: r.color,
          deductsVacation: r.deducts_vacation,
          creditsTarget: r.credits_target,
          deductsOvertime: r.deducts_overtime,
          needsApproval: r.needs_approval,
          halfDaysAllowed: r.half_days_allowed,
          certificateAfterDays: r.certificate_after_days,
          visibleToColleagues: r.visible_to_colleagues,
          sortOrder: r.sort_order,
          active: r.active,
        })),
      ).toEqual(asListed(DEFAULT_ABSENCE_TYPES));

      // And its down removes them with the table, ready to run up again.
      await downgrade(old.db, old.url, '0008');
      await upgrade(old.db, old.url, 'head');
      const again = await old.db
        .selectFrom('absence_types')
        .select('key')
        .where('tenant_id', '=', tenant.id)
        .execute();
      expect(again).toHaveLength(DEFAULT_ABSENCE_TYPES.length);
    } finally {
      await old.drop();
    }
  });
});

describe('managing absence types (admin)', () => {
  it('adds, changes, deactivates and reactivates a type, each step in the audit log', async () => {
    const created = await call(a.admin, 'POST', '/absence-types', own('Betriebsausflug'));
    expect(created.statusCode).toBe(201);
    const type = created.json<AbsenceType>();
    expect(type).toMatchObject({
      key: null,
      name: { de: 'Betriebsausflug', en: 'Betriebsausflug (en)' },
      certificateAfterDays: null,
      active: true,
    });
    // Appended after the defaults.
    expect(type.sortOrder).toBeGreaterThan(80);

    const changed = await call(a.admin, 'PATCH', `/absence-types/${type.id}`, {
      name: { en: 'Company outing' },
      color: '#BE185D',
      visibleToColleagues: false,
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      name: { de: 'Betriebsausflug', en: 'Company outing' },
      color: '#BE185D',
      visibleToColleagues: false,
    });
    // A change that changes nothing is not recorded.
    expect(
      (await call(a.admin, 'PATCH', `/absence-types/${type.id}`, { color: '#BE185D' })).statusCode,
    ).toBe(200);

    const off = await call(a.admin, 'POST', `/absence-types/${type.id}/deactivate`);
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ active: false });
    expect((await call(a.admin, 'POST', `/absence-types/${type.id}/deactivate`)).statusCode).toBe(
      200,
    );
    const on = await call(a.admin, 'POST', `/absence-types/${type.id}/reactivate`);
    expect(on.json()).toMatchObject({ active: true });

    const audit = await auditOf(type.id);
    expect(audit.map((r) => r.action)).toEqual([
      'absence_type.created',
      'absence_type.changed',
      'absence_type.deactivated',
      'absence_type.reactivated',
    ]);
    expect(audit.every((r) => r.tenant_id === a.tenant.id && r.actor_user_id === a.admin.id)).toBe(
      true,
    );
    expect(audit[0]!.after).toMatchObject({ name: { de: 'Betriebsausflug' }, color: '#15803D' });
    expect(audit[1]!.before).toMatchObject({
      name: { en: 'Betriebsausflug (en)' },
      color: '#15803D',
    });
    expect(audit[1]!.after).toMatchObject({ name: { en: 'Company outing' }, color: '#BE185D' });
    expect(audit[2]).toMatchObject({ before: { active: true }, after: { active: false } });
  });

  it('keeps the key of a default type, whatever else changes', async () => {
    const sick = (await call(a.admin, 'GET', '/absence-types'))
      .json<AbsenceType[]>()
      .find((x) => x.key === 'sick')!;
    const refused = await call(a.admin, 'PATCH', `/absence-types/${sick.id}`, { key: 'vacation' });
    expect(refused.statusCode).toBe(400);
    const res = await call(a.admin, 'PATCH', `/absence-types/${sick.id}`, {
      name: { de: 'Arbeitsunfähigkeit' },
      certificateAfterDays: 0,
    });
    expect(res.json()).toMatchObject({ key: 'sick', certificateAfterDays: 0 });
  });

  it('hides deactivated types from everyone but admins who ask for them', async () => {
    const type = (
      await call(a.admin, 'POST', '/absence-types', own('Ehrenamt'))
    ).json<AbsenceType>();
    await call(a.admin, 'POST', `/absence-types/${type.id}/deactivate`);
    for (const who of [a.employee, a.manager, a.admin]) {
      const ids = (await call(who, 'GET', '/absence-types')).json<AbsenceType[]>().map((x) => x.id);
      expect(ids).not.toContain(type.id);
      expect(ids).toContain(a.absenceType.id);
    }
    const all = await call(a.admin, 'GET', '/absence-types?includeInactive=true');
    expect(all.json<AbsenceType[]>().find((x) => x.id === type.id)).toMatchObject({
      active: false,
    });
    for (const who of [a.employee, a.manager]) {
      expect((await call(who, 'GET', '/absence-types?includeInactive=true')).statusCode).toBe(403);
    }
  });

  it('is refused to employees and managers', async () => {
    const auditBefore = await auditOf(a.absenceType.id);
    for (const who of [a.employee, a.manager]) {
      expect((await call(who, 'POST', '/absence-types', own(`Von ${who.role}`))).statusCode).toBe(
        403,
      );
      const patch = await call(who, 'PATCH', `/absence-types/${a.absenceType.id}`, {
        needsApproval: false,
      });
      expect(patch.statusCode).toBe(403);
      expect(
        (await call(who, 'POST', `/absence-types/${a.absenceType.id}/deactivate`)).statusCode,
      ).toBe(403);
    }
    expect(await auditOf(a.absenceType.id)).toEqual(auditBefore);
  });

  it('never reaches another company’s types (404), nor lists them', async () => {
    for (const [method, url, body] of [
      ['PATCH', `/absence-types/${b.absenceType.id}`, { needsApproval: false }],
      ['POST', `/absence-types/${b.absenceType.id}/deactivate`, undefined],
      ['POST', `/absence-types/${b.absenceType.id}/reactivate`, undefined],
    ] as const) {
      const res = await call(a.admin, method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(errorOf(res).code).toBe('NOT_FOUND');
    }
    const listed = await call(a.admin, 'GET', '/absence-types?includeInactive=true');
    expect(listed.body).not.toContain(b.absenceType.id);
    expect(await auditOf(b.absenceType.id)).toEqual([]);
    // The same name is free in another company.
    expect((await call(b.admin, 'POST', '/absence-types', own('Betriebsausflug'))).statusCode).toBe(
      201,
    );
  });
});

describe('bad input', () => {
  const fieldsOf = (res: { json: () => unknown }) =>
    (errorOf(res).details?.fields ?? []).map((f) => f.field);

  it('explains each refused field', async () => {
    const cases: [object, string][] = [
      [own('Gelb', { color: '#FFFF00' }), 'body.color'],
      [own('Negativ', { certificateAfterDays: -1 }), 'body.certificateAfterDays'],
      [own('Bruch', { certificateAfterDays: 1.5 }), 'body.certificateAfterDays'],
      [own('Beides', { deductsVacation: true, deductsOvertime: true }), 'body.deductsOvertime'],
      [own('Gleit', { deductsOvertime: true }), 'body.creditsTarget'],
      [
        own('Urlaub ohne Lohn', { deductsVacation: true, creditsTarget: false }),
        'body.creditsTarget',
      ],
      [own('Leer', { name: { de: ' ', en: 'Empty' } }), 'body.name.de'],
      [own('Fremd', { tenantId: b.tenant.id }), 'body'],
      [own('Schlüssel', { key: 'vacation' }), 'body'],
    ];
    for (const [body, field] of cases) {
      const res = await call(a.admin, 'POST', '/absence-types', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(errorOf(res).code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(res), JSON.stringify(body)).toContain(field);
    }
  });

  it('checks the flags as they would be after a change', async () => {
    // Urlaub deducts vacation: it cannot also take the day from the Gleitzeit balance.
    const res = await call(a.admin, 'PATCH', `/absence-types/${a.absenceType.id}`, {
      deductsOvertime: true,
      creditsTarget: false,
    });
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res)).toEqual(['body.deductsOvertime', 'body.creditsTarget']);
  });

  it('refuses a name the company already uses, even deactivated or in other case (409)', async () => {
    const urlaub = await call(a.admin, 'POST', '/absence-types', own('urlaub'));
    expect(urlaub.statusCode).toBe(409);
    expect(errorOf(urlaub)).toMatchObject({
      code: 'ABSENCE_TYPE_NAME_TAKEN',
      details: { fields: [{ field: 'body.name.de' }] },
    });
    const retired = (
      await call(a.admin, 'POST', '/absence-types', own('Jubiläum'))
    ).json<AbsenceType>();
    await call(a.admin, 'POST', `/absence-types/${retired.id}/deactivate`);
    expect((await call(a.admin, 'POST', '/absence-types', own('JUBILÄUM'))).statusCode).toBe(409);
    const renamed = await call(a.admin, 'PATCH', `/absence-types/${retired.id}`, {
      name: { en: 'Vacation' },
    });
    expect(renamed.statusCode).toBe(409);
    expect(errorOf(renamed).details?.fields[0]?.field).toBe('body.name.en');
  });
});

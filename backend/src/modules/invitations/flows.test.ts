import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, createUser } from '../../../test/factories.js';
import type { TestApp, TestDatabase } from '../../../test/helpers.js';
import { buildTestApp, createTestDatabase, manualClock } from '../../../test/helpers.js';
import { tokenFor } from '../../../test/world.js';

const ORIGIN = 'http://localhost:8000';
let database: TestDatabase;
let t: TestApp;
// Ahead of the database's now() (tokens_valid_after of new users), with room for a slow run.
const clock = manualClock(new Date(Date.now() + 10 * 60_000));
let superAdminToken: string;

beforeAll(async () => {
  database = await createTestDatabase();
  t = await buildTestApp({ database, clock, redis: false });
  const superAdmin = await createUser(database.db, { tenantId: null, role: 'super_admin' });
  superAdminToken = await tokenFor(t.app, superAdmin);
});
afterAll(async () => {
  await t.close();
  await database.drop();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The newest queued mail to an address (the outbox row keeps its data until it is sent). */
async function lastMail(to: string) {
  return database.db
    .selectFrom('email_outbox')
    .select(['template', 'data', 'locale', 'status'])
    .where('to_email', '=', to)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

function tokenFromLink(link: unknown): string {
  const url = new URL(String(link));
  expect(url.origin).toBe(ORIGIN);
  return url.hash.slice(1);
}

async function createCompany(adminEmail: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/tenants',
    headers: bearer(superAdminToken),
    payload: {
      name: `Bäckerei ${adminEmail}`,
      holidayRegion: 'DE-BY',
      firstAdmin: { email: adminEmail, name: 'Erika Admin' },
    },
  });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string; counts: { invited: number } }>();
}

const accept = (token: string, password = 'ein-gutes-passwort', name = 'Erika Musterfrau') =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/invitations/accept',
    payload: { token, name, password },
  });

describe('company with its first admin, invitation and acceptance', () => {
  it('mails the first admin a link that signs them in once', async () => {
    const company = await createCompany('erika@baeckerei.example');
    expect(company.counts.invited).toBe(1);
    const mail = await lastMail('erika@baeckerei.example');
    expect(mail).toMatchObject({ template: 'invitation', locale: 'de', status: 'pending' });
    expect(mail!.data).toMatchObject({
      companyName: 'Bäckerei erika@baeckerei.example',
      role: 'admin',
    });
    const token = tokenFromLink((mail!.data as { acceptUrl: string }).acceptUrl);
    expect(new URL((mail!.data as { acceptUrl: string }).acceptUrl).pathname).toBe('/invitation');
    // Stored only as a hash (SECURITY.md 8).
    const stored = await database.db.selectFrom('invitations').select('token_hash').execute();
    expect(stored.some((r) => r.token_hash.toString('base64url') === token)).toBe(false);
    expect(
      stored.some((r) => r.token_hash.toString('hex').includes(Buffer.from(token).toString('hex'))),
    ).toBe(false);

    const preview = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invitations/preview',
      payload: { token },
    });
    expect(preview.json()).toMatchObject({
      email: 'erika@baeckerei.example',
      name: 'Erika Admin',
      companyName: 'Bäckerei erika@baeckerei.example',
    });

    const weak = await accept(token, 'passwort123');
    expect(weak.json<{ error: { code: string } }>().error.code).toBe('WEAK_PASSWORD');

    const accepted = await accept(token);
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({
      user: { email: 'erika@baeckerei.example', name: 'Erika Musterfrau', role: 'admin' },
    });
    expect([accepted.headers['set-cookie']].flat().join()).toMatch(/tm_refresh=/);
    expect((await lastMail('erika@baeckerei.example'))?.template).toBe('welcome');

    // Single use.
    expect((await accept(token)).statusCode).toBe(410);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'erika@baeckerei.example', password: 'ein-gutes-passwort' },
    });
    expect(login.statusCode).toBe(200);
  });

  it('refuses a company whose first admin e-mail is taken, and leaves no company behind', async () => {
    const before = await database.db.selectFrom('tenants').select('id').execute();
    const existing = await createUser(database.db, { tenantId: null, role: 'super_admin' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tenants',
      headers: bearer(superAdminToken),
      payload: {
        name: 'Doppelt GmbH',
        holidayRegion: 'DE-NW',
        firstAdmin: { email: existing.email, name: 'X' },
      },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('EMAIL_TAKEN');
    expect(await database.db.selectFrom('tenants').select('id').execute()).toHaveLength(
      before.length,
    );
  });

  it('lets an admin invite, re-send (old link dies) and withdraw', async () => {
    await createCompany('chefin@kanzlei.example');
    const adminToken = tokenFromLink(
      ((await lastMail('chefin@kanzlei.example'))!.data as { acceptUrl: string }).acceptUrl,
    );
    const session = (await accept(adminToken)).json<{ accessToken: string }>();
    const invite = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(session.accessToken),
      payload: {
        email: 'azubi@kanzlei.example',
        name: 'Azubi',
        role: 'employee',
        employeeNumber: 'K-7',
        startDate: '2026-08-01',
      },
    });
    expect(invite.statusCode).toBe(201);
    const invited = invite.json<{ id: string; status: string; invitationExpiresAt: string }>();
    expect(invited.status).toBe('invited');
    expect(new Date(invited.invitationExpiresAt).getTime() - clock().getTime()).toBe(
      7 * 86_400_000,
    );
    const first = tokenFromLink(
      ((await lastMail('azubi@kanzlei.example'))!.data as { acceptUrl: string }).acceptUrl,
    );

    const resent = await t.app.inject({
      method: 'POST',
      url: `/api/v1/users/${invited.id}/invitation`,
      headers: bearer(session.accessToken),
    });
    expect(resent.statusCode).toBe(200);
    const second = tokenFromLink(
      ((await lastMail('azubi@kanzlei.example'))!.data as { acceptUrl: string }).acceptUrl,
    );
    expect(second).not.toBe(first);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/invitations/preview',
          payload: { token: first },
        })
      ).statusCode,
    ).toBe(410);

    const withdrawn = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${invited.id}/invitation`,
      headers: bearer(session.accessToken),
    });
    expect(withdrawn.json()).toMatchObject({ status: 'disabled' });
    expect((await accept(second)).statusCode).toBe(410);

    const duplicate = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(session.accessToken),
      payload: { email: 'AZUBI@kanzlei.example', name: 'Nochmal', role: 'employee' },
    });
    expect(duplicate.statusCode).toBe(409);
  });

  it('lets an invitation expire after 7 days', async () => {
    await createCompany('spaet@firma.example');
    const token = tokenFromLink(
      ((await lastMail('spaet@firma.example'))!.data as { acceptUrl: string }).acceptUrl,
    );
    clock.advance(7 * 86_400_000 + 1_000);
    try {
      expect((await accept(token)).statusCode).toBe(410);
    } finally {
      clock.advance(-(7 * 86_400_000 + 1_000));
    }
  });
});

describe('password reset (SECURITY.md 5, 7, 8)', () => {
  const request = (email: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/request',
      payload: { email },
    });
  const confirm = (token: string, password: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token, password },
    });

  it('answers the same for known and unknown addresses', async () => {
    const user = await createUser(database.db, { tenantId: null, role: 'super_admin' });
    const known = await request(user.email);
    const unknown = await request('niemand@nirgends.example');
    expect([known.statusCode, unknown.statusCode]).toEqual([202, 202]);
    expect(known.body).toBe(unknown.body);
    expect(await lastMail('niemand@nirgends.example')).toBeUndefined();
    expect((await lastMail(user.email))?.template).toBe('password_reset');
  });

  it('sets a new password once, ends every session and mails a notice', async () => {
    const user = await createUser(database.db, { tenantId: null, role: 'super_admin' });
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: PASSWORD },
    });
    const cookie = [login.headers['set-cookie']]
      .flat()
      .find((c) => c?.startsWith('tm_refresh='))!
      .split(';')[0]!;
    await request(user.email);
    const link = String(((await lastMail(user.email))!.data as { resetUrl: string }).resetUrl);
    expect(new URL(link).pathname).toBe('/reset-password');
    const token = tokenFromLink(link);

    expect((await confirm(token, '1234')).statusCode).toBe(400);
    clock.advance(1);
    expect((await confirm(token, 'ganz-neues-passwort')).statusCode).toBe(204);
    expect((await confirm(token, 'noch-ein-passwort')).statusCode).toBe(410);
    expect((await lastMail(user.email))?.template).toBe('password_changed');

    const old = login.json<{ accessToken: string }>().accessToken;
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(old) })).statusCode,
    ).toBe(401);
    const refreshed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { cookie, origin: ORIGIN },
    });
    expect(refreshed.statusCode).toBe(401);
    clock.advance(1);
    const relogin = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: 'ganz-neues-passwort' },
    });
    expect(relogin.statusCode).toBe(200);
  });

  it('expires reset links after one hour', async () => {
    const user = await createUser(database.db, { tenantId: null, role: 'super_admin' });
    await request(user.email);
    const token = tokenFromLink(
      ((await lastMail(user.email))!.data as { resetUrl: string }).resetUrl,
    );
    clock.advance(61 * 60_000);
    try {
      expect((await confirm(token, 'ganz-neues-passwort')).statusCode).toBe(410);
    } finally {
      clock.advance(-61 * 60_000);
    }
  });
});

describe('deactivation', () => {
  it('of a person ends their sessions at once (SECURITY.md 5)', async () => {
    await createCompany('boss@werk.example');
    const adminToken = tokenFromLink(
      ((await lastMail('boss@werk.example'))!.data as { acceptUrl: string }).acceptUrl,
    );
    const admin = (await accept(adminToken)).json<{
      accessToken: string;
      user: { tenant: { id: string } };
    }>();
    const worker = await createUser(database.db, {
      tenantId: admin.user.tenant.id,
      role: 'employee',
    });
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: worker.email, password: PASSWORD },
    });
    const workerToken = login.json<{ accessToken: string }>().accessToken;
    clock.advance(1);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/users/${worker.id}/deactivate`,
      headers: bearer(admin.accessToken),
    });
    expect(res.json()).toMatchObject({ status: 'disabled' });
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(workerToken) }))
        .statusCode,
    ).toBe(401);
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['action', 'before', 'after'])
      .where('entity_id', '=', worker.id)
      .where('action', '=', 'user.deactivated')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ before: { status: 'active' }, after: { status: 'disabled' } });
  });

  it('of a company stops its people from signing in (issue: tenants)', async () => {
    const company = await createCompany('leitung@zu.example');
    const adminToken = tokenFromLink(
      ((await lastMail('leitung@zu.example'))!.data as { acceptUrl: string }).acceptUrl,
    );
    const admin = (await accept(adminToken)).json<{ accessToken: string }>();
    const off = await t.app.inject({
      method: 'POST',
      url: `/api/v1/tenants/${company.id}/deactivate`,
      headers: bearer(superAdminToken),
    });
    expect(off.json()).toMatchObject({ status: 'disabled' });
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(admin.accessToken) }))
        .statusCode,
    ).toBe(401);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'leitung@zu.example', password: 'ein-gutes-passwort' },
    });
    expect(login.json<{ error: { code: string } }>().error.code).toBe('ACCOUNT_DISABLED');
  });
});

describe('company settings', () => {
  it('accept only holiday subregions that date-holidays knows for the Bundesland', async () => {
    const create = (holidayRegion: string, holidaySubregion: string | null) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/tenants',
        headers: bearer(superAdminToken),
        payload: {
          name: `Region ${holidayRegion}-${holidaySubregion}`,
          holidayRegion,
          holidaySubregion,
          firstAdmin: { email: `r-${Date.now()}-${Math.random()}@x.example`, name: 'R' },
        },
      });
    expect((await create('DE-BY', 'A')).statusCode).toBe(201);
    const wrong = await create('DE-NW', 'A');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json<{ error: { message: string } }>().error.message).toMatch(/DE-NW/);
  });
});

describe('invitation mail delivery', () => {
  it('shows in the person’s record, so a failed mail does not go unnoticed', async () => {
    await createCompany('zustellung@firma.example');
    const adminToken = tokenFromLink(
      ((await lastMail('zustellung@firma.example'))!.data as { acceptUrl: string }).acceptUrl,
    );
    const session = (await accept(adminToken)).json<{ accessToken: string }>();
    const invited = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: bearer(session.accessToken),
        payload: { email: 'tippfehler@firma.example', name: 'Tippfehler', role: 'employee' },
      })
    ).json<{ id: string; invitationMail: unknown }>();
    expect(invited.invitationMail).toEqual({ status: 'pending', error: null });
    await database.db
      .updateTable('email_outbox')
      .set({ status: 'failed', last_error: 'resend: 422 validation_error', failed_at: new Date() })
      .where('to_email', '=', 'tippfehler@firma.example')
      .execute();
    const again = await t.app.inject({
      method: 'GET',
      url: `/api/v1/users/${invited.id}`,
      headers: bearer(session.accessToken),
    });
    expect(again.json()).toMatchObject({
      invitationMail: { status: 'failed', error: 'resend: 422 validation_error' },
    });
  });
});

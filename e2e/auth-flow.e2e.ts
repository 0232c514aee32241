/**
 * The whole way into TimeMaster, in the browser: the super-admin creates a company, its first
 * admin accepts the mailed invitation and invites an employee, the employee accepts, signs out
 * and in, forgets the password and resets it with the mailed link. Mails come from the app's
 * file transport (written by its job runner, so they are polled for).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { firstLink, waitForMail } from '../backend/test/mail.js';
import { DESKTOP, PHONE, launchBrowser, newContext, seriousA11yViolations } from './browser.js';

const baseUrl = inject('e2eBaseUrl');
const mailDir = inject('e2eMailDir');
const superAdmin = inject('e2eSuperAdmin');

const MAIL_TIMEOUT_MS = 30_000;
const run = Date.now().toString(36);
const company = `Bäckerei Sonnenschein ${run}`;
const admin = {
  email: `anna.${run}@baeckerei.test`,
  name: 'Anna Admin',
  password: 'Sonnige Wiese am Morgen 42',
};
const employee = {
  email: `erik.${run}@baeckerei.test`,
  name: 'Erik Beispiel',
  password: 'Brezeln backen um vier Uhr früh',
  newPassword: 'Neuer Tag neues Glück mit Kaffee 7',
};

async function expectNoA11yViolations(page: Page, where: string) {
  const violations = await seriousA11yViolations(page);
  expect(violations, `${where}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

async function heading(page: Page): Promise<string> {
  return (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
}

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByRole('textbox', { name: 'Passwort', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
}

/** The access token lives in memory only: nothing JWT-like in web storage. */
async function expectNoTokenInStorage(page: Page) {
  const stored = await page.evaluate(() =>
    JSON.stringify({ ...window.localStorage, ...window.sessionStorage }),
  );
  expect(stored).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
}

async function linkFromMail(to: string, template: string, pathPart: string): Promise<string> {
  const mail = await waitForMail(
    mailDir,
    (m) => m.to === to && m.template === template,
    MAIL_TIMEOUT_MS,
  );
  const link = firstLink(mail, pathPart);
  // The token travels in the fragment, never in the path or query.
  expect(new URL(link).hash.length).toBeGreaterThan(20);
  return link;
}

describe.skipIf(!baseUrl)('sign-in, invitations and password reset', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  async function open(options: { viewport?: { width: number; height: number } } = {}) {
    const context = await newContext(browser, { viewport: options.viewport ?? DESKTOP });
    contexts.push(context);
    return context.newPage();
  }

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  it('the login page works on a 360 px phone without sideways scrolling', async () => {
    const page = await open({ viewport: PHONE });
    await page.goto(`${baseUrl}/`);
    // Signed out, the start page leads to the login, with no "session expired" on a first visit.
    await expect.poll(() => heading(page)).toBe('Anmelden');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.getByTestId('session-expired').count()).toBe(0);
    await expectNoSidewaysScroll(page);
    await expectNoA11yViolations(page, 'login (360 px)');
    // Password managers need these.
    expect(await page.getByLabel('E-Mail-Adresse').getAttribute('autocomplete')).toBe('username');
    expect(
      await page
        .getByRole('textbox', { name: 'Passwort', exact: true })
        .getAttribute('autocomplete'),
    ).toBe('current-password');
    // Show-password toggle.
    await page.getByRole('textbox', { name: 'Passwort', exact: true }).fill('geheim');
    await page.getByRole('button', { name: 'Passwort anzeigen' }).click();
    expect(
      await page.getByRole('textbox', { name: 'Passwort', exact: true }).getAttribute('type'),
    ).toBe('text');
  });

  it('takes a company from creation by the super-admin to a signed-in employee', async () => {
    // 1. The super-admin signs in and creates the company with its first admin.
    const sa = await open();
    await sa.goto(`${baseUrl}/login`);
    await expect.poll(() => heading(sa)).toBe('Anmelden');
    await expectNoA11yViolations(sa, 'login');
    await signIn(sa, superAdmin.email, 'falsches-passwort-123');
    await expect
      .poll(() => sa.getByTestId('login-error').textContent())
      .toContain('E-Mail-Adresse oder Passwort ist falsch');
    await signIn(sa, superAdmin.email, superAdmin.password);
    await expect.poll(() => heading(sa)).toMatch(/^Willkommen, /);
    await expectNoTokenInStorage(sa);

    await sa.getByRole('navigation').getByRole('link', { name: 'Firmen' }).click();
    await expect.poll(() => heading(sa)).toBe('Firmen');
    await sa.getByRole('button', { name: 'Firma anlegen' }).click();
    const dialog = sa.getByRole('dialog');
    await dialog.getByLabel('Firmenname').fill(company);
    await dialog.getByLabel('Bundesland').selectOption('DE-BY');
    await dialog.getByLabel('E-Mail-Adresse der Administration').fill(admin.email);
    await dialog.getByLabel('Name der Administration').fill(admin.name);
    await dialog.getByRole('button', { name: 'Firma anlegen und einladen' }).click();
    const row = sa.locator(`[data-testid="company-row"][data-name="${company}"]`);
    await expect.poll(() => row.textContent()).toContain('1 eingeladen');
    expect(await row.textContent()).toContain('Bayern');

    // 2. The first admin accepts the invitation from the mail and is signed in.
    const invitation = await linkFromMail(admin.email, 'invitation', '/invitation#');
    const ad = await open();
    await ad.goto(invitation);
    await expect.poll(() => ad.getByTestId('invitation-company').textContent()).toContain(company);
    expect(await ad.getByLabel('E-Mail-Adresse').inputValue()).toBe(admin.email);
    expect(await ad.getByRole('textbox', { name: 'Name', exact: true }).inputValue()).toBe(
      admin.name,
    );
    await expectNoA11yViolations(ad, 'invitation');
    await ad.getByLabel('Passwort festlegen').fill(admin.password);
    await ad.getByRole('button', { name: 'Einladung annehmen' }).click();
    await expect.poll(() => heading(ad)).toBe(`Willkommen, ${admin.name}`);
    expect(new URL(ad.url()).pathname).toBe('/');
    await expectNoTokenInStorage(ad);
    // A reload restores the session from the refresh cookie.
    await ad.reload();
    await expect.poll(() => heading(ad)).toBe(`Willkommen, ${admin.name}`);
    // The same link cannot be used twice.
    const reused = await open();
    await reused.goto(invitation);
    await expect.poll(() => reused.getByTestId('invitation-invalid').isVisible()).toBe(true);

    // 3. The admin invites an employee.
    await ad.getByRole('navigation').getByRole('link', { name: 'Personen' }).click();
    await expect.poll(() => heading(ad)).toBe('Personen');
    await expect
      .poll(() => ad.getByTestId('person-row').first().textContent())
      .toContain(admin.email);
    await expectNoA11yViolations(ad, 'people');
    await ad.getByRole('button', { name: 'Person einladen' }).click();
    const invite = ad.getByRole('dialog');
    await invite.getByLabel('E-Mail-Adresse').fill(employee.email);
    await invite.getByRole('textbox', { name: 'Name', exact: true }).fill(employee.name);
    await invite.getByLabel('Rolle').selectOption('employee');
    await invite.getByLabel('Personalnummer').fill('E-042');
    await invite.getByRole('button', { name: 'Einladung senden' }).click();
    const invited = ad.locator(`[data-testid="person-row"][data-email="${employee.email}"]`);
    await expect.poll(() => invited.isVisible()).toBe(true);
    expect(await ad.getByRole('tab', { selected: true }).textContent()).toContain('Eingeladen');
    expect(await invited.getByTestId('invitation-expiry').textContent()).toMatch(
      /Einladung gültig bis/,
    );

    // 4. The employee accepts, signs out and signs in again.
    const employeeInvitation = await linkFromMail(employee.email, 'invitation', '/invitation#');
    const em = await open();
    await em.goto(employeeInvitation);
    await expect.poll(() => em.getByTestId('invitation-company').textContent()).toContain(company);
    await em.getByLabel('Passwort festlegen').fill(employee.password);
    await em.getByRole('button', { name: 'Einladung annehmen' }).click();
    await expect.poll(() => heading(em)).toBe(`Willkommen, ${employee.name}`);
    // An employee has no admin screens.
    const nav = em.getByRole('navigation');
    expect(await nav.getByRole('link', { name: 'Personen' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Profil' }).count()).toBe(1);

    await em.getByTestId('sign-out').click();
    await expect.poll(() => heading(em)).toBe('Anmelden');
    expect(await em.getByTestId('signed-out').isVisible()).toBe(true);
    await signIn(em, employee.email, employee.password);
    await expect.poll(() => heading(em)).toBe(`Willkommen, ${employee.name}`);

    // The admin now sees the employee as active.
    await ad.reload();
    await expect
      .poll(() =>
        ad.locator(`[data-testid="person-row"][data-email="${employee.email}"]`).isVisible(),
      )
      .toBe(true);

    // 5. The profile page, with this device in the session list.
    await nav.getByRole('link', { name: 'Profil' }).click();
    await expect.poll(() => heading(em)).toBe('Profil');
    await expect
      .poll(() => em.locator('[data-testid="session-row"][data-current="true"]').count())
      .toBe(1);
    await expectNoA11yViolations(em, 'profile');
    await em.getByTestId('sign-out').click();
    await expect.poll(() => heading(em)).toBe('Anmelden');
  });

  it('resets a forgotten password with the mailed link; the old password stops working', async () => {
    const page = await open();
    await page.goto(`${baseUrl}/login`);
    await expect.poll(() => heading(page)).toBe('Anmelden');
    await page.getByLabel('E-Mail-Adresse').fill(employee.email);
    await page.getByRole('link', { name: 'Passwort vergessen?' }).click();
    await expect.poll(() => heading(page)).toBe('Passwort vergessen');
    // The address typed on the login page comes along.
    expect(await page.getByLabel('E-Mail-Adresse').inputValue()).toBe(employee.email);
    await page.getByRole('button', { name: 'Link anfordern' }).click();
    await expect
      .poll(() => page.getByTestId('reset-requested').textContent())
      .toContain(`Wenn es für ${employee.email} ein Konto gibt`);

    // An unknown address gets exactly the same answer.
    const other = await open();
    await other.goto(`${baseUrl}/forgot-password`);
    await other.getByLabel('E-Mail-Adresse').fill(`niemand.${run}@baeckerei.test`);
    await other.getByRole('button', { name: 'Link anfordern' }).click();
    await expect
      .poll(() => other.getByTestId('reset-requested').textContent())
      .toContain(`Wenn es für niemand.${run}@baeckerei.test ein Konto gibt`);

    const resetLink = await linkFromMail(employee.email, 'password_reset', '/reset-password#');
    await page.goto(resetLink);
    await expect.poll(() => heading(page)).toBe('Neues Passwort festlegen');
    expect(
      await page.getByRole('textbox', { name: 'Neues Passwort' }).getAttribute('autocomplete'),
    ).toBe('new-password');
    await page.getByRole('textbox', { name: 'Neues Passwort' }).fill(employee.newPassword);
    await page.getByRole('button', { name: 'Passwort speichern' }).click();
    await expect.poll(() => heading(page)).toBe('Anmelden');
    expect(await page.getByTestId('password-reset-done').isVisible()).toBe(true);

    // The old password no longer works …
    await signIn(page, employee.email, employee.password);
    await expect
      .poll(() => page.getByTestId('login-error').textContent())
      .toContain('E-Mail-Adresse oder Passwort ist falsch');
    // … the new one does.
    await signIn(page, employee.email, employee.newPassword);
    await expect.poll(() => heading(page)).toBe(`Willkommen, ${employee.name}`);

    // The reset link was single-use.
    const again = await open();
    await again.goto(resetLink);
    await again
      .getByRole('textbox', { name: 'Neues Passwort' })
      .fill('Noch ein ganz anderes Passwort 9');
    await again.getByRole('button', { name: 'Passwort speichern' }).click();
    await expect.poll(() => again.getByTestId('reset-invalid').isVisible()).toBe(true);
  });

  it('sends the user to the login with "Sitzung abgelaufen" when the session ends elsewhere', async () => {
    const first = await open();
    await first.goto(`${baseUrl}/login`);
    await signIn(first, employee.email, employee.newPassword);
    await expect.poll(() => heading(first)).toBe(`Willkommen, ${employee.name}`);
    await first.getByRole('navigation').getByRole('link', { name: 'Profil' }).click();
    await expect.poll(() => heading(first)).toBe('Profil');

    // Another device signs out everywhere.
    const second = await open();
    await second.goto(`${baseUrl}/login`);
    await signIn(second, employee.email, employee.newPassword);
    await expect.poll(() => heading(second)).toBe(`Willkommen, ${employee.name}`);
    await second.getByRole('navigation').getByRole('link', { name: 'Profil' }).click();
    await second.getByRole('button', { name: 'Überall abmelden' }).click();
    await second.getByRole('dialog').getByRole('button', { name: 'Überall abmelden' }).click();
    await expect.poll(() => heading(second)).toBe('Anmelden');

    // The first tab's next request fails, its refresh is refused: back to the login, explained.
    await first.getByRole('textbox', { name: 'Name', exact: true }).fill('Erik B.');
    await first.getByRole('button', { name: 'Name speichern' }).click();
    await expect.poll(() => heading(first)).toBe('Anmelden');
    expect(await first.getByTestId('session-expired').textContent()).toContain(
      'Deine Sitzung ist abgelaufen',
    );
  });
});

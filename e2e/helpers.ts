/**
 * What the E2E files share: days in Berlin, polling, headings, axe, 360 px and touch-target
 * checks, the API and invitations for set-up, and one signed-in page per person (sign-ins are
 * rate-limited per address – 30 in 15 minutes, shared by every run on this host – so each
 * person signs in once and the phone checks resize the same page).
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import type { Db } from '../backend/src/db/index.js';
import { PASSWORD } from '../backend/test/factories.js';
import { firstLink, waitForMail } from '../backend/test/mail.js';
import { DESKTOP, PHONE, clientAddress, newContext, seriousA11yViolations } from './browser.js';

export function berlinToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export const weekday = (day: string) => new Date(`${day}T12:00:00Z`).getUTCDay();

/** "2027-01-04" → "04.01.2027", as the screens write dates in German. */
export function germanDate(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}.${m}.${y}`;
}

/** "4 Tage", "−2,5 Tage", "1 Tag" → the number. */
export function parseDays(text: string | null): number {
  const match = /^(−|-)?(\d+(?:,\d+)?) Tage?$/.exec((text ?? '').trim());
  if (!match) throw new Error(`not a number of days: ${JSON.stringify(text)}`);
  return (match[1] ? -1 : 1) * Number(match[2]!.replace(',', '.'));
}

/** expect.poll with room for a loaded machine (vitest's default gives up after 1 s). */
export function eventually<T>(read: () => Promise<T> | T, timeout = 10_000) {
  return expect.poll(read, { timeout });
}

export async function heading(page: Page): Promise<string> {
  // Long German titles carry soft hyphens for narrow screens.
  const text = (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
  return text.replace(/\u00ad/g, '');
}

/** Waits until transitions (a modal fading in, a toast) are over, so axe sees the end state. */
export async function settled(page: Page) {
  await expect
    .poll(() =>
      page.evaluate(() => document.getAnimations().filter((a) => a.playState === 'running').length),
    )
    .toBe(0);
}

/** No serious axe violations; with E2E_SCREENSHOT_DIR set, a screenshot to look at as well. */
export async function expectNoA11yViolations(page: Page, where: string) {
  await settled(page);
  const dir = process.env.E2E_SCREENSHOT_DIR;
  if (dir)
    await page.screenshot({
      path: `${dir}/${where.replace(/[^a-z0-9]+/gi, '-')}.png`,
      fullPage: true,
    });
  const violations = await seriousA11yViolations(page);
  expect(violations, `${where}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

export async function expectNoSidewaysScroll(page: Page, where: string) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow, where).toBeLessThanOrEqual(0);
}

/**
 * The screen as it stands, at 1280 px and on a 360 px phone: no serious axe violations, no
 * sideways scroll on the phone, and what `onPhone` checks there; back at 1280 px afterwards.
 */
export async function expectAccessibleScreen(
  page: Page,
  where: string,
  onPhone?: (where: string) => Promise<void>,
) {
  await expectNoA11yViolations(page, `${where} (desktop)`);
  await page.setViewportSize(PHONE);
  const phone = `${where} (360 px)`;
  await expectNoA11yViolations(page, phone);
  await expectNoSidewaysScroll(page, phone);
  await onPhone?.(phone);
  await page.setViewportSize(DESKTOP);
}

/** Each of the controls is at least 44 × 44 px, a thumb's size (UX.md rule 5). */
export async function expectTouchTargets(controls: Locator, where: string) {
  const boxes = await controls.evaluateAll((els) =>
    els.map((el) => {
      const { width, height } = el.getBoundingClientRect();
      return { name: el.textContent, width, height };
    }),
  );
  expect(boxes.length, where).toBeGreaterThan(0);
  for (const box of boxes) {
    expect(box.height, `${where}: ${box.name}`).toBeGreaterThanOrEqual(44);
    expect(box.width, `${where}: ${box.name}`).toBeGreaterThanOrEqual(44);
  }
}

export async function signIn(page: Page, email: string) {
  await page.goto(`${inject('e2eBaseUrl')}/login`);
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByRole('textbox', { name: 'Passwort', exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await eventually(() => heading(page)).toMatch(/^Willkommen, /);
}

/**
 * Employed for years (a full entitlement, no waiting period), 8 hours Monday to Friday: the
 * person the absence screens count days for.
 */
export async function employFullTime(db: Db, tenantId: string, userId: string) {
  await db
    .updateTable('users')
    .set({ start_date: '2020-01-01' })
    .where('id', '=', userId)
    .where('tenant_id', '=', tenantId)
    .execute();
  await db
    .insertInto('work_schedules')
    .values({
      tenant_id: tenantId,
      user_id: userId,
      valid_from: '2020-01-01',
      minutes: [480, 480, 480, 480, 480, 0, 0],
    })
    .execute();
}

/** One signed-in page per person (created on first use), resized to the viewport asked for. */
export class Sessions {
  private readonly contexts: BrowserContext[] = [];
  private readonly pages = new Map<string, Page>();

  constructor(private readonly browser: () => Browser) {}

  async open(email: string, viewport = DESKTOP): Promise<Page> {
    let page = this.pages.get(email);
    if (!page) {
      const context = await newContext(this.browser(), { viewport });
      this.contexts.push(context);
      page = await context.newPage();
      await signIn(page, email);
      this.pages.set(email, page);
    }
    await page.setViewportSize(viewport);
    return page;
  }

  async close() {
    for (const context of this.contexts) await context.close();
  }
}

/** The API as a script would call it (JSON in and out); anything but 2xx throws. */
export async function api<T>(
  path: string,
  init: { method?: string; token?: string; body?: unknown } = {},
): Promise<T> {
  const baseUrl = inject('e2eBaseUrl');
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      origin: baseUrl,
      'x-forwarded-for': clientAddress(),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

/** Accepts the invitation mailed to `email` and returns the new account's access token. */
export async function acceptInvitation(
  email: string,
  name: string,
  password: string,
): Promise<string> {
  const mail = await waitForMail(
    inject('e2eMailDir'),
    (m) => m.to === email && m.template === 'invitation',
    30_000,
  );
  const token = new URL(firstLink(mail, '/invitation#')).hash.slice(1);
  const session = await api<{ accessToken: string }>('/invitations/accept', {
    method: 'POST',
    body: { token, name, password },
  });
  return session.accessToken;
}

/** An access token for a person made with the factories (their password is PASSWORD). */
export async function apiLogin(email: string): Promise<string> {
  const session = await api<{ accessToken: string }>('/auth/login', {
    method: 'POST',
    body: { email, password: PASSWORD },
  });
  return session.accessToken;
}

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DESKTOP, PHONE, launchBrowser, newContext, seriousA11yViolations } from './browser.js';

const baseUrl = inject('e2eBaseUrl');

describe.skipIf(!baseUrl)('status page', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it('shows the backend health in German, then in English, without accessibility violations', async () => {
    const context = await newContext(browser, { viewport: DESKTOP, locale: 'de-DE' });
    const page = await context.newPage();
    const cspViolations: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) cspViolations.push(message.text());
    });
    await page.goto(`${baseUrl}/status`);

    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Systemstatus');
    await expect.poll(() => page.getByTestId('health-database').textContent()).toBe('OK');
    expect(await page.getByTestId('health-database').getAttribute('data-status')).toBe('ok');
    expect(await page.getByTestId('health-overall').getAttribute('data-status')).toBe('ok');
    const redis = await page.getByTestId('health-redis').getAttribute('data-status');
    expect(['ok', 'disabled']).toContain(redis);
    expect(await page.getByTestId('health-summary').textContent()).toBe(
      'Alle Dienste laufen normal.',
    );
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    // APP_NAME of the installation, from /api/v1/meta.
    await expect.poll(() => page.title()).toBe('Systemstatus · Zeiterfassung E2E');
    expect(await page.getByRole('banner').textContent()).toContain('Zeiterfassung E2E');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('radio', { name: 'EN' }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('System status');
    expect(await page.getByTestId('health-summary').textContent()).toBe(
      'All services are running normally.',
    );
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The choice survives a reload.
    await page.reload();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('System status');
    await context.close();
  });

  it('works on a 360 px phone without sideways scrolling', async () => {
    const context = await newContext(browser, { viewport: PHONE, locale: 'de-DE' });
    const page = await context.newPage();
    // `/` is the signed-in start page now (signed out it leads to /login); /status is public.
    await page.goto(`${baseUrl}/status`);
    await expect.poll(() => page.getByTestId('health-overall').textContent()).toBe('OK');
    expect(new URL(page.url()).pathname).toBe('/status');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });

  it('answers unknown client routes with the app’s 404 page', async () => {
    const context = await newContext(browser, { locale: 'de-DE' });
    const page = await context.newPage();
    const response = await page.goto(`${baseUrl}/gibt-es-nicht`);
    expect(response?.status()).toBe(200); // the SPA's index.html, then the client router
    await expect.poll(() => page.getByTestId('not-found').isVisible()).toBe(true);
    await context.close();
  });
});

describe.skipIf(!baseUrl)('the accessibility check itself', () => {
  it('reports serious violations when a page has them', async () => {
    const browser = await launchBrowser();
    const page = await browser.newPage();
    await page.setContent(
      '<html><body><main><button></button><img src="x.png"><p style="color:#ccc;background:#fff">grau</p></main></body></html>',
    );
    const ids = (await seriousA11yViolations(page)).map((v) => v.id).sort();
    expect(ids).toEqual(expect.arrayContaining(['button-name', 'color-contrast', 'image-alt']));
    await browser.close();
  });
});

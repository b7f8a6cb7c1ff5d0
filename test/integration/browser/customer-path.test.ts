/**
 * The customer's path in a real headless Chromium (issue 3): the hosted link page, Continue, the fake
 * provider consent, Allow, the return relay and the partner's landing page — with the app's real CSP and
 * redirects, which is where a browser differs from fetch (Chrome applies form-action to the redirects
 * after a form POST).
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import {
  createHostedLink,
  drainUntil,
  type LandingServer,
  slackTexts,
  startLandingServer,
} from '../http/customer-path-support.js';

// Runs inside the page (the DOM lib is not in this project's tsconfig).
declare const getComputedStyle: (el: unknown) => { backgroundColor: string };

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  console.warn(
    `Skipping the browser test: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH; CI installs Debian's chromium).`,
  );
}

describe.skipIf(!haveChromium)('customer path in a real browser', () => {
  let browser: Browser;
  let t: TestApp;
  let landing: LandingServer;
  let page: Page;
  /** CSP violations, page errors and failed loads. */
  let problems: string[];

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    landing = await startLandingServer();
    t = await startTestApp({ publicUrl: true });
    page = await browser.newPage();
    problems = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    // Failed loads other than the favicon Chromium asks every origin for.
    page.on('response', (r) => {
      if (r.status() >= 400 && new URL(r.url()).pathname !== '/favicon.ico') problems.push(`${r.status()} ${r.url()}`);
    });
  });
  afterEach(async () => {
    await page?.close();
    await t?.stop();
    await landing?.close();
  });

  it('link page → Continue → consent → Allow → relay → landing page, and the thread hears of it within a second', async () => {
    const conn = t.celigo.addConnection({
      name: 'Acme Salesforce',
      http: { auth: { oauth: { oauth2RedirectUrl: landing.url } } },
    });
    const link = await createHostedLink(t, conn._id, 'Acme Corp');

    const opened = await page.goto(link);
    expect(opened?.status()).toBe(200);
    expect(await page.title()).toBe('Authorize Acme Salesforce');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Authorize Acme Salesforce');
    expect(await page.locator('main').textContent()).toContain('Acme Corp');
    expect(await page.locator('main').textContent()).toMatch(/Link expires.*UTC/s);
    // The inline style is allowed by its CSP hash: the button really is styled.
    const continueButton = page.getByRole('button', { name: 'Continue' });
    expect(await continueButton.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(11, 92, 173)');

    await continueButton.click();
    await page.waitForURL((u) => u.pathname === '/provider/authorize');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Acme Salesforce');

    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(landing.url);
    const arrivedAt = Date.now();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome back');
    expect(landing.hits).toEqual(['/thanks']);

    await drainUntil(t, () => slackTexts(t).some((s) => s.includes('authorized *Acme Salesforce*')));
    expect(Date.now() - arrivedAt).toBeLessThan(1_000);
    expect(problems).toEqual([]);
  });

  it('with no landing page the customer ends on the "you can close this tab" page', async () => {
    const conn = t.celigo.addConnection({ name: 'Acme Zendesk' });
    const link = await createHostedLink(t, conn._id, 'Acme Corp');

    await page.goto(link);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((u) => u.pathname === '/provider/authorize');
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL((u) => u.pathname === `/relay/${conn._id}`);
    expect(await page.locator('main').textContent()).toContain('You can close this tab.');

    await drainUntil(t, () => slackTexts(t).some((s) => s.includes('authorized *Acme Zendesk*')));
    expect(problems).toEqual([]);
  });
});

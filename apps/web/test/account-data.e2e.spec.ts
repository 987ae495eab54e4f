import type { Browser, BrowserContext, Page } from 'playwright-core';
import { STRONG_PASSWORD, signUp, uniqueEmail } from '../../../test/support/auth.js';
import { testStack } from '../../../test/support/test-stack.js';
import { accessibilityViolations, launchChromium } from './support/browser.js';

/** The Settings page's export and deletion in chromium, against the real stack. */
describe('account data in the web client', () => {
  const stack = testStack();
  const app = `http://localhost:${stack.ports.gateway}`;
  const email = uniqueEmail('settings');
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    expect((await signUp(stack.gatewayUrl, email, STRONG_PASSWORD, 'Grace Hopper')).status).toBe(201);
    browser = await launchChromium();
    context = await browser.newContext({ baseURL: app, locale: 'en-US', timezoneId: 'UTC', viewport: { width: 1280, height: 860 } });
    page = await context.newPage();
    await page.goto('/');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/oidc\/interaction\//);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(STRONG_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Welcome, Grace Hopper' }).waitFor();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('exports the account: asks, waits, then offers the archive', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Export my data' }).click();
    const download = page.getByRole('link', { name: 'Download your export' });
    await download.waitFor({ timeout: 60_000 });
    const archive = await context.request.get((await download.getAttribute('href'))!);
    expect(archive.status()).toBe(200);
    // A zip starts with "PK".
    expect((await archive.body()).subarray(0, 2).toString()).toBe('PK');
  }, 90_000);

  it('deletes the account after the password: a wrong one is said so, the right one signs out for good', async () => {
    await page.getByRole('button', { name: 'Delete my account…' }).click();
    await page.getByLabel('Your password').fill('not my password at all');
    await page.getByRole('button', { name: 'Delete my account permanently' }).click();
    await page.getByText('That is not your password.').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel('Your password').fill(STRONG_PASSWORD);
    await page.getByRole('button', { name: 'Delete my account permanently' }).click();
    await page.getByText('Your account is being deleted').waitFor();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    // Signing in again fails: the provider's session is gone (the form is asked), and so is the account.
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/oidc\/interaction\//);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(STRONG_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The email or password is not right.').waitFor();
  }, 90_000);
});

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { generate } from 'otplib';
import { login, uniqueEmail } from '../../../test/support/auth.js';
import { PENALTY, contractPdf, notesText } from '../../../test/support/document-fixtures.js';
import { awaitMail, linkToken } from '../../../test/support/mail.js';
import { expectEventually, request, testStack } from '../../../test/support/test-stack.js';
import { accessibilityViolations, launchChromium, PageWatch, Screenshots } from './support/browser.js';

/**
 * The whole journey of one user in a real browser (Debian's chromium through playwright-core),
 * against the real stack: sign up, sign out, sign in, profile, files, chat, upgrade, sign out.
 * Each step saves a screenshot in test-results/journey/. The steps share one browser session,
 * in order; each starts from its own page, so one failing does not hide the others.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const STEP_MS = 60_000;
const PASSWORD = 'plum orchard 47 lanterns';
const NAME = 'Ada Lovelace';

describe('web client journey in chromium', () => {
  const stack = testStack();
  // The browser uses PUBLIC_URL's origin, as a user would: redirect URI, cookies and CORS are set for it.
  const app = `http://localhost:${stack.ports.gateway}`;
  const email = uniqueEmail('journey');
  const shots = new Screenshots(root, 'journey');
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let watch: PageWatch;

  beforeAll(async () => {
    browser = await launchChromium();
    context = await browser.newContext({
      baseURL: app,
      locale: 'en-US',
      timezoneId: 'UTC',
      viewport: { width: 1280, height: 860 },
      acceptDownloads: true,
    });
    // 401: the signed-out refresh on load; 409: the profile conflict step.
    watch = new PageWatch(context, [app, `http://127.0.0.1:${stack.ports.s3}`], new Set([401, 409]));
    page = await context.newPage();
  }, STEP_MS);

  afterAll(async () => {
    await browser?.close();
  });

  /** Runs a step; on failure saves what the page showed before failing the step. */
  const step = (name: string, body: () => Promise<void>, timeout = STEP_MS) =>
    it(
      name,
      async () => {
        try {
          await body();
        } catch (error) {
          await shots.take(page, `FAILED-${name.replace(/\W+/g, '-').slice(0, 40)}`).catch(() => undefined);
          throw error;
        }
      },
      timeout,
    );

  step('shows the signed-out landing page', async () => {
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Hand off the busywork.' }).waitFor();
    await expectVisible(page.getByRole('button', { name: 'Sign in' }));
    expect(await accessibilityViolations(page)).toEqual([]);
    await shots.take(page, 'landing');
  });

  step('signs up on the provider page and lands on the dashboard', async () => {
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/oidc\/interaction\//);
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByLabel('Name (optional)').fill(NAME);
    await shots.take(page, 'signup-form');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(`${app}/`);
    await page.getByRole('heading', { level: 1, name: `Welcome, ${NAME}` }).waitFor();
    // The code and state are gone from the address bar; PKCE state is gone from sessionStorage.
    expect(page.url()).toBe(`${app}/`);
    expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('tasksensei.signin.')).length)).toBe(0);
    await page.getByText('Live').waitFor();
    await page.getByText(/Storage used|Storage use is not available/).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await shots.take(page, 'dashboard-after-signup');
  });

  step('signs out (ending the provider session too)', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/oidc\/session\/end/);
    await shots.take(page, 'signout-confirm');
    await page.getByRole('button', { name: /yes, sign me out/i }).click();
    await page.getByRole('heading', { level: 1, name: 'Hand off the busywork.' }).waitFor();
    await shots.take(page, 'signed-out');
  });

  step('signs in with the password again', async () => {
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/oidc\/interaction\//);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await shots.take(page, 'signin-form');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: `Welcome, ${NAME}` }).waitFor();
    await shots.take(page, 'dashboard-after-signin');
  });

  step('works with the keyboard: skip link, navigation, focus on the new page', async () => {
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: `Welcome, ${NAME}` }).waitFor();
    const focused = () =>
      page.evaluate(() => ({ id: document.activeElement?.id ?? '', text: document.activeElement?.textContent?.trim() ?? '' }));
    await page.keyboard.press('Tab');
    expect((await focused()).text).toBe('Skip to main content');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect((await focused()).text).toBe('Files');
    await shots.take(page, 'keyboard-focus', false);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Files' }).waitFor();
    expect(await focused()).toEqual({ id: 'page-title', text: 'Files' });
  });

  step('keeps two tabs signed in: one refresh at a time, its tokens handed to the other tab', async () => {
    const other = await context.newPage();
    const refreshes: { page: Page; start: number; end: number; status: number }[] = [];
    const record = (p: Page) =>
      p.on('requestfinished', (request) => {
        if (!request.url().endsWith('/refresh')) return;
        void request.response().then((response) => {
          const timing = request.timing();
          refreshes.push({ page: p, start: timing.startTime, end: timing.startTime + timing.responseEnd, status: response?.status() ?? 0 });
        });
      });
    record(page);
    record(other);
    // Both tabs load at once: each needs an access token from the one refresh cookie.
    await Promise.all([page.goto('/'), other.goto('/')]);
    for (const p of [page, other]) await p.getByRole('heading', { level: 1, name: `Welcome, ${NAME}` }).waitFor();
    // A tab that waited for the other's refresh takes its tokens: one or two refreshes, never overlapping.
    await expectEventually(() => expect(refreshes.length).toBeGreaterThanOrEqual(1));
    const sorted = [...refreshes].sort((a, b) => a.start - b.start);
    for (let i = 1; i < sorted.length; i += 1) expect(sorted[i]!.start).toBeGreaterThanOrEqual(sorted[i - 1]!.end);
    expect(sorted.every((r) => r.status === 200)).toBe(true);
    await other.close();
  });

  step('edits the profile: validation messages, save, and a version conflict from another tab', async () => {
    await page.goto('/');
    const name = page.getByLabel('Name', { exact: true });
    await name.fill('   ');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Enter your name.').waitFor();
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    await shots.take(page, 'profile-validation');

    await name.fill('Ada King');
    await page.getByLabel('Company').fill('Analytical Engines Ltd');
    await page.getByLabel('Time zone').selectOption('Europe/London');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Profile saved.').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Welcome, Ada King' }).waitFor();
    await shots.take(page, 'profile-saved');

    // Another tab saves first; this tab's next save is on a stale version: 409.
    const other = await context.newPage();
    await other.goto('/');
    await other.getByLabel('Company').fill('Difference Engines plc');
    await other.getByRole('button', { name: 'Save profile' }).click();
    await other.getByText('Profile saved.').waitFor();
    await other.close();

    await name.fill('Augusta Ada King');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText(/changed somewhere else/).waitFor();
    await shots.take(page, 'profile-conflict');
    await page.getByRole('button', { name: 'Save my changes anyway' }).click();
    await page.getByText('Profile saved.').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Welcome, Augusta Ada King' }).waitFor();
  });

  step('uploads files by drag and drop with progress, lists, downloads and deletes them', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Files' }).click();
    await page.getByRole('heading', { level: 1, name: 'Files' }).waitFor();
    const invoice = 'Invoice 2026-03\n'.repeat(40_000); // ~640 KB: enough for progress events
    await dropFiles(page, [
      { name: 'march-invoices.txt', type: 'text/plain', content: invoice },
      { name: 'notes.csv', type: 'text/csv', content: 'a,b\n1,2\n' },
      // Above the files service's multipart threshold (8 MiB): it goes up in parts.
      { name: 'scans-2026.zip', type: 'application/zip', size: 9 * 1024 * 1024 },
    ]);
    await page.getByRole('progressbar', { name: 'Upload of march-invoices.txt' }).waitFor();
    await expectEventually(async () => expect(await page.locator('.upload--done').count()).toBe(3), 60_000);
    const table = page.getByRole('table');
    for (const name of ['march-invoices.txt', 'notes.csv', 'scans-2026.zip']) await table.getByRole('rowheader', { name }).waitFor();
    await expectVisible(table.getByRole('row', { name: /scans-2026\.zip 9 MB/ }));
    expect(await accessibilityViolations(page)).toEqual([]);
    await shots.take(page, 'files-uploaded');

    const download = nextDownload(context);
    await page.getByRole('button', { name: 'Download march-invoices.txt' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('march-invoices.txt');
    expect(readFileSync((await file.path())!, 'utf8')).toBe(invoice);

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete notes.csv' }).click();
    await expectEventually(async () => expect(await table.getByRole('rowheader', { name: 'notes.csv' }).count()).toBe(0));
    await shots.take(page, 'files-after-delete');
  });

  step('upgrades through the local checkout and the plan changes live', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await expectText(page.getByTestId('plan-name'), 'Free');
    const popup = context.waitForEvent('page');
    await page.getByRole('button', { name: /^Upgrade to Pro/ }).click();
    const checkout = await popup;
    await checkout.waitForURL(/\/billing\/local-checkout\//);
    await checkout.getByRole('button', { name: /^Pay/ }).waitFor();
    await shots.take(checkout, 'checkout-page');
    await page.getByText(/Checkout for Pro is open in a new tab/).waitFor();
    await checkout.getByRole('button', { name: /^Pay/ }).click();
    await checkout.waitForURL(/\/billing\/checkout\/success/);
    await checkout.close();
    // No reload: membership.updated arrives over the socket.
    await expectText(page.getByTestId('plan-name'), 'Pro', 30_000);
    await page.getByText('You are now on Pro. Thank you!').waitFor();
    await shots.take(page, 'plan-upgraded-live');
  });

  step('chats: the reply streams in, the created task shows inline and in the task list', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Assistant' }).click();
    await page.getByRole('heading', { level: 1, name: 'New conversation' }).waitFor();
    await page.getByText('Live').waitFor();
    // Every text the reply shows on its way, to see it grow token by token.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { replyTexts: string[] }).replyTexts = seen;
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid=assistant-reply] .bubble__text')?.textContent ?? '';
        if (text && text !== seen[seen.length - 1]) seen.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    const framesBefore = watch.socketFrames.length;
    await page.getByLabel('Message the assistant').fill('Create a task to send the March invoices by Friday');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/assistant\/[A-Za-z0-9_-]+$/);
    const card = page.locator('.automation--task');
    await card.getByText('Task created').waitFor({ timeout: 30_000 });
    await expectVisible(card.getByText(/send the March invoices/i));
    await expectEventually(
      async () => expect(await page.locator('[data-testid=assistant-reply][aria-busy=false]').count()).toBeGreaterThan(0),
      30_000,
    );
    await page
      .getByTestId('tasks')
      .getByText(/send the March invoices/i)
      .waitFor();
    expect(await page.locator('.bubble--user').count()).toBe(1);
    expect(await page.locator('.automation--task').count()).toBe(1);
    const tokens = watch.socketFrames.slice(framesBefore).filter((f) => f.includes('"message.token"')).length;
    const shown = await page.evaluate(() => (window as unknown as { replyTexts: string[] }).replyTexts);
    expect(tokens).toBeGreaterThan(1);
    // The reply was on screen partly written before it was complete.
    expect(shown.length).toBeGreaterThan(1);
    expect(shown.at(-1)!.startsWith(shown[0]!)).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
    await shots.take(page, 'chat-task-created');
  });

  step('stops a reply mid-way, keeps what was written, and regenerates it', async () => {
    const replies = page.locator('[data-testid=assistant-reply]');
    const before = await replies.count();
    await page.getByLabel('Message the assistant').fill("What can't you do?");
    await page.keyboard.press('Enter');
    // The offline model streams at a visible pace in the test stack (OFFLINE_TOKEN_DELAY_MS).
    await page.getByRole('button', { name: 'Stop' }).click({ timeout: 30_000 });
    const stopped = replies.nth(before);
    await stopped.getByTestId('reply-stopped').waitFor({ timeout: 10_000 });
    const kept = (await stopped.locator('.bubble__text').textContent())?.trim() ?? '';
    await shots.take(page, 'chat-reply-stopped');

    await page.getByRole('button', { name: 'Regenerate' }).click();
    const again = replies.nth(before + 1);
    await expectEventually(async () => expect(await again.getAttribute('aria-busy')).toBe('false'), 30_000);
    const full = (await again.locator('.bubble__text').textContent())?.trim() ?? '';
    // What the stop kept is the start of the whole answer, which the regenerated reply gives.
    expect(full.length).toBeGreaterThan(kept.length);
    expect(full.startsWith(kept)).toBe(true);
    expect(kept.length).toBeGreaterThan(0);

    // Stored as stopped: a reload shows the same partial reply, marked.
    await page.reload();
    await expectText(page.locator('[data-testid=assistant-reply]').nth(before).locator('.bubble__text'), kept, 15_000);
    await page.locator('[data-testid=assistant-reply]').nth(before).getByTestId('reply-stopped').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await shots.take(page, 'chat-reply-regenerated');
  });

  step('shows what the assistant remembers and forgets what the user asks it to', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Memory' }).click();
    await page.getByRole('heading', { level: 1, name: 'Memory' }).waitFor();
    const list = page.getByTestId('memories');
    await list.getByText('Create a task to send the March invoices by Friday').waitFor({ timeout: 15_000 });
    expect(await accessibilityViolations(page)).toEqual([]);
    await shots.take(page, 'memory-page');
    await page.getByRole('button', { name: /^Forget “Create a task to send the March invoices/ }).click();
    await expectEventually(async () => expect(await list.getByText('Create a task to send the March invoices by Friday').count()).toBe(0));
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Memory' }).waitFor();
    await list.locator('li').first().waitFor();
    expect(await list.getByText('Create a task to send the March invoices by Friday').count()).toBe(0);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Assistant' }).click();
    await page.getByRole('heading', { level: 1, name: 'New conversation' }).waitFor();
  });

  step('the assistant reads an uploaded PDF and text file, and answers from the PDF citing its page', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Files' }).click();
    await page.getByRole('heading', { level: 1, name: 'Files' }).waitFor();
    await page.locator('#file-input').setInputFiles([
      { name: 'service-agreement.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await contractPdf()) },
      { name: 'office-notes.txt', mimeType: 'text/plain', buffer: Buffer.from(notesText()) },
    ]);
    const table = page.getByRole('table');
    // No reload: each file's reading status arrives over the socket.
    for (const name of ['service-agreement.pdf', 'office-notes.txt']) {
      await expectText(table.getByRole('row', { name: new RegExp(name.replace('.', '\\.')) }).getByTestId('index-status'), 'Read', 60_000);
    }
    expect(await accessibilityViolations(page)).toEqual([]);
    await shots.take(page, 'files-read-by-assistant');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Assistant' }).click();
    await page.getByRole('heading', { level: 1, name: 'New conversation' }).waitFor();
    await page.getByLabel('Message the assistant').fill('What is the late payment penalty?');
    await page.keyboard.press('Enter');
    const reply = page.locator('[data-testid=assistant-reply][aria-busy=false]').filter({ hasText: PENALTY });
    await reply.waitFor({ timeout: 30_000 });
    const citation = reply.getByRole('link', { name: 'service-agreement.pdf, page 2' });
    await citation.waitFor();
    // Chromium would show the PDF in its built-in viewer, an extension page the watch counts as
    // another origin: the object store's answer is replaced by an empty one for this click.
    const pdfUrl = (url: URL) => url.pathname.endsWith('/service-agreement.pdf');
    await context.route(pdfUrl, (route) => route.fulfill({ status: 200, contentType: 'text/plain', body: '' }));
    const opened = context.waitForEvent('page');
    await citation.click();
    const tab = await opened;
    await expectEventually(
      () => expect(tab.url()).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${stack.ports.s3}/.*service-agreement\\.pdf\\?.*#page=2$`)),
      15_000,
    );
    await tab.close();
    await context.unroute(pdfUrl);
    expect(await accessibilityViolations(page)).toEqual([]);
    await shots.take(page, 'chat-answer-with-citation');
  });

  step(
    'sets a reminder (a Pro feature) in chat, and pops it up when it is due',
    async () => {
      await page.getByLabel('Message the assistant').fill('Remind me to check the VAT return in 1 minute');
      await page.keyboard.press('Enter');
      await page.locator('.automation--reminder').getByText('Reminder set').waitFor({ timeout: 30_000 });
      await shots.take(page, 'chat-reminder-set');
      await page.getByRole('alert').filter({ hasText: 'Reminder: check the VAT return' }).waitFor({ timeout: 100_000 });
      await shots.take(page, 'reminder-due', false);
    },
    150_000,
  );

  // Account security (issue 14): mails read from the stack's /dev/mail, as a user reads their inbox.
  let totpSecret = '';
  let totpStepUsed = 0;
  let recoveryCodes: string[] = [];
  let password = PASSWORD;
  /** A TOTP code of a time step no sign-in has used yet (each step's code works once). */
  const freshCode = async () => {
    const wait = (totpStepUsed + 1) * 30_000 - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait + 100));
    totpStepUsed = Math.floor(Date.now() / 30_000);
    return generate({ secret: totpSecret });
  };

  step('confirms the email address from the link in the sign-up mail', async () => {
    const mail = await awaitMail(stack.gatewayUrl, email, /confirm your email/i);
    expect(mail.text).toContain(`${app}/verify-email?token=`);
    await page.goto(`/verify-email?token=${linkToken(mail, '/verify-email')}`);
    await page.getByRole('heading', { level: 1, name: 'Confirm your email address' }).waitFor();
    await page.getByRole('button', { name: 'Confirm my address' }).click();
    await page.getByText('Your email address is confirmed.').waitFor();
    await shots.take(page, 'email-confirmed');
  });

  step('turns on two-factor sign-in from the account page: QR code, code, recovery codes', async () => {
    await page.goto('/account');
    await page.getByRole('heading', { level: 1, name: 'Account and security' }).waitFor();
    await page.getByText('confirmed', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    await expectVisible(page.getByRole('img', { name: /QR code/ }));
    totpSecret = (await page.getByTestId('totp-secret').textContent())!.trim();
    expect(totpSecret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(await accessibilityViolations(page)).toEqual([]);
    await shots.take(page, 'totp-qr');
    totpStepUsed = Math.floor(Date.now() / 30_000);
    await page.getByLabel('Code from the app').fill(await generate({ secret: totpSecret }));
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    await expectEventually(async () => expect(await codes.count()).toBe(10));
    recoveryCodes = (await codes.allTextContents()).map((c) => c.trim());
    await shots.take(page, 'totp-recovery-codes');
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await page.getByText(/Recovery codes left/).waitFor();
  });

  step(
    'forgets the password: the mailed link sets a new one, then sign-in asks for the two-factor code',
    async () => {
      await page.getByRole('button', { name: 'Sign out', exact: true }).click();
      await page.getByRole('button', { name: /yes, sign me out/i }).click();
      await page.getByRole('heading', { level: 1, name: 'Hand off the busywork.' }).waitFor();
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/oidc\/interaction\//);
      await page.getByRole('link', { name: 'Forgot your password?' }).click();
      await page.getByRole('heading', { level: 1, name: 'Forgot your password?' }).waitFor();
      const asked = Date.now() - 1_000;
      await page.getByLabel('Email').fill(email);
      await page.getByRole('button', { name: 'Send the link' }).click();
      await page.getByText(/a link to choose a new password is on its way/).waitFor();
      await shots.take(page, 'forgot-password-sent');

      const mail = await awaitMail(stack.gatewayUrl, email, /reset your/i, asked);
      expect(mail.text).toContain(`${app}/reset-password?token=`);
      await page.goto(`/reset-password?token=${linkToken(mail, '/reset-password')}`);
      password = 'quince meadow 93 beacons';
      await page.getByLabel('New password', { exact: true }).fill(password);
      await page.getByLabel('New password again').fill(password);
      await page.getByRole('button', { name: 'Set the new password' }).click();
      await page.getByText(/Your new password is set and every device was signed out/).waitFor();
      await shots.take(page, 'password-reset');

      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/oidc\/interaction\//);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { level: 1, name: 'Enter your code' }).waitFor();
      await shots.take(page, 'two-factor-code');
      await page.getByLabel('Code').fill(await freshCode());
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.getByRole('heading', { level: 1, name: /^Welcome, / }).waitFor();
      await shots.take(page, 'dashboard-after-two-factor');
    },
    120_000,
  );

  step('lists the signed-in devices on the account page and signs another one out', async () => {
    // A second device signs in (password + a recovery code).
    const other = await login(stack.gatewayUrl, email, password, { code: () => recoveryCodes[0]! });
    await page.goto('/account');
    const items = page.locator('.sessions__item');
    await expectEventually(async () => expect(await items.count()).toBe(2));
    await page.getByText('This device').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await shots.take(page, 'account-sessions');
    await page.getByRole('button', { name: /^Sign out .* \(signed in/ }).click();
    await expectEventually(async () => expect(await items.count()).toBe(1));
    const refreshed = await request(`${stack.gatewayUrl}/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token: other.refreshToken }),
    });
    expect(refreshed.status).toBe(401);
  });

  step('is usable on a phone-sized screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/');
    await page.getByRole('heading', { level: 1 }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shots.take(page, 'dashboard-mobile');
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  step('signs out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: /yes, sign me out/i }).click();
    await page.getByRole('heading', { level: 1, name: 'Hand off the busywork.' }).waitFor();
    // The refresh cookie is revoked: a reload stays signed out.
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await shots.take(page, 'signed-out-final');
  });

  step('loaded nothing from elsewhere, broke no CSP rule, threw no error', async () => {
    expect(watch.problems).toEqual([]);
    expect(watch.requests.some((r) => r.url().includes(`127.0.0.1:${stack.ports.s3}`))).toBe(true);
  });
});

async function expectVisible(locator: ReturnType<Page['locator']>): Promise<void> {
  await locator.waitFor({ state: 'visible' });
}

async function expectText(locator: ReturnType<Page['locator']>, text: string, timeoutMs = 10_000): Promise<void> {
  await expectEventually(async () => expect((await locator.textContent())?.trim()).toBe(text), timeoutMs);
}

/** The download the next click starts: the link opens a tab whose response is an attachment. */
function nextDownload(context: BrowserContext): Promise<Download> {
  return new Promise((resolve) => {
    const onPage = (p: Page) => p.once('download', resolve);
    context.once('page', onPage);
    for (const p of context.pages()) p.once('download', resolve);
  });
}

/** A real drop on the drop zone: DragEvents carrying Files, as the OS would deliver them. */
async function dropFiles(page: Page, files: { name: string; type: string; content?: string; size?: number }[]): Promise<void> {
  const transfer = await page.evaluateHandle((list) => {
    const data = new DataTransfer();
    for (const f of list) {
      const bytes = f.content ?? new Uint8Array(f.size ?? 0).map((_, i) => i % 251);
      data.items.add(new File([bytes], f.name, { type: f.type }));
    }
    return data;
  }, files);
  const zone = page.getByTestId('dropzone');
  for (const type of ['dragenter', 'dragover', 'drop']) await zone.dispatchEvent(type, { dataTransfer: transfer });
}

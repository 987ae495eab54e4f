import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';

/** Debian's chromium (tools/ensure-system-deps.sh installs it); nothing is downloaded. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
}

/** Saves numbered screenshots of a run under test-results/<name>/ (gitignored). */
export class Screenshots {
  readonly dir: string;
  private count = 0;

  constructor(root: string, name: string) {
    this.dir = join(root, 'test-results', name);
    mkdirSync(this.dir, { recursive: true });
  }

  async take(page: Page, label: string, fullPage = true): Promise<string> {
    this.count += 1;
    const file = join(this.dir, `${String(this.count).padStart(2, '0')}-${label}.png`);
    await page.screenshot({ path: file, fullPage });
    return file;
  }
}

/**
 * What the pages of a context did that they should not: script errors, CSP violations, console
 * errors (other than the HTTP statuses a step expects), and requests to any origin not allowed.
 */
export class PageWatch {
  readonly problems: string[] = [];
  readonly requests: Request[] = [];
  /** Socket.io frames the pages received, as text. */
  readonly socketFrames: string[] = [];

  constructor(
    context: BrowserContext,
    private readonly allowedOrigins: readonly string[],
    private readonly expectedStatuses: ReadonlySet<number>,
  ) {
    for (const page of context.pages()) this.watch(page);
    context.on('page', (page) => this.watch(page));
    context.on('request', (request) => {
      this.requests.push(request);
      const url = new URL(request.url());
      if (url.protocol === 'data:' || url.protocol === 'blob:' || url.protocol === 'about:') return;
      const origin = url.origin.replace(/^ws/, 'http');
      if (!this.allowedOrigins.includes(origin)) this.problems.push(`request to a foreign origin: ${request.method()} ${request.url()}`);
    });
  }

  private watch(page: Page): void {
    page.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => this.socketFrames.push(payload.toString())));
    page.on('pageerror', (error) => this.problems.push(`page error on ${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      const status = /status of (\d{3})/.exec(text)?.[1];
      if (status && this.expectedStatuses.has(Number(status))) return;
      this.problems.push(`console error on ${page.url()}: ${text}`);
    });
  }
}

let axeSource: string | undefined;

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
}

/**
 * axe-core's WCAG 2.1 A/AA rules on the page as it is now; the serious and critical findings,
 * one line each. The script is evaluated through the DevTools protocol, which the page's CSP
 * does not govern, so the page keeps its real policy while it is audited.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const result = await page.evaluate<AxeResult>(
    "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })",
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

/**
 * One local HTML file opened in headless Chromium (Debian's /usr/bin/chromium, installed by
 * scripts/ensure-chromium.sh when missing; driven by playwright-core, which downloads no browser),
 * offline: every request but the page itself is recorded and aborted, so a test can assert that
 * nothing was fetched.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';

export interface OfflinePage {
  browser: Browser;
  page: Page;
  /** Every URL the page asked for, the page's own included. */
  requests: string[];
}

export async function openOfflinePage(
  htmlFile: string,
  options: { viewport?: { width: number; height: number }; beforeLoad?: (page: Page) => void } = {},
): Promise<OfflinePage> {
  // Installs Debian's chromium package on a machine that lacks it (a no-op otherwise).
  execFileSync('bash', [join(ROOT, 'scripts/ensure-chromium.sh')], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 300_000 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const page = await browser.newPage(options.viewport ? { viewport: options.viewport } : {});
  const pageUrl = pathToFileURL(htmlFile).href;
  const requests: string[] = [];
  await page.route('**/*', (route) => {
    requests.push(route.request().url());
    return route.request().url() === pageUrl ? route.continue() : route.abort();
  });
  options.beforeLoad?.(page);
  await page.goto(pageUrl, { waitUntil: 'load' });
  return { browser, page, requests };
}

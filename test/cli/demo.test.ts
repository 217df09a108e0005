/**
 * `mimi demo --html` as a user runs it: three provider processes, the protocol draft's example flow,
 * the transcript, and the final agreement check (exit 0 only when every remaining client agrees);
 * the page it writes, opened in headless Chromium: self-contained, one arrow per request of the
 * transcript, each opening on its decoded body, and the chats side by side.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOfflinePage } from '../support/chromium.ts';
import { mimi, type RunResult } from '../support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'mimikit-demo-test-'));
const HTML = join(dir, 'demo.html');
let r: RunResult;

beforeAll(() => {
  r = mimi(['demo', '--html', HTML], undefined, { timeout: 240_000 });
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mimi demo', () => {
  it('plays the example flow across three provider processes and ends with the clients in agreement', () => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const step of [
      'Alice creates a room',
      'Alice adds Bob',
      'Bob adds Cathy',
      'Cathy sends a message',
      'An encrypted attachment, fetched through the hub',
      'A franked message is reported and verified',
      'Bob leaves the room',
      'Cathy adds a new device',
    ])
      expect(r.stdout).toContain(step);
    // Bob's request for Cathy's KeyPackages goes b → hub a → c, as the draft's figure shows.
    expect(r.stdout).toMatch(/b\.example\s+→ a\.example\s+POST \/v1\/keyMaterial\/mimi:\/\/c\.example\/u\/cathy\s+200/);
    expect(r.stdout).toMatch(/a\.example\s+→ c\.example\s+POST \/v1\/keyMaterial\/mimi:\/\/c\.example\/u\/cathy\s+200/);
    // Every notify was accepted; no request failed.
    const requests = r.stdout.split('\n').filter((l) => / → \S+\s+(GET|POST) \//.test(l));
    expect(requests.length).toBeGreaterThan(30);
    for (const l of requests) expect(l).toMatch(/ (200|201) /);
    // The attachment: Bob's provider asks the hub (proxyDownload), which fetches the ciphertext from c.example's asset server.
    expect(r.stdout).toMatch(/b\.example\s+→ a\.example\s+GET \/v1\/proxyDownload\/https:\/\/c\.example:\d+\/assets\/\S+\s+200/);
    expect(r.stdout).toMatch(/→ c\.example\s+GET \/assets\/\S+\s+200 .*asset \(ciphertext\)/);
    expect(r.stdout).toContain('and decrypted it');
    const count = /(\d+) provider-to-provider requests/.exec(r.stdout);
    expect(Number(count?.[1])).toBe(requests.length);
    // Each user's decrypted view: Alice saw Cathy's hello and its edit; Bob left before the new device spoke.
    const views = r.stdout.split('\n-- ');
    const alice = views.find((v) => v.startsWith('mimi://a.example/u/alice sees')) ?? '';
    const bob = views.find((v) => v.startsWith('mimi://b.example/u/bob sees')) ?? '';
    expect(alice).toContain('Hello, clubhouse!');
    expect(alice).toContain('Hi from my new desktop');
    expect(bob).toContain('Hello, clubhouse!');
    expect(bob).not.toContain('Hi from my new desktop');
    expect(r.stdout).toContain('OK: every remaining client agrees on epoch, epoch authenticator and participant list');
    // The franked message: every receiver verified the Frank, and the hub verified Alice's report.
    expect(r.stdout).toContain('verified the Frank against the room’s franking agent');
    expect(r.stdout).toMatch(/hub a\.example checked an abuse report for mimi:\/\/a\.example\/r\/clubhouse: verified\n/);
  });

  it('--html writes a self-contained page: an arrow per request, each with its decoded body, and the chats', async () => {
    const requests = r.stdout.split('\n').filter((l) => / → \S+\s+(GET|POST) \//.test(l));
    const { browser, page, requests: fetched } = await openOfflinePage(HTML, { viewport: { width: 1280, height: 900 } });
    try {
      expect(fetched).toEqual([pathToFileURL(HTML).href]);
      expect(await page.title()).toBe('mimi demo: draft-ietf-mimi-protocol-06 example flow');
      expect(await page.locator('details.arrow').count()).toBe(requests.length);
      expect(await page.locator('section.step').count()).toBe(9);
      // Bob's request for Cathy's KeyPackages: an arrow from b.example to a.example; opened, it shows the decoded KeyMaterialRequest.
      const ask = page.locator('details.arrow[data-from="b.example"][data-to="a.example"]', { hasText: 'KeyMaterialRequest' }).first();
      await expect(ask.locator('pre').isVisible()).resolves.toBe(false);
      await ask.locator('summary').click();
      await expect(ask.locator('pre').isVisible()).resolves.toBe(true);
      const body = (await ask.locator('pre').textContent()) ?? '';
      expect(body).toContain('POST /v1/keyMaterial/mimi://c.example/u/cathy');
      expect(body).toContain('"requestingUser"');
      // The chats side by side, one per user; the verdict.
      expect(await page.locator('.chat').count()).toBe(3);
      expect(await page.locator('.chat', { hasText: 'mimi://a.example/u/alice' }).textContent()).toContain('Hello, clubhouse!');
      expect(await page.locator('.verdict.ok').count()).toBe(1);
    } finally {
      await browser.close();
    }
  }, 360_000);
});

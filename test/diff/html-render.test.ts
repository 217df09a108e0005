/**
 * The HTML report as a person sees it: headless Chromium (Debian's /usr/bin/chromium, installed by
 * scripts/ensure-chromium.sh, driven by playwright-core, which downloads no browser) opens the
 * sample report's page from a file with every other request blocked, and takes a full-page
 * screenshot, kept at .cache/html-render/report.png for review. Checks: the summary badges and a
 * side-by-side table with a highlighted inserted line are visible, nothing was fetched, and the
 * screenshot is a real picture (decoded: many colours, not one).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { openOfflinePage } from '../support/chromium.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReport } from '../../generators/report/format/index.ts';
import { SAMPLE_REPORT } from '../support/sample-report.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const OUT_DIR = join(ROOT, '.cache/html-render');
const HTML_FILE = join(OUT_DIR, 'report.html');
const PNG_FILE = join(OUT_DIR, 'report.png');

let browser: Browser | undefined;
let page: Page;
let png: Buffer;
let requests: string[] = [];

beforeAll(async () => {
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(HTML_FILE, formatReport(SAMPLE_REPORT, 'html'));
  ({ browser, page, requests } = await openOfflinePage(HTML_FILE, { viewport: { width: 1280, height: 900 } }));
  png = await page.screenshot({ path: PNG_FILE, fullPage: true });
}, 360_000);

afterAll(async () => {
  await browser?.close();
});

describe('the HTML report in Chromium', () => {
  it('is self-contained: the page is the only request', () => {
    expect(requests).toEqual([pathToFileURL(HTML_FILE).href]);
  });

  it('shows the summary badges', async () => {
    const summary = page.locator('#summary');
    expect(await summary.isVisible()).toBe(true);
    const box = await summary.boundingBox();
    expect(box!.width).toBeGreaterThan(100);
    expect(box!.height).toBeGreaterThan(10);
    // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator, not a DOM node: innerText() is the text as rendered
    const text = (await summary.innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('2 ERR');
    expect(text).toContain('2 WARN');
    expect(text).toContain('2 INFO');
    expect(text).toContain('1 suppressed');
    expect(await page.title()).toBe('mimi spec diff: draft-ietf-mimi-protocol-04 → draft-ietf-mimi-protocol-05');
  });

  it('shows every finding as a card', async () => {
    expect(await page.locator('.finding').count()).toBe(SAMPLE_REPORT.findings.length);
    expect(await page.locator('.finding[data-level="ERR"]').first().isVisible()).toBe(true);
  });

  it('shows the inserted struct field side by side, highlighted', async () => {
    const card = page.locator('.finding', { hasText: 'tls-struct-field-inserted' });
    const table = card.locator('.side-by-side');
    expect(await table.isVisible()).toBe(true);
    const ins = table.locator('td.code.ins');
    expect(await ins.count()).toBe(1);
    expect(await ins.isVisible()).toBe(true);
    // biome-ignore lint/performance/useDomNodeTextContent: as above
    expect((await ins.innerText()).trim()).toContain('uint64 not_after;');
    // Runs in the page (the project's tsconfig has no DOM lib, hence the declared shape).
    const background = await ins.evaluate((el) => (globalThis as unknown as BrowserGlobals).getComputedStyle(el).backgroundColor);
    expect(background).not.toMatch(/^rgba?\(0, 0, 0, 0\)$|^transparent$/);
    // The two columns face each other: the old `nonce<V>` line is level with the new one.
    const oldNonce = await table.locator('td.code', { hasText: 'opaque nonce<V>;' }).first().boundingBox();
    const newNonce = await table.locator('td.code', { hasText: 'opaque nonce<V>;' }).last().boundingBox();
    expect(newNonce!.x).toBeGreaterThan(oldNonce!.x + 200);
    expect(Math.abs(newNonce!.y - oldNonce!.y)).toBeLessThan(1);
  });

  it('takes a screenshot that is a real picture', () => {
    expect(png.length).toBeGreaterThan(5_000);
    const image = decodePng(png);
    expect(image.width).toBe(1280);
    expect(image.height).toBeGreaterThan(900);
    expect(image.colours).toBeGreaterThan(50);
  });
});

interface BrowserGlobals {
  getComputedStyle(element: unknown): { backgroundColor: string };
}

/** Decodes an 8-bit, non-interlaced PNG (what Chromium writes) far enough to count its colours. */
function decodePng(data: Buffer): { width: number; height: number; colours: number } {
  expect(data.subarray(0, 8).toString('latin1')).toBe('\x89PNG\r\n\x1a\n');
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  for (let pos = 8; pos < data.length; ) {
    const length = data.readUInt32BE(pos);
    const type = data.toString('latin1', pos + 4, pos + 8);
    const body = data.subarray(pos + 8, pos + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [bitDepth, colourType, , , interlace] = [body[8], body[9], body[10], body[11], body[12]];
      expect({ bitDepth, interlace }).toEqual({ bitDepth: 8, interlace: 0 });
      channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[colourType!] ?? 0;
      expect(channels).toBeGreaterThan(0);
    } else if (type === 'IDAT') idat.push(body);
    pos += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = pixels.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : Buffer.alloc(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? out[i - channels]! : 0;
      const b = prev[i]!;
      const c = i >= channels ? prev[i - channels]! : 0;
      let v = line[i]!;
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[i] = v & 0xff;
    }
  }
  const colours = new Set<number>();
  for (let i = 0; i < pixels.length; i += channels) {
    let key = 0;
    for (let k = 0; k < Math.min(channels, 3); k++) key = key * 256 + pixels[i + k]!;
    colours.add(key);
  }
  return { width, height, colours: colours.size };
}

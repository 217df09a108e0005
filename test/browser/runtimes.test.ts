/**
 * The runtimes in a browser: @mimikit/bytes, tls, cbor, the generated codecs (@mimikit/mls,
 * @mimikit/mimi-content, @mimikit/mimi-protocol's codecs) and @mimikit/content, bundled by esbuild
 * for platform 'browser' (where a Node built-in cannot be resolved, so any `node:` import in them
 * fails the bundle), run in headless Chromium (/usr/bin/chromium via playwright-core, as
 * test/diff/html-render.test.ts) with every request but the page blocked. The page
 * (runtimes-page.ts) decodes and re-encodes all RFC 9420 message vectors and the draft's content
 * examples, computes message IDs, and reports back; here the counts must be the expected non-zero
 * numbers with no failure, and the message IDs and error JSON must equal what Node computes.
 * One bundle, one browser launch.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import type { Browser } from 'playwright-core';
import { openOfflinePage } from '../support/chromium.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '@mimikit/bytes';
import { computeMessageId } from '@mimikit/content';
import { codecs as mlsCodecs } from '@mimikit/mls';
import type { DecodeError } from '@mimikit/tls';
import { loadExamples } from '../support/content-examples.ts';
import { loadMessages, MESSAGE_KINDS } from '../support/mls-vectors.ts';
import type { PageInput, PageResult } from './runtimes-page.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const OUT_DIR = join(ROOT, '.cache/browser-runtimes');
const HTML_FILE = join(OUT_DIR, 'runtimes.html');

/** The bundle options: a browser's view of the packages, resolved through their source condition. */
const BROWSER: BuildOptions = {
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  conditions: ['mimikit-source'],
  write: false,
  logLevel: 'silent',
};

const messages = loadMessages();
const examples = loadExamples();
const input: PageInput = {
  messages,
  messageKinds: MESSAGE_KINDS,
  examples: examples.map((e) => ({ name: e.name, rule: e.rule, hex: toHex(e.cbor) })),
};

let browser: Browser | undefined;
let result: PageResult;
let bundledInputs: string[] = [];
let requests: string[] = [];

beforeAll(async () => {
  const bundle = await build({ ...BROWSER, entryPoints: [join(ROOT, 'test/browser/runtimes-page.ts')], metafile: true });
  bundledInputs = Object.keys(bundle.metafile.inputs);
  const script = bundle.outputFiles?.[0]?.text;
  if (script === undefined) throw new Error('esbuild wrote no bundle');
  // The bundle goes inline, so that the page is the only request; esbuild escapes `</script` in strings.
  expect(script).not.toContain('</script');
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(HTML_FILE, `<!doctype html><meta charset="utf-8"><title>mimikit runtimes</title><script>${script}</script>\n`);
  const pageErrors: string[] = [];
  const opened = await openOfflinePage(HTML_FILE, { beforeLoad: (p) => p.on('pageerror', (err) => pageErrors.push(err.message)) });
  browser = opened.browser;
  requests = opened.requests;
  const page = opened.page;
  expect(pageErrors).toEqual([]);
  result = await page.evaluate((data) => (globalThis as unknown as { mimikitRuntimes: (i: PageInput) => PageResult }).mimikitRuntimes(data), input);
}, 360_000);

afterAll(async () => {
  await browser?.close();
});

describe('the runtimes in headless Chromium', () => {
  it('bundle for the browser: no Node built-in among their inputs, and one would fail the bundle', async () => {
    for (const pkg of [
      'packages/bytes/',
      'packages/tls/',
      'packages/cbor/',
      'packages/content/',
      'generated/mls/',
      'generated/mimi-content/',
      'generated/mimi-protocol/',
    ]) {
      expect(
        bundledInputs.some((f) => f.startsWith(pkg)),
        pkg,
      ).toBe(true);
    }
    expect(bundledInputs.filter((f) => f.startsWith('node:') || !f.includes('/'))).toEqual([]);
    const withNode = build({ ...BROWSER, stdin: { contents: "import { createHash } from 'node:crypto'; console.log(createHash);", resolveDir: ROOT } });
    await expect(withNode).rejects.toThrow(/node:crypto/);
  });

  it('loads the page only: nothing else is requested', () => {
    expect(requests).toEqual([pathToFileURL(HTML_FILE).href]);
  });

  it('round-trips every RFC 9420 message vector byte-exactly (300 entries × 17 fields)', () => {
    expect(result.failures).toEqual([]);
    expect(messages).toHaveLength(300);
    expect(result.mlsRoundTrips).toBe(300 * Object.keys(MESSAGE_KINDS).length);
  });

  it('round-trips all 16 content examples byte-exactly and reads the 14 messages', () => {
    expect(result.contentRoundTrips).toBe(16);
    expect(result.contentReads).toBe(14);
  });

  it('computes the same message IDs as Node', () => {
    const inNode = Object.fromEntries(examples.filter((e) => e.rule === 'mimiContent').map((e) => [e.name, toHex(computeMessageId({ content: e.cbor }))]));
    expect(Object.keys(inNode)).toHaveLength(14);
    expect(result.messageIds).toEqual(inNode);
  });

  it('reports a decode error as in Node: a CodecError with the same JSON', () => {
    let inNode: unknown;
    try {
      mlsCodecs.MLSMessage.decode(fromHex(messages[0]!.mls_welcome).subarray(0, 40));
    } catch (err) {
      inNode = (err as DecodeError).toJSON();
    }
    expect(inNode).toMatchObject({ kind: 'truncated' });
    expect(result.truncatedError).toEqual({ json: inNode, isCodecError: true });
  });

  it('has the mimi-protocol codecs, and says attachment encryption is unsupported (no node:crypto)', () => {
    expect(result.protocolCodecs).toBeGreaterThan(50);
    expect(result.attachmentErrorKind).toBe('unsupported-platform');
  });
});

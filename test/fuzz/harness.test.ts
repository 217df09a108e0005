/**
 * The fuzzer's own parts: a planted bug is found, minimised and reported with its class; inputs
 * are reproducible from (seed, target, iteration); the TLS layout edit keeps every enclosing
 * length right; the CBOR walker and refill agree with the decoder.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { codecs as content } from '@mimikit/mimi-content';
import { codecs as mls } from '@mimikit/mls';
import { fromHex, toHex } from '@mimikit/bytes';
import type { Codec } from '@mimikit/tls';
import { allItems, refill, walkCbor } from './cbor-layout.ts';
import { TargetRun } from './engine.ts';
import { minimize } from './minimize.ts';
import { mutateBytes, type ByteFormat } from './mutate-bytes.ts';
import { targetByName } from './targets/index.ts';
import type { Target } from './target.ts';
import { recordVarints, repeatInVector } from './tls-layout.ts';

const blindOnly: ByteFormat = { interesting: [0x00, 0xff], structured: () => undefined };

/** A target with a planted bug: any input holding the byte 0xee throws a TypeError. */
const planted: Target<Uint8Array> = {
  name: 'test/planted',
  kind: 'bytes',
  seeds: () => [{ data: fromHex('0102030405060708'), origin: 'planted seed' }],
  mutate: (rng, seeds) => mutateBytes(rng, seeds, { ...blindOnly, interesting: [0xee] }),
  check(data) {
    if (data.includes(0xee)) return { failure: 'foreign-exception', detail: 'TypeError: planted' };
    return { accepted: data.length > 0 };
  },
  retain: () => undefined,
  amplified: () => [],
  grow: () => undefined,
};

describe('fuzz harness', () => {
  it('finds a planted bug, minimises it to the one byte that matters, reports it once', () => {
    const run = new TargetRun(planted, { runSeed: 1, checkTime: false });
    const findings = run.iterate(0, 400);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.failure).toBe('foreign-exception');
    expect(toHex(findings[0]!.input as Uint8Array)).toBe('ee');
    expect(run.stats.findings).toBe(1);
  });

  it('regenerates the same input from (seed, target, iteration)', () => {
    const t = targetByName('mls/Commit');
    const a = new TargetRun(t, { runSeed: 99, checkTime: false });
    const b = new TargetRun(t, { runSeed: 99, checkTime: false });
    for (const i of [0, 7, 123]) expect(toHex(a.inputOf(i).data as Uint8Array)).toBe(toHex(b.inputOf(i).data as Uint8Array));
    expect(toHex(a.inputOf(1).data as Uint8Array)).not.toBe(toHex(a.inputOf(2).data as Uint8Array));
  });

  it('minimises text by lines, then characters', () => {
    const text = `${'a\n'.repeat(50)}[[[[x]]]]\n${'b\n'.repeat(50)}`;
    expect(minimize(text, (t) => t.includes('[[[['))).toBe('[[[[');
  });

  it('refills a nested <V> vector and rewrites every enclosing length (Commit.proposals)', () => {
    const commit = mls.Commit as unknown as Codec<{ proposals: unknown[]; path: null }>;
    const base = commit.encode({ proposals: [{ type: 'reference', reference: fromHex('0102') }], path: null });
    const fields = recordVarints(commit as Codec<unknown>, base);
    const index = fields.findIndex((f) => f.at === 0);
    // References of a realistic size (a SHA-256 ProposalRef): 1000 one-byte ones would exceed the
    // decoder's allocation budget, which is not what this test is about.
    const grown = repeatInVector(base, fields, index, fromHex(`0220${'ab'.repeat(32)}`), 1000)!;
    const value = commit.decode(grown);
    expect(value.proposals).toHaveLength(1000);
    expect(toHex(commit.encode(value))).toBe(toHex(grown));
  });

  it('walks CBOR items as the codec reads them, and refills an array', () => {
    const example = new Uint8Array(readFileSync(new URL('../../spec/content/examples/attachment.cbor', import.meta.url)));
    const root = walkCbor(example)!;
    expect(root.end).toBe(example.length);
    // Every item the walker finds is one data item: the generic `value` rule accepts each on its own.
    for (const item of allItems(root)) expect(() => content.value.decode(example.slice(item.at, item.end))).not.toThrow();
    const arr = fromHex('83010203');
    expect(toHex(refill(arr, walkCbor(arr)!, fromHex('00'), 30)!)).toBe(`981e${'00'.repeat(30)}`);
  });
});

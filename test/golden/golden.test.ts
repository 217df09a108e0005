/**
 * Golden output of the TLS generator for a fixture spec that uses every TLS-PL feature: the
 * committed files under features/ are what the generator produces, byte for byte (review a change
 * to them like code); `npm run generate` writes them and `npm run generate -- --check` fails when
 * they differ (test/support/golden-files.ts). Here the golden code is imported and run.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '@mimikit/bytes';
import { DecodeError } from '@mimikit/tls';
import { hasErrors } from '../../generators/common/diagnostics.ts';
import { compilePackage } from '../../generators/tls/compile.ts';
import { emitPackage } from '../../generators/tls/emit/emit-package.ts';
import { parseTls } from '../../generators/tls/parse/parser.ts';
import { FEATURES_INPUT, FEATURES_TLS } from '../support/golden-files.ts';

const text = readFileSync(new URL('./features.tls', import.meta.url), 'utf8');

describe('generator golden output (features.tls)', () => {
  const { spec, diagnostics } = parseTls(text, FEATURES_TLS, 'features');
  const pkg = compilePackage('features', [spec]);

  it('parses and compiles without errors', () => {
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(hasErrors(pkg.diagnostics)).toBe(false);
  });

  it('emits the package files', () => {
    const files = emitPackage(pkg, [FEATURES_INPUT]);
    expect(files.map((f) => f.path)).toEqual(['src/features.ts', 'src/index.ts', 'src/descriptors.ts', 'package.json', 'README.md', 'tsconfig.build.json']);
  });

  it('the golden code round-trips values and rejects bad ones', async () => {
    const g = await import('./features/src/index.ts');
    const value = {
      version: 1,
      color: 'green',
      level: 7,
      fixed: fromHex('01020304'),
      pair: fromHex('0506'),
      credential: null,
      others: [
        { kind: 'basic', identity: fromHex('aa') },
        { kind: 'x509', certs: [fromHex('bb'), fromHex('')] },
      ],
      small: [1, 2],
      label: fromHex('cc'),
      stamp: 2n ** 63n,
      point: { x: 1, y: 2 },
    } as const;
    const bytes = g.EverythingCodec.encode(value as never);
    expect(bytes.length).toBe(g.EverythingCodec.encodedSize(value as never));
    expect(toHex(bytes)).toBe(
      // version color level   fixed      pair   credential=absent
      '01' +
        '02' +
        '00000007' +
        '01020304' +
        '0506' +
        '00' +
        // others: 10 bytes = basic(0001 01aa) + x509(0002, 3 bytes: 01bb 00)
        '0a' +
        '0001' +
        '01aa' +
        '0002' +
        '03' +
        '01bb' +
        '00' +
        // small<0..255>: 1-byte length   label<1..2^16-1>: 2-byte length   stamp            point
        '04' +
        '00010002' +
        '0001cc' +
        '8000000000000000' +
        '0102',
    );
    expect(g.EverythingCodec.decode(bytes)).toEqual(value);
    // A default arm: any other Color value carries a Code.
    const blue = g.EverythingCodec.decode(fromHex('0110' + '01020304' + '0506' + '00' + '00' + '00' + '0001cc' + '0000000000000000' + '0102'));
    expect(blue).toMatchObject({ color: 'blue' });
    // Closed enum: 3 is not a Color.
    expect(() => g.EverythingCodec.decode(fromHex('0103'))).toThrow(DecodeError);
    // Open enum: an unknown Kind decodes as its number (but has no arm here).
    expect(() => g.CredentialCodec.decode(fromHex('0009'))).toThrow(/unknown-select-case/);
    expect(g.KindCodec.decode(fromHex('0009'))).toBe(9);
    // Context: Inner needs Outer.color, which Outer supplies from its own field.
    expect(g.InnerCodec.contextNames).toEqual(['Outer.color']);
    expect(g.OuterCodec.contextNames).toEqual([]);
    expect(g.OuterCodec.decode(fromHex('01050000'))).toEqual({ color: 'red', inner: { r: 5, padding: 2 } });
    expect(() => g.InnerCodec.decode(fromHex('05'))).toThrow(/missing-context/);
    expect(g.InnerCodec.decode(fromHex('05'), { context: { 'Outer.color': 'red' } })).toEqual({ r: 5, padding: 0 });
    // A value declaration (`optional<Credential> credentials<V>;`) gets a codec like any type.
    expect(g.codecs.credentials.decode(fromHex('050001000100'))).toEqual([null, { kind: 'basic', identity: new Uint8Array() }]);
  });
});

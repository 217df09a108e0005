/**
 * Names that generated code cannot use as they are (issue 11, finding 10e): `__proto__` and the
 * other Object.prototype members as field, value or rule names, reserved words and the module's
 * own names as declarations, and two spec names that become one identifier. Each is refused with
 * a diagnostic where the spec writes it; names that are merely not identifiers are quoted, and the
 * decoders built from them add own properties only. Lookups by a name from outside (a CLI flag,
 * an application value) find own entries only.
 */
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EncodeError } from '@mimikit/tls';
import { ProtocolVersionCodec } from '@mimikit/mls';
import type { Diagnostic } from '../../generators/common/diagnostics.ts';
import { emitContentPackage } from '../../generators/cddl/emit/emit-package.ts';
import { parseCddl } from '../../generators/cddl/parse/parser.ts';
import { lowerSpec } from '../../generators/cddl/passes/lower.ts';
import { compilePackage } from '../../generators/tls/compile.ts';
import { parseTls } from '../../generators/tls/parse/parser.ts';
import { generateMini, miniYaml, type MiniOptions } from './mini-openapi.ts';
import { tsShape } from './ts-shape.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const at = (d: Diagnostic) => `${d.line}:${d.col} ${d.code}`;

describe('TLS names', () => {
  const compile = (text: string) => {
    const { spec, diagnostics } = parseTls(text, 'evil.tls', 'evil');
    expect(diagnostics).toEqual([]);
    return compilePackage('evil', [spec]).diagnostics;
  };

  it('refuses __proto__ and Object.prototype names as fields, values and types, where they are written', () => {
    const d = compile(
      ['struct {', '  uint8 __proto__;', '  uint8 constructor;', '} T;', 'enum { toString(0), (255) } E;', 'struct { uint8 a; } hasOwnProperty;'].join('\n'),
    );
    expect(d.map(at)).toEqual(['2:3 reserved-name', '3:3 reserved-name', '5:8 reserved-name', '6:1 reserved-name']);
    expect(d[0]!.message).toContain("'__proto__'");
    expect(d.every((x) => x.severity === 'error' && x.file === 'evil.tls')).toBe(true);
  });

  it('refuses reserved words, built-in type names and the generated module’s own names as type names', () => {
    const d = compile(
      [
        'struct { uint8 a; } class;',
        'struct { uint8 a; } undefined;',
        'enum { a(0), (255) } Reader;',
        'struct { uint8 a; } define;',
        'struct { uint8 a; } _opt_X;',
      ].join('\n'),
    );
    expect(d.map(at)).toEqual(['1:1 reserved-name', '2:1 reserved-name', '3:1 reserved-name', '4:1 reserved-name', '5:1 reserved-name']);
    expect(d[3]!.message).toContain("'defineCodec'"); // define → defineCodec, the runtime's
  });

  it('refuses two declarations that become one TypeScript name', () => {
    const d = compile(['struct { uint8 a; } FooBar;', 'uint8 foo_bar<V>;'].join('\n'));
    expect(d.map(at)).toEqual(['2:1 name-collision']);
    expect(d[0]!.message).toContain("'FooBar'");
  });

  it('a generated enum writer finds only the enum’s own values', () => {
    for (const name of ['toString', 'constructor', '__proto__', 'valueOf']) {
      expect(() => ProtocolVersionCodec.encode(name as never)).toThrow(EncodeError);
      expect(() => ProtocolVersionCodec.encode(name as never)).toThrow(`${name} is not a value of ProtocolVersion`);
    }
  });
});

describe('CDDL names', () => {
  const lower = (text: string) => {
    const { spec, diagnostics } = parseCddl(text, 'evil.cddl', 'evil');
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const lowered = lowerSpec(spec);
    expect(lowered.diagnostics).toEqual([]);
    return lowered;
  };
  const emit = (text: string) => emitContentPackage('evil', [lower(text)], [{ name: 'evil', file: 'evil.cddl', sha256: 'x', source: 'evil' }]);

  it('refuses reserved member, enumeration and rule names and identifier clashes, at the rule', () => {
    const d = emit(
      [
        'A = [ __proto__: uint ]',
        'B = [ toString: uint ]',
        'C = &( constructor: 0, b: 1 )',
        'D = [ x: C ]',
        'type = [ x: uint ]', // allowed: the module then imports TypeBox's Type as `typebox`
        'cbor-reader = [ x: uint ]',
        'key-id = [ x: uint ]',
        'KeyId = [ x: uint ]',
        'valueOf = [ x: uint ]',
      ].join('\n'),
    ).diagnostics;
    expect(d.map(at)).toEqual(['1:1 reserved-name', '2:1 reserved-name', '3:1 reserved-name', '6:1 reserved-name', '8:1 name-collision', '9:1 reserved-name']);
  });

  describe('member names that are not identifiers', () => {
    let dir: string;
    let mod: { MsgCodec: { decode(b: Uint8Array): unknown; encode(v: unknown): Uint8Array } };
    beforeAll(async () => {
      const { files, diagnostics } = emit('Msg = [ constructor.prototype.polluted: tstr, a-b: uint ]\n');
      expect(diagnostics).toEqual([]);
      const code = files.find((f) => f.path === 'src/evil.ts')!.content;
      expect(tsShape(code).errors).toEqual([]);
      // Imported from a folder that resolves @mimikit/cbor and typebox like the repository does.
      dir = mkdtempSync(join(tmpdir(), 'mimikit-names-'));
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
      writeFileSync(join(dir, 'evil.ts'), code);
      mod = await import(join(dir, 'evil.ts'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('decode to own properties and never reach a prototype', () => {
      const value = mod.MsgCodec.decode(new Uint8Array([0x82, 0x61, 0x78, 0x07]));
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect(Object.entries(value as object)).toEqual([
        ['constructor.prototype.polluted', 'x'],
        ['a-b', 7],
      ]);
      expect([...mod.MsgCodec.encode(value)]).toEqual([0x82, 0x61, 0x78, 0x07]);
    });
  });
});

describe('OpenAPI names', () => {
  const errors = async (o: MiniOptions) =>
    (await generateMini(miniYaml(o))).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`);

  it('accepts ordinary names', async () => {
    expect(await errors({})).toEqual([]);
  });

  it('refuses Object.prototype names as operation ids, path parameters and properties, and reserved schema names', async () => {
    expect(await errors({ operationId: 'toString' })).toEqual([expect.stringMatching(/^reserved-name operationId: 'toString'/)]);
    expect(await errors({ param: '__proto__' })).toEqual([expect.stringMatching(/^reserved-name claim: path parameter: '__proto__'/)]);
    expect(await errors({ property: 'constructor' })).toEqual([expect.stringMatching(/^reserved-name Directory: property: 'constructor'/)]);
    // (and the operation that returns it then has no usable schema, as for any invalid schema name)
    expect((await errors({ schema: 'Static' }))[0]).toMatch(/^reserved-name schema name: 'Static'/);
  });
});

/**
 * The descriptors a generated TLS package ships stand for its spec: rebuilt into a package by the
 * generator (as for a custom spec in an installed CLI, with no spec/), they give the same symbols,
 * context needs and generated code as the package compiled from spec/tls, and the runtime's JSON
 * mapping and inspect find every type through them.
 */
import { describe, expect, it } from 'vitest';
import { descriptors as mls } from '@mimikit/mls/descriptors';
import { descriptors as room } from '@mimikit/mimi-room-policy/descriptors';
import { codecs } from '@mimikit/mls';
import { findDeclaration } from '@mimikit/tls/descriptors';
import { fromJson, JsonMappingError } from '@mimikit/tls/json';
import { inspectValue } from '@mimikit/tls/inspect';
import { fromHex } from '@mimikit/bytes';
import { loadPackages } from '../../generators/tls/load.ts';
import { packageFromDescriptors } from '../../generators/tls/from-descriptors.ts';
import { emitPackage } from '../../generators/tls/emit/emit-package.ts';

const ROOT = new URL('../..', import.meta.url).pathname;

describe('TLS package descriptors', () => {
  const fromSpec = loadPackages(ROOT);

  it('rebuild every built-in package with the symbols, context needs and code of spec/tls', () => {
    const rebuilt = packageFromDescriptors(room);
    const byName = new Map<string, typeof rebuilt>();
    const visit = (p: typeof rebuilt) => {
      byName.set(p.name, p);
      p.imports.forEach(visit);
    };
    visit(rebuilt);
    expect([...byName.keys()].sort()).toEqual(fromSpec.packages.map((p) => p.name).sort());
    for (const original of fromSpec.packages) {
      const again = byName.get(original.name)!;
      expect(again.diagnostics).toEqual([]);
      expect([...again.symbols.keys()]).toEqual([...original.symbols.keys()]);
      expect(Object.fromEntries(again.contextNeeds)).toEqual(Object.fromEntries(original.contextNeeds));
      // The code differs only in doc comments (no draft text or positions in descriptors).
      const strip = (files: Array<{ path: string; content: string }>) =>
        files.filter((f) => f.path.endsWith('.ts') && !f.path.endsWith('descriptors.ts')).map((f) => f.content.replace(/\/\*\*[\s\S]*?\*\//g, ''));
      const inputs = original.specs.map((s) => fromSpec.inputs.get(s.name)!);
      expect(strip(emitPackage(again, inputs))).toEqual(strip(emitPackage(original, inputs)));
    }
  });

  it('name every declaration of their specs, imported ones through the imports', () => {
    expect(findDeclaration(mls, 'MLSMessage')?.kind).toBe('struct');
    expect(findDeclaration(room, 'MLSMessage')?.kind).toBe('struct');
    expect(findDeclaration(mls, 'toString')).toBeUndefined();
  });

  it('direct the JSON mapping and inspect', () => {
    expect(fromJson(mls, 'Remove', { removed: 7 })).toEqual({ removed: 7 });
    expect(() => fromJson(mls, 'Remove', { removed: 7, extra: 1 })).toThrow(JsonMappingError);
    expect(() => fromJson(mls, 'KeyPackageRef', 12)).toThrow(/KeyPackageRef: expected a hex string/);
    const bytes = fromHex('0100000005');
    const lines = inspectValue(mls, 'Sender', codecs.Sender.decode(bytes), bytes);
    expect(lines).toEqual([
      '     0                                         Sender: Sender',
      '     0  01                                       sender_type: member (1)',
      '     1  00 00 00 05                              leaf_index: 5',
      '     5  end (5 bytes)',
    ]);
  });
});

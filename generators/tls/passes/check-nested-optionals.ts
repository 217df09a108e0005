/**
 * Pass: `optional<optional<T>>` (directly, or through aliases: `optional<X>` with `X` an alias of
 * `optional<T>`) cannot round-trip. On the wire an absent outer value (`00`) and a present outer
 * value holding an absent inner one (`01 00`) differ, but both map to `null` in JSON and
 * TypeScript (docs/json-mapping.md), so one of them cannot be encoded again. Such a type is a
 * `nested-optional` error at the field or alias that declares it.
 */
import { diagnosticAt } from '../../common/diagnostics.ts';
import type { Provenance, TypeRef } from '../ir.ts';
import { ownDeclarations, type TlsPackage } from '../model.ts';
import { underlying } from './resolve-selects.ts';
import { allFields, typeRefs } from './walk.ts';

export function checkNestedOptionals(pkg: TlsPackage): void {
  for (const decl of ownDeclarations(pkg)) {
    const declared: Array<{ type: TypeRef; what: string; at: Provenance }> = [];
    if (decl.kind === 'alias') declared.push({ type: decl.type, what: `'${decl.name}'`, at: decl.provenance });
    if (decl.kind === 'struct')
      for (const f of allFields(decl.members)) declared.push({ type: f.type, what: `field '${f.name}' of ${decl.name}`, at: f.provenance });
    for (const { type, what, at } of declared) {
      for (const t of typeRefs(type)) {
        if (t.kind !== 'optional') continue;
        const inner = underlying(pkg, t.element);
        if (!('kind' in inner) || inner.kind !== 'optional' || 'name' in inner) continue;
        const through = t.element.kind === 'named' ? ` ('${t.element.name}' is itself optional)` : '';
        pkg.diagnostics.push(
          diagnosticAt(
            at,
            'error',
            'nested-optional',
            `${what} is an optional of an optional${through}: an absent value and a present one holding an absent value both map to null, so one of them cannot be encoded again`,
            'use one optional, or a struct with a presence flag for the inner value',
          ),
        );
        break;
      }
    }
  }
}

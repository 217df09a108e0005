/**
 * Emits a package's type descriptors (`src/descriptors.ts`, exported as
 * `@mimikit/<package>/descriptors`): the resolved IR of its declarations as data, without
 * provenance and definition text (the runtime type is PackageDescriptor in @mimikit/tls). The JSON
 * mapping and `inspect` of @mimikit/tls walk these at run time, and the generator rebuilds the
 * package from them when a custom spec imports its types, so no consumer needs spec/.
 * One declaration per line keeps the module diffable; its imports are the imported packages'
 * descriptors.
 */
import type { Declaration, Member, TypeRef } from '../ir.ts';
import type { TlsPackage } from '../model.ts';
import { generatedFileHeader, jsonLiteral, stringLiteral } from '../../common/generated-text.ts';
import { pascal } from '../../common/names.ts';

/** The module name of the descriptors under src/ and as a subpath export. */
export const DESCRIPTORS_MODULE = 'descriptors';

/** What the descriptors record of each input spec (emit-package.ts's SpecInput has these). */
interface DescribedInput {
  name: string;
  draft: string;
  version: string;
  sha256: string;
}

export function emitDescriptors(pkg: TlsPackage, inputs: readonly DescribedInput[], generatorId: string): string {
  const local = (name: string) => `${pascal(name).replace(/^./, (c) => c.toLowerCase())}Descriptors`;
  const specs = pkg.specs.map((spec) => {
    const input = inputs.find((i) => i.name === spec.name)!;
    const decls = spec.declarations.map((d) => `        ${jsonLiteral(declaration(d))},`).join('\n');
    const head = `name: ${stringLiteral(input.name)}, draft: ${stringLiteral(input.draft)}, version: ${stringLiteral(input.version)}, sha256: ${stringLiteral(input.sha256)}`;
    return `    {\n      ${head},\n      declarations: [\n${decls}\n      ],\n    },`;
  });
  return [
    generatedFileHeader(generatorId, [`Type descriptors of @mimikit/${pkg.name} for the JSON mapping and inspect of @mimikit/tls.`]),
    `import type { PackageDescriptor } from '@mimikit/tls/descriptors';`,
    ...pkg.imports.map((imp) => `import { descriptors as ${local(imp.name)} } from '@mimikit/${imp.name}/${DESCRIPTORS_MODULE}';`),
    '',
    `export const descriptors: PackageDescriptor = {`,
    `  name: ${stringLiteral(pkg.name)},`,
    `  specs: [\n${specs.join('\n')}\n  ],`,
    `  imports: [${pkg.imports.map((imp) => local(imp.name)).join(', ')}],`,
    `};`,
    '',
  ].join('\n');
}

function declaration(d: Declaration): unknown {
  switch (d.kind) {
    case 'struct':
      return { kind: d.kind, name: d.name, members: d.members.map(member) };
    case 'enum':
      return { kind: d.kind, name: d.name, width: d.width, max: d.max, open: d.open, values: d.values.map((v) => ({ name: v.name, value: v.value })) };
    case 'alias':
      return { kind: d.kind, name: d.name, declares: d.declares, type: typeRef(d.type) };
  }
}

function member(m: Member): unknown {
  if (m.kind === 'field') {
    return {
      kind: m.kind,
      name: m.name,
      type: typeRef(m.type),
      ...(m.fixedValue !== undefined ? { fixedValue: m.fixedValue } : {}),
      ...(m.anonymous ? { anonymous: true } : {}),
    };
  }
  return {
    kind: m.kind,
    discriminator: m.discriminator.path,
    arms: m.arms.map((a) => ({ cases: a.cases, isDefault: a.isDefault, members: a.members.map(member) })),
  };
}

function typeRef(t: TypeRef): unknown {
  switch (t.kind) {
    case 'vector':
      return { kind: t.kind, element: typeRef(t.element), length: t.length };
    case 'array':
      return { kind: t.kind, element: typeRef(t.element), byteLength: t.byteLength };
    case 'optional':
      return { kind: t.kind, element: typeRef(t.element) };
    case 'struct':
      // hoistInlineStructs names every inline struct before anything is emitted.
      throw new Error('inline struct reached the descriptor emitter');
    default:
      return t;
  }
}

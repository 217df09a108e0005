/**
 * Loads spec/content/*.cddl (every file there, in name order: adding a file is all it takes to get
 * a generated codec), parses and lowers each one.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../common/diagnostics.ts';
import type { CddlInput } from './emit/emit-package.ts';
import type { CddlSpec } from './ir.ts';
import { parseCddl } from './parse/parser.ts';
import { checkContentNames } from './passes/check-names.ts';
import { lowerSpec, type LoweredSpec } from './passes/lower.ts';

export interface LoadedContent {
  specs: CddlSpec[];
  lowered: LoweredSpec[];
  inputs: CddlInput[];
  diagnostics: Diagnostic[];
}

/** One CDDL text (a file of spec/content, or a custom file given to the CLI), parsed and lowered. */
export function loadCddlText(text: string, file: string, name: string): { spec: CddlSpec; lowered: LoweredSpec; input: CddlInput; diagnostics: Diagnostic[] } {
  const { spec, diagnostics } = parseCddl(text, file, name);
  const lowered = lowerSpec(spec);
  return {
    spec,
    lowered,
    input: { name, file, sha256: createHash('sha256').update(text).digest('hex'), source: /(draft-[a-z0-9-]+?-\d\d)\b/.exec(text)?.[1] ?? name },
    diagnostics: [...diagnostics, ...lowered.diagnostics],
  };
}

export function loadContentSpecs(root: string): LoadedContent {
  const dir = join(root, 'spec/content');
  const out: LoadedContent = { specs: [], lowered: [], inputs: [], diagnostics: [] };
  if (!existsSync(dir)) return out;
  for (const fileName of readdirSync(dir)
    .filter((f) => f.endsWith('.cddl'))
    .sort()) {
    const file = `spec/content/${fileName}`;
    const one = loadCddlText(readFileSync(join(root, file), 'utf8'), file, fileName.replace(/\.cddl$/, ''));
    for (const item of one.diagnostics) out.diagnostics.push(item);
    out.specs.push(one.spec);
    out.lowered.push(one.lowered);
    out.inputs.push(one.input);
  }
  // Names across the package (so `mimi spec lint` reports them too, not only generate).
  out.diagnostics.push(...checkContentNames(out.lowered));
  return out;
}

/**
 * Codecs for a spec named on the command line. Built-in specs use the committed generated
 * packages; any other .tls file is compiled by the same generator into .cache/mimi/<hash>/ and
 * imported from there, so the CLI always runs generated code, never an interpreter.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Codec } from '@mimikit/tls';
import { loadTlsEmitter, type TlsPackage } from '@mimikit/generators';
import { resolveSpec } from '../tls-specs.ts';
import { REPO_ROOT } from '../root.ts';

export interface LoadedCodecs {
  pkg: TlsPackage;
  codec(typeName: string): Codec<unknown>;
}

type Registry = Record<string, Codec<unknown>>;

async function importBuiltin(name: string): Promise<Registry> {
  const mod = (await import(`@mimikit/${name}`)) as { codecs: Registry };
  return mod.codecs;
}

async function compileCustom(pkg: TlsPackage, file: string): Promise<Registry> {
  // The emitter (and ts-morph with it) is loaded only when a custom .tls file is used.
  const { emitPackage } = await loadTlsEmitter();
  const spec = pkg.specs[0]!;
  const input = { name: spec.name, file, sha256: '', draft: spec.name, version: '' };
  const files = emitPackage(pkg, [input]);
  const hash = createHash('sha256').update(files.map((f) => f.content).join('\0')).digest('hex').slice(0, 16);
  const dir = join(REPO_ROOT, '.cache', 'mimi', hash);
  if (!existsSync(join(dir, 'src', 'index.ts'))) {
    for (const f of files) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.content);
    }
  }
  const mod = (await import(pathToFileURL(join(dir, 'src', 'index.ts')).href)) as { codecs: Registry };
  return mod.codecs;
}

export async function loadCodecs(specName: string): Promise<LoadedCodecs> {
  const { pkg, customFile } = resolveSpec(specName);
  const registries: Registry[] = [];
  if (customFile) registries.push(await compileCustom(pkg, customFile));
  const visit = async (p: TlsPackage, seen: Set<string>): Promise<void> => {
    if (seen.has(p.name)) return;
    seen.add(p.name);
    if (p.name !== 'custom') registries.push(await importBuiltin(p.name));
    for (const imp of p.imports) await visit(imp, seen);
  };
  await visit(pkg, new Set());
  return {
    pkg,
    codec(typeName: string): Codec<unknown> {
      // Own entries only: a registry is a plain object, and `--type toString` must not find
      // Object.prototype's toString (nor `__proto__` the prototype itself).
      for (const r of registries) if (Object.hasOwn(r, typeName)) return r[typeName]!;
      throw new Error(`no type ${JSON.stringify(typeName)} in spec '${specName}' (see \`mimi spec ir ${specName}\` for its types)`);
    },
  };
}

/**
 * Private helpers (the read/size/write functions of composite shapes) that several files of one
 * generated package would each define identically are written once, into the package's
 * `src/shared-helpers.ts`, and imported by the files that call them. The emitters name a helper
 * after its shape, not after the file, so the same shape gives the same text in every file; a
 * helper block is shared when that exact text occurs in two files or more. The module is not
 * re-exported by the package index: the helpers stay private to the package.
 */
import { generatedFileHeader } from './generated-text.ts';

/** The module (under src/) that holds a package's shared helpers. */
export const SHARED_HELPERS_MODULE = 'shared-helpers';

export interface SharedHelperSplit {
  /** Per file (same order as the input), the helper blocks it keeps. */
  kept: string[][];
  /** Blocks that move to the shared module, in order of first occurrence. */
  shared: string[];
}

/** Splits each file's helper blocks into those it keeps and those that several files define. */
export function splitSharedHelpers(files: readonly (readonly string[])[]): SharedHelperSplit {
  const count = new Map<string, number>();
  for (const blocks of files) for (const b of new Set(blocks)) count.set(b, (count.get(b) ?? 0) + 1);
  const isShared = (b: string) => (count.get(b) ?? 0) > 1;
  const shared: string[] = [];
  for (const blocks of files) for (const b of blocks) if (isShared(b) && !shared.includes(b)) shared.push(b);
  return { kept: files.map((blocks) => blocks.filter((b) => !isShared(b))), shared };
}

/** What the shared-helpers step gives each file of a package, and the shared module. */
export interface SharedHelperLayout {
  /** Per file (same order as the input): its body with the helpers it keeps, and the identifiers it mentions. */
  files: Array<{ body: string; used: Set<string> }>;
  /** The shared module (its functions exported), the names it defines and the identifiers it mentions; null when no helper is shared. */
  shared: { body: string; names: Set<string>; used: Set<string> } | null;
}

/**
 * The step both emitters run: refuses a file named like the shared module, splits the helpers,
 * joins each file's body with the helpers it keeps. Each emitter then imports, in each file, the
 * shared names it `used` from `./shared-helpers.ts` and drops imports the file no longer uses.
 */
export function layOutSharedHelpers(
  fileNames: readonly string[],
  files: ReadonlyArray<{ body: string; helpers: readonly string[] }>,
  what: string,
): SharedHelperLayout {
  if (fileNames.includes(SHARED_HELPERS_MODULE))
    throw new Error(`a ${what} may not be named ${SHARED_HELPERS_MODULE}: the package's shared helpers module has that name`);
  const split = splitSharedHelpers(files.map((f) => f.helpers));
  const out = files.map((f, i) => {
    const body = [f.body, ...split.kept[i]!].join('\n');
    return { body, used: identifiersIn(body) };
  });
  if (!split.shared.length) return { files: out, shared: null };
  const body = split.shared.join('\n');
  return {
    files: out,
    shared: { body: body.replace(/^function /gm, 'export function '), names: new Set(split.shared.flatMap(functionNames)), used: identifiersIn(body) },
  };
}

/** Names of the top-level functions a helper block defines. */
export function functionNames(code: string): string[] {
  return [...code.matchAll(/^function ([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]!);
}

/** The identifiers a piece of generated code mentions (a superset of those it uses; enough to pick imports). */
export function identifiersIn(code: string): Set<string> {
  return new Set(code.match(/[A-Za-z_$][\w$]*/g) ?? []);
}

/** The header of a package's src/shared-helpers.ts. */
export function sharedHelpersHeader(generator: string, pkgName: string): string {
  return generatedFileHeader(generator, [`Helpers of @mimikit/${pkgName} that several of its files use, written once (private to the package).`]);
}

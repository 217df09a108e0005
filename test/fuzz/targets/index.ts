/** Every fuzz target, and the selection `--target` makes. */
import type { Target } from '../target.ts';
import { contentCodecTargets } from './content-codecs.ts';
import { parserTargets } from './parsers.ts';
import { tlsCodecTargets } from './tls-codecs.ts';

let all: Target[] | undefined;

export function allTargets(): Target[] {
  all ??= [...(tlsCodecTargets() as Target[]), ...(contentCodecTargets() as Target[]), ...(parserTargets() as Target[])];
  return all;
}

/**
 * Targets matching any of `patterns`: an exact name (`mls/Commit`), a prefix ending at a `/`
 * (`mls`, `parser`), or a glob with `*` (`mls/*Message`). No pattern: every target.
 */
export function selectTargets(patterns: readonly string[]): Target[] {
  if (!patterns.length) return allTargets();
  const matchers = patterns.map((p) => {
    const re = new RegExp(
      `^${p
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}(/.*)?$`,
    );
    return (name: string) => re.test(name);
  });
  const chosen = allTargets().filter((t) => matchers.some((m) => m(t.name)));
  if (!chosen.length) throw new Error(`no fuzz target matches ${patterns.join(', ')} (npm run fuzz -- --list shows them)`);
  return chosen;
}

export function targetByName(name: string): Target {
  const t = allTargets().find((x) => x.name === name);
  if (!t) throw new Error(`unknown fuzz target ${name}`);
  return t;
}

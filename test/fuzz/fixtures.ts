/**
 * Regression fixtures: test/fixtures/fuzz/<target>/<hash>.bin (bytes) or .txt (text), each with a
 * JSON sidecar <hash>.json telling what failed and how to find it again. A heap finding keeps the
 * small base of its recipe; the replay grows it to full size. Text that is not well-formed UTF-16
 * (a lone surrogate) cannot be written as UTF-8, so the sidecar also carries it as a JSON string.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Finding } from './engine.ts';
import type { FailureClass, GrowRecipe, Input } from './target.ts';

export const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/fuzz/', import.meta.url));

export interface FixtureSidecar {
  target: string;
  failure: FailureClass;
  detail: string;
  key: string;
  runSeed: number;
  iteration: number;
  origin: string;
  originalSize: number;
  /** How to see it happen again. */
  reproduce: string;
  context?: Record<string, string>;
  recipe?: GrowRecipe;
  /** The exact text, when it is not well-formed (the .txt then holds U+FFFD in its place). */
  text?: string;
}

export interface Fixture {
  /** Path of the input file, relative to test/fixtures/fuzz. */
  path: string;
  input: Input;
  sidecar: FixtureSidecar;
}

/**
 * One fixture per target and key; for the heap and round-trip findings of codecs, one per package
 * and key: the same amplification or the same lost byte seen through twenty codecs of a package
 * is one bug.
 */
export function fixtureGroup(target: string, key: string): string {
  const perPackage = !target.startsWith('parser/') && (key.startsWith('heap:') || key.startsWith('round-trip:'));
  return `${perPackage ? target.split('/')[0] : target} ${key}`;
}

export function loadFixtures(dir = FIXTURE_DIR): Fixture[] {
  const out: Fixture[] = [];
  const visit = (d: string) => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, e.name);
      if (e.isDirectory()) visit(p);
      else if (e.name.endsWith('.json')) {
        const sidecar = JSON.parse(readFileSync(p, 'utf8')) as FixtureSidecar;
        const bin = p.replace(/\.json$/, '.bin');
        const input: Input = existsSync(bin) ? new Uint8Array(readFileSync(bin)) : (sidecar.text ?? readFileSync(p.replace(/\.json$/, '.txt'), 'utf8'));
        out.push({ path: relative(dir, existsSync(bin) ? bin : p.replace(/\.json$/, '.txt')), input, sidecar });
      }
    }
  };
  visit(dir);
  return out;
}

/** Writes `f` as a fixture unless one of the same group is there already; returns its path or undefined. */
export function saveFixture(f: Finding, known: Set<string>, dir = FIXTURE_DIR): string | undefined {
  const group = fixtureGroup(f.target, f.key);
  if (known.has(group)) return undefined;
  known.add(group);
  const text = typeof f.input === 'string';
  const hash = createHash('sha256')
    .update(f.target)
    .update(text ? (f.input as string) : (f.input as Uint8Array))
    .update(JSON.stringify(f.recipe ?? null))
    .digest('hex')
    .slice(0, 12);
  const base = join(dir, f.target, hash);
  mkdirSync(dirname(base), { recursive: true });
  const sidecar: FixtureSidecar = {
    target: f.target,
    failure: f.failure,
    detail: f.detail,
    key: f.key,
    runSeed: f.runSeed,
    iteration: f.iteration,
    origin: f.origin,
    originalSize: f.originalSize,
    reproduce: `npm run fuzz -- --target ${f.target} --seed ${f.runSeed}`,
    ...(f.context ? { context: f.context } : {}),
    ...(f.recipe ? { recipe: f.recipe } : {}),
    ...(text && !(f.input as string).isWellFormed() ? { text: f.input as string } : {}),
  };
  writeFileSync(`${base}${text ? '.txt' : '.bin'}`, f.input);
  writeFileSync(`${base}.json`, `${JSON.stringify(sidecar, null, 2)}\n`);
  return relative(dir, `${base}${text ? '.txt' : '.bin'}`);
}

/** The groups of the fixtures already kept. */
export function knownGroups(dir = FIXTURE_DIR): Set<string> {
  return new Set(loadFixtures(dir).map((f) => fixtureGroup(f.sidecar.target, f.sidecar.key)));
}

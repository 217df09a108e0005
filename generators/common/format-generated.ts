/**
 * `npm run generate` prints every generated TypeScript and JSON file through the repository's pinned Biome
 * formatter (biome.json, `@biomejs/biome` at an exact version), so that generated/ passes
 * `biome check` as committed and the emitters need not reproduce Biome's line breaking themselves.
 * The emitters still print one member per line where that is the readable layout (Biome keeps an
 * object that starts with a line break expanded). Only repository generation formats: compiling a
 * custom spec for the CLI skips this step, its output is never committed.
 *
 * One Biome process formats all files in a temporary folder (a process per file would cost about
 * as much as the whole generation). The folder gets the repository's formatter settings without
 * its file includes and VCS settings, which name repository paths.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CONFIG = fileURLToPath(new URL('../../biome.json', import.meta.url));

/** Formats the `.ts` and `.json` entries of `files` (path → text) in place; other entries are left as they are. */
export function formatGeneratedTypeScript(files: Map<string, string>): void {
  const paths = [...files.keys()].filter((p) => p.endsWith('.ts') || p.endsWith('.json'));
  if (!paths.length) return;
  const dir = mkdtempSync(join(tmpdir(), 'mimikit-format-'));
  try {
    const { files: _files, vcs: _vcs, $schema: _schema, ...settings } = JSON.parse(readFileSync(CONFIG, 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'biome.json'), JSON.stringify({ ...settings, linter: { enabled: false } }));
    paths.forEach((p, i) => {
      const file = join(dir, 'src', String(i), p);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, files.get(p)!);
    });
    const biome = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');
    const run = spawnSync(process.execPath, [biome, 'format', '--write', '--no-errors-on-unmatched', 'src'], { cwd: dir, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`biome format failed on generated code (exit ${run.status}):\n${run.stderr || run.stdout}`);
    for (const [i, p] of paths.entries()) files.set(p, readFileSync(join(dir, 'src', String(i), p), 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Codecs of a test-only .tls file, compiled by the real generator (through @mimikit/generators, as
 * the CLI compiles a custom spec) and imported as generated code. The package is written under
 * node_modules/.cache/mimikit-tests/<hash>/, inside the repository so that its `@mimikit/tls`
 * import resolves, and outside the work tree git sees.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Codec } from '@mimikit/tls';
import { compileCustomTls, emitCustomTls, loadPackages } from '@mimikit/generators';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export async function compileTlsFile(file: string): Promise<Record<string, Codec<unknown>>> {
  const files = await emitCustomTls(compileCustomTls(file, file, loadPackages(ROOT).packages), file);
  const hash = createHash('sha256')
    .update(files.map((f) => f.content).join('\0'))
    .digest('hex')
    .slice(0, 16);
  const dir = join(ROOT, 'node_modules', '.cache', 'mimikit-tests', hash);
  if (!existsSync(join(dir, 'src', 'index.ts'))) {
    for (const f of files) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.content);
    }
  }
  return ((await import(pathToFileURL(join(dir, 'src', 'index.ts')).href)) as { codecs: Record<string, Codec<unknown>> }).codecs;
}

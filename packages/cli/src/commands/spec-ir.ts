import type { Command } from 'commander';
import { resolveSpec } from '../tls-specs.ts';

/** `mimi spec ir <spec>`: the IR (docs/ir.md) of a spec file or package as JSON. */
export function registerSpecIr(spec: Command): void {
  spec
    .command('ir')
    .description('print the IR of a .tls file (or built-in spec/package name) as JSON')
    .argument('<spec>', 'a .tls file, a spec name (draft-ietf-mls-protocol) or a package (mls)')
    .action((name: string) => {
      const { pkg } = resolveSpec(name);
      const specs = pkg.specs.filter((s) => s.name === name || name.endsWith(`${s.name}.tls`));
      const out = specs.length === 1 ? specs[0] : { irVersion: pkg.specs[0]?.irVersion, package: pkg.name, specs: pkg.specs };
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    });
}

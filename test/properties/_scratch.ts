import fc from 'fast-check';
import { loadPackages } from '/work/main/generators/tls/load.ts';
import { ownDeclarations } from '/work/main/generators/tls/model.ts';
import { arbitraryOf } from './arbitrary.ts';
const { packages } = loadPackages('/work/main');
const t0 = Date.now();
for (const p of packages) for (const d of ownDeclarations(p)) {
  try {
    const a = arbitraryOf(p, d.name);
    const s = fc.sample(a, { numRuns: 5, seed: 1 });
    if (process.argv[2] === d.name) console.dir(s, { depth: 20 });
  } catch (e) { console.log(p.name, d.name, (e as Error).message); }
}
console.log('ms', Date.now() - t0);

/**
 * The packages as an implementer gets them (issue 13, points 1 and 8): one `npm pack` of the
 * workspaces (prepack builds each package), one `npm install` of the tarballs into a fresh project
 * in the OS temp directory (third-party packages from the npm registry, through npm's cache), then:
 *
 * - publint and @arethetypeswrong/cli on every tarball, with zero errors;
 * - test/consumer/program.ts type-checked in that project under NodeNext, strict and
 *   exactOptionalPropertyTypes with the default lib of ES2022, compiled, and run with plain node
 *   (no loader, no mimikit-source condition): it decodes an RFC 9420 MLSMessage, builds and encodes
 *   MIMI content, serves one operation with the generated server to the generated client, and makes
 *   a GroupContextExtensions commit that carries an UpdatePath (the vendored, patched ts-mls);
 * - the ```js example of every package's README, run from the project.
 *
 * Wall time is dominated by the pack (tsc -b per package, incremental) and the install; the
 * temporary directory is removed afterwards.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMessages } from '../support/mls-vectors.ts';
import { ROOT, workspaces } from '../support/workspaces.ts';

const run = promisify(execFile);

/**
 * Workspaces not packed, each with the reason: none today. (Until the layering work, packages/cli
 * was listed here: its build failed while it imported generators/, bench/ and test/ by path.)
 */
const NOT_PACKED: Readonly<Record<string, string>> = {};
const PACKED = workspaces().filter((w) => !(w.dir in NOT_PACKED));

/**
 * Findings accepted on purpose: @arethetypeswrong/cli runs with its ESM-only profile, which ignores
 * the CommonJS and node10 resolutions (every package is `type: module` with `import` conditions
 * only; require() is not offered). Nothing else is accepted (docs/packages.md, "Checks").
 */

/** Third-party packages the program imports itself (as an implementer would declare them). */
const rootManifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const CONSUMER_DEPENDENCIES = [`fastify@${rootManifest.dependencies.fastify}`, `@types/node@${rootManifest.devDependencies['@types/node']}`];

const TSCONFIG = {
  compilerOptions: {
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    target: 'ES2022', // no `lib`: the default one of the target, what Node 20 runs
    types: ['node'],
    strict: true,
    exactOptionalPropertyTypes: true,
    skipLibCheck: false, // our .d.ts are what is checked, with every import they make resolved
    skipDefaultLibCheck: true, // TypeScript's own lib files are not under test (saves ~3 s)
    outDir: 'out',
  },
  files: ['program.ts'],
};

/** attw's JSON report → one line per problem (kind, resolution, entry point or file). */
function attwProblems(json: string): string {
  try {
    const report = JSON.parse(json) as {
      problems?: Record<
        string,
        Array<{ resolutionKind?: string; resolutionOption?: string; entrypoint?: string; fileName?: string; moduleSpecifier?: string }>
      >;
    };
    return Object.entries(report.problems ?? {})
      .flatMap(([kind, list]) =>
        list.map((p) => `${kind} (${p.resolutionKind ?? p.resolutionOption}) ${p.entrypoint ?? p.fileName ?? ''} ${p.moduleSpecifier ?? ''}`.trim()),
      )
      .join('; ');
  } catch {
    return json.slice(0, 2000);
  }
}

const env = { ...process.env, NODE_OPTIONS: '', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

let temp: string;
let project: string;
let tarballs: string[];
/** tsc in the consumer project: started right after the install, so it overlaps publint and attw. */
let typecheck: Promise<{ ok: true } | { ok: false; output: string }>;
const timings: Record<string, number> = {};
/** `npm install -g` of every tarball into a prefix of its own: started with the project's install. */
let globalInstall: Promise<unknown>;
let globalPrefix: string;

/**
 * The installs run with --ignore-scripts, and every better-sqlite3 they installed gets the native
 * addon the repository's own `npm ci` compiled (same version from the lockfile, same Node ABI).
 * Without this, each install compiles better-sqlite3 from source (no prebuilt binaries without
 * network access), twice per run, several minutes on a 2-core machine; a user's install compiles
 * it (or downloads a prebuild) once. Our own packages have no install scripts.
 */
function reuseNativeAddons(dir: string): void {
  const built = join(ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  const found: string[] = [];
  const walk = (d: string, depth: number): void => {
    if (depth > 8 || !existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      const sub = join(d, e.name);
      if (e.name === 'better-sqlite3' && basename(d) === 'node_modules') found.push(sub);
      else walk(sub, depth + 1);
    }
  };
  walk(dir, 0);
  if (found.length === 0) throw new Error(`no better-sqlite3 installed under ${dir}`);
  for (const pkg of found) {
    mkdirSync(join(pkg, 'build', 'Release'), { recursive: true });
    copyFileSync(built, join(pkg, 'build', 'Release', 'better_sqlite3.node'));
  }
}

async function timed<T>(label: string, f: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await f();
  } finally {
    timings[label] = Math.round(performance.now() - start);
  }
}

beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), 'mimikit-consumer-'));
  const packDir = join(temp, 'tarballs');
  project = join(temp, 'project');
  mkdirSync(packDir);
  mkdirSync(project);
  await timed('pack', () =>
    run('npm', ['pack', ...PACKED.flatMap((w) => ['-w', w.dir]), '--pack-destination', packDir], { cwd: ROOT, env, maxBuffer: 64 << 20 }),
  );
  tarballs = readdirSync(packDir)
    .filter((f) => f.endsWith('.tgz'))
    .map((f) => join(packDir, f));
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'mimikit-consumer', private: true, type: 'module' }, null, 2)}\n`);
  // The CLI's tarball alone would look for the other @mimikit packages on the registry: a global
  // install of all of them resolves them among themselves (README, "Using the packages").
  globalPrefix = join(temp, 'global');
  globalInstall = timed('global install', () =>
    run('npm', ['install', '--global', '--prefix', globalPrefix, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', ...tarballs], {
      cwd: temp,
      env,
      maxBuffer: 64 << 20,
    }).then(() => reuseNativeAddons(globalPrefix)),
  );
  globalInstall.catch(() => undefined); // awaited (and reported) by its test
  await timed('install', () =>
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', ...tarballs, ...CONSUMER_DEPENDENCIES], {
      cwd: project,
      env,
      maxBuffer: 64 << 20,
    }).then(() => reuseNativeAddons(project)),
  );
  copyFileSync(join(ROOT, 'test', 'consumer', 'program.ts'), join(project, 'program.ts'));
  writeFileSync(join(project, 'tsconfig.json'), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  typecheck = timed('typecheck', () => run(process.execPath, [tsc, '-p', project], { cwd: project, env, maxBuffer: 64 << 20 })).then(
    () => ({ ok: true as const }),
    (e: { stdout?: string }) => ({ ok: false as const, output: e.stdout ?? String(e) }),
  );
}, 600_000);

afterAll(async () => {
  await typecheck; // never leave tsc running on a removed directory
  await globalInstall?.catch(() => undefined);
  const start = performance.now();
  if (temp) rmSync(temp, { recursive: true, force: true });
  timings.cleanup = Math.round(performance.now() - start);
  console.log(`consumer test timings (ms): ${JSON.stringify(timings)}`);
}, 120_000);

describe('the packed packages, installed outside the repository', () => {
  it('packs one tarball per workspace package, without tests', async () => {
    expect(tarballs).toHaveLength(PACKED.length);
    for (const [i, t] of tarballs.entries()) {
      const { stdout: list } = await run('tar', ['-tzf', t]);
      if (i === 0) expect(list).toContain('package/dist/');
      expect(
        list.split('\n').filter((f) => /\.test\.|\/test\/|fixture|\.tsbuildinfo/.test(f)),
        t,
      ).toEqual([]);
      expect(list, t).toContain('package/README.md');
    }
  });

  it('passes publint on every tarball', async () => {
    const findings: string[] = [];
    for (const t of tarballs) {
      const tarball = readFileSync(t);
      const { messages, pkg } = await publint({
        pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) },
        level: 'warning',
      });
      for (const m of messages) findings.push(`${String(pkg.name)}: ${m.type}: ${formatMessage(m, pkg) ?? m.code}`);
    }
    expect(findings).toEqual([]);
  });

  it('passes @arethetypeswrong/cli on every tarball (ESM-only profile)', async () => {
    const attw = join(ROOT, 'node_modules', '.bin', 'attw');
    const failures: string[] = [];
    // Two at a time: each is a TypeScript program of its own, and tsc runs beside them.
    const queue = [...tarballs];
    const worker = async () => {
      for (let t = queue.shift(); t !== undefined; t = queue.shift()) {
        try {
          await run(attw, [t, '--profile', 'esm-only', '--format', 'json'], { env, maxBuffer: 64 << 20 });
        } catch (e) {
          failures.push(`${t}: ${attwProblems((e as { stdout?: string }).stdout ?? String(e))}`);
        }
      }
    };
    await Promise.all([worker(), worker()]);
    expect(failures).toEqual([]);
  });

  it('type-checks, compiles and runs the consumer program with plain node', async () => {
    writeFileSync(join(project, 'mls-message.hex'), `${loadMessages()[0]?.public_message_commit}\n`);
    const checked = await typecheck;
    expect(checked.ok ? '' : checked.output, 'tsc in the consumer project').toBe('');
    const { stdout } = await timed('run', () => run(process.execPath, ['out/program.js', 'mls-message.hex'], { cwd: project, env }));
    expect(JSON.parse(stdout)).toEqual({
      mls: { wireFormat: 'mls_public_message', roundTrip: true },
      content: { bytes: expect.any(Number), kind: 'text', text: 'hello from a consumer' },
      served: 'success mimi://b.example/u/bob',
      gcePath: true,
    });
  });

  it("runs the ```js examples of every package's README (a command-line package shows ```sh)", async () => {
    const failures: string[] = [];
    const scope = join(project, 'node_modules', '@mimikit');
    for (const name of readdirSync(scope).sort()) {
      const readme = readFileSync(join(scope, name, 'README.md'), 'utf8');
      const examples = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
      if (examples.length === 0 && !readme.includes('```sh\n')) failures.push(`@mimikit/${name}: README has no example`);
      for (const [i, code] of examples.entries()) {
        const file = join(project, `readme-${name}-${i}.mjs`);
        writeFileSync(file, code);
        await run(process.execPath, [file], { cwd: project, env }).catch((e: { stderr?: string }) =>
          failures.push(`@mimikit/${name} example ${i + 1}: ${e.stderr ?? String(e)}`),
        );
      }
    }
    expect(failures).toEqual([]);
  });

  it('the globally installed mimi works from a directory outside the repository, writing nothing there', async () => {
    await globalInstall;
    const mimi = join(globalPrefix, 'bin', 'mimi');
    const work = join(temp, 'work');
    const cache = join(temp, 'cache');
    mkdirSync(work);
    writeFileSync(join(work, 'point.tls'), 'struct { uint8 x; opaque label<V>; } Point;\n');
    const cli = (...args: string[]) => run(mimi, args, { cwd: work, env: { ...env, MIMIKIT_CACHE_DIR: cache } });
    expect((await cli('--version')).stdout.trim()).toBe(PACKED.find((w) => w.dir === 'packages/cli')?.version);
    expect(JSON.parse((await cli('codec', 'decode', '--spec', 'mls', '--type', 'Sender', '--hex', '0100000005')).stdout)).toEqual({
      sender_type: 'member',
      leaf_index: 5,
    });
    // A custom spec is compiled by the installed generators into the cache folder, never into the working one.
    expect(JSON.parse((await cli('codec', 'decode', '--spec', 'point.tls', '--type', 'Point', '--hex', '07026869')).stdout)).toEqual({ x: 7, label: '6869' });
    writeFileSync(join(work, 'pair.cddl'), 'Pair = [\n  n: uint,\n  name: tstr,\n]\n');
    expect((await cli('content', 'encode', '--spec', 'pair.cddl', '--rule', 'Pair', '--json', '{"n":7,"name":"hi"}')).stdout.trim()).toBe('8207626869');
    expect(readdirSync(work).sort()).toEqual(['pair.cddl', 'point.tls']);
    expect(readdirSync(join(cache, 'tls'))).toHaveLength(1);
    expect(readdirSync(join(cache, 'cddl'))).toHaveLength(1);
  });
});

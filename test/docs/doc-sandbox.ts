/**
 * Where the runnable-docs test runs the docs' commands: bash (with `pipefail`, so `mimi … | head`
 * fails when mimi does), each command in its own process group with a time limit, and a PATH whose
 * first folder holds two shims:
 * - `npx`: `npx mimi …` runs bin/mimi.js of the checkout (or of its copy), which is what npx does in
 *   a checkout (npm exec finds the root package's bin `mimi`) without npx's install into ~/.npm/_npx;
 *   `npx <anything else>` is the real npx;
 * - `mimi`: the installed command as the docs write it, here the checkout's bin/mimi.js.
 * The commands get the test's environment without what the test runner and npm add to it (a user's
 * shell has neither), and a cache folder of compiled custom specs of their own (MIMIKIT_CACHE_DIR),
 * removed with the sandbox.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface CommandResult {
  /** The exit code; null when the command was killed at its time limit. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** The working folder after the command (a `cd` carries over to the block's next command). */
  cwd: string;
  timedOut: boolean;
}

/** Variables the test runner and npm set that a reader's shell does not have. */
const RUNNER_VARIABLE = /^(VITEST.*|TEST|NODE_ENV|FORCE_COLOR|NO_COLOR|npm_.*|INIT_CWD|MIMIKIT_CACHE_DIR)$/;

export class DocSandbox {
  readonly folder = mkdtempSync(join(tmpdir(), 'mimikit-docs-'));
  private readonly bin = join(this.folder, 'bin');
  private readonly cache = join(this.folder, 'cache');
  private readonly env: NodeJS.ProcessEnv;
  private copies = 0;

  constructor(readonly checkout: string) {
    mkdirSync(this.bin);
    mkdirSync(this.cache, { mode: 0o700 });
    const path = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
    const realNpx = spawnSync('sh', ['-c', 'command -v npx'], { encoding: 'utf8', env: { ...process.env, PATH: path.join(delimiter) } }).stdout.trim();
    const mimi = `exec "${process.execPath}" "$MIMI_DOCS_ROOT/bin/mimi.js" "$@"`;
    this.shim('mimi', `#!/bin/sh\n${mimi}\n`);
    this.shim('npx', `#!/bin/sh\nif [ "$1" = mimi ]; then shift; ${mimi}; fi\nexec "${realNpx || 'npx-not-found'}" "$@"\n`);
    const env: NodeJS.ProcessEnv = {};
    for (const [name, value] of Object.entries(process.env)) if (!RUNNER_VARIABLE.test(name)) env[name] = value;
    env.PATH = [this.bin, ...path].join(delimiter);
    env.MIMIKIT_CACHE_DIR = this.cache;
    this.env = env;
  }

  private shim(name: string, text: string): void {
    writeFileSync(join(this.bin, name), text);
    chmodSync(join(this.bin, name), 0o755);
  }

  /**
   * A throwaway copy of the checkout's files (those git tracks or would track: `git ls-files`), with
   * a node_modules of links to the checkout's installed packages, the workspace packages linked to
   * the copy's own folders (as npm links them).
   */
  copyCheckout(): string {
    const copy = join(this.folder, `checkout-${++this.copies}`);
    const files = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: this.checkout, encoding: 'utf8' });
    if (files.status !== 0) throw new Error(`git ls-files failed in ${this.checkout}: ${files.stderr}`);
    for (const file of files.stdout.split('\0').filter(Boolean)) {
      try {
        cpSync(join(this.checkout, file), join(copy, file), { recursive: true, verbatimSymlinks: true });
      } catch (err) {
        // A file deleted in the working tree but still in the index is not part of the checkout.
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    const modules = join(this.checkout, 'node_modules');
    mkdirSync(join(copy, 'node_modules'));
    for (const entry of readdirSync(modules)) {
      if (entry === '@mimikit' || entry === '.bin') continue;
      symlinkSync(join(modules, entry), join(copy, 'node_modules', entry));
    }
    // Workspace links are relative (../../packages/tls), so the same link text in the copy points
    // at the copy's package; the .bin links of workspace bins likewise.
    for (const folder of ['@mimikit', '.bin']) {
      mkdirSync(join(copy, 'node_modules', folder));
      for (const entry of readdirSync(join(modules, folder))) {
        const target = readlinkSync(join(modules, folder, entry));
        const local = folder === '@mimikit' || target.startsWith('../@mimikit/');
        symlinkSync(local ? target : join(modules, folder, target), join(copy, 'node_modules', folder, entry));
      }
    }
    return copy;
  }

  /** Runs one command in bash; `root` is the checkout (or copy) that `mimi` and `npx mimi` run. */
  run(command: string, options: { root: string; cwd: string; timeoutMs: number }): Promise<CommandResult> {
    const cwdFile = join(this.folder, 'cwd');
    rmSync(cwdFile, { force: true });
    const script = `${command}\n__docs_rc=$?\npwd > '${cwdFile}'\nexit $__docs_rc\n`;
    return new Promise((resolve, reject) => {
      const child = spawn('bash', ['-o', 'pipefail', '-c', script], {
        cwd: options.cwd,
        env: { ...this.env, MIMI_DOCS_ROOT: options.root },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const timer = setTimeout(() => {
        timedOut = true;
        killGroup(child.pid);
      }, options.timeoutMs);
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        // Whatever the command left running in its group (a server it started) ends with it.
        killGroup(child.pid);
        let cwd = options.cwd;
        try {
          cwd = readFileSync(cwdFile, 'utf8').trim() || cwd;
        } catch {
          // The command ended the shell itself (`exit`, a kill): its folder stays the block's.
        }
        resolve({ code: timedOut ? null : code, stdout, stderr, cwd, timedOut });
      });
    });
  }

  remove(): void {
    rmSync(this.folder, { recursive: true, force: true });
  }
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group has already ended.
  }
}

/**
 * `mimi provider migrate --config <file>` on a SQLite store: creates or upgrades the file and prints
 * the schema versions; a second run finds it up to date; a file of another application is refused
 * unchanged, and a bad store field is a usage error naming it. (On PostgreSQL:
 * test/provider/several-nodes.test.ts.)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '@mimikit/provider/store/sqlite';
import { mimi } from '../support/run-cli.ts';

describe('mimi provider migrate', () => {
  let dir: string;
  const config = (store: unknown): string => {
    const file = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        domain: 'a.example',
        listen: { host: '127.0.0.1', port: 0 },
        clientListen: { host: '127.0.0.1', port: 0 },
        publicBaseUrl: 'https://a.example',
        store,
        tls: { cert: 'a.pem', key: 'a.key.pem', ca: 'ca.pem' },
        peers: [],
        users: [],
      }),
    );
    return file;
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mimikit-migrate-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('brings a SQLite store up to date, then finds it up to date', () => {
    const file = config({ path: 'a.db' });
    const first = mimi(['provider', 'migrate', '--config', file]);
    expect(first).toEqual({ code: 0, stdout: `${join(dir, 'a.db')}: schema version 0 -> ${SCHEMA_VERSION}\n`, stderr: '' });
    const again = mimi(['provider', 'migrate', '--config', file]);
    expect(again).toEqual({ code: 0, stdout: `${join(dir, 'a.db')}: schema version ${SCHEMA_VERSION}, up to date\n`, stderr: '' });
  });

  it("refuses another application's file, leaving it as it was, and a bad store field", () => {
    writeFileSync(join(dir, 'notes.txt'), 'not a database at all, and longer than a SQLite header would need to be...');
    const refused = mimi(['provider', 'migrate', '--config', config({ path: 'notes.txt' })]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('notes.txt');
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toMatch(/^not a database/);
    const bad = mimi(['provider', 'migrate', '--config', config('mysql://db/mimi')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/at \/store: .*PostgreSQL URL/);
  });
});

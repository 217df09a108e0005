/**
 * `mimi spec add` (a draft not tracked yet) and what `mimi spec update` / `add` refuse, with exit
 * code 2 and a message naming the input, before writing anything. Runs in a scratch copy of the
 * checkout (the one --dry-run uses), removed afterwards.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scratchCopy } from '../../generators/update/scratch-copy.ts';
import { mimi } from '../support/run-cli.ts';

const copy = scratchCopy(new URL('../../', import.meta.url).pathname);
afterAll(() => copy.remove());
const root = copy.root;
const incoming = join(root, '.incoming');
mkdirSync(incoming);

const WIDGET = `---
title: Widgets
docname: draft-test-widget-latest
---

# Widgets {#widgets}

~~~ tls
struct {
    uint16 size;
    opaque label<V>;
} Widget;
~~~
`;
writeFileSync(join(incoming, 'widget-editors-copy.md'), WIDGET);
writeFileSync(join(incoming, 'draft-test-prose-00.md'), '# Only prose\n\nNo wire format here.\n');

function manifest(): Record<string, unknown> {
  return (JSON.parse(readFileSync(join(root, 'spec/drafts/drafts.json'), 'utf8')) as { drafts: Record<string, unknown> }).drafts;
}

describe('mimi spec add', () => {
  it('refuses, with exit 2 and nothing written, what it cannot work with', () => {
    const before = readFileSync(join(root, 'spec/drafts/drafts.json'), 'utf8');
    const cases: Array<[string[], RegExp]> = [
      [['spec', 'update', join(incoming, 'nope.md')], /nope\.md: no such file/],
      [['spec', 'update', join(incoming, 'widget-editors-copy.md')], /draft-test-widget is not tracked .*mimi spec add/],
      [['spec', 'add', join(root, 'spec/drafts/draft-ietf-mimi-protocol-06.md')], /already tracked .*mimi spec update/],
      [['spec', 'update', join(root, 'spec/drafts/draft-ietf-mimi-content-06.md')], /not newer than the tracked draft-ietf-mimi-content-07\.md/],
      [['spec', 'add', join(incoming, 'widget-editors-copy.md'), '--version', '1'], /--version 1: expected two digits/],
      [['spec', 'add', join(incoming, 'widget-editors-copy.md'), '--files', join(incoming, 'missing-files')], /missing-files: no such folder/],
      [['spec', 'add', join(incoming, 'widget-editors-copy.md'), '--files', join(root, 'spec')], /cannot hold .*draft-test-widget-00-files/],
      [['spec', 'add', join(incoming, 'draft-test-prose-00.md')], /no TLS-PL or CDDL in the draft; give --outputs/],
    ];
    for (const [args, message] of cases) {
      const r = mimi([...args, '--root', root]);
      expect(r.code, `${args.join(' ')}\n${r.stderr}${r.stdout}`).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(readFileSync(join(root, 'spec/drafts/drafts.json'), 'utf8')).toBe(before);
    expect(existsSync(join(root, 'spec/drafts/draft-test-prose-00.md'))).toBe(false);
  });

  it('with --dry-run writes nothing and says what it would do; then adds the draft, its TLS extracted', { timeout: 600_000 }, () => {
    const draft = join(incoming, 'widget-editors-copy.md');
    const dry = mimi(['spec', 'add', draft, '--root', root, '--dry-run'], undefined, { timeout: 300_000 });
    expect(dry.code, dry.stderr + dry.stdout).toBe(0);
    expect(dry.stdout).toContain('mimi spec add --dry-run (nothing written): draft-test-widget-00');
    expect(dry.stdout).toMatch(/added {5}spec\/tls\/draft-test-widget\.tls/);
    expect(existsSync(join(root, 'spec/tls/draft-test-widget.tls'))).toBe(false);
    expect(manifest()['draft-test-widget-00.md']).toBeUndefined();

    const r = mimi(['spec', 'add', draft, '--root', root, '--format', 'json'], undefined, { timeout: 300_000 });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const summary = JSON.parse(r.stdout) as {
      draft: { version: string; versionFrom: string };
      manifest: { outputs: string[] };
      notes: string[];
      problems: number;
    };
    expect(summary.draft).toMatchObject({ version: '00', versionFrom: 'first version' });
    expect(summary.manifest.outputs).toEqual(['tls']);
    expect(manifest()['draft-test-widget-00.md']).toBe('draft-test-widget');
    expect(readFileSync(join(root, 'spec/drafts/draft-test-widget-00.md'), 'utf8')).toBe(WIDGET);
    expect(readFileSync(join(root, 'spec/tls/draft-test-widget.tls'), 'utf8')).toMatch(/\} Widget;/);
    // Honest about what it could not do: no package generates the new spec yet.
    expect(summary.notes.join('\n')).toMatch(/draft-test-widget\.tls is in no package of spec\/tls\/packages\.json/);
  });
});

import { describe, expect, it } from 'vitest';
import { toHex } from '@mimikit/bytes';
import { loadExamples } from '../support/content-examples.ts';
import { mimi } from '../support/run-cli.ts';

const examples = new Map(loadExamples().map((e) => [e.name, e]));
const reaction = toHex(examples.get('reaction')!.cbor);
const report = toHex(examples.get('report')!.cbor);

describe('mimi content', () => {
  it('decode → JSON → encode round-trips an example', () => {
    const d = mimi(['content', 'decode', '--hex', reaction]);
    expect(d.code).toBe(0);
    const json = JSON.parse(d.stdout);
    expect(json.nestedPart).toMatchObject({ disposition: 2, cardinality: 1, contentType: 'text/plain;charset=utf-8', content: 'e29da4' });
    expect(json.extensions[0]).toEqual([1, 'mimi://example.com/u/cathy-washington']);
    const e = mimi(['content', 'encode', '--json', d.stdout]);
    expect(e.code).toBe(0);
    expect(e.stdout.trim()).toBe(reaction);
  });

  it('decode --edn prints diagnostic notation; encode --edn reads it back', () => {
    const d = mimi(['content', 'decode', '--edn', '--hex', reaction]);
    expect(d.stdout).toContain(`h'e29da4'`);
    const e = mimi(['content', 'encode', '--edn', d.stdout]);
    expect(e.stdout.trim()).toBe(reaction);
  });

  it('other rules: a MessageStatusReport', () => {
    const d = mimi(['content', 'decode', '--rule', 'MessageStatusReport', '--hex', report]);
    expect(d.code).toBe(0);
    const json = JSON.parse(d.stdout);
    expect(Array.isArray(json)).toBe(true);
    expect(json[0]).toHaveProperty('status');
  });

  it('stdin mode: one result line per input, ContentError lines, exit 1', () => {
    const r = mimi(['content', 'decode'], `${reaction}\n${reaction}00\n83010203\n`);
    expect(r.code).toBe(1);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0].nestedPart.disposition).toBe(2);
    expect(lines[1].error).toMatchObject({ kind: 'trailing-bytes', offset: reaction.length / 2, path: 'mimiContent' });
    expect(lines[2].error).toMatchObject({ kind: 'wrong-length', offset: 0, path: 'mimiContent' });
  });

  it('encode refuses JSON outside the schema, naming the path', () => {
    const d = JSON.parse(mimi(['content', 'decode', '--hex', reaction]).stdout);
    d.salt = 'abcd';
    const r = mimi(['content', 'encode', '--json', JSON.stringify(d)]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr).error).toMatchObject({ kind: 'invalid-value', path: 'mimiContent.salt' });
  });

  it('inspect annotates the bytes with the schema member names, like the .pretty files', () => {
    const r = mimi(['content', 'inspect', reaction]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^87\s+# array\(7\)$/);
    expect(lines[1]).toMatch(/^ {3}50\s+# salt: bytes\(16\)$/);
    expect(r.stdout).toMatch(/# cardinality \(single\): unsigned\(1\)/);
    expect(r.stdout).toMatch(/e29da4\s+# h'e29da4'/);
  });

  it('inspect shows a leading U+FEFF of a text string (exact UTF-8), and malformed UTF-8 as hex', () => {
    expect(mimi(['content', 'inspect', '63efbbbf']).stdout).toMatch(/efbbbf\s+# "\uFEFF"/);
    expect(mimi(['content', 'inspect', '62ff00']).stdout).toMatch(/ff00\s+# h'ff00'/);
  });

  it('inspect of a hostile input ends: 20,000 nested arrays, a count of 2^32 - 1, a truncated argument', () => {
    const deep = mimi(['content', 'inspect', `${'81'.repeat(20_000)}00`]);
    expect({ code: deep.code, stderr: JSON.parse(deep.stderr).error.kind }).toEqual({ code: 1, stderr: 'wrong-length' });
    expect(deep.stdout).toContain('# nesting deeper than 32: not shown');
    const huge = mimi(['content', 'inspect', '9affffffff']);
    expect(huge.code).toBe(1);
    expect(huge.stdout).toContain('# input ended: 4294967295 data items missing');
    const cut = mimi(['content', 'inspect', '5aff']);
    expect(cut.code).toBe(1);
    expect(cut.stdout).toContain("# input ended inside an initial byte's argument");
  });
});

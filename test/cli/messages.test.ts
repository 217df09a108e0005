/**
 * The CLI's messages for inputs it cannot use (issue 15, point 7): each names what is wrong and
 * where, with the exit code of docs/cli.md (2: could not run on what it was given; 1: a value failed).
 */
import { describe, expect, it } from 'vitest';
import { toHex } from '@mimikit/bytes';
import { loadExamples } from '../support/content-examples.ts';
import { mimi } from '../support/run-cli.ts';

const example = (name: string) => toHex(loadExamples().find((e) => e.name === name)!.cbor);
const report = example('report');
const reaction = example('reaction');

describe('mimi content --type', () => {
  it('names the rule like `mimi codec`; --rule still works and both agree', () => {
    const byType = mimi(['content', 'decode', '--type', 'MessageStatusReport', '--hex', report]);
    const byRule = mimi(['content', 'decode', '--rule', 'MessageStatusReport', '--hex', report]);
    expect(byType.code).toBe(0);
    expect(JSON.parse(byType.stdout)[0]).toHaveProperty('status');
    expect(byType.stdout).toBe(byRule.stdout);
    const both = mimi(['content', 'decode', '--type', 'MessageStatusReport', '--rule', 'mimiContent', '--hex', report]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--type MessageStatusReport and --rule mimiContent name different rules');
    expect(mimi(['content', 'inspect', '--help']).stdout).toMatch(/--type <rule>/);
  });
});

describe('an unknown --type', () => {
  it('mimi codec suggests the nearest type names (exit 2)', () => {
    const r = mimi(['codec', 'decode', '--spec', 'mls', '--type', 'MLSMesage', '--hex', '00']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`no type "MLSMesage" in spec 'mls' (did you mean MLSMessage?)`);
    const far = mimi(['codec', 'encode', '--spec', 'mls', '--type', 'Zzzzzzz', '--json', '{}']);
    expect(far.code).toBe(2);
    expect(far.stderr).toContain('see `mimi spec ir mls` for its types');
  });

  it('mimi content suggests the nearest rule names, or lists them all when none is near', () => {
    const typo = mimi(['content', 'decode', '--type', 'mimicontent', '--hex', '00']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('no content rule "mimicontent" (did you mean mimiContent?)');
    expect(mimi(['content', 'inspect', '--type', 'messageid', '00']).stderr).toContain('(did you mean MessageId?)');
    const far = mimi(['content', 'encode', '--rule', 'qqqqqq', '--json', '{}']);
    expect(far.code).toBe(2);
    expect(far.stderr).toMatch(/no content rule "qqqqqq" \(have: .*mimiContent/);
  });
});

describe('hex input with an odd number of digits', () => {
  it('says so, with the length, wherever the CLI takes hex (a value that fails: exit 1)', () => {
    const oddLength = { kind: 'odd-length', offset: 3, message: 'odd number of hex digits (3): 000' };
    const codec = mimi(['codec', 'decode', '--spec', 'mls', '--type', 'Sender', '--hex', '000']);
    expect(codec.code).toBe(1);
    expect(JSON.parse(codec.stderr).error).toMatchObject(oddLength);
    const inspect = mimi(['codec', 'inspect', '000']);
    expect(inspect.code).toBe(1);
    expect(JSON.parse(inspect.stdout).error).toMatchObject(oddLength);
    const lines = mimi(['content', 'decode'], '000\n0g\n');
    expect(lines.code).toBe(1);
    expect(
      lines.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).error),
    ).toMatchObject([oddLength, { kind: 'invalid-hex-digit', offset: 1, message: 'not a hex digit at character 1: 0g' }]);
    expect(JSON.parse(mimi(['content', 'inspect', '000']).stderr).error).toMatchObject(oddLength);
  });

  it('says so inside JSON values too, at the member', () => {
    const r = mimi(['codec', 'encode', '--spec', 'mls', '--type', 'ExternalSender', '--json', '{"signature_key":"abc","credential":{}}']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr).error).toEqual({
      kind: 'invalid-json',
      path: 'ExternalSender.signature_key',
      message: 'ExternalSender.signature_key: odd number of hex digits (3): abc',
    });
  });
});

describe('content encode of JSON that lacks required members', () => {
  it("names every missing member with its path: '{}' lacks the four that may not be null", () => {
    const r = mimi(['content', 'encode', '--json', '{}']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr).error).toEqual({
      kind: 'missing-members',
      path: '',
      message: 'missing required members: .salt, .topicId, .extensions, .nestedPart',
      missing: ['.salt', '.topicId', '.extensions', '.nestedPart'],
    });
  });

  it('collects them over the whole value: nested records, list elements, a choice of alternatives', () => {
    const salt = '00'.repeat(16);
    const nested = mimi(['content', 'encode', '--json', JSON.stringify({ salt, nestedPart: { disposition: 2 } })]);
    expect(JSON.parse(nested.stderr).error.missing).toEqual(['.topicId', '.extensions', '.nestedPart.language', '.nestedPart.cardinality']);
    const single = { salt, topicId: '', extensions: [], nestedPart: { disposition: 2, language: '', cardinality: 1 } };
    const variant = mimi(['content', 'encode', '--json', JSON.stringify(single)]);
    expect(JSON.parse(variant.stderr).error.missing).toEqual(['.nestedPart.contentType', '.nestedPart.content']);
    const list = mimi(['content', 'encode', '--type', 'MessageStatusReport', '--json', '[{}]']);
    expect(list.code).toBe(1);
    expect(JSON.parse(list.stderr).error.missing).toEqual(['[0].messageId', '[0].status']);
  });

  it('still encodes a value that leaves out only members that may be null (as null)', () => {
    const d = JSON.parse(mimi(['content', 'decode', '--hex', reaction]).stdout) as Record<string, unknown>;
    const nulls = Object.keys(d).filter((k) => d[k] === null);
    expect(nulls).toEqual(['replaces', 'expires']);
    for (const k of nulls) delete d[k];
    const r = mimi(['content', 'encode', '--json', JSON.stringify(d)]);
    expect({ code: r.code, hex: r.stdout.trim() }).toEqual({ code: 0, hex: reaction });
  });
});

describe('a file that does not exist', () => {
  const missing = (args: string[], path: string) => {
    const r = mimi(args);
    expect({ code: r.code, stderr: r.stderr }, args.join(' ')).toEqual({ code: 2, stderr: `mimi: ${path}: no such file or directory\n` });
  };

  it('says so, with the path, in every command that reads a .tls, .cddl or draft file (exit 2)', () => {
    missing(['spec', 'ir', 'no/such/file.tls'], 'no/such/file.tls');
    missing(['spec', 'ir', 'nope.tls'], 'nope.tls');
    missing(['codec', 'decode', '--spec', 'nope.tls', '--type', 'Sender', '--hex', '00'], 'nope.tls');
    missing(['codec', 'inspect', '00', '--spec', '/no/such/file.tls'], '/no/such/file.tls');
    missing(['content', 'decode', '--spec', 'nope.cddl', '--hex', '00'], 'nope.cddl');
    missing(['spec', 'extract', '--check', 'no/such/draft-07.md'], 'no/such/draft-07.md');
    missing(['spec', 'diff', 'nope.tls', 'spec'], 'nope.tls');
  });

  it('mimi spec lint says it as mimi spec diff does, for a file, a folder and an OpenAPI file', () => {
    missing(['spec', 'lint', 'nope.tls'], 'nope.tls');
    missing(['spec', 'lint', 'no/such/spec'], 'no/such/spec');
    missing(['spec', 'lint', 'nope.yaml'], 'nope.yaml');
    missing(['spec', 'lint', 'openapi', '--draft', 'nope.md'], 'nope.md');
  });

  it('a bare word stays an unknown name, not a missing file', () => {
    const ir = mimi(['spec', 'ir', 'mlss']);
    expect({ code: ir.code, stderr: ir.stderr }).toEqual({
      code: 2,
      stderr: "mimi: no spec 'mlss': give mls, mimi-protocol, mimi-room-policy or a .tls file\n",
    });
    const lint = mimi(['spec', 'lint', 'tsl']);
    expect(lint.code).toBe(2);
    expect(lint.stderr).toMatch(/^mimi: unknown lint target tsl \(did you mean tls\?\)/);
    const extract = mimi(['spec', 'extract', '--check', 'no-such-draft']);
    expect(extract.code).toBe(1);
    expect(extract.stderr).toContain('no-such-draft is not listed in spec/drafts/drafts.json [unknown-draft]');
  });
});

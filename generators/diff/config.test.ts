/**
 * The diff configuration file (config.ts): what a valid file gives, and a ConfigError naming the
 * file and the fault for each way a file can be wrong.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, EMPTY_CONFIG, loadConfig, parseConfig } from './config.ts';

const FILE = '.mimi-diff.json';

function rejection(f: () => unknown): { name: string; message: string } {
  try {
    f();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return { name: err.name, message: err.message };
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('reads levels and suppressions; $schema and $comment are allowed; either part may be missing', () => {
    const text = JSON.stringify({
      $schema: 'x',
      $comment: 'why',
      levels: { 'tls-enum-value-added': 'ERR', 'api-body-removed': 'INFO', 'tls-type-renamed': 'WARN' },
      suppress: [{ fingerprint: '0123456789ab', reason: 'reserved value, never sent' }],
    });
    expect(parseConfig(text, FILE)).toEqual({
      levels: { 'tls-enum-value-added': 'ERR', 'api-body-removed': 'INFO', 'tls-type-renamed': 'WARN' },
      suppress: [{ fingerprint: '0123456789ab', reason: 'reserved value, never sent' }],
    });
    expect(parseConfig('{}', FILE)).toEqual(EMPTY_CONFIG);
    expect(parseConfig('{"levels": {}}', FILE)).toEqual({ levels: {}, suppress: [] });
    expect(parseConfig('{"suppress": []}', FILE)).toEqual({ levels: {}, suppress: [] });
    // Only the two fields of a suppression are kept.
    expect(parseConfig('{"suppress": [{"fingerprint": "ffffffffffff", "reason": " r ", "by": "me"}]}', FILE).suppress).toEqual([
      { fingerprint: 'ffffffffffff', reason: ' r ' },
    ]);
  });

  it.each([
    ['{', /^\.mimi-diff\.json: not JSON: .+/],
    ['[]', '.mimi-diff.json: expected an object with "levels" and/or "suppress"'],
    ['null', '.mimi-diff.json: expected an object with "levels" and/or "suppress"'],
    ['"levels"', '.mimi-diff.json: expected an object with "levels" and/or "suppress"'],
    ['{"level": {}}', '.mimi-diff.json: unknown key "level"'],
    ['{"levels": {}, "$comments": ""}', '.mimi-diff.json: unknown key "$comments"'],
    ['{"levels": []}', '.mimi-diff.json: "levels" must be an object of rule id → ERR | WARN | INFO'],
    ['{"levels": null}', '.mimi-diff.json: "levels" must be an object of rule id → ERR | WARN | INFO'],
    ['{"levels": "ERR"}', '.mimi-diff.json: "levels" must be an object of rule id → ERR | WARN | INFO'],
    ['{"levels": {"tls-no-such-rule": "ERR"}}', '.mimi-diff.json: "levels": unknown rule "tls-no-such-rule" (see `mimi spec checks`)'],
    ['{"levels": {"tls-type-added": "err"}}', '.mimi-diff.json: "levels"."tls-type-added": expected ERR, WARN or INFO, got "err"'],
    ['{"levels": {"tls-type-added": null}}', '.mimi-diff.json: "levels"."tls-type-added": expected ERR, WARN or INFO, got null'],
    ['{"suppress": {}}', '.mimi-diff.json: "suppress" must be an array of { fingerprint, reason }'],
    ['{"suppress": [null]}', '.mimi-diff.json: "suppress"[0]: expected { "fingerprint": 12 hex digits, "reason": text }'],
    ['{"suppress": ["0123456789ab"]}', '.mimi-diff.json: "suppress"[0]: expected { "fingerprint": 12 hex digits, "reason": text }'],
    ['{"suppress": [{"fingerprint": 12, "reason": "r"}]}', '.mimi-diff.json: "suppress"[0]: expected { "fingerprint": 12 hex digits, "reason": text }'],
    [
      '{"suppress": [{"fingerprint": ["0123456789ab"], "reason": "r"}]}',
      '.mimi-diff.json: "suppress"[0]: expected { "fingerprint": 12 hex digits, "reason": text }',
    ],
    [
      '{"suppress": [{"fingerprint": "0123456789a", "reason": "r"}]}',
      '.mimi-diff.json: "suppress"[0]: expected { "fingerprint": 12 hex digits, "reason": text }',
    ],
    [
      '{"suppress": [{"fingerprint": "0123456789abc", "reason": "r"}]}',
      '.mimi-diff.json: "suppress"[0]: expected { "fingerprint": 12 hex digits, "reason": text }',
    ],
    [
      '{"suppress": [{"fingerprint": "0123456789AB", "reason": "r"}]}',
      '.mimi-diff.json: "suppress"[0]: expected { "fingerprint": 12 hex digits, "reason": text }',
    ],
    [
      '{"suppress": [{"fingerprint": "0123456789ab", "reason": "r"}, {"fingerprint": "0123456789ag", "reason": "r"}]}',
      '.mimi-diff.json: "suppress"[1]: expected { "fingerprint": 12 hex digits, "reason": text }',
    ],
    ['{"suppress": [{"fingerprint": "0123456789ab"}]}', '.mimi-diff.json: "suppress"[0]: a suppression needs a "reason"'],
    ['{"suppress": [{"fingerprint": "0123456789ab", "reason": 1}]}', '.mimi-diff.json: "suppress"[0]: a suppression needs a "reason"'],
    ['{"suppress": [{"fingerprint": "0123456789ab", "reason": ""}]}', '.mimi-diff.json: "suppress"[0]: a suppression needs a "reason"'],
    ['{"suppress": [{"fingerprint": "0123456789ab", "reason": " \\t "}]}', '.mimi-diff.json: "suppress"[0]: a suppression needs a "reason"'],
  ])('%s is refused', (text, message) => {
    const err = rejection(() => parseConfig(text, FILE));
    expect(err.name).toBe('ConfigError');
    if (typeof message === 'string') expect(err.message).toBe(message);
    else expect(err.message).toMatch(message);
  });
});

describe('loadConfig', () => {
  it('reads the file it is given, and names a file it cannot read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mimi-diff-config-'));
    const file = join(dir, 'diff.json');
    writeFileSync(file, '{"levels": {"tls-type-added": "WARN"}}');
    expect(loadConfig(file)).toEqual({ levels: { 'tls-type-added': 'WARN' }, suppress: [] });
    writeFileSync(file, '{"levels": 1}');
    expect(rejection(() => loadConfig(file)).message).toBe(`${file}: "levels" must be an object of rule id → ERR | WARN | INFO`);
    const missing = join(dir, 'missing.json');
    expect(rejection(() => loadConfig(missing)).message).toMatch(new RegExp(`^${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot read: ENOENT`));
  });
});

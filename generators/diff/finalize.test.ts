/**
 * RawFindings → Findings (finalize.ts): the catalogue's category and level per direction, the
 * config's overrides and suppressions, duplicates dropped by fingerprint, and the output order.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fingerprint } from '../report/fingerprint.ts';
import { finalize, sortFindings } from './finalize.ts';
import type { Finding, RawFinding } from '../report/model.ts';
import { findingRule, levelOf, ruleById } from './rules.ts';

const raw = (rule: string, subject: string, extra: Partial<RawFinding> = {}): RawFinding => ({
  rule,
  domain: 'tls',
  subject,
  message: `${rule} on ${subject}`,
  ...extra,
});

describe('finalize', () => {
  it('takes category and level from the catalogue, per direction, and the fingerprint of rule, subject and message', () => {
    const [f] = finalize([raw('tls-enum-value-added', 'E.b', { direction: 'request' })]);
    expect(f).toStrictEqual({
      rule: 'tls-enum-value-added',
      domain: 'tls',
      subject: 'E.b',
      message: 'tls-enum-value-added on E.b',
      direction: 'request',
      category: 'WIRE',
      level: 'INFO',
      fingerprint: createHash('sha256').update('tls-enum-value-added:E.b:tls-enum-value-added on E.b').digest('hex').slice(0, 12),
      suppressed: false,
    });
    expect(fingerprint(raw('tls-enum-value-added', 'E.b'))).toBe(f!.fingerprint);
    expect(finalize([raw('tls-enum-value-added', 'E.b', { direction: 'response' })])[0]?.level).toBe('WARN');
    expect(finalize([raw('tls-enum-value-added', 'E.b')])[0]?.level).toBe('WARN');
    expect(finalize([raw('tls-type-renamed', 'T')])[0]?.category).toBe('SOURCE');
  });

  it('applies the config: a level override beats the catalogue in every direction; a suppressed fingerprint is marked, the others not', () => {
    const findings = [
      raw('api-body-removed', 'POST /a', { domain: 'openapi', direction: 'request' }),
      raw('api-body-removed', 'POST /b', { domain: 'openapi', direction: 'response' }),
    ];
    const suppressedFp = fingerprint(findings[1]!);
    const out = finalize(findings, { levels: { 'api-body-removed': 'WARN' }, suppress: [{ fingerprint: suppressedFp, reason: 'accepted' }] });
    expect(out.map((f) => [f.subject, f.level, f.suppressed])).toEqual([
      ['POST /a', 'WARN', false],
      ['POST /b', 'WARN', true],
    ]);
  });

  it('drops a finding repeated with the same rule, subject and message', () => {
    const out = finalize([raw('tls-type-removed', 'A'), raw('tls-type-removed', 'A', { old: { file: 'x.tls', line: 3 } }), raw('tls-type-removed', 'B')]);
    expect(out.map((f) => [f.subject, f.old?.line])).toEqual([
      ['A', undefined],
      ['B', undefined],
    ]);
  });

  it('a rule the catalogue lacks is an internal error, not a finding', () => {
    expect(() => finalize([raw('tls-no-such-rule', 'A')])).toThrow(new Error('internal: finding for unknown rule tls-no-such-rule'));
    expect(() => findingRule('api-nope')).toThrow('internal: finding for unknown rule api-nope');
    expect(findingRule('tls-type-added')).toBe(ruleById('tls-type-added'));
  });

  it('levelOf: the per-direction level, else the default (no direction, or none listed for it)', () => {
    const rule = ruleById('api-body-added')!;
    expect([levelOf(rule, 'request'), levelOf(rule, 'response'), levelOf(rule, 'unknown'), levelOf(rule, undefined)]).toEqual(['ERR', 'WARN', 'ERR', 'ERR']);
    expect(levelOf({ ...rule, levels: { response: 'INFO' } }, 'request')).toBe('ERR');
    expect(levelOf({ ...rule, levels: undefined }, 'response')).toBe('ERR');
  });
});

describe('sortFindings', () => {
  const f = (level: Finding['level'], domain: Finding['domain'], subject: string, rule: string, message: string): Finding => ({
    rule,
    domain,
    subject,
    message,
    category: 'WIRE',
    level,
    fingerprint: '000000000000',
    suppressed: false,
  });

  it('orders by level (ERR, WARN, INFO), then domain, subject, rule and message', () => {
    const sorted = [
      f('INFO', 'cddl', 'a', 'r', 'm'),
      f('ERR', 'tls', 'b', 'r', 'm'),
      f('ERR', 'tls', 'a', 's', 'm'),
      f('ERR', 'tls', 'a', 'r', 'n'),
      f('ERR', 'tls', 'a', 'r', 'm'),
      f('ERR', 'cddl', 'z', 'z', 'z'),
      f('WARN', 'openapi', 'a', 'r', 'm'),
    ];
    expect(sortFindings([...sorted].reverse()).map((x) => `${x.level} ${x.domain} ${x.subject} ${x.rule} ${x.message}`)).toEqual([
      'ERR cddl z z z',
      'ERR tls a r m',
      'ERR tls a r n',
      'ERR tls a s m',
      'ERR tls b r m',
      'WARN openapi a r m',
      'INFO cddl a r m',
    ]);
  });
});

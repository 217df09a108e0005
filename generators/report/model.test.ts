/** The report's summary counts and the `--fail-on` threshold (model.ts). */
import { describe, expect, it } from 'vitest';
import { failsOn, LEVELS, summarize, type Finding, type Level, type Report } from './model.ts';

const finding = (level: Level, suppressed = false): Finding => ({
  rule: 'r',
  domain: 'tls',
  subject: 's',
  message: 'm',
  category: 'WIRE',
  level,
  fingerprint: '000000000000',
  suppressed,
});
const report = (findings: Finding[]): Report => ({ tool: 'mimi spec diff', reportVersion: 1, sides: [], findings, summary: summarize(findings) });

describe('summarize and failsOn', () => {
  it('the levels, most severe first', () => {
    expect(LEVELS).toEqual(['ERR', 'WARN', 'INFO']);
  });

  it('counts unsuppressed findings by level and suppressed ones apart', () => {
    expect(summarize([finding('ERR'), finding('ERR', true), finding('WARN'), finding('INFO'), finding('INFO'), finding('INFO', true)])).toEqual({
      ERR: 1,
      WARN: 1,
      INFO: 2,
      suppressed: 2,
    });
  });

  it('fails at or above the threshold, never on a suppressed finding, never without a threshold', () => {
    const cases: Array<[Level[], Level | undefined, boolean]> = [
      [['ERR'], undefined, false],
      [['ERR'], 'ERR', true],
      [['WARN'], 'ERR', false],
      [['WARN'], 'WARN', true],
      [['ERR'], 'WARN', true],
      [['INFO'], 'WARN', false],
      [['INFO'], 'INFO', true],
      [[], 'INFO', false],
    ];
    for (const [levels, threshold, fails] of cases)
      expect(failsOn(report(levels.map((l) => finding(l))), threshold), `${levels.join()} --fail-on ${threshold}`).toBe(fails);
    expect(failsOn(report([finding('ERR', true)]), 'INFO')).toBe(false);
    expect(failsOn(report([finding('ERR', true), finding('INFO')]), 'INFO')).toBe(true);
  });
});

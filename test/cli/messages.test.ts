/**
 * The CLI's messages for inputs it cannot use (issue 15, point 7): each names what is wrong and
 * where, with the exit code of docs/cli.md (2: could not run on what it was given; 1: a value failed).
 */
import { describe, expect, it } from 'vitest';
import { toHex } from '@mimikit/bytes';
import { loadExamples } from '../support/content-examples.ts';
import { mimi } from '../support/run-cli.ts';

const report = toHex(loadExamples().find((e) => e.name === 'report')!.cbor);

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

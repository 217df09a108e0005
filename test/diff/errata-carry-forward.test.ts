/**
 * `mimi spec diff` carries a published version's errata forward to a later copy of the same draft
 * that has none of its own (issue 15): the errata's corrections are no wire change, and the report
 * says what was carried and what not. On the real protocol drafts: -06 (28 errata) against a copy
 * of -06 named as its successor or as an unnumbered editor's copy; -05 (its errata) against an
 * editor's copy of -06; `spec/` against an editor's copy.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffSpecSets } from '../../generators/diff/diff.ts';
import { errataToCarry } from '../../generators/diff/errata-forward.ts';
import { loadDiffSides } from '../../generators/diff/load-pair.ts';
import { loadSide } from '../../generators/diff/load-side.ts';
import type { Finding, Report } from '../../generators/report/model.ts';
import { mimi } from '../support/run-cli.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const P05 = 'spec/drafts/draft-ietf-mimi-protocol-05.md';
const P06 = 'spec/drafts/draft-ietf-mimi-protocol-06.md';
const ERRATA06 = JSON.parse(readFileSync(join(ROOT, 'spec/errata/draft-ietf-mimi-protocol-06.json'), 'utf8')) as Array<{ id: string }>;

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'mimi-errata-forward-'));
  copyFileSync(join(ROOT, P06), join(tmp, 'draft-ietf-mimi-protocol-07.md'));
  // An editor's copy: no number in its name, docname `draft-ietf-mimi-protocol-latest`.
  copyFileSync(join(ROOT, P06), join(tmp, 'draft-ietf-mimi-protocol.md'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function diff(oldArg: string, newArg: string, errata = true): Promise<Report> {
  const [o, n] = await loadDiffSides(oldArg, newArg, { root: ROOT, cwd: ROOT, errata });
  return diffSpecSets(o, n);
}
const wire = (r: Report) => r.findings.filter((f) => f.category === 'WIRE' || f.category === 'SOURCE');
const rule = (r: Report, id: string): Finding[] => r.findings.filter((f) => f.rule === id);

describe('errata carried forward by mimi spec diff', () => {
  it('-06 with its errata against the same text as -07: no wire finding, one carried note per erratum', async () => {
    const r = await diff(P06, join(tmp, 'draft-ietf-mimi-protocol-07.md'));
    expect(wire(r)).toEqual([]);
    const carried = rule(r, 'erratum-carried-forward');
    expect(carried.map((f) => f.subject).sort()).toEqual(ERRATA06.map((e) => e.id).sort());
    expect(carried.every((f) => f.level === 'INFO' && f.category === 'LINT' && f.domain === 'errata')).toBe(true);
    // Each note points at the erratum's line in both versions (here the same text, so the same line).
    const handshake = carried.find((f) => f.subject === 'handshake-bundle-close-select');
    expect([handshake?.old?.line, handshake?.new?.line]).toEqual([988, 988]);
    expect(handshake?.new?.file).toContain('draft-ietf-mimi-protocol-07.md');
    expect(rule(r, 'erratum-no-longer-needed')).toEqual([]);
    expect(rule(r, 'erratum-no-longer-matching')).toEqual([]);
    // Without carrying, the errata's corrections read as wire changes (the report).
    const options = { root: ROOT, cwd: ROOT };
    const uncarried = diffSpecSets(await loadSide(P06, options), await loadSide(join(tmp, 'draft-ietf-mimi-protocol-07.md'), options));
    expect(wire(uncarried).filter((f) => f.level === 'ERR').length).toBeGreaterThan(0);
  });

  it('an unnumbered editor’s copy is recognised by its docname and gets the next version', () => {
    const source = errataToCarry(P06, join(tmp, 'draft-ietf-mimi-protocol.md'), { root: ROOT, cwd: ROOT });
    expect(source?.nextVersion).toBe('07');
    expect(source?.label).toBe('spec/errata/draft-ietf-mimi-protocol-06.json');
    expect(source?.errata).toHaveLength(ERRATA06.length);
    // Nothing to carry: to an earlier version, to a version with errata of its own, to another draft.
    expect(errataToCarry(join(tmp, 'draft-ietf-mimi-protocol-07.md'), P06, { root: ROOT, cwd: ROOT })).toBeUndefined();
    expect(errataToCarry(P05, P06, { root: ROOT, cwd: ROOT })).toBeUndefined();
    expect(errataToCarry(P06, 'spec/drafts/draft-ietf-mimi-room-policy-03.md', { root: ROOT, cwd: ROOT })).toBeUndefined();
  });

  it('-05 with its errata against an editor’s copy of -06 reports what -05 → -06 with both errata does', async () => {
    const carried = await diff(P05, join(tmp, 'draft-ietf-mimi-protocol.md'));
    const own = await diff(P05, P06);
    const shape = (r: Report) =>
      wire(r)
        .map((f) => `${f.level} ${f.rule} ${f.subject}`)
        .sort();
    expect(shape(carried)).toEqual(shape(own));
    expect(shape(own)).toContain('ERR tls-struct-field-inserted AbuseReport.abuse_extensions');
    expect(rule(carried, 'erratum-carried-forward')).toHaveLength(ERRATA06.length);
  });

  it('spec/ against an editor’s copy carries the errata of the version spec/drafts tracks', async () => {
    const r = await diff('spec', join(tmp, 'draft-ietf-mimi-protocol.md'));
    expect(rule(r, 'erratum-carried-forward')).toHaveLength(ERRATA06.length);
    const plain = await diff('spec', join(tmp, 'draft-ietf-mimi-protocol.md'), false);
    // The protocol's corrected types are no change with the errata carried, changes without.
    const protocolWire = (x: Report) => wire(x).filter((f) => f.subject.startsWith('UpdateRoomResponse') || f.subject.startsWith('FanoutMessage'));
    expect(protocolWire(r)).toEqual([]);
    expect(protocolWire(plain).length).toBeGreaterThan(0);
  });

  it('reports errata the new version fixed itself, and those it changed otherwise', async () => {
    const text = readFileSync(join(ROOT, P06), 'utf8')
      .replace('} UpdateRoomResponse\n', '} UpdateRoomResponse;\n')
      .replace('  string fieldName;', '  opaque field_name<V>;');
    writeFileSync(join(tmp, 'draft-ietf-mimi-protocol-08.md'), text);
    const r = await diff(P06, join(tmp, 'draft-ietf-mimi-protocol-08.md'));
    expect(rule(r, 'erratum-no-longer-needed').map((f) => [f.subject, f.level])).toEqual([['update-room-response-semicolon', 'INFO']]);
    expect(rule(r, 'erratum-no-longer-matching').map((f) => [f.subject, f.level])).toEqual([['profile-field-name-opaque', 'WARN']]);
    expect(rule(r, 'erratum-carried-forward')).toHaveLength(ERRATA06.length - 2);
    expect(wire(r).map((f) => `${f.level} ${f.rule} ${f.subject}`)).toEqual(['WARN tls-struct-field-renamed ProfileField.fieldName']);
  });

  it('the command prints the notes, and --no-errata turns carrying off', () => {
    const copy = join(tmp, 'draft-ietf-mimi-protocol-07.md');
    const out = mimi(['spec', 'diff', P06, copy, '--fail-on', 'ERR'], undefined, { cwd: ROOT });
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('INFO  erratum-carried-forward  handshake-bundle-close-select');
    expect(out.stdout).toMatch(/0 ERR, 0 WARN, 28 INFO/);
    const plain = mimi(['spec', 'diff', P06, copy, '--no-errata'], undefined, { cwd: ROOT });
    expect(plain.stdout).not.toContain('erratum-carried-forward');
  });
});

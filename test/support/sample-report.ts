/**
 * Fixed reports for the output-format tests (test/diff/formats.test.ts, html-render.test.ts,
 * report-schema.test.ts): a diff of two versions of a draft with findings of every level, WIRE and
 * SOURCE, one suppressed, one with the old and new text of a TLS struct that gained a line, one
 * added (no old side) and one removed (no new side); and a small lint report.
 */
import { fingerprint } from '../../generators/report/fingerprint.ts';
import { summarize, type Category, type Finding, type Level, type RawFinding, type Report, type SourceLocation } from '../../generators/report/model.ts';

function finding(raw: RawFinding, level: Level, category: Category, suppressed = false): Finding {
  return { ...raw, category, level, fingerprint: fingerprint(raw), suppressed };
}

const SECTION = '5.2. Claim keying material';

function oldAt(line: number, draftLine: number, section = SECTION): SourceLocation {
  return { file: 'drafts/draft-ietf-mimi-protocol-04.md', line, col: 1, draft: 'draft-ietf-mimi-protocol-04.md', draftLine, section };
}

function newAt(line: number, draftLine: number, section = SECTION): SourceLocation {
  return { file: 'drafts/draft-ietf-mimi-protocol-05.md', line, col: 1, draft: 'draft-ietf-mimi-protocol-05.md', draftLine, section };
}

const KEY_MATERIAL_REQUEST_04 = `struct {
    IdentifierUri requesting_user;
    IdentifierUri target_user;
    opaque nonce<V>;
    CipherSuite cipher_suite;
} KeyMaterialRequest;
`;

const KEY_MATERIAL_REQUEST_05 = `struct {
    IdentifierUri requesting_user;
    IdentifierUri target_user;
    uint64 not_after;
    opaque nonce<V>;
    CipherSuite cipher_suite;
} KeyMaterialRequest;
`;

const IMPORTANCE_04 = `ImportanceLevel = &(
  low: 0,
  normal: 1,
  high: 2,
  urgent: 3,
)
`;

const IMPORTANCE_05 = `ImportanceLevel = &(
  low: 0,
  normal: 1,
  high: 4,
  urgent: 3,
)
`;

const FINDINGS: Finding[] = [
  finding(
    {
      rule: 'cddl-value-renumbered',
      domain: 'cddl',
      subject: 'ImportanceLevel.high',
      message: 'Value `high` changed from 2 to 4: peers decode the other version’s value as a different choice.',
      old: oldAt(1204, 1204, '7.1. Importance'),
      new: newAt(1231, 1231, '7.1. Importance'),
      oldText: IMPORTANCE_04,
      newText: IMPORTANCE_05,
    },
    'ERR',
    'WIRE',
    true,
  ),
  finding(
    {
      rule: 'tls-struct-field-inserted',
      domain: 'tls',
      subject: 'KeyMaterialRequest',
      message: 'Field `not_after` (uint64) was inserted before `nonce<V>`: every later field moves, so each version rejects the other’s encoding.',
      old: oldAt(812, 812),
      new: newAt(830, 830),
      oldText: KEY_MATERIAL_REQUEST_04,
      newText: KEY_MATERIAL_REQUEST_05,
    },
    'ERR',
    'WIRE',
  ),
  finding(
    {
      rule: 'tls-type-removed',
      domain: 'tls',
      subject: 'RoomPolicyLegacy',
      message: 'Type `RoomPolicyLegacy` is gone: peers that still send or expect it no longer interoperate.',
      old: oldAt(955, 955, '6.3. Room policy'),
      oldText: 'struct {\n    opaque policy<V>;\n} RoomPolicyLegacy;\n',
    },
    'ERR',
    'WIRE',
  ),
  finding(
    {
      rule: 'api-error-status-removed',
      domain: 'openapi',
      subject: 'POST /v1/keyMaterial/{targetUser}',
      message: 'Error status 404 is no longer listed: servers that still send it are off-spec, clients that handle it keep working.',
      direction: 'response',
      old: { file: 'specs/mimi-protocol/openapi.yaml', line: 141, col: 7 },
      new: { file: 'specs/mimi-protocol/openapi.yaml', line: 152, col: 7 },
    },
    'WARN',
    'WIRE',
  ),
  finding(
    {
      rule: 'tls-struct-field-renamed',
      domain: 'tls',
      subject: 'FrankAAD.franking_tag',
      message: 'Field `franking_tag` is now `franking_signature` (same position, same type): the bytes are unchanged, the generated property name changes.',
      old: oldAt(1320, 1320, '8. Franking'),
      new: newAt(1347, 1347, '8. Franking'),
    },
    'WARN',
    'SOURCE',
  ),
  finding(
    {
      rule: 'tls-type-changed-via-dependency',
      domain: 'tls',
      subject: 'ClaimKeyMaterialEnvelope',
      message: 'Contains `KeyMaterialRequest`, which changed on the wire.',
      old: oldAt(840, 840),
      new: newAt(859, 859),
      causes: ['KeyMaterialRequest'],
    },
    'INFO',
    'WIRE',
  ),
  finding(
    {
      rule: 'tls-type-added',
      domain: 'tls',
      subject: 'RoomRole',
      message: 'Type `RoomRole` is new: nothing already on the wire changes.',
      new: newAt(1002, 1002, '6.4. Roles'),
      newText: 'enum {\n    reserved(0),\n    moderator(1),\n    participant(2),\n    (255)\n} RoomRole;\n',
    },
    'INFO',
    'WIRE',
  ),
];

export const SAMPLE_REPORT: Report = {
  tool: 'mimi spec diff',
  reportVersion: 1,
  sides: [
    { label: 'drafts/draft-ietf-mimi-protocol-04.md', kind: 'draft', draft: 'draft-ietf-mimi-protocol', version: '04' },
    { label: 'drafts/draft-ietf-mimi-protocol-05.md', kind: 'draft', draft: 'draft-ietf-mimi-protocol', version: '05' },
  ],
  findings: FINDINGS,
  summary: summarize(FINDINGS),
};

const LINT_FINDINGS: Finding[] = [
  finding(
    {
      rule: 'missing-include',
      domain: 'cddl',
      subject: 'specs/mimi-content/content.cddl',
      message: 'Included file `common.cddl` does not exist.',
      new: { file: 'specs/mimi-content/content.cddl', line: 3, col: 1 },
    },
    'ERR',
    'LINT',
  ),
  finding(
    {
      rule: 'unsupported-schema-keyword',
      domain: 'openapi',
      subject: 'specs/mimi-protocol/openapi.yaml',
      message: 'Keyword `patternProperties` is ignored by the generator.',
      new: { file: 'specs/mimi-protocol/openapi.yaml', line: 88, col: 9 },
    },
    'WARN',
    'LINT',
  ),
  finding(
    {
      rule: 'erratum-applied',
      domain: 'errata',
      subject: 'E-0007',
      message: 'Missing semicolon after `opaque nonce<V>` (specs/errata.json)',
      new: { file: 'drafts/draft-ietf-mimi-protocol-05.md', line: 835 },
    },
    'INFO',
    'LINT',
  ),
];

export const SAMPLE_LINT_REPORT: Report = {
  tool: 'mimi spec lint',
  reportVersion: 1,
  sides: [{ label: 'specs/', kind: 'spec-dir' }],
  findings: LINT_FINDINGS,
  summary: summarize(LINT_FINDINGS),
};

export const EMPTY_REPORT: Report = {
  tool: 'mimi spec diff',
  reportVersion: 1,
  sides: [
    { label: 'git:main', kind: 'git' },
    { label: 'specs/', kind: 'spec-dir' },
  ],
  findings: [],
  summary: summarize([]),
};

/** A report with one finding of the given fields, for escaping tests. */
export function oneFinding(raw: Partial<RawFinding> & { level?: Level; suppressed?: boolean }): Report {
  const { level = 'ERR', suppressed = false, ...rest } = raw;
  const f = finding({ rule: 'tls-type-removed', domain: 'tls', subject: 'T', message: 'm', ...rest }, level, 'WIRE', suppressed);
  return { ...SAMPLE_REPORT, findings: [f], summary: summarize([f]) };
}

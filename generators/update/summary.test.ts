import { describe, expect, it } from 'vitest';
import type { SuggestedErratum } from '../common/diagnostics.ts';
import type { Finding } from '../report/model.ts';
import { formatUpdateSummary } from './summary.ts';
import type { SpecUpdateSummary } from './update.ts';

const erratum: SuggestedErratum = {
  id: 'group-info-option-select-semicolon',
  draft: 'draft-ietf-mimi-protocol',
  version: '07',
  line: 1004,
  original: '       PartialGroupInfo partialGroupInfo;\n   }\n',
  replacement: '       PartialGroupInfo partialGroupInfo;\n   };\n',
  reason: "a select block ends with '};' (RFC 8446 §3.8)",
};
const DRAFT = 'spec/drafts/draft-ietf-mimi-protocol-07.md';

function summary(): SpecUpdateSummary {
  const finding: Finding = {
    rule: 'select-missing-semicolon',
    domain: 'tls',
    subject: DRAFT,
    message: "a select in struct 'GroupInfoOption' ends with '}' without ';'",
    new: { file: DRAFT, line: 1005 },
    suggestedErratum: erratum,
    category: 'LINT',
    level: 'WARN',
    fingerprint: '0123456789ab',
    suppressed: false,
  };
  return {
    mode: 'update',
    draft: { name: 'draft-ietf-mimi-protocol', version: '07', versionFrom: 'file name', file: DRAFT, source: DRAFT },
    dryRun: true,
    previous: { file: 'spec/drafts/draft-ietf-mimi-protocol-06.md', version: '06' },
    manifest: { key: 'draft-ietf-mimi-protocol-07.md', outputs: ['tls'], outDir: 'spec/draft-ietf-mimi-protocol', shipped: [], dropped: [] },
    errata: { file: null, carried: [], noLongerNeeded: [], noLongerMatching: [] },
    diff: null,
    lint: { findings: [finding], summary: { ERR: 0, WARN: 1, INFO: 0, suppressed: 0 } },
    extract: [
      {
        file: DRAFT,
        line: 1062,
        col: 21,
        severity: 'error',
        code: 'missing-semicolon',
        message: "definition ends without ';': } UpdateRoomResponse",
        suggestedErratum: {
          ...erratum,
          id: 'update-room-response-semicolon',
          line: 1062,
          original: '} UpdateRoomResponse',
          replacement: '} UpdateRoomResponse;',
        },
      },
    ],
    generate: { ok: true, files: 0, diagnostics: [] },
    typecheck: null,
    notes: [],
    files: { added: [], removed: [], modified: [] },
    problems: 1,
  };
}

describe('the mimi spec update summary', () => {
  it('prints the suggested erratum of a lint finding and of an extraction error, naming its errata file', () => {
    const text = formatUpdateSummary(summary());
    expect(text).toContain(
      [
        '  WARN  select-missing-semicolon  spec/drafts/draft-ietf-mimi-protocol-07.md',
        "        a select in struct 'GroupInfoOption' ends with '}' without ';'",
        '        new: spec/drafts/draft-ietf-mimi-protocol-07.md:1005',
        '        suggested erratum for spec/errata/draft-ietf-mimi-protocol-07.json:',
        '          {',
        '            "id": "group-info-option-select-semicolon",',
      ].join('\n'),
    );
    expect(text).toContain(
      [
        "  spec/drafts/draft-ietf-mimi-protocol-07.md:1062:21: error: definition ends without ';': } UpdateRoomResponse [missing-semicolon]",
        '    suggested erratum for spec/errata/draft-ietf-mimi-protocol-07.json:',
        '      {',
        '        "id": "update-room-response-semicolon",',
      ].join('\n'),
    );
  });
});

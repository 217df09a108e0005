/**
 * `mimi spec diff` on the real drafts, from their markdown: every consecutive published pair of
 * draft-ietf-mimi-protocol (-00 … -06), draft-ietf-mimi-content (-03 … -07) and
 * draft-ietf-mimi-room-policy (-00 … -03) diffs without crashing, and for three pairs of each the
 * report is checked against the changes found by reading the drafts (their TLS-PL and CDDL side by
 * side). The drafts are read as published (`errata: false`) unless a test says otherwise: the
 * repository's errata exist only for the latest versions (and protocol -05, kept for diffs) and
 * would otherwise show up as changes.
 *
 * Older versions are test fixtures (test/fixtures/drafts, verbatim copies); the latest ones are
 * the repository's own spec/drafts.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { diffSpecSets } from '../../generators/diff/diff.ts';
import { loadSide } from '../../generators/diff/load-side.ts';
import type { Report } from '../../generators/report/model.ts';
import { ruleById } from '../../generators/diff/rules.ts';

const ROOT = join(import.meta.dirname, '..', '..');

const LATEST: Record<string, string> = {
  'draft-ietf-mimi-protocol': '06',
  'draft-ietf-mimi-content': '07',
  'draft-ietf-mimi-room-policy': '03',
};

function draftPath(name: string, version: string): string {
  return LATEST[name] === version ? `spec/drafts/${name}-${version}.md` : `test/fixtures/drafts/${name}-${version}.md`;
}

async function diff(name: string, from: string, to: string, errata = false): Promise<Report> {
  const load = (v: string) => loadSide(draftPath(name, v), { root: ROOT, cwd: ROOT, errata });
  return diffSpecSets(await load(from), await load(to));
}

/** `LEVEL rule subject` of the diff findings (not the side-has-errors notes), sorted: the shape the expectations below are written in. */
const lines = (r: Report) =>
  r.findings
    .filter((f) => f.category !== 'LINT')
    .map((f) => `${f.level} ${f.rule} ${f.subject}`)
    .sort();

const PAIRS: Array<[string, string[]]> = [
  ['draft-ietf-mimi-protocol', ['00', '01', '02', '03', '04', '05', '06']],
  ['draft-ietf-mimi-content', ['03', '04', '05', '06', '07']],
  ['draft-ietf-mimi-room-policy', ['00', '01', '02', '03']],
];

describe('every consecutive pair diffs', () => {
  for (const [name, versions] of PAIRS) {
    for (let i = 1; i < versions.length; i++) {
      const [from, to] = [versions[i - 1]!, versions[i]!];
      it(`${name} -${from} → -${to}, as published and with errata`, async () => {
        for (const errata of [false, true]) {
          const r = await diff(name, from, to, errata);
          expect(r.sides.map((s) => s.version)).toEqual([from, to]);
          for (const f of r.findings) {
            // Diff findings come from the catalogue; a side that does not fully parse gets a LINT note.
            if (f.category === 'LINT') expect(f.rule).toBe('side-has-errors');
            else expect(ruleById(f.rule), f.rule).toBeDefined();
            expect(f.fingerprint).toMatch(/^[0-9a-f]{12}$/);
            // Every finding is located in a draft or a file it includes, or in a built-in spec when
            // a type moved out of the draft (protocol -02 takes RatchetTreeOption from
            // draft-mahy-mls-ratchet-tree-options).
            const loc = f.new ?? f.old;
            expect(loc?.file).toMatch(/draft-ietf-mimi-[a-z-]+-\d\d(\.md|-files\/[a-z-]+\.cddl)$|^spec\/tls\/[a-z-]+\.tls$/);
          }
          // A draft compared with itself has no diff findings (only the notes on its own errors).
          const same = await diff(name, to, to, errata);
          expect(same.findings.filter((f) => f.category !== 'LINT')).toEqual([]);
          expect(same.findings.every((f) => f.rule === 'side-has-errors' && f.level === 'WARN')).toBe(true);
        }
      });
    }
  }
});

describe('draft-ietf-mimi-protocol, checked against the drafts', () => {
  it('-03 → -04: signed key material requests, Frank reworked, camelCase fields renamed', async () => {
    const r = lines(await diff('draft-ietf-mimi-protocol', '03', '04'));
    expect(r).toEqual(
      expect.arrayContaining([
        // §5.2: KeyMaterialRequest gains the requester's key, credential and signature (and a TBS struct).
        'ERR tls-struct-field-inserted KeyMaterialRequest.select(protocol).mls10.requesterSignatureKey',
        'ERR tls-struct-field-inserted KeyMaterialRequest.select(protocol).mls10.requesterCredential',
        'ERR tls-struct-field-inserted KeyMaterialRequest.select(protocol).mls10.key_material_request_signature',
        'INFO tls-type-added KeyMaterialRequestTBS',
        // Frank: serverFrank → server_frank (same bytes); franking_integrity_check (uint8[32]) at the
        // same position becomes franking_integrity_signature, a <V> vector: a rename, and its type change.
        'WARN tls-struct-field-renamed Frank.serverFrank',
        'WARN tls-struct-field-renamed Frank.franking_integrity_check',
        'ERR tls-array-vector-changed Frank.franking_integrity_signature',
        'WARN tls-struct-field-renamed UpdateRoomResponse.select(responseCode).success.acceptedTimestamp',
        'WARN tls-struct-field-renamed AbusiveMessage.mimi_content',
        // New franking and room-state components.
        'INFO tls-type-added FrankAAD',
        'INFO tls-type-added FrankingAgentData',
        // -03 writes SubmitMessageResponse with an unnamed `optional struct { … };`, which does not parse.
        'WARN tls-definition-unparsable SubmitMessageResponse',
      ]),
    );
    expect(r.filter((x) => x.startsWith('ERR'))).toHaveLength(6);
  });

  it('-04 → -05: Frank gains the franking cipher suite; franking context structs added', async () => {
    expect(lines(await diff('draft-ietf-mimi-protocol', '04', '05'))).toEqual(
      [
        'ERR tls-struct-field-inserted Frank.franking_signature_ciphersuite',
        // `uint8[32] franking_tag` → `uint8 franking_tag[32];`: same bytes, other text.
        'INFO tls-definition-text-changed FrankAAD',
        'INFO tls-type-added FrankingIntegrityTBS',
        'INFO tls-type-added ServerFrankingContext',
        'INFO tls-type-added context',
        // Types that contain Frank (directly or through AbusiveMessage).
        'INFO tls-type-changed-via-dependency AbuseReport',
        'INFO tls-type-changed-via-dependency AbusiveMessage',
        'INFO tls-type-changed-via-dependency FanoutMessage',
        'INFO tls-type-changed-via-dependency SubmitMessageResponse',
      ].sort(),
    );
  });

  it('-05 → -06: extension dictionaries appended, pending proposals in GroupInfo', async () => {
    expect(lines(await diff('draft-ietf-mimi-protocol', '05', '06'))).toEqual([
      'ERR tls-struct-field-inserted AbuseReport.abuse_extensions',
      'ERR tls-struct-field-inserted ConsentEntry.consent_extensions',
      'ERR tls-struct-field-inserted GroupInfoRatchetTreeTBE.pending_proposals',
      'ERR tls-struct-field-inserted IdentifierRequest.id_request_extensions',
      'ERR tls-struct-field-inserted IdentifierResponse.id_response_extensions',
      'INFO tls-type-added PendingProposal',
      'INFO tls-type-changed-via-dependency group_info_ratchet_tree_tbe',
    ]);
  });

  it('-05 → -06 with the repository errata: both versions corrected alike, only the drafts’ own changes remain', async () => {
    // -05's errata are -06's carried back (spec/errata/draft-ietf-mimi-protocol-05.json): the
    // corrections (FanoutMessage's select on real WireFormat values, `string` replaced) are on both
    // sides, so none of them reads as a wire change.
    const corrected = lines(await diff('draft-ietf-mimi-protocol', '05', '06', true));
    expect(corrected).toEqual(lines(await diff('draft-ietf-mimi-protocol', '05', '06')));
    expect(corrected).not.toContain('ERR tls-field-type-changed UpdateRoomResponse.errorDescription');
  });
});

describe('draft-ietf-mimi-content, checked against the drafts', () => {
  it('-03 → -04: the TLS-PL appendix is dropped, the CDDL is unchanged', async () => {
    const r = await diff('draft-ietf-mimi-content', '03', '04');
    // (-03's TLS-PL appendix also has a syntax error: one side-has-errors note.)
    expect(new Set(r.findings.map((f) => f.rule))).toEqual(new Set(['tls-type-removed', 'side-has-errors']));
    expect(lines(r)).toEqual(expect.arrayContaining(['ERR tls-type-removed MimiContent', 'ERR tls-type-removed NestablePart']));
    expect(r.findings.some((f) => f.domain === 'cddl')).toBe(false);
    expect(r.findings.filter((f) => f.rule === 'side-has-errors').map((f) => f.subject)).toEqual(['old: test/fixtures/drafts/draft-ietf-mimi-content-03.md']);
  });

  it('-04 → -05: salt inserted, partIndex removed, expiry and reply reworked', async () => {
    const r = lines(await diff('draft-ietf-mimi-content', '04', '05'));
    expect(r).toEqual(
      expect.arrayContaining([
        'ERR cddl-array-member-inserted mimiContent.salt',
        'ERR cddl-array-member-removed NestedPart.partIndex',
        'ERR cddl-array-member-inserted ExternalPart.filename',
        'ERR cddl-member-type-changed ExternalPart.url',
        'ERR cddl-type-choice-narrowed mimiContent.expires',
        'INFO cddl-rule-added Expiration',
        'ERR cddl-rule-removed InReplyTo',
      ]),
    );
  });

  it('-05 → -06: salt shrinks to 16 bytes, lastSeen removed, Timestamp becomes a choice', async () => {
    const r = lines(await diff('draft-ietf-mimi-content', '05', '06'));
    expect(r).toEqual(
      expect.arrayContaining([
        'ERR cddl-size-changed mimiContent.salt',
        'ERR cddl-array-member-removed mimiContent.lastSeen',
        'ERR cddl-type-choice-narrowed Timestamp',
        'INFO cddl-rule-added MsecsSinceEpoch',
        'INFO cddl-rule-added ExtendedTime',
        'INFO cddl-type-changed-via-dependency MessageDerivedValues',
      ]),
    );
    expect(r.some((x) => x.includes('tls-'))).toBe(false);
  });

  it('-06 → -07: delivery reports leave the draft', async () => {
    expect(lines(await diff('draft-ietf-mimi-content', '06', '07'))).toEqual([
      'ERR cddl-rule-removed MessageStatusReport',
      'ERR cddl-rule-removed PerMessageStatus',
      'ERR cddl-rule-removed baseStatus',
      'ERR cddl-rule-removed unknownStatus',
    ]);
  });
});

describe('draft-ietf-mimi-room-policy, checked against the drafts', () => {
  it('-00 → -01: Role becomes a struct, RoomPolicy loses its flags, pre-authorisation reworked', async () => {
    const r = lines(await diff('draft-ietf-mimi-room-policy', '00', '01'));
    expect(r).toEqual(
      expect.arrayContaining([
        'ERR tls-type-kind-changed Role',
        'ERR tls-type-removed PreAuthPerRoleList',
        'ERR tls-struct-field-removed RoomPolicy.knock_allowed',
        'ERR tls-struct-field-removed RoomPolicy.password_protected',
        'INFO tls-type-added RoleData',
        'INFO tls-type-added PreAuthData',
        'INFO tls-type-changed-via-dependency Bot',
      ]),
    );
  });

  it('-01 → -02: operational parameters and the asset, message and pending-proposal policies', async () => {
    const r = lines(await diff('draft-ietf-mimi-room-policy', '01', '02'));
    expect(r).toEqual(
      expect.arrayContaining([
        'ERR tls-struct-field-inserted RoomPolicy.operational_parameters',
        'INFO tls-type-added OperationalParameters',
        'INFO tls-type-added AssetPolicy',
        'INFO tls-type-added PendingProposalStrategy',
      ]),
    );
    expect(r.filter((x) => x.startsWith('ERR'))).toEqual(['ERR tls-struct-field-inserted RoomPolicy.operational_parameters']);
  });

  it('-02 → -03: renames are renames (CapablityType typo fixed, snake_case), policies restructured', async () => {
    const r = lines(await diff('draft-ietf-mimi-room-policy', '02', '03'));
    expect(r).toEqual(
      expect.arrayContaining([
        'WARN tls-type-renamed CapablityType',
        'WARN tls-struct-field-renamed MinDefaultMaxTime.minimumTime',
        'WARN tls-enum-value-renamed PendingProposalStrategy.immediateCommit',
        'ERR tls-enum-value-removed PendingProposalStrategy.preferenceWheel',
        'ERR tls-struct-field-inserted AssetPolicy.permitted_media_types',
        'ERR tls-struct-field-removed Bot.can_write',
      ]),
    );
    expect(r).not.toContain('INFO tls-type-added CapabilityType');
  });
});

describe('versions that do not fully parse', () => {
  it('each side with errors gets one side-has-errors note naming the count, the first error and the lint command', async () => {
    const r = await diff('draft-ietf-mimi-protocol', '04', '05');
    const notes = r.findings.filter((f) => f.rule === 'side-has-errors');
    expect(notes.map((f) => [f.subject, f.level, f.category])).toEqual([
      ['new: test/fixtures/drafts/draft-ietf-mimi-protocol-05.md', 'WARN', 'LINT'],
      ['old: test/fixtures/drafts/draft-ietf-mimi-protocol-04.md', 'WARN', 'LINT'],
    ]);
    expect(notes[0]!.message).toMatch(
      /^the new version's TLS-PL has \d+ errors \(first: .*\); what does not parse is not compared, run `mimi spec lint test\/fixtures\/drafts\/draft-ietf-mimi-protocol-05.md`$/,
    );
    expect(notes[0]!.new?.file).toBe('test/fixtures/drafts/draft-ietf-mimi-protocol-05.md');
    // The latest drafts with the repository's errata parse cleanly: no notes.
    expect((await diff('draft-ietf-mimi-room-policy', '03', '03', true)).findings).toEqual([]);
  });
});

describe('locations point into the files the editor has', () => {
  it('a TLS member is located on its own draft line, a CDDL member in the included file', async () => {
    const tls = (await diff('draft-ietf-mimi-protocol', '04', '05')).findings.find((f) => f.rule === 'tls-struct-field-inserted')!;
    expect(tls.new).toMatchObject({
      file: 'test/fixtures/drafts/draft-ietf-mimi-protocol-05.md',
      line: 1119,
      draftLine: 1117,
      section: '5.4. Submit a Message',
    });
    const cddl = (await diff('draft-ietf-mimi-content', '05', '06')).findings.find((f) => f.rule === 'cddl-size-changed')!;
    expect(cddl.new?.file).toBe('test/fixtures/drafts/draft-ietf-mimi-content-06-files/mimi-content.cddl');
    expect(cddl.new?.line).toBe(2);
  });
});

/**
 * `npm run mutate:audit [-- --only ID]`: the one-line mutants of the issue-12 audit (against
 * e256bc7, 13 of 31 survived every test), applied one at a time to the working tree, each followed
 * by the tests meant to kill it. Prints, for each, the tests that failed: the list the audit asked
 * for, kept runnable so that a test that stops killing its mutant is noticed. Exit status 1 when a
 * mutant survives, or when a mutant no longer applies (its source line changed: update the entry).
 *
 * Each source file is restored after its run, and on Ctrl-C. The rule levels of rules.json are
 * moved one step at a time by test/diff/rule-level-mutants.ts; the two here are the audit's own. StrykerJS (`npm run mutate`) covers
 * the same modules exhaustively; this list keeps the mutants a person chose, some of them in JSON,
 * which Stryker does not mutate.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { failingTests, withFileText } from './failing-tests.ts';

const ROOT = resolve(import.meta.dirname, '../..');

export interface AuditMutant {
  id: string;
  /** What the audit found: the check that could be broken with every test green. */
  finding: string;
  file: string;
  /** Text that occurs exactly once in `file`, and what it becomes. */
  find: string;
  replace: string;
  /** Test files that must fail. */
  tests: string[];
}

const PROFILE = 'packages/mls-profile';

export const AUDIT: readonly AuditMutant[] = [
  {
    id: 'verify-can-add-own-client',
    finding: 'the canAddOwnClient check of a commit disabled',
    file: `${PROFILE}/src/rooms/verify.ts`,
    find: "if (!holds(roomBefore, utf8.encode(user), 'canAddOwnClient'))",
    replace: 'if (false)',
    tests: [`${PROFILE}/test/policy-capabilities.test.ts`],
  },
  {
    id: 'verify-can-remove-own-client',
    finding: 'the canRemoveOwnClient check of a commit disabled',
    file: `${PROFILE}/src/rooms/verify.ts`,
    find: "const cap = proposer === user ? 'canRemoveOwnClient' : 'canKick';\n    if (!holds(roomBefore, utf8.encode(proposer), cap))",
    replace: "const cap = proposer === user ? 'canRemoveOwnClient' : 'canKick';\n    if (cap === 'canKick' && !holds(roomBefore, utf8.encode(proposer), cap))",
    tests: [`${PROFILE}/test/policy-capabilities.test.ts`],
  },
  {
    id: 'message-edit-pair-swapped',
    finding: 'canEditReaction and canEditOwnMessage demanded the wrong way round',
    file: `${PROFILE}/src/policy/message.ts`,
    find: "original.reaction ? 'canEditReaction' : 'canEditOwnMessage'",
    replace: "original.reaction ? 'canEditOwnMessage' : 'canEditReaction'",
    tests: [`${PROFILE}/test/policy-capabilities.test.ts`],
  },
  {
    id: 'message-delete-pair-swapped',
    finding: 'canDeleteOwnReaction and canDeleteOwnMessage demanded the wrong way round',
    file: `${PROFILE}/src/policy/message.ts`,
    find: "(own ? 'canDeleteOwnReaction' : 'canDeleteOtherReaction') : own ? 'canDeleteOwnMessage'",
    replace: "(own ? 'canDeleteOwnMessage' : 'canDeleteOtherReaction') : own ? 'canDeleteOwnReaction'",
    tests: [`${PROFILE}/test/policy-capabilities.test.ts`],
  },
  {
    id: 'active-maximum-unchecked',
    finding: 'the maximum number of active participants never checked',
    file: `${PROFILE}/src/policy/authorize.ts`,
    find: 'if (role.maximum_active_participants_constraint !== null && active > role.maximum_active_participants_constraint)',
    replace: 'if (false)',
    tests: [`${PROFILE}/test/policy-roles.test.ts`, `${PROFILE}/test/rooms-active.test.ts`],
  },
  {
    id: 'active-minimum-unchecked',
    finding: 'the minimum number of active participants never checked',
    file: `${PROFILE}/src/policy/authorize.ts`,
    find: 'if (active < role.minimum_active_participants_constraint)',
    replace: 'if (false)',
    tests: [`${PROFILE}/test/policy-roles.test.ts`, `${PROFILE}/test/rooms-active.test.ts`],
  },
  {
    id: 'hub-ignores-app-data-update',
    finding: 'hubCheckCommit ignoring AppDataUpdate proposals',
    file: `${PROFILE}/src/rooms/hub-check.ts`,
    find: "else if (p.type === 'app_data_update') c.appDataUpdates.push(",
    replace: "else if (p.type === 'app_data_update') void (",
    tests: [`${PROFILE}/test/hub-check.test.ts`],
  },
  {
    id: 'auth-service-cross-provider',
    finding: "the auth service's check that verify names a user of the client's own provider removed",
    file: `${PROFILE}/src/identity/auth-service.ts`,
    find: "if (r.domain !== client.domain) return reject('user-mismatch'",
    replace: "if (false) return reject('user-mismatch'",
    tests: [`${PROFILE}/test/identity.test.ts`],
  },
  {
    id: 'cbor-nested-key-order',
    finding: 'key order and duplicate keys of maps inside any() unchecked',
    file: 'packages/cbor/src/reader.ts',
    find: 'if (i > 0) this.keyOrder(ps, ks, this.p);',
    replace: ';',
    tests: ['packages/cbor/test/deterministic.test.ts'],
  },
  {
    id: 'cbor-duplicate-key',
    finding: 'a duplicate map key taken for one in order',
    file: 'packages/cbor/src/reader.ts',
    find: "this.fail('duplicate-key', 'the same map key appears twice', start);",
    replace: 'return;',
    tests: ['packages/cbor/test/deterministic.test.ts'],
  },
  {
    id: 'cbor-non-shortest-2',
    finding: 'non-shortest 2-byte arguments accepted',
    file: 'packages/cbor/src/reader.ts',
    find: "if (v < 256) this.fail('non-shortest'",
    replace: "if (false) this.fail('non-shortest'",
    tests: ['packages/cbor/test/deterministic.test.ts'],
  },
  {
    id: 'cbor-non-shortest-4',
    finding: 'non-shortest 4-byte arguments accepted',
    file: 'packages/cbor/src/reader.ts',
    find: "if (v < 65536) this.fail('non-shortest'",
    replace: "if (false) this.fail('non-shortest'",
    tests: ['packages/cbor/test/deterministic.test.ts'],
  },
  {
    id: 'cbor-non-shortest-8',
    finding: 'non-shortest 8-byte arguments accepted',
    file: 'packages/cbor/src/reader.ts',
    find: "if (hi === 0) this.fail('non-shortest'",
    replace: "if (false) this.fail('non-shortest'",
    tests: ['packages/cbor/test/deterministic.test.ts'],
  },
  {
    id: 'diff-fixed-value-level',
    finding: 'tls-fixed-value-changed lowered from ERR to INFO',
    file: 'generators/diff/rules.json',
    find: '"id": "tls-fixed-value-changed",\n      "domain": "tls",\n      "category": "WIRE",\n      "level": "ERR"',
    replace: '"id": "tls-fixed-value-changed",\n      "domain": "tls",\n      "category": "WIRE",\n      "level": "INFO"',
    tests: ['test/diff/rule-levels.test.ts'],
  },
  {
    id: 'diff-body-removed-directions',
    finding: "api-body-removed's request and response levels swapped",
    file: 'generators/diff/rules.json',
    find: '"id": "api-body-removed",\n      "domain": "openapi",\n      "category": "WIRE",\n      "level": "ERR",\n      "levels": {\n        "request": "INFO",\n        "response": "ERR",',
    replace:
      '"id": "api-body-removed",\n      "domain": "openapi",\n      "category": "WIRE",\n      "level": "ERR",\n      "levels": {\n        "request": "ERR",\n        "response": "INFO",',
    tests: ['test/diff/rule-levels.test.ts'],
  },
  {
    id: 'mtls-unverified-socket',
    finding: 'a peer identity for a certificate the handshake did not verify (mTLS tests passed on any error)',
    file: 'packages/transport/src/peer.ts',
    find: '|| !socket.authorized) return null;',
    replace: ') return null;',
    tests: ['test/transport/mtls.test.ts'],
  },
  {
    id: 'mtls-ca-certificate-peer',
    finding: 'CA certificates accepted as peers (both the basicConstraints and the keyCertSign test gone)',
    file: 'packages/transport/src/peer.ts',
    find: 'if (cert.ca !== false || !cert.subjectaltname || !cert.raw || maySignCertificates(cert.raw)) return null;',
    replace: 'if (!cert.subjectaltname || !cert.raw) return null;',
    tests: ['test/transport/mtls.test.ts'],
  },
];

function occurrences(text: string, part: string): number {
  let n = 0;
  for (let i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
  return n;
}

function main(): number {
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  const chosen = AUDIT.filter((m) => only === undefined || m.id === only);
  if (chosen.length === 0) {
    console.error(`no audit mutant "${only}"; ids: ${AUDIT.map((m) => m.id).join(', ')}`);
    return 2;
  }
  const tmp = mkdtempSync(join(tmpdir(), 'mutation-audit-'));
  let bad = 0;
  try {
    for (const files of new Set(chosen.map((m) => m.tests.join(' ')))) {
      const failed = failingTests(ROOT, files.split(' '), join(tmp, 'baseline.json'));
      if (failed.length > 0) throw new Error(`${files} fail before any mutation: ${failed.join('; ')}`);
    }
    for (const m of chosen) {
      const path = join(ROOT, m.file);
      const original = readFileSync(path, 'utf8');
      const n = occurrences(original, m.find);
      if (n !== 1) {
        bad++;
        console.log(`STALE     ${m.id}: the text to mutate occurs ${n} times in ${m.file}`);
        continue;
      }
      const failed = withFileText(
        path,
        original.replace(m.find, () => m.replace),
        () => failingTests(ROOT, m.tests, join(tmp, 'run.json')),
      );
      if (failed.length === 0) {
        bad++;
        console.log(`SURVIVED  ${m.id}: ${m.finding}`);
      } else {
        console.log(`killed    ${m.id}: ${m.finding}\n          by ${failed.length} test(s) of ${m.tests.join(', ')}, e.g. ${failed.slice(0, 3).join(' | ')}`);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return bad > 0 ? 1 : 0;
}

process.exit(main());

/**
 * The mutation-testing scopes (`npm run mutate -- --scope <name>`): the security-relevant modules,
 * each with the tests meant to kill its mutants. The tests are narrowed on purpose: a module's
 * mutants should die in its own tests (fast, and a gap shows where it is), and Stryker's per-test
 * coverage then runs, for each mutant, only the tests that execute it. Globs are relative to the
 * repository root. A `{ file, functions }` entry mutates only those top-level functions of a file
 * (resolved to line ranges when the run starts, so edits elsewhere in the file do not shift it).
 */
export interface FunctionsOf {
  file: string;
  functions: string[];
}

export interface Scope {
  name: string;
  what: string;
  mutate: Array<string | FunctionsOf>;
  tests: string[];
}

const MLS_PROFILE_TESTS = ['packages/mls-profile/test/**/*.test.ts'];

export const SCOPES: readonly Scope[] = [
  {
    name: 'tls',
    what: 'TLS decoder runtime: bounds, varints, vector lengths, allocation budget',
    mutate: ['packages/tls/src/reader.ts', 'packages/tls/src/varint.ts'],
    tests: ['packages/tls/test/**/*.test.ts'],
  },
  {
    name: 'cbor',
    what: 'strict deterministic CBOR reader',
    mutate: ['packages/cbor/src/reader.ts'],
    // The content tests too: much of the reader (floats, simple values, 64-bit integers, tags) is
    // reached only through the generated content codecs.
    tests: ['packages/cbor/test/**/*.test.ts', 'packages/content/test/**/*.test.ts', 'test/content/*.test.ts', '!test/content/new-cddl-file.test.ts'],
  },
  {
    name: 'policy',
    what: 'room policy: capabilities, roles, message rules',
    mutate: ['packages/mls-profile/src/policy/**/*.ts'],
    tests: MLS_PROFILE_TESTS,
  },
  {
    name: 'verify',
    what: 'checks every member applies to a commit, unique clients',
    mutate: ['packages/mls-profile/src/rooms/verify.ts', 'packages/mls-profile/src/rooms/unique-clients.ts'],
    tests: MLS_PROFILE_TESTS,
  },
  {
    name: 'hub',
    what: 'hub inspection without group secrets, Welcome routing, hub commit check',
    mutate: ['packages/mls-profile/src/hub/**/*.ts', 'packages/mls-profile/src/rooms/hub-check.ts'],
    tests: MLS_PROFILE_TESTS,
  },
  {
    name: 'identity',
    what: 'MIMI URIs, credentials, auth service',
    mutate: ['packages/mls-profile/src/identity/**/*.ts'],
    // The identity module's own tests (URIs, credentials, the auth service). The rest of
    // packages/mls-profile/test builds MLS groups for every URI mutant (every member parses URIs),
    // and kills none of the mutants these tests leave (checked against all of it when narrowed).
    tests: ['packages/mls-profile/test/identity.test.ts'],
  },
  {
    name: 'peer',
    what: 'mutual-TLS peer identity and keyCertSign detection',
    mutate: ['packages/transport/src/peer.ts', 'packages/transport/src/key-cert-sign.ts'],
    tests: ['test/transport/peer-*.test.ts', 'test/transport/mtls.test.ts', 'test/transport/helpers.test.ts'],
  },
  {
    name: 'diff-levels',
    what: 'spec diff: rule levels per direction, config overrides, --fail-on, via-dependency and direction',
    mutate: [
      'generators/diff/rules.ts',
      'generators/diff/finalize.ts',
      'generators/diff/config.ts',
      'generators/report/model.ts',
      'generators/report/fingerprint.ts',
      { file: 'generators/diff/tls-diff.ts', functions: ['changesWire', 'addViaDependency', 'directionFinder', 'reach', 'complete'] },
      { file: 'generators/diff/openapi-diff.ts', functions: ['opFinding'] },
      { file: 'generators/diff/cddl-diff.ts', functions: ['changesTheWire'] },
    ],
    tests: [
      'generators/diff/**/*.test.ts',
      'generators/report/**/*.test.ts',
      'test/diff/*.test.ts',
      'generators/lint/spec-lint.test.ts',
      '!test/diff/html-render.test.ts',
    ],
  },
];

export function scopeByName(name: string): Scope | undefined {
  return SCOPES.find((s) => s.name === name);
}

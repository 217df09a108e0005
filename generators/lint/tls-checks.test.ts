import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../common/diagnostics.ts';
import { loadOpenApi } from '../openapi/load.ts';
import { compilePackage } from '../tls/compile.ts';
import { loadPackages } from '../tls/load.ts';
import type { TlsPackage } from '../tls/model.ts';
import { parseTls } from '../tls/parse/parser.ts';
import { lintTlsPackages } from './tls-checks.ts';
import { BUILTIN_PROSE_ROOTS, conventionalRoots, defaultTlsRoots, openApiTlsRoots } from './tls-roots.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

/** Parses and compiles one package; parse and compile diagnostics are returned separately. */
function pkg(name: string, text: string, imports: TlsPackage[] = []): { pkg: TlsPackage; diagnostics: string[] } {
  const { spec, diagnostics } = parseTls(text, `${name}.tls`, name);
  const p = compilePackage(name, [spec], imports);
  return { pkg: p, diagnostics: [...diagnostics, ...p.diagnostics].map(formatDiagnostic) };
}

function lint(text: string, roots?: Set<string>): string[] {
  const { pkg: p, diagnostics } = pkg('t', text);
  expect(diagnostics).toEqual([]);
  return lintTlsPackages([p], roots ? { roots } : {}).map(formatDiagnostic);
}

/** Everything but unused-type, for inputs whose types are deliberately unreferenced. */
const errorsOnly = (ds: string[]) => ds.filter((d) => !d.includes('[unused-type]'));

describe('lintTlsPackages: duplicate-field', () => {
  it('reports a field name repeated in one member list, at the second field', () => {
    expect(errorsOnly(lint(['struct {', '  uint8 a;', '  uint16 b;', '  opaque a<V>;', '} S;'].join('\n')))).toEqual([
      "t.tls:4:3: error: field 'a' appears twice in S (first 2 lines above) [duplicate-field]\n  hint: rename one of the fields with an erratum",
    ]);
  });

  it('checks each select arm on its own: the same name in two arms is fine, twice in one arm is not', () => {
    const text = [
      'enum { x(1), y(2), (255) } K;',
      'struct {',
      '  K kind;',
      '  select (S.kind) {',
      '    case x: uint8 v; uint8 w;',
      '    case y: uint16 v; uint16 v;',
      '  };',
      '} S;',
    ].join('\n');
    expect(errorsOnly(lint(text))).toEqual([
      "t.tls:6:23: error: field 'v' appears twice in S (first on this line) [duplicate-field]\n  hint: rename one of the fields with an erratum",
    ]);
  });

  it('checks the members of inline structs (hoisted to S_inner by the compiler)', () => {
    expect(errorsOnly(lint(['struct {', '  struct { uint8 p; uint8 p; } inner;', '} S;'].join('\n')))).toEqual([
      "t.tls:2:21: error: field 'p' appears twice in S_inner (first on this line) [duplicate-field]\n  hint: rename one of the fields with an erratum",
    ]);
  });
});

describe('lintTlsPackages: duplicate enum names and values', () => {
  it('reports a repeated name and a repeated number, each at the later value', () => {
    expect(errorsOnly(lint(['enum {', '  a(0),', '  b(1),', '  a(2),', '  c(1),', '  (255)', '} E;'].join('\n')))).toEqual([
      "t.tls:4:3: error: enum E lists 'a' twice (first 2 lines above) [duplicate-enum-name]\n  hint: rename or remove one of them with an erratum",
      "t.tls:5:3: error: enum E gives 'c' the value 1, already the value of 'b' (3:3) [duplicate-enum-value]\n  hint: give each name its own number with an erratum",
    ]);
  });

  it('reports an entry written twice once, as a repeated name', () => {
    expect(errorsOnly(lint('enum { a(1), a(1), (255) } E;'))).toEqual([
      "t.tls:1:14: error: enum E lists 'a' twice (first on this line) [duplicate-enum-name]\n  hint: rename or remove one of them with an erratum",
    ]);
  });
});

describe('lintTlsPackages: checks the parser and the compile passes already make are not repeated', () => {
  it('a value above the maximum is enum-value-out-of-range from the parser, and nothing here', () => {
    const { pkg: p, diagnostics } = pkg('t', 'enum { a(0), b(300), (255) } E;');
    expect(diagnostics.map((d) => d.split('\n')[0])).toEqual([
      "t.tls:1:14: error: enum value 'b(300)' exceeds the declared maximum 255 of enum 'E' [enum-value-out-of-range]",
    ]);
    expect(errorsOnly(lintTlsPackages([p]).map(formatDiagnostic))).toEqual([]);
  });

  it('duplicate-case, unknown-case-label and undefined-type come from the compile passes only', () => {
    const { pkg: p, diagnostics } = pkg(
      't',
      [
        'enum { x(1), (255) } K;',
        'struct {',
        '  K kind;',
        '  select (S.kind) {',
        '    case x: uint8 v;',
        '    case x: uint8 w;',
        '    case z: Missing m;',
        '  };',
        '} S;',
      ].join('\n'),
    );
    expect(diagnostics.map((d) => /\[([a-z-]+)\]/.exec(d)?.[1])).toEqual(['undefined-type', 'duplicate-case', 'unknown-case-label']);
    expect(errorsOnly(lintTlsPackages([p]).map(formatDiagnostic))).toEqual([]);
  });
});

describe('lintTlsPackages: unused-type', () => {
  const text = [
    'uint16 Width;', // used by Root
    'struct { Width w; Node next<V>; } Node;', // refers to itself only
    'struct { Width w; } Root;',
    'Root root_payload<V>;', // a typed-variable declaration (declares: value), never reported
    'enum { p(1), (255) } Picked;', // named only as the enum of a context discriminator
    'struct { select (outer.kind) { case p: uint8 a; }; } Selects;',
  ].join('\n');

  it('reports declarations nothing refers to, at the declaration, with what was searched', () => {
    expect(lint(text)).toEqual([
      "t.tls:2:1: warning: struct 'Node' is never used: no field type, alias or select discriminator in the TLS specs of package t refers to it [unused-type]\n  hint: if the draft uses it only in prose (a signature or hash input, a message body), declare it a root; otherwise remove it with an erratum",
      "t.tls:6:1: warning: struct 'Selects' is never used: no field type, alias or select discriminator in the TLS specs of package t refers to it [unused-type]\n  hint: if the draft uses it only in prose (a signature or hash input, a message body), declare it a root; otherwise remove it with an erratum",
    ]);
  });

  it('accepts roots, and says how many were given', () => {
    expect(lint(text, new Set(['Selects'])).map((d) => d.split('\n')[0])).toEqual([
      "t.tls:2:1: warning: struct 'Node' is never used: no field type, alias or select discriminator in the TLS specs of package t refers to it, and it is not one of the 1 root type(s) given [unused-type]",
    ]);
  });

  it('counts references from every package given, and only those', () => {
    const base = pkg('base', 'uint8 Shared;\nstruct { Shared s; } Top;');
    const user = pkg('user', 'struct { Shared s; } UsesShared;', [base.pkg]);
    expect([...base.diagnostics, ...user.diagnostics]).toEqual([]);
    const names = (ps: TlsPackage[]) => lintTlsPackages(ps).map((d) => /'([^']+)'/.exec(d.message)?.[1]);
    // Top and UsesShared are unreferenced; Shared is used by both.
    expect(names([base.pkg, user.pkg])).toEqual(['Top', 'UsesShared']);
    // Linting `user` alone: base's declarations are not its own, so only UsesShared.
    expect(names([user.pkg])).toEqual(['UsesShared']);
    expect(lintTlsPackages([base.pkg, user.pkg])[0]!.message).toContain('of packages base, user');
  });
});

describe('lintTlsPackages on the built-in specs (spec/tls)', () => {
  const loaded = loadPackages(ROOT);
  const unusedNames = (roots?: Set<string>) =>
    lintTlsPackages(loaded.packages, roots ? { roots } : {}).map((d) => {
      expect(d.code).toBe('unused-type');
      return /'([^']+)'/.exec(d.message)![1]!;
    });

  it('has no duplicate fields or enum entries', () => {
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(lintTlsPackages(loaded.packages).filter((d) => d.code !== 'unused-type')).toEqual([]);
  });

  it('without roots: 75 types nobody refers to, each a body, a crypto input, a payload, or ConsentScope', async () => {
    const openapi = await loadOpenApi(`${ROOT}spec/openapi/mimi-protocol.yaml`, 'spec/openapi/mimi-protocol.yaml');
    const bodies = openApiTlsRoots(openapi.document);
    expect([...bodies].sort()).toEqual([
      'AbuseReport',
      'ConsentEntry',
      'FanoutMessage',
      'GroupInfoRequest',
      'GroupInfoResponse',
      'IdentifierRequest',
      'IdentifierResponse',
      'KeyMaterialRequest',
      'KeyMaterialResponse',
      'SubmitMessageRequest',
      'SubmitMessageResponse',
      'UpdateRequest',
      'UpdateRoomResponse',
    ]);
    const unused = unusedNames();
    expect(unused).toHaveLength(75);
    const conventional = conventionalRoots(loaded.packages);
    const byCategory = (n: string) =>
      bodies.has(n)
        ? 'body'
        : /(TBS|TBM|TBE|AAD|Input|Label)$/.test(n)
          ? 'crypto'
          : /(Data|Update)$/.test(n)
            ? 'payload'
            : n in BUILTIN_PROSE_ROOTS
              ? 'prose'
              : n;
    const groups: Record<string, string[]> = {};
    for (const n of unused) {
      if (byCategory(n) !== 'body' && byCategory(n) !== 'prose') expect(conventional.has(n) || n === 'ConsentScope').toBe(true);
      (groups[byCategory(n)] ??= []).push(n);
    }
    expect(Object.fromEntries(Object.entries(groups).map(([k, v]) => [k, v.sort()]))).toEqual({
      body: [...bodies].sort(),
      crypto: [
        'AuthenticatedContentTBM',
        'ComponentOperationLabel',
        'ConfirmedTranscriptHashInput',
        'CredentialBindingTBS',
        'FrankingIntegrityTBS',
        'GroupInfoRequestTBS',
        'GroupInfoResponseTBS',
        'GroupInfoTBS',
        'IdentityLinkTBE',
        'InterimTranscriptHashInput',
        'KDFLabel',
        'KeyMaterialRequestTBS',
        'KeyPackageTBS',
        'LeafNodeTBS',
        'PSKLabel',
        'ParentHashInput',
        'PrivateContentAAD',
        'PseudonymousCredentialTBS',
        'RefHashInput',
        'SafeAAD',
        'SenderDataAAD',
        'TreeHashInput',
      ],
      payload: [
        'AssetPolicyData',
        'AssetPolicyUpdate',
        'BaseRoomData',
        'BaseRoomUpdate',
        'BotPolicyData',
        'BotPolicyUpdate',
        'FrankingAgentUpdate',
        'HistoryPolicyData',
        'HistoryPolicyUpdate',
        'JoinLinkPolicyData',
        'JoinLinkPolicyUpdate',
        'JoinLinksData',
        'JoinLinksUpdate',
        'LinkPreviewPolicyData',
        'LinkPreviewPolicyUpdate',
        'LoggingPolicyData',
        'LoggingPolicyUpdate',
        'MessageExpirationData',
        'MessageExpirationUpdate',
        'OperationalParametersData',
        'OperationalParametersUpdate',
        'ParticipantListUpdate',
        'PreAuthUpdate',
        'RoleUpdate',
        'RoomMetaUpdate',
        'SenderData',
        'StatusNotificationPolicyData',
        'StatusNotificationPolicyUpdate',
      ],
      prose: Object.keys(BUILTIN_PROSE_ROOTS).sort(),
      ConsentScope: ['ConsentScope'],
    });
  });

  it('with the default roots and the OpenAPI bodies: only ConsentScope, which ConsentEntry repeats field by field', async () => {
    const openapi = await loadOpenApi(`${ROOT}spec/openapi/mimi-protocol.yaml`, 'spec/openapi/mimi-protocol.yaml');
    const roots = defaultTlsRoots(loaded.packages, openapi.document);
    const ds = lintTlsPackages(loaded.packages, { roots });
    expect(ds.map((d) => `${d.file}:${d.line}:${d.col} ${d.code}`)).toEqual(['spec/tls/draft-ietf-mimi-protocol.tls:420:1 unused-type']);
    expect(ds[0]!.message).toMatch(/^struct 'ConsentScope' is never used: .* packages mls, mimi-protocol, mimi-room-policy refers to it/);
    // Every prose root names a declaration that exists and that nothing refers to (no stale entries).
    for (const n of Object.keys(BUILTIN_PROSE_ROOTS)) expect(unusedNames()).toContain(n);
  });
});

import { describe, it, expect } from 'vitest';
import { formatDiagnostic } from '../../common/diagnostics.ts';
import type { Declaration, Field, TypeRef } from '../ir.ts';
import { parseTls, TLS_MAX_NESTING } from './parser.ts';

const FILE = 'spec/test.tls';

function parse(text: string) {
  return parseTls(text, FILE);
}

/** Parses input that must be clean and returns its declarations. */
function clean(text: string): Declaration[] {
  const { spec, diagnostics } = parse(text);
  expect(diagnostics.map(formatDiagnostic)).toEqual([]);
  return spec.declarations;
}

/** Drops `provenance` and `text` so structural assertions stay readable. */
function shape<T>(node: T): T {
  if (Array.isArray(node)) return node.map(shape) as T;
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) if (k !== 'provenance' && k !== 'text') out[k] = shape(v);
    return out as T;
  }
  return node;
}

function messages(text: string): string[] {
  return parse(text).diagnostics.map(formatDiagnostic);
}

const u8: TypeRef = { kind: 'uint', bits: 8 };
const u16: TypeRef = { kind: 'uint', bits: 16 };
const u32: TypeRef = { kind: 'uint', bits: 32 };
const u64: TypeRef = { kind: 'uint', bits: 64 };
const opaque: TypeRef = { kind: 'opaque' };
const named = (name: string): TypeRef => ({ kind: 'named', name });
const varint = (element: TypeRef): TypeRef => ({ kind: 'vector', element, length: { kind: 'varint' } });
/** A field as `shape` leaves it: without provenance (typed as Field so it nests in struct types). */
const field = (name: string, type: TypeRef, extra: Pick<Field, 'fixedValue' | 'anonymous'> = {}): Field => ({ kind: 'field', name, type, ...extra }) as Field;
const at = (line: number, col: number) => ({ file: FILE, line, col });

describe('parseTls: spec', () => {
  it('names the spec after the file, or the given name', () => {
    expect(parseTls('', 'spec/draft-ietf-mls-protocol.tls').spec).toEqual({
      irVersion: 1,
      name: 'draft-ietf-mls-protocol',
      declarations: [],
    });
    expect(parseTls('', 'x/y.tls', 'mls').spec.name).toBe('mls');
  });
});

describe('parseTls: structs and fields (RFC 9420)', () => {
  it('MLSMessage: fixed value and select, with exact provenance and text', () => {
    const text = [
      'struct {',
      '    ProtocolVersion version = mls10;',
      '    WireFormat wire_format;',
      '    select (MLSMessage.wire_format) {',
      '        case mls_public_message:',
      '            PublicMessage public_message;',
      '        case mls_welcome:',
      '            Welcome welcome;',
      '    };',
      '} MLSMessage;',
    ].join('\n');
    expect(clean(text)).toEqual([
      {
        kind: 'struct',
        name: 'MLSMessage',
        members: [
          { kind: 'field', name: 'version', type: named('ProtocolVersion'), fixedValue: 'mls10', provenance: at(2, 5) },
          { kind: 'field', name: 'wire_format', type: named('WireFormat'), provenance: at(3, 5) },
          {
            kind: 'select',
            discriminator: { path: ['MLSMessage', 'wire_format'] },
            arms: [
              {
                cases: ['mls_public_message'],
                isDefault: false,
                members: [{ kind: 'field', name: 'public_message', type: named('PublicMessage'), provenance: at(6, 13) }],
                provenance: at(5, 9),
              },
              {
                cases: ['mls_welcome'],
                isDefault: false,
                members: [{ kind: 'field', name: 'welcome', type: named('Welcome'), provenance: at(8, 13) }],
                provenance: at(7, 9),
              },
            ],
            provenance: at(4, 5),
          },
        ],
        text,
        provenance: at(1, 1),
      },
    ]);
  });

  it('FramedContentTBS: dotted select path, fallthrough cases, empty struct arms', () => {
    const [decl] = clean(`
struct {
    ProtocolVersion version = mls10;
    WireFormat wire_format;
    FramedContent content;
    select (FramedContentTBS.content.sender.sender_type) {
        case member:
        case new_member_commit:
            GroupContext context;
        case external:
        case new_member_proposal:
            struct{};
    };
} FramedContentTBS;`);
    expect(shape(decl)).toEqual({
      kind: 'struct',
      name: 'FramedContentTBS',
      members: [
        field('version', named('ProtocolVersion'), { fixedValue: 'mls10' }),
        field('wire_format', named('WireFormat')),
        field('content', named('FramedContent')),
        {
          kind: 'select',
          discriminator: { path: ['FramedContentTBS', 'content', 'sender', 'sender_type'] },
          arms: [
            { cases: ['member', 'new_member_commit'], isDefault: false, members: [field('context', named('GroupContext'))] },
            { cases: ['external', 'new_member_proposal'], isDefault: false, members: [] },
          ],
        },
      ],
    });
  });

  it('Proposal: anonymous arms are fields named after the case label', () => {
    const [decl] = clean(`
struct {
    ProposalType proposal_type;
    select (Proposal.proposal_type) {
        case add:                      Add;
        case update:                   Update;
        case group_context_extensions: GroupContextExtensions;
    };
} Proposal;`);
    expect(decl?.kind === 'struct' && shape(decl.members[1])).toEqual({
      kind: 'select',
      discriminator: { path: ['Proposal', 'proposal_type'] },
      arms: [
        { cases: ['add'], isDefault: false, members: [field('add', named('Add'), { anonymous: true })] },
        { cases: ['update'], isDefault: false, members: [field('update', named('Update'), { anonymous: true })] },
        {
          cases: ['group_context_extensions'],
          isDefault: false,
          members: [field('group_context_extensions', named('GroupContextExtensions'), { anonymous: true })],
        },
      ],
    });
  });

  it('PrivateMessageContent: select on another struct, then padding', () => {
    const [decl] = clean(`
struct {
    select (PrivateMessage.content_type) {
        case application:
          opaque application_data<V>;

        case proposal:
          Proposal proposal;
    };

    FramedContentAuthData auth;
    opaque padding[length_of_padding];
} PrivateMessageContent;`);
    expect(shape(decl)).toEqual({
      kind: 'struct',
      name: 'PrivateMessageContent',
      members: [
        {
          kind: 'select',
          discriminator: { path: ['PrivateMessage', 'content_type'] },
          arms: [
            { cases: ['application'], isDefault: false, members: [field('application_data', varint(opaque))] },
            { cases: ['proposal'], isDefault: false, members: [field('proposal', named('Proposal'))] },
          ],
        },
        field('auth', named('FramedContentAuthData')),
        field('padding', { kind: 'padding' }),
      ],
    });
  });

  it('Sender: fallthrough into struct{}', () => {
    const [decl] = clean(`
struct {
    SenderType sender_type;
    select (Sender.sender_type) {
        case member:
            uint32 leaf_index;
        case external:
            uint32 sender_index;
        case new_member_commit:
        case new_member_proposal:
            struct{};
    };
} Sender;`);
    expect(shape(decl)).toEqual({
      kind: 'struct',
      name: 'Sender',
      members: [
        field('sender_type', named('SenderType')),
        {
          kind: 'select',
          discriminator: { path: ['Sender', 'sender_type'] },
          arms: [
            { cases: ['member'], isDefault: false, members: [field('leaf_index', u32)] },
            { cases: ['external'], isDefault: false, members: [field('sender_index', u32)] },
            { cases: ['new_member_commit', 'new_member_proposal'], isDefault: false, members: [] },
          ],
        },
      ],
    });
  });

  it('LeafNodeTBS: two selects on the same discriminator, multi-member arms', () => {
    const [decl] = clean(`
struct {
    HPKEPublicKey encryption_key;
    LeafNodeSource leaf_node_source;
    select (LeafNodeTBS.leaf_node_source) {
        case key_package:
            Lifetime lifetime;

        case update:
            struct{};

        case commit:
            opaque parent_hash<V>;
    };

    Extension extensions<V>;

    select (LeafNodeTBS.leaf_node_source) {
        case key_package:
            struct{};

        case update:
            opaque group_id<V>;
            uint32 leaf_index;
    };
} LeafNodeTBS;`);
    const path = ['LeafNodeTBS', 'leaf_node_source'];
    expect(shape(decl)).toEqual({
      kind: 'struct',
      name: 'LeafNodeTBS',
      members: [
        field('encryption_key', named('HPKEPublicKey')),
        field('leaf_node_source', named('LeafNodeSource')),
        {
          kind: 'select',
          discriminator: { path },
          arms: [
            { cases: ['key_package'], isDefault: false, members: [field('lifetime', named('Lifetime'))] },
            { cases: ['update'], isDefault: false, members: [] },
            { cases: ['commit'], isDefault: false, members: [field('parent_hash', varint(opaque))] },
          ],
        },
        field('extensions', varint(named('Extension'))),
        {
          kind: 'select',
          discriminator: { path },
          arms: [
            { cases: ['key_package'], isDefault: false, members: [] },
            { cases: ['update'], isDefault: false, members: [field('group_id', varint(opaque)), field('leaf_index', u32)] },
          ],
        },
      ],
    });
  });

  it('ranged vectors take a length prefix as wide as their maximum needs', () => {
    const [decl] = clean(`
struct {
    uint32 fixed<0..255>;
    opaque a<1..2^16-1>;
    opaque b<0..2^24-1>;
    opaque c<0..0xFFFFFFFF>;
    opaque d<2^8..2^8+10>;
} StructWithVectors;`);
    expect(decl?.kind === 'struct' && shape(decl.members)).toEqual([
      field('fixed', { kind: 'vector', element: u32, length: { kind: 'fixed', width: 1, min: 0, max: 255 } }),
      field('a', { kind: 'vector', element: opaque, length: { kind: 'fixed', width: 2, min: 1, max: 65535 } }),
      field('b', { kind: 'vector', element: opaque, length: { kind: 'fixed', width: 3, min: 0, max: 16777215 } }),
      field('c', { kind: 'vector', element: opaque, length: { kind: 'fixed', width: 4, min: 0, max: 4294967295 } }),
      field('d', { kind: 'vector', element: opaque, length: { kind: 'fixed', width: 2, min: 256, max: 266 } }),
    ]);
  });

  it('uint8[32] x and uint8 x[32] are the same 32-byte array', () => {
    const [decl] = clean('struct {\n  uint8[32] server_frank;\n  uint8 franking_tag[32];\n  opaque reuse_guard[4];\n} Frank;');
    expect(decl?.kind === 'struct' && shape(decl.members)).toEqual([
      field('server_frank', { kind: 'array', element: u8, byteLength: 32 }),
      field('franking_tag', { kind: 'array', element: u8, byteLength: 32 }),
      field('reuse_guard', { kind: 'array', element: opaque, byteLength: 4 }),
    ]);
  });

  it('optional<T> and the dialect optional T', () => {
    const [decl] = clean(`
struct {
  optional<UpdatePath> path;
  optional uint32 maximum_participants_constraint;
  optional Frank frank;
  optional opaque joiningCode<V>;
  optional<MediaType> permitted_media_types<V>;
  optional uint8[32] serverFrank;
} Optionals;`);
    expect(decl?.kind === 'struct' && shape(decl.members)).toEqual([
      field('path', { kind: 'optional', element: named('UpdatePath') }),
      field('maximum_participants_constraint', { kind: 'optional', element: u32 }),
      field('frank', { kind: 'optional', element: named('Frank') }),
      // `optional T x<V>`: an optional vector …
      field('joiningCode', { kind: 'optional', element: varint(opaque) }),
      // … but `optional<T> x<V>`: a vector of optionals.
      field('permitted_media_types', varint({ kind: 'optional', element: named('MediaType') })),
      field('serverFrank', { kind: 'optional', element: { kind: 'array', element: u8, byteLength: 32 } }),
    ]);
  });

  it('inline structs, empty structs and optional inline structs', () => {
    const decls = clean(`
struct {
  struct {
    uint8 a;
    opaque b<V>;
  } inner;
  struct {} nothing;
  struct {};
  optional struct {
    uint8[32] tag;
  } maybe;
} Outer;

struct {} SelfRemove;`);
    expect(shape(decls)).toEqual([
      {
        kind: 'struct',
        name: 'Outer',
        members: [
          field('inner', { kind: 'struct', members: [field('a', u8), field('b', varint(opaque))] }),
          field('nothing', { kind: 'struct', members: [] }),
          field('maybe', {
            kind: 'optional',
            element: { kind: 'struct', members: [field('tag', { kind: 'array', element: u8, byteLength: 32 })] },
          }),
        ],
      },
      { kind: 'struct', name: 'SelfRemove', members: [] },
    ]);
  });

  it("select: default arm, comma labels, numeric labels, nesting; a select closed by '}' alone is read as '};' with a warning", () => {
    const { spec, diagnostics } = parse(`
struct {
  Protocol version;
  GroupInfoCode status;
  select (status) {
    case success, accepted:
      select (protocol) {
        case mls10:
          CipherSuite cipher_suite;
      }
    case 0x10:
    case 2:
      uint16 code;
  default: struct{};
  }
} GroupInfoResponse;`);
    // Both selects lack their ';': one warning each, with the fix that adds it after the '}'.
    expect(diagnostics.map((d) => [d.code, d.severity, d.line, d.col, d.fix?.id, d.fix?.edits])).toEqual([
      ['select-missing-semicolon', 'warning', 10, 7, 'group-info-response-select-semicolon', [{ line: 10, col: 8, length: 0, text: ';' }]],
      ['select-missing-semicolon', 'warning', 15, 3, 'group-info-response-select-semicolon-2', [{ line: 15, col: 4, length: 0, text: ';' }]],
    ]);
    const [decl] = spec.declarations;
    expect(decl?.kind === 'struct' && shape(decl.members[2])).toEqual({
      kind: 'select',
      discriminator: { path: ['status'] },
      arms: [
        {
          cases: ['success', 'accepted'],
          isDefault: false,
          members: [
            {
              kind: 'select',
              discriminator: { path: ['protocol'] },
              arms: [{ cases: ['mls10'], isDefault: false, members: [field('cipher_suite', named('CipherSuite'))] }],
            },
          ],
        },
        { cases: [16, 2], isDefault: false, members: [field('code', u16)] },
        { cases: [], isDefault: true, members: [] },
      ],
    });
  });

  it('case labels may be words that are keywords elsewhere (optional)', () => {
    const [decl] = clean(`
struct {
  Optionality logging;
  select (logging) {
    case optional:
      Uri logging_clients<V>;
    case forbidden:
      struct {};
  };
} LoggingPolicy;`);
    expect(decl?.kind === 'struct' && shape(decl.members[1])).toEqual({
      kind: 'select',
      discriminator: { path: ['logging'] },
      arms: [
        { cases: ['optional'], isDefault: false, members: [field('logging_clients', varint(named('Uri')))] },
        { cases: ['forbidden'], isDefault: false, members: [] },
      ],
    });
  });

  it('keeps inner comments in the declaration text', () => {
    const text = `struct {
    /* SignWithLabel(., "FramedContentTBS", FramedContentTBS) */
    opaque signature<V>; // trailing
} FramedContentAuthData;`;
    const [decl] = clean(`// before\n${text}\n// after\n`);
    expect(decl?.text).toBe(text);
  });

  it("skips RFC 9420's own definition of optional<T> with a warning", () => {
    const { spec, diagnostics } = parse(`struct {
    uint8 present;
    select (present) {
        case 0: struct{};
        case 1: T value;
    };
} optional<T>;

uint16 CipherSuite;`);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      "spec/test.tls:7:3: warning: 'optional<T>' is built in; this definition of it is skipped [builtin-redefinition]",
    ]);
    expect(shape(spec.declarations)).toEqual([{ kind: 'alias', name: 'CipherSuite', declares: 'type', type: u16 }]);
  });
});

describe('parseTls: aliases and typed variables', () => {
  it('declares types (upper case) and values (lower case)', () => {
    const decls = clean(`
uint16 CredentialType;
opaque HashReference<V>;
HashReference KeyPackageRef;
optional<Node> ratchet_tree<V>;
ExternalSender external_senders<V>;
JoinLink JoinLinksData<V>;
FrankAAD frank_aad;`);
    expect(shape(decls)).toEqual([
      { kind: 'alias', name: 'CredentialType', declares: 'type', type: u16 },
      { kind: 'alias', name: 'HashReference', declares: 'type', type: varint(opaque) },
      { kind: 'alias', name: 'KeyPackageRef', declares: 'type', type: named('HashReference') },
      { kind: 'alias', name: 'ratchet_tree', declares: 'value', type: varint({ kind: 'optional', element: named('Node') }) },
      { kind: 'alias', name: 'external_senders', declares: 'value', type: varint(named('ExternalSender')) },
      { kind: 'alias', name: 'JoinLinksData', declares: 'type', type: varint(named('JoinLink')) },
      { kind: 'alias', name: 'frank_aad', declares: 'value', type: named('FrankAAD') },
    ]);
    expect(decls[1]?.text).toBe('opaque HashReference<V>;');
  });
});

describe('parseTls: enums', () => {
  it('gaps, hex, ; and , separators, (255)', () => {
    // ';' is read as ',' (with a warning whose fix replaces it: see 'enum separators' below).
    const parsed = parse(`
enum {
    success(0);
    keyMaterialExhausted(1),
    vcardField(8),
    big(0x10),
    (255)
} KeyMaterialClientCode;`);
    expect(parsed.diagnostics.map((d) => d.code)).toEqual(['enum-semicolon-separator']);
    const [decl] = parsed.spec.declarations;
    expect(shape(decl)).toEqual({
      kind: 'enum',
      name: 'KeyMaterialClientCode',
      width: 1,
      max: 255,
      values: [
        { name: 'success', value: 0 },
        { name: 'keyMaterialExhausted', value: 1 },
        { name: 'vcardField', value: 8 },
        { name: 'big', value: 16 },
      ],
      open: false,
    });
    expect(decl?.kind === 'enum' && decl.values[3]?.provenance).toEqual(at(6, 5));
  });

  it('takes the width from the maximum', () => {
    const decls = clean(`
enum { reserved(0), mls10(1), (65535) } ProtocolVersion;
enum { a(0), (2^32-1) } Wide;
enum { optional(0), required(1), (255) } Optionality;`);
    expect(decls.map((d) => d.kind === 'enum' && [d.name, d.width, d.max])).toEqual([
      ['ProtocolVersion', 2, 65535],
      ['Wide', 4, 4294967295],
      ['Optionality', 1, 255],
    ]);
  });

  it('warns about a maximum that is not all ones, and uses the smallest width that fits', () => {
    const { spec, diagnostics } = parse('enum { a(0), b(1), (256) } Odd;');
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      "spec/test.tls:1:20: warning: enum 'Odd' declares maximum 256, which is not 255, 65535 or 4294967295; encoding it in 2 byte(s) [enum-max-not-power]\n  hint: write '(65535)'",
    ]);
    expect(spec.declarations[0]).toMatchObject({ kind: 'enum', width: 2, max: 256 });
  });

  it('reports a missing maximum', () => {
    const { spec, diagnostics } = parse('enum {\n  false(0),\n  true(1)\n} bool;\nuint8 Next;');
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      "spec/test.tls:4:1: error: enum 'bool' has no maximum value such as '(255)', so its wire width is unknown [enum-missing-max]\n  hint: add '(255)' as the last entry for a 1-byte enum, or '(65535)' for 2 bytes",
    ]);
    expect(spec.declarations.map((d) => d.name)).toEqual(['Next']);
  });

  it('reports values without a number and values above the maximum', () => {
    expect(messages('enum {\n  a(0),\n  b,\n  c(300),\n  (255)\n} E;')).toEqual([
      "spec/test.tls:3:3: error: enum value 'b' has no explicit value [enum-value-missing]\n  hint: write 'b(N)'",
      "spec/test.tls:4:3: error: enum value 'c(300)' exceeds the declared maximum 255 of enum 'E' [enum-value-out-of-range]",
    ]);
  });

  it('reports a missing separator between entries on separate lines, and parses on', () => {
    expect(messages('enum {\n  open(0)\n  fixed(1),\n  (255)\n} M;')).toEqual([
      "spec/test.tls:2:10: error: expected ',' or '}' after enum entry, found 'fixed' [missing-separator]\n  hint: add ',' after 'open(0)'",
    ]);
  });

  it('// @open or /* @open */ right above an enum makes it open', () => {
    const decls = clean(`
// @open
enum { a(0), (255) } OpenOne;

/* @open */
// See IANA registry
enum { a(0), (255) } OpenTwo;

enum { a(0), (255) } Closed;`);
    expect(decls.map((d) => d.kind === 'enum' && [d.name, d.open])).toEqual([
      ['OpenOne', true],
      ['OpenTwo', true],
      ['Closed', false],
    ]);
  });

  it('warns when @open is put above something that is not an enum', () => {
    expect(messages('// @open\nuint16 ExtensionType;')).toEqual([
      "spec/test.tls:2:1: warning: '@open' applies only to enum declarations; ignored here [pragma-ignored]",
    ]);
  });
});

describe('parseTls: provenance', () => {
  it('applies the last // source: comment to every declaration after it and to their nodes', () => {
    const decls = clean(`// source: draft-ietf-mls-protocol-20.md:1634 § 5.3. Credentials
// See IANA registry for registered values
uint16 CredentialType;

struct {
    CredentialType credential_type;
    select (Credential.credential_type) {
        case basic:
            opaque identity<V>;
    };
} Credential;

// source: rfc9420.md:2770
enum { reserved(0), (255) } NodeType;`);
    const draft = { draft: 'draft-ietf-mls-protocol', version: '20', draftLine: 1634, section: '5.3. Credentials' };
    expect(decls[0]?.provenance).toEqual({ ...at(3, 1), ...draft });
    const credential = decls[1];
    expect(credential?.provenance).toEqual({ ...at(5, 1), ...draft });
    const select = credential?.kind === 'struct' ? credential.members[1] : undefined;
    expect(select?.provenance).toEqual({ ...at(7, 5), ...draft });
    expect(select?.kind === 'select' && select.arms[0]?.provenance).toEqual({ ...at(8, 9), ...draft });
    expect(select?.kind === 'select' && select.arms[0]?.members[0]?.provenance).toEqual({ ...at(9, 13), ...draft });
    const nodeType = decls[2];
    expect(nodeType?.provenance).toEqual({ ...at(14, 1), draft: 'rfc9420', draftLine: 2770 });
    expect(nodeType?.kind === 'enum' && nodeType.values[0]?.provenance).toEqual({ ...at(14, 8), draft: 'rfc9420', draftLine: 2770 });
  });
});

describe('parseTls: enum separators', () => {
  it("reads ';' between enum values as ',', with one warning per enum whose fix replaces each of them", () => {
    const { spec, diagnostics } = parse('enum {\n    a(0);\n    b(1);\n    c(2),\n    (255)\n} E;\nenum { x(0), (255) } F;');
    expect(spec.declarations.map((d) => d.name)).toEqual(['E', 'F']);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      "spec/test.tls:2:9: warning: enum 'E' separates 2 values with ';': read as ',', the separator of RFC 8446 §3.5 [enum-semicolon-separator]\n  hint: write ',' between enum values",
    ]);
    expect(diagnostics[0]?.fix).toEqual({
      edits: [
        { line: 2, col: 9, length: 1, text: ',' },
        { line: 3, col: 9, length: 1, text: ',' },
      ],
      id: 'e-commas',
      reason: "enum values are separated by ',', not ';'",
    });
  });

  it("a missing ',' between values on separate lines is fixed by inserting one", () => {
    const { diagnostics } = parse('enum {\n    a(0)\n    b(1),\n    (255)\n} E;');
    expect(diagnostics.map((d) => [d.code, d.fix?.edits])).toEqual([['missing-separator', [{ line: 2, col: 9, length: 0, text: ',' }]]]);
  });
});

describe('parseTls: errors', () => {
  it('reports every error of a broken file and keeps the declarations that parsed', () => {
    const text = `struct {
  MLSMessage proposalOrCommit;
  select (proposalOrCommit.content.content_type) {
    case commit:
      optional<Welcome> welcome;
    case proposal:
      MLSMessage moreProposals<V>;
} HandshakeBundle;

struct {
  UpdateResponseCode responseCode;
} UpdateRoomResponse

struct {
  uint64 accepted_timestamp;
  string errorDescription
  uint8 tag[32];
} Valid;`;
    const { spec, diagnostics } = parse(text);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      "spec/test.tls:8:1: error: 'select' opened 5 lines above is not closed: this '}' is followed by 'HandshakeBundle' and ends the enclosing declaration [unclosed-brace]\n  hint: add '};' after the select's last case",
      "spec/test.tls:12:21: error: expected ';' after struct name 'UpdateRoomResponse', found 'struct' [missing-semicolon]\n  hint: add ';' after 'UpdateRoomResponse'",
      "spec/test.tls:16:26: error: expected ';' after field 'errorDescription', found 'uint8' [missing-semicolon]\n  hint: add ';' after 'errorDescription'",
    ]);
    // Each has a mechanical fix in the parsed text: the edits, and an erratum id and reason for it.
    expect(diagnostics.map((d) => d.fix)).toEqual([
      {
        edits: [{ line: 8, col: 1, length: 0, text: '  };\n' }],
        id: 'handshake-bundle-close-select',
        reason: "the select is never closed: '};' missing before '} HandshakeBundle;'",
      },
      { edits: [{ line: 12, col: 21, length: 0, text: ';' }], id: 'update-room-response-semicolon', reason: "missing ';' after the struct name" },
      { edits: [{ line: 16, col: 26, length: 0, text: ';' }], id: 'error-description-semicolon', reason: "missing ';' after the field" },
    ]);
    // A missing ';' is unambiguous, so those declarations are kept; the broken select is not.
    expect(shape(spec.declarations)).toEqual([
      { kind: 'struct', name: 'UpdateRoomResponse', members: [field('responseCode', named('UpdateResponseCode'))] },
      {
        kind: 'struct',
        name: 'Valid',
        members: [field('accepted_timestamp', u64), field('errorDescription', named('string')), field('tag', { kind: 'array', element: u8, byteLength: 32 })],
      },
    ]);
  });

  it('reports a struct that is never closed', () => {
    expect(messages('struct {\n  uint8 a;\n\nenum { x(0), (255) } E;')).toEqual([
      "spec/test.tls:4:1: error: 'struct' opened 3 lines above is not closed before 'enum' [unclosed-brace]\n  hint: add '} Name;' to close the struct",
    ]);
    expect(messages('struct {\n  uint8 a;\n')).toEqual([
      "spec/test.tls:3:1: error: 'struct' opened 2 lines above is not closed before end of input [unclosed-brace]\n  hint: add '} Name;' to close the struct",
    ]);
  });

  it('opaque<V> name: vector length on the type', () => {
    const { spec, diagnostics } = parse(`struct {
    MediaType media_type;
    opaque<V> inner_application_content;
} ApplicationFraming;
uint8 After;`);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      "spec/test.tls:3:11: error: vector length '<V>' is written on the type 'opaque'; TLS-PL writes it after the field name [vector-on-type]\n  hint: write 'opaque inner_application_content<V>'",
    ]);
    expect(spec.declarations.map((d) => d.name)).toEqual(['After']);
  });

  it('pseudo-code at top level', () => {
    const { spec, diagnostics } = parse(`struct {
    opaque server_frank[32];
} FrankingIntegrityTBS;

server_frank = HMAC_SHA256(hub_key, (franking_tag || context) )

franking_integrity_signature = SignWithLabel(franking_private_key,
    "FrankingIntegrityTBS", FrankingIntegrityTBS)
SafeSignWithLabel(SignatureKey, ComponentID, Label, Content) =
  SignWithLabel(SignatureKey, ComponentOperationLabel, Content)
ServerFrankingContext context;`);
    const hint = '\n  hint: move it out of the TLS-PL block, or turn it into a comment';
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      `spec/test.tls:5:1: error: 'server_frank = …' is not a TLS-PL declaration (it looks like pseudo-code) [not-a-declaration]${hint}`,
      `spec/test.tls:7:1: error: 'franking_integrity_signature = …' is not a TLS-PL declaration (it looks like pseudo-code) [not-a-declaration]${hint}`,
      `spec/test.tls:9:1: error: 'SafeSignWithLabel(…' is not a TLS-PL declaration (it looks like pseudo-code) [not-a-declaration]${hint}`,
    ]);
    expect(spec.declarations.map((d) => d.name)).toEqual(['FrankingIntegrityTBS', 'context']);
  });

  it('unterminated block comment', () => {
    expect(messages('uint8 A;\n/* no end\nuint8 B;')).toEqual([
      "spec/test.tls:2:1: error: unterminated block comment: '/*' has no matching '*/' [unterminated-comment]\n  hint: close the comment with '*/'",
    ]);
  });

  it("stray '*/' and other characters outside the language", () => {
    const { spec, diagnostics } = parse(`struct {
  /* when all claims in the claimset are satisfied, the claimset */
  */ is satisfied */
  Claim claimset<V>;
} PreAuthRoleEntry;
struct {
  opaque x<V> @;
} B;
uint8 C;`);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      "spec/test.tls:3:3: error: '*/' is not TLS-PL syntax (expected a type) [unknown-token]\n  hint: remove the stray '*/': no comment is open here",
      "spec/test.tls:7:15: error: '@' is not TLS-PL syntax (expected ';' after field 'x') [unknown-token]",
    ]);
    expect(spec.declarations.map((d) => d.name)).toEqual(['C']);
  });

  it('array sizes must be integers (except length_of_padding)', () => {
    expect(messages('struct {\n  opaque sample[KDF_Nh];\n} S;')).toEqual([
      "spec/test.tls:2:17: error: array size 'KDF_Nh' is not an integer [array-size-not-integer]\n  hint: write the size in bytes as a number, e.g. '[32]' ('length_of_padding' is the only name understood)",
    ]);
  });

  it('a missing field name, a missing struct name, a bad vector range', () => {
    expect(messages('struct {\n  uint8;\n  opaque v<10..2>;\n} S;\nstruct { uint8 a; };')).toEqual([
      "spec/test.tls:2:8: error: expected a field name after type 'uint8', found ';' [missing-field-name]",
      'spec/test.tls:3:12: error: vector minimum length 10 is greater than its maximum 2 [vector-range-invalid]',
      "spec/test.tls:5:20: error: expected a name after the struct's closing '}', found ';' [unexpected-token]\n  hint: write '} Name;'",
    ]);
  });

  it('never throws and always terminates, whatever prefix of a real block it is given', () => {
    const source = `${PROTOCOL_BLOCK}\n${ROOM_POLICY_BLOCK}`;
    for (let n = 0; n <= source.length; n += 7) {
      expect(() => parseTls(source.slice(0, n), FILE)).not.toThrow();
    }
  });
});

// Real blocks as extracted from the drafts (with the extractor's source comments).
const PROTOCOL_BLOCK = `// source: draft-ietf-mls-protocol-20.md:4267 § 12.4. Commit
enum {
  reserved(0),
  proposal(1),
  reference(2),
  (255)
} ProposalOrRefType;

struct {
  ProposalOrRefType type;
  select (ProposalOrRef.type) {
    case proposal:  Proposal proposal;
    case reference: ProposalRef reference;
  };
} ProposalOrRef;

struct {
    ProposalOrRef proposals<V>;
    optional<UpdatePath> path;
} Commit;

// source: draft-ietf-mls-protocol-20.md:4668 § 12.4.3.1. Joining via Welcome Message
struct {
  opaque path_secret<V>;
} PathSecret;

struct {
  opaque joiner_secret<V>;
  optional<PathSecret> path_secret;
  PreSharedKeyID psks<V>;
} GroupSecrets;

struct {
  KeyPackageRef new_member;
  HPKECiphertext encrypted_group_secrets;
} EncryptedGroupSecrets;

struct {
  CipherSuite cipher_suite;
  EncryptedGroupSecrets secrets<V>;
  opaque encrypted_group_info<V>;
} Welcome;
`;

const ROOM_POLICY_BLOCK = `// source: draft-ietf-mimi-room-policy-03.md:138 § 4.1. Roles
/* See MIMI Capability Types IANA registry */
uint16 CapabilityType;

struct {
   uint32 from_role_index;
   uint32 target_role_indexes<V>;
} SingleSourceRoleChangeTargets;

struct {
  uint32 role_index;
  opaque role_name<V>;
  opaque role_description<V>;
  CapabilityType role_capabilities<V>;
  uint32 minimum_participants_constraint;
  optional uint32 maximum_participants_constraint;
  uint32 minimum_active_participants_constraint;
  optional uint32 maximum_active_participants_constraint;
  SingleSourceRoleChangeTargets authorized_role_changes<V>;
} Role;

struct {
  Role roles<V>;
} RoleData;

RoleData roles_list;
RoleData RoleUpdate;
`;

const MIMI_PROTOCOL_BLOCK = `// source: draft-ietf-mimi-protocol-06.md:1405 § 5.5. Fanout Messages
struct {
  /* the hub acceptance time (in milliseconds from the UNIX epoch) */
  uint64 timestamp;
  select (protocol) {
    case mls10:
      /* A PrivateMessage containing an application message, */
      MLSMessage message;
      select (message.wire_format) {
        case application:
           optional Frank frank;
        case welcome:
           RatchetTreeOption ratchetTreeOption;
        case proposal:
           MLSMessage moreProposals<V>;
      };
  };
} FanoutMessage;
`;

describe('parseTls: real draft blocks', () => {
  it('parses the MLS protocol block', () => {
    const decls = clean(PROTOCOL_BLOCK);
    expect(decls.map((d) => `${d.kind} ${d.name}`)).toEqual([
      'enum ProposalOrRefType',
      'struct ProposalOrRef',
      'struct Commit',
      'struct PathSecret',
      'struct GroupSecrets',
      'struct EncryptedGroupSecrets',
      'struct Welcome',
    ]);
    expect(decls[3]?.provenance).toEqual({
      ...at(23, 1),
      draft: 'draft-ietf-mls-protocol',
      version: '20',
      draftLine: 4668,
      section: '12.4.3.1. Joining via Welcome Message',
    });
  });

  it('parses the room policy block', () => {
    const decls = clean(ROOM_POLICY_BLOCK);
    expect(decls.map((d) => (d.kind === 'alias' ? `${d.name}:${d.declares}` : d.name))).toEqual([
      'CapabilityType:type',
      'SingleSourceRoleChangeTargets',
      'Role',
      'RoleData',
      'roles_list:value',
      'RoleUpdate:type',
    ]);
  });

  it('parses the MIMI fanout message (nested selects on outside values)', () => {
    const [decl] = clean(MIMI_PROTOCOL_BLOCK);
    expect(shape(decl)).toEqual({
      kind: 'struct',
      name: 'FanoutMessage',
      members: [
        field('timestamp', u64),
        {
          kind: 'select',
          discriminator: { path: ['protocol'] },
          arms: [
            {
              cases: ['mls10'],
              isDefault: false,
              members: [
                field('message', named('MLSMessage')),
                {
                  kind: 'select',
                  discriminator: { path: ['message', 'wire_format'] },
                  arms: [
                    { cases: ['application'], isDefault: false, members: [field('frank', { kind: 'optional', element: named('Frank') })] },
                    { cases: ['welcome'], isDefault: false, members: [field('ratchetTreeOption', named('RatchetTreeOption'))] },
                    { cases: ['proposal'], isDefault: false, members: [field('moreProposals', varint(named('MLSMessage')))] },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
  });
});

describe('parseTls: nesting limit', () => {
  /** `struct { struct { … uint8 a; … } x1; } Deep;` with `levels` structs in all. */
  const nestedStructs = (levels: number): string =>
    `${'struct {\n'.repeat(levels)}uint8 a;\n${Array.from({ length: levels - 1 }, (_, i) => `} x${i};\n`).join('')}} Deep;\n`;

  it(`accepts ${TLS_MAX_NESTING} levels of structs, selects and optionals`, () => {
    expect(clean(nestedStructs(TLS_MAX_NESTING))).toHaveLength(1);
    const optionals = `struct { ${'optional<'.repeat(TLS_MAX_NESTING - 1)}uint8${'>'.repeat(TLS_MAX_NESTING - 1)} x; } O;`;
    expect(clean(optionals)).toHaveLength(1);
  });

  it('reports 2,000 nested inline structs as one located error, not a stack overflow', () => {
    const { spec, diagnostics } = parse(nestedStructs(2000));
    expect(spec.declarations).toEqual([]);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      `spec/test.tls:33:1: error: 'struct' opens nesting level 33; at most ${TLS_MAX_NESTING} levels are allowed [nesting-too-deep]\n  hint: give the inner struct or type a name of its own and use that name here`,
    ]);
  });

  it('reports 20,000 nested optional<…> and selects the same way, and parses what follows', () => {
    const optionals = `struct { ${'optional<'.repeat(20_000)}uint8${'>'.repeat(20_000)} x; } O;\nuint8 After;`;
    const r = parse(optionals);
    expect(r.diagnostics.map((d) => [d.code, d.line, d.col])).toEqual([['nesting-too-deep', 1, 10 + 9 * (TLS_MAX_NESTING - 1)]]);
    expect(r.spec.declarations.map((d) => d.name)).toEqual(['After']);
    const selects = `struct {\n  uint8 t;\n${'  select (t) { case 1:\n'.repeat(5000)}  uint8 x;\n${'  };\n'.repeat(5000)}} S;\n`;
    expect(parse(selects).diagnostics.map((d) => [d.code, d.line])).toEqual([['nesting-too-deep', 2 + TLS_MAX_NESTING]]);
  });

  it('takes its limit from the options', () => {
    expect(parseTls(nestedStructs(3), FILE, undefined, { maxNesting: 2 }).diagnostics.map((d) => d.code)).toEqual(['nesting-too-deep']);
  });
});

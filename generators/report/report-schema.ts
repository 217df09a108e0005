/**
 * The JSON Schema (draft 2020-12) of the Report that `mimi spec diff --format json` and
 * `mimi spec lint --format json` print, written with TypeBox so that the compiler checks it against
 * model.ts (the `_SameAsModel` assertion below fails to compile when the two differ).
 *
 * generators/report/report.schema.json is this schema as JSON, for CI users to validate reports
 * against; test/diff/report-schema.test.ts fails when it is out of date and regenerates it with
 * `npx vitest run test/diff/report-schema.test.ts -u`.
 *
 * Objects are closed (`additionalProperties: false`): a report with a property the schema does not
 * know is from another version of mimikit, whose schema is the one to use.
 */
import Type, { type Static } from 'typebox';
import type { Report } from './model.ts';

const Level = Type.Union([Type.Literal('ERR'), Type.Literal('WARN'), Type.Literal('INFO')], {
  description: 'ERR: breaking. WARN: cannot tell (depends on how peers use it). INFO: compatible.',
});

const Category = Type.Union([Type.Literal('WIRE'), Type.Literal('SOURCE'), Type.Literal('LINT'), Type.Literal('PROSE')], {
  description:
    'WIRE: the bytes on the wire or their meaning change. SOURCE: only the generated TypeScript API changes. LINT: a finding of `mimi spec lint`. PROSE: the text of a draft section that hand-written code implements changed.',
});

const Domain = Type.Union(
  [Type.Literal('tls'), Type.Literal('cddl'), Type.Literal('openapi'), Type.Literal('errata'), Type.Literal('examples'), Type.Literal('prose')],
  {
    description: 'What kind of definition the finding is about.',
  },
);

const Direction = Type.Union([Type.Literal('request'), Type.Literal('response'), Type.Literal('unknown')], {
  description: 'Which way the changed value travels, where it matters.',
});

const SourceLocation = Type.Object(
  {
    file: Type.String({ description: 'File as the user named it or as the extractor recorded it.' }),
    line: Type.Integer({ minimum: 0 }),
    col: Type.Optional(Type.Integer({ minimum: 0 })),
    draft: Type.Optional(Type.String({ description: 'Draft file name, e.g. `draft-ietf-mimi-protocol-05.md`.' })),
    section: Type.Optional(Type.String({ description: 'Draft section, e.g. `5.2. Claim keying material`.' })),
    draftLine: Type.Optional(Type.Integer({ minimum: 0, description: 'Line in the draft markdown.' })),
  },
  { additionalProperties: false, description: 'A place in one version of the spec.' },
);

const CodeLocation = Type.Object(
  {
    file: Type.String({ description: 'Repository-relative source file.' }),
    line: Type.Integer({ minimum: 0 }),
    col: Type.Integer({ minimum: 0 }),
    symbol: Type.Optional(Type.String({ description: 'The function, class or constant the `@spec` tag documents.' })),
  },
  { additionalProperties: false, description: 'Where hand-written code says (`@spec` tag) it implements a draft section.' },
);

const SuggestedErratum = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' }),
    draft: Type.String({ description: 'Draft name without version.' }),
    version: Type.String({ description: 'Two-digit draft version.' }),
    line: Type.Integer({ minimum: 1, description: 'Draft line where `original` starts.' }),
    original: Type.String({ description: 'The draft text to replace.' }),
    replacement: Type.String(),
    reason: Type.String(),
    file: Type.Optional(Type.String({ description: 'A CDDL file the draft includes, as the include spells it: `line` is then a line of that file.' })),
  },
  { additionalProperties: false, description: 'LINT findings with a mechanical fix in a draft: the erratum that makes it, for spec/errata/<draft>-<NN>.json.' },
);

const Finding = Type.Object(
  {
    rule: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', description: 'Rule id (`mimi spec checks` lists them).' }),
    domain: Domain,
    subject: Type.String({ description: 'What changed, as a stable path: `KeyPackage.leaf_node`, `POST /v1/keyMaterial/{targetUser}`.' }),
    message: Type.String(),
    direction: Type.Optional(Direction),
    old: Type.Optional(SourceLocation),
    new: Type.Optional(SourceLocation),
    oldText: Type.Optional(Type.String({ description: 'The whole definition in the old version.' })),
    newText: Type.Optional(Type.String({ description: 'The whole definition in the new version.' })),
    causes: Type.Optional(Type.Array(Type.String(), { description: 'Subjects of the findings that caused this one.' })),
    implementedBy: Type.Optional(Type.Array(CodeLocation, { description: 'PROSE findings: the code that implements the changed section.' })),
    suggestedErratum: Type.Optional(SuggestedErratum),
    category: Category,
    level: Level,
    fingerprint: Type.String({ pattern: '^[0-9a-f]{12}$', description: 'Stable across commits; list it in the config to suppress the finding.' }),
    suppressed: Type.Boolean(),
  },
  { additionalProperties: false },
);

const SideInfo = Type.Object(
  {
    label: Type.String({ description: 'What the user passed: a path, `git:<ref>`, …' }),
    kind: Type.Union([Type.Literal('draft'), Type.Literal('spec-dir'), Type.Literal('spec-file'), Type.Literal('openapi'), Type.Literal('git')]),
    draft: Type.Optional(Type.String()),
    version: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

const Count = Type.Integer({ minimum: 0 });

const Summary = Type.Object(
  { ERR: Count, WARN: Count, INFO: Count, suppressed: Count },
  { additionalProperties: false, description: 'Unsuppressed findings per level, and the suppressed ones.' },
);

export const ReportSchema = Type.Object(
  {
    tool: Type.Union([Type.Literal('mimi spec diff'), Type.Literal('mimi spec lint')]),
    reportVersion: Type.Literal(1),
    sides: Type.Array(SideInfo, { minItems: 1, maxItems: 2, description: 'diff: [old, new]; lint: [target].' }),
    findings: Type.Array(Finding),
    summary: Summary,
  },
  {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'mimikit spec report',
    description: 'The output of `mimi spec diff --format json` and `mimi spec lint --format json`.',
    additionalProperties: false,
  },
);

/** The schema as published in report.schema.json, `$schema`, `title` and `description` first. */
export function reportSchemaJson(): string {
  const { $schema, title, description, ...rest } = ReportSchema as unknown as Record<string, unknown>;
  return `${JSON.stringify({ $schema, title, description, ...rest }, null, 2)}\n`;
}

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const _SameAsModel: Equal<Static<typeof ReportSchema>, Report> = true;
void _SameAsModel;

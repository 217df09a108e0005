/**
 * One version of the definitions, whatever it was loaded from (a draft's markdown, a spec
 * directory, an OpenAPI file, a git ref): what the differs compare and the linter checks.
 * Loaded by load-side.ts.
 */
import type { Diagnostic } from '../common/diagnostics.ts';
import type { CddlSpec } from '../cddl/ir.ts';
import type { TlsPackage } from '../tls/model.ts';
import type { SideInfo, SourceLocation } from '../report/model.ts';

export interface OpenApiSide {
  /** As the report shows it (path given by the user, or `git:<ref>:spec/openapi/x.yaml`). */
  file: string;
  text: string;
  /** Parsed, not dereferenced: `$ref`s are followed with `resolveRef` (generators/lint/openapi-lint.ts). */
  doc: unknown;
}

export interface SpecSet {
  info: SideInfo;
  /**
   * Compiled TLS packages of this version. A draft gives one package (its own declarations) whose
   * imports are the repository's built-in packages it depends on, so RFC 9420 names resolve; a spec
   * directory gives every package of its tls/packages.json. Compare `ownDeclarations` of each;
   * resolve other names through `symbols`.
   */
  tls: TlsPackage[];
  /** CDDL specs of this version (one per .cddl file), rules in file order. */
  cddl: CddlSpec[];
  openapi: OpenApiSide | null;
  /**
   * Definitions this version writes but that did not parse (a syntax error the parser could not
   * recover inside them), by name, with where they start. A differ must not call such a name
   * added or removed: the other version's definition cannot be compared with it.
   */
  unparsed?: Map<string, SourceLocation>;
  /** A draft side's markdown, for the prose watch (prose-watch.ts); absent for spec files and directories. */
  markdown?: string;
  /** Parse and compile diagnostics met while loading (a diff still runs over what parsed). */
  diagnostics: Diagnostic[];
}

/**
 * The checks of a loaded version's definitions that parsing does not make (CDDL rules defined twice
 * or used undefined, duplicate TLS fields, …), per domain: what `mimi spec lint <version>` adds to
 * the load diagnostics, and what `mimi spec diff` counts in its `side-has-errors` note, so that a
 * diff never calls a version clean that lint calls broken.
 */
import type { Diagnostic } from '../common/diagnostics.ts';
import type { SpecSet } from '../diff/spec-set.ts';
import type { Domain } from '../report/model.ts';
import { lintCddl } from './cddl-lint.ts';
import { lintTlsPackages, type TlsLintOptions } from './tls-checks.ts';

export function definitionChecks(side: SpecSet, options: TlsLintOptions = {}): Array<[Domain, Diagnostic[]]> {
  return [
    ['tls', lintTlsPackages(side.tls, options)],
    ['cddl', lintCddl(side.cddl)],
  ];
}

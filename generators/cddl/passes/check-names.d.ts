/**
 * Pass over the lowered rules of a content package: every name can be written into generated code
 * as it is (rules in generators/common/generated-names.ts). A rule name is a key of the package's
 * `codecs` registry and of each file's `defs`, and becomes declarations through tsName
 * (`KeyId`, `KeyIdSchema`, `readKeyId`, …); array member labels, the member that tells variants
 * apart and enumeration member names become property keys. Problems are reported at the rule
 * (`invalid-identifier`, `reserved-name`, `name-collision`); nothing is renamed.
 */
import { type Diagnostic } from '../../common/diagnostics.ts';
import type { LoweredSpec } from './lower.ts';
export declare function checkContentNames(specs: readonly LoweredSpec[]): Diagnostic[];
//# sourceMappingURL=check-names.d.ts.map
import { type DiffConfig } from './config.ts';
import { type Finding, type RawFinding } from './model.ts';
export declare function fingerprint(f: Pick<RawFinding, 'rule' | 'subject' | 'message'>): string;
export declare function finalize(raw: readonly RawFinding[], config?: DiffConfig): Finding[];
export declare function sortFindings(findings: Finding[]): Finding[];
//# sourceMappingURL=finalize.d.ts.map
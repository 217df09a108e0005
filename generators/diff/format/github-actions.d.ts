/**
 * GitHub Actions workflow commands, one line per finding, which GitHub shows as annotations on the
 * file and line (and in the run summary):
 *
 * ```
 * ::error file=drafts/draft-ietf-mimi-protocol.md,line=830,col=1,title=tls-struct-field-inserted::KeyMaterialRequest: Field …
 * ```
 *
 * ERR → `::error`, WARN → `::warning`, INFO → `::notice`; a suppressed finding is a `::notice`
 * whose title says so. The position is the new one, or the old one for something removed; the
 * spec file's (`file`, as the user named it), not the draft's, since annotations need a path in the
 * repository. Escaping follows @actions/core: `%`, CR and LF in the message; also `:` and `,` in
 * properties.
 */
import type { Report } from '../model.ts';
export declare function formatGithubActions(report: Report): string;
export declare function escapeData(s: string): string;
export declare function escapeProperty(s: string): string;
//# sourceMappingURL=github-actions.d.ts.map
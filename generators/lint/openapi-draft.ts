/**
 * The draft the OpenAPI transport description is checked against by default: the version of
 * draft-ietf-mimi-protocol that spec/drafts/drafts.json tracks. Read from the manifest, not
 * written down, so that after `mimi spec update` to the next version lint checks the OpenAPI
 * description against that version.
 */
import { posix } from 'node:path';
import type { Diagnostic } from '../common/diagnostics.ts';
import { MANIFEST, parseDraftFileName, readManifest } from '../extract/manifest.ts';

/** The draft (name without version) whose wire formats spec/openapi describes. */
export const OPENAPI_DRAFT_NAME = 'draft-ietf-mimi-protocol';

/** How help texts name the default of `--draft`. */
export const OPENAPI_DRAFT_DEFAULT = `the ${OPENAPI_DRAFT_NAME} version listed in ${MANIFEST}`;

/**
 * The repo-relative path of the tracked draft-ietf-mimi-protocol, or a diagnostic at the manifest
 * when it lists none (or more than one, or cannot be read).
 */
export function trackedOpenapiDraft(root: string): { draft: string } | { diagnostic: Diagnostic } {
  const { entries, diagnostics } = readManifest(root);
  const found = entries.filter((e) => parseDraftFileName(e.file)?.name === OPENAPI_DRAFT_NAME);
  const only = found[0];
  if (found.length === 1 && only) return { draft: posix.join(posix.dirname(MANIFEST), only.file) };
  const unreadable = diagnostics.find((d) => d.severity === 'error');
  const message =
    found.length === 0
      ? `${MANIFEST} tracks no ${OPENAPI_DRAFT_NAME}, the draft the OpenAPI description is checked against${unreadable ? ` (${unreadable.message})` : ''}`
      : `${MANIFEST} tracks ${found.length} versions of ${OPENAPI_DRAFT_NAME} (${found.map((e) => e.file).join(', ')}); the OpenAPI description is checked against one`;
  return {
    diagnostic: {
      file: MANIFEST,
      line: (found.length === 0 ? undefined : found[1]?.line) ?? 1,
      col: 1,
      severity: 'error',
      code: 'no-openapi-draft',
      message,
      hint: `list one version of ${OPENAPI_DRAFT_NAME} in ${MANIFEST} (mimi spec add / mimi spec update), or name the draft with --draft <file>`,
    },
  };
}

/**
 * Which draft, and which version, a file handed to `mimi spec update` / `mimi spec add` is: from
 * its file name (`draft-ietf-mimi-content-07.md`), else from the `docname:` of its front matter
 * (an editor's copy: `draft-ietf-mimi-content.md` or `draft.md`, docname `…-latest` or `…-07`),
 * else from a file name that is a draft name without a number. A copy without a number gets
 * `--version`, else the version after the one tracked (update), else 00 (add).
 */
import { basename } from 'node:path';
import { parseDraftFileName } from '../extract/manifest.ts';
import { declaredDraft } from '../extract/sections.ts';

/** The input names no draft, or a version that cannot be: the command cannot run (exit 2). */
export class UpdateInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpdateInputError';
  }
}

export interface DraftIdentity {
  name: string;
  /** Two digits. */
  version: string;
  /** Where the version came from, for the summary. */
  versionFrom: 'file name' | 'front matter' | '--version' | 'next after the tracked version' | 'first version';
}

const VERSION = /^\d{2}$/;
const DRAFT_NAME = /^draft-[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * `tracked(name)`: the version spec/drafts/drafts.json lists for that draft, if any (update: the
 * next version follows it).
 */
export function identifyDraft(file: string, markdown: string, flagVersion: string | undefined, tracked: (name: string) => string | undefined): DraftIdentity {
  if (flagVersion !== undefined && !VERSION.test(flagVersion)) throw new UpdateInputError(`--version ${flagVersion}: expected two digits, like 07`);
  const fromName = parseDraftFileName(basename(file));
  if (fromName && !DRAFT_NAME.test(fromName.name))
    throw new UpdateInputError(`${basename(file)}: a draft name is lower-case letters, digits and dashes, starting with draft-`);
  if (fromName) {
    if (flagVersion !== undefined && flagVersion !== fromName.version) {
      throw new UpdateInputError(`${basename(file)} is version ${fromName.version}, but --version says ${flagVersion}: rename the file or drop --version`);
    }
    return { name: fromName.name, version: fromName.version, versionFrom: 'file name' };
  }
  const stem = basename(file).replace(/\.md$/, '');
  const declared = declaredDraft(markdown);
  const name = declared?.name ?? (DRAFT_NAME.test(stem) ? stem : undefined);
  if (name === undefined) {
    throw new UpdateInputError(
      `${file}: cannot tell which draft this is: name the file draft-<name>-NN.md, or give it a "docname: draft-<name>-NN" front matter line`,
    );
  }
  if (flagVersion !== undefined) return { name, version: flagVersion, versionFrom: '--version' };
  if (declared?.version !== undefined) return { name, version: declared.version, versionFrom: 'front matter' };
  const current = tracked(name);
  if (current === undefined) return { name, version: '00', versionFrom: 'first version' };
  const next = Number(current) + 1;
  if (next > 99) throw new UpdateInputError(`${name}-${current} is the last two-digit version: give --version`);
  return { name, version: String(next).padStart(2, '0'), versionFrom: 'next after the tracked version' };
}

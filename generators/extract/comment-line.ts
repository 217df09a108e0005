/**
 * The provenance comments the extractor writes into .tls (`// source: …`) and .cddl
 * (`; source: …`) files. Their text comes from the draft (section titles), the file system (file
 * names) and the errata files; a line break in it would end the comment and make the rest of the
 * line TLS-PL or CDDL, which `npm run generate` then turns into code. So every comment line goes
 * through lineCommentText, and a draft file name that needs it is reported (section titles cannot:
 * the markdown scanner reads a heading from one line).
 */
import { basename } from 'node:path';
import type { Diagnostic } from '../common/diagnostics.ts';
import { hasLineBreak, lineCommentText } from '../common/generated-text.ts';

/** `// text` or `; text`, with any line break in `text` written as its escape. */
export function commentLine(marker: '//' | ';', text: string): string {
  return `${marker} ${lineCommentText(text)}`;
}

/** A warning when the draft's file name, which every provenance line repeats, holds a line break. */
export function fileNameDiagnostics(draftFile: string): Diagnostic[] {
  if (!hasLineBreak(basename(draftFile))) return [];
  return [
    {
      file: draftFile,
      line: 1,
      col: 1,
      severity: 'warning',
      code: 'line-break-in-file-name',
      message: 'the file name holds a line break; provenance comments write it escaped (\\n)',
      hint: 'rename the file',
    },
  ];
}

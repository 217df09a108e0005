/**
 * Splits a shell block of the docs into the commands a reader would type one at a time: one per
 * line, except that a line ending in `\` continues on the next, and a here-document (`<<'EOF'`)
 * runs to its terminator. Blank lines and lines that are only a `#` comment are no commands.
 */

export interface DocCommand {
  /** The command as written (continuations and here-documents included). */
  text: string;
  /** 0-based line of the command's first line within its block. */
  line: number;
}

const HEREDOC = /<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1/;

export function docCommands(block: string): DocCommand[] {
  const lines = block.split('\n');
  const commands: DocCommand[] = [];
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i]!;
    if (first.trim() === '' || first.trimStart().startsWith('#')) continue;
    const start = i;
    const parts = [first];
    while (parts.at(-1)!.endsWith('\\') && i + 1 < lines.length) parts.push(lines[++i]!);
    const heredoc = HEREDOC.exec(parts.join('\n'));
    if (heredoc) {
      const terminator = heredoc[2]!;
      while (i + 1 < lines.length && lines[i]!.trim() !== terminator) parts.push(lines[++i]!);
    }
    commands.push({ text: parts.join('\n'), line: start });
  }
  return commands;
}

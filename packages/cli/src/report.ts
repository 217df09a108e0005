/** Printing diagnostics the same way in every command. */
import { formatDiagnostic, type Diagnostic } from '@mimikit/generators';

export function printDiagnostics(diagnostics: readonly Diagnostic[], stream: NodeJS.WritableStream = process.stderr): void {
  for (const d of diagnostics) stream.write(`${formatDiagnostic(d)}\n`);
}

/** The action of `mimi pki init` (registered in commands/pki.ts). */
import { X509Certificate } from 'node:crypto';
import { createLocalPki, type LocalPki, PkiError, writeLocalPki, type WrittenFile } from '@mimikit/provider/pki';
import { UsageError } from '../exit-codes.ts';

export interface PkiInitFlags {
  domains: string;
  out: string;
  days: string;
  force?: boolean;
}

export async function init(flags: PkiInitFlags): Promise<void> {
  // A PkiError (a bad domain or number of days, a file that exists) reaches main() and exits 2.
  const pki = await createLocalPki({ domains: flags.domains.split(','), validityDays: days(flags.days) });
  const written = write(flags, pki);
  const notAfter = new Date(new X509Certificate(pki.ca.cert).validTo).toISOString();
  const count = pki.providers.length;
  process.stdout.write(`wrote a CA and ${count} provider certificate${count === 1 ? '' : 's'}, valid until ${notAfter}:\n`);
  for (const file of written) process.stdout.write(`  ${file.path}  ${describe(file)}\n`);
}

function write(flags: PkiInitFlags, pki: LocalPki): WrittenFile[] {
  try {
    return writeLocalPki(flags.out, pki, { force: flags.force ?? false });
  } catch (err) {
    if (err instanceof PkiError && err.code === 'file-exists')
      throw new UsageError(`${err.file} exists already; nothing was written (--force replaces the files)`);
    throw err;
  }
}

/** `--days` as a whole number; its range is the PKI's to check. */
function days(text: string): number {
  if (!/^[0-9]+$/.test(text)) throw new UsageError(`--days takes a whole number of days, got ${JSON.stringify(text)}`);
  return Number(text);
}

function describe(file: WrittenFile): string {
  const mode = `mode ${file.mode.toString(8).padStart(4, '0')}`;
  if (file.contents === 'ca') return `CA certificate (${mode})`;
  if (file.contents === 'ca key') return `CA private key (${mode})`;
  return `${file.domain} ${file.contents === 'key' ? 'private key' : 'certificate'} (${mode})`;
}

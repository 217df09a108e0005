import type { Command } from 'commander';
import type { PkiInitFlags } from '../pki/init.ts';

/**
 * `mimi pki …`: a local PKI for providers on one machine (demos, tests). Only the command is
 * registered here; its action loads the implementation (pki/init.ts, @mimikit/provider/pki) when it runs.
 */
export function registerPkiCommands(program: Command): void {
  const pki = program.command('pki').description('make a local certificate authority and provider certificates for demos and tests');

  pki
    .command('init')
    .description('a CA (ca.pem, ca.key.pem) and one certificate per provider domain (<domain>.pem, <domain>.key.pem), EC P-256; keys mode 0600')
    .requiredOption('--domains <list>', 'provider domains, comma-separated, in lowercase A-label form: a.example,b.example,c.example')
    .requiredOption('--out <dir>', 'the folder to write to (made, mode 0700, if missing)')
    .option('--days <n>', 'days of validity of the CA and every certificate (1 to 3650)', '365')
    .option('--force', 'replace files that exist (without it, an existing file is refused and nothing is written)')
    .action(async (flags: PkiInitFlags) => (await import('../pki/init.ts')).init(flags));
}

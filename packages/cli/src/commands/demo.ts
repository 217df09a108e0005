import { type Command, Option } from 'commander';

/**
 * `mimi demo [--html <file>] [--keep] [--store sqlite|postgres]`: three providers on loopback play
 * the protocol draft's example flow (docs/provider.md). Only the command is registered here.
 */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      "start a.example, b.example and c.example on loopback and play draft-ietf-mimi-protocol-06's example flow, end-to-end encrypted; exit 1 if the clients disagree at the end",
    )
    .option(
      '--html <file>',
      'also write one self-contained page: a sequence diagram of the exchanges (each opens on its decoded body) and the chats side by side',
    )
    .option('--keep', 'leave the providers running afterwards (Ctrl-C stops them)')
    .addOption(
      new Option(
        '--store <store>',
        'where the providers keep their state: sqlite (a file each) or postgres (a database each on a throwaway PostgreSQL cluster, and the hub as two nodes behind a balancer)',
      )
        .choices(['sqlite', 'postgres'])
        .default('sqlite'),
    )
    .action(async (flags: { html?: string; keep?: boolean; store: 'sqlite' | 'postgres' }) => (await import('../demo/run.ts')).demo(flags));
}

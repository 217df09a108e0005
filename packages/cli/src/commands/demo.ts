import type { Command } from 'commander';

/**
 * `mimi demo [--keep]`: three providers on loopback play the protocol draft's
 * example flow (docs/provider.md). Only the command is registered here.
 */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      "start a.example, b.example and c.example on loopback and play draft-ietf-mimi-protocol-06's example flow, end-to-end encrypted; exit 1 if the clients disagree at the end",
    )
    .option('--keep', 'leave the providers running afterwards (Ctrl-C stops them)')
    .action(async (flags: { keep?: boolean }) => (await import('../demo/run.ts')).demo(flags));
}

import type { Command } from 'commander';

/**
 * `mimi provider start --config <file>`: runs one MIMI provider (docs/provider.md);
 * `mimi provider dead-letters --config <file> [--requeue <id>]`: the messages its peers refused for
 * good; `mimi provider migrate --config <file>`: brings its store's schema up to date. Only the
 * commands are registered here; the provider loads when one runs.
 */
export function registerProviderCommands(program: Command): void {
  const provider = program.command('provider').description('run a MIMI provider (hub and follower) from a configuration file');
  provider
    .command('start')
    .description('serve the MIMI endpoints (HTTPS, mutual TLS) and the client API until SIGINT or SIGTERM; logs are JSON lines on stdout')
    .requiredOption('--config <file>', 'the provider configuration (JSON, docs/provider.md)')
    .action(async (flags: { config: string }) => (await import('../provider/start.ts')).start(flags));
  provider
    .command('dead-letters')
    .description('list the FanoutMessages peers refused for good (one JSON object per line), or re-queue one with --requeue')
    .requiredOption('--config <file>', 'the provider configuration (JSON, docs/provider.md): its store file is read')
    .option('--requeue <id>', 'put this dead letter back at the end of its destination queue')
    .option('--bodies', 'include each FanoutMessage (base64url) in the listing')
    .action(async (flags: { config: string; requeue?: string; bodies?: boolean }) => (await import('../provider/dead-letters.ts')).deadLetters(flags));
  provider
    .command('migrate')
    .description("bring the configured store's schema up to date (SQLite file or PostgreSQL database) and print the versions")
    .requiredOption('--config <file>', 'the provider configuration (JSON, docs/provider.md): its store is migrated')
    .action(async (flags: { config: string }) => (await import('../provider/migrate.ts')).migrate(flags));
}

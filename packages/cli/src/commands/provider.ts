import type { Command } from 'commander';

/**
 * `mimi provider start --config <file>`: runs one MIMI provider (docs/provider.md). Only the
 * command is registered here; the provider loads when it runs.
 */
export function registerProviderCommands(program: Command): void {
  const provider = program.command('provider').description('run a MIMI provider (hub and follower) from a configuration file');
  provider
    .command('start')
    .description('serve the MIMI endpoints (HTTPS, mutual TLS) and the client API until SIGINT or SIGTERM; logs are JSON lines on stdout')
    .requiredOption('--config <file>', 'the provider configuration (JSON, docs/provider.md)')
    .action(async (flags: { config: string }) => (await import('../provider/start.ts')).start(flags));
}

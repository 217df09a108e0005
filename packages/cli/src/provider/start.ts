/**
 * `mimi provider start`: loads and validates the configuration (a ConfigError is a usage error,
 * exit 2, naming the file and the JSON pointer), starts the provider and stops it gracefully on
 * SIGINT or SIGTERM (in-flight requests finish, the store is closed).
 */
import { startProvider } from '@mimikit/provider';
import { loadProviderConfig } from './load-config.ts';

export async function start(flags: { config: string }): Promise<void> {
  const config = loadProviderConfig(flags.config);
  const provider = await startProvider({ config });
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      provider.close().then(resolve, (err: unknown) => {
        provider.log.error({ err }, 'shutdown failed');
        process.exitCode = 1;
        resolve();
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

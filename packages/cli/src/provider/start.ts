/**
 * `mimi provider start`: loads and validates the configuration (a ConfigError is a usage error,
 * exit 2, naming the file and the JSON pointer), starts the provider and stops it gracefully on
 * SIGINT or SIGTERM (in-flight requests finish, the store is closed).
 */
import { ConfigError, loadConfig, startProvider } from '@mimikit/provider';
import { UsageError } from '../exit-codes.ts';

export async function start(flags: { config: string }): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(flags.config);
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
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

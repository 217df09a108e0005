/** The provider configuration for a `mimi provider` command: a ConfigError is a usage error (exit 2) naming the file and JSON pointer. */
import { ConfigError, loadConfig, type ProviderConfig } from '@mimikit/provider';
import { UsageError } from '../exit-codes.ts';

export function loadProviderConfig(file: string): ProviderConfig {
  try {
    return loadConfig(file);
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
}

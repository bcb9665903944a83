/** Builds the platform configuration from the store flags a command received. */
import { resolveConfig, type PlatformConfig } from '../app/config.js';

export function configFromStoreFlags(values: { 'data-dir'?: string | undefined; 'database-url'?: string | undefined }): PlatformConfig {
  return resolveConfig({
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
    ...(values['database-url'] ? { databaseUrl: values['database-url'] } : {}),
    demo: false,
  });
}

/** Opens the configured store and brings its schema up to date. */
import { migrate } from '../store/migrate.js';
import { openPglite } from '../store/pglite-client.js';
import { openPostgres } from '../store/postgres-client.js';
import type { SqlClient } from '../store/sql-client.js';
import type { StoreConfig } from './config.js';

export async function openStore(config: StoreConfig): Promise<SqlClient> {
  const db =
    config.kind === 'embedded'
      ? await openPglite(config.dataDir, config.threadNice ?? 0)
      : await openPostgres({ connectionString: config.url, ...(config.schema ? { schema: config.schema } : {}) });
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}

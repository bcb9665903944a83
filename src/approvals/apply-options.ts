/**
 * How a change guarded by maker-checker is applied by the registry that owns it: the maker is
 * recorded beside the checker, and the approval's bookkeeping runs in the change's own
 * transaction, so a change is applied and marked approved together or not at all.
 */
import type { SqlExecutor } from '../store/sql-client.js';

export interface ApplyOptions {
  /** Who proposed the change (the actor applying it is the approver). */
  proposedBy?: string;
  /** Runs inside the change's transaction, with what the change produced. */
  within?: (tx: SqlExecutor, result: Record<string, unknown>) => Promise<void>;
}

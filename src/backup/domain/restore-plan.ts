/**
 * How a backup's tables map onto the target's schema (by table and column name, each value cast to
 * the target column's type), and in which order tables are written so that a referenced table's
 * rows come before the rows that reference them.
 */
import { FengkongError } from '../../shared/errors.js';
import type { BackupColumn, BackupTable } from './backup-header.js';

/** A table of the store as its catalog describes it. */
export interface CatalogTable {
  name: string;
  /** Columns a row is written to, in table order (generated columns excluded). */
  columns: BackupColumn[];
  /** Generated columns: computed by the store, never written. */
  generated: string[];
}

export interface TablePlan {
  table: string;
  /** The backup's columns, in the backup's value order, typed as the target declares them. */
  columns: BackupColumn[];
}

/** One plan per backup table; BACKUP_INCOMPATIBLE naming the first table or column the target lacks. */
export function planRestore(backup: readonly BackupTable[], target: readonly CatalogTable[]): TablePlan[] {
  const byName = new Map(target.map((t) => [t.name, t]));
  return backup.map((b) => {
    const t = byName.get(b.name);
    if (!t) throw new FengkongError('BACKUP_INCOMPATIBLE', { note: `table ${b.name} does not exist in the target`, details: { table: b.name } });
    const types = new Map(t.columns.map((c) => [c.name, c.type]));
    const columns = b.columns.map((c) => {
      const type = types.get(c.name);
      if (type === undefined) {
        const why = t.generated.includes(c.name) ? 'is generated in the target' : 'does not exist in the target';
        throw new FengkongError('BACKUP_INCOMPATIBLE', { note: `column ${b.name}.${c.name} ${why}`, details: { table: b.name, column: c.name } });
      }
      return { name: c.name, type };
    });
    return { table: b.name, columns };
  });
}

/**
 * Tables ordered so that each comes after the tables it references (foreign keys); otherwise by
 * name. Tables in a reference cycle keep name order: their constraints must be deferrable.
 */
export function dependencyOrder(tables: readonly string[], references: ReadonlyArray<{ from: string; to: string }>): string[] {
  const names = [...tables].sort();
  const needs = new Map(names.map((n) => [n, new Set<string>()]));
  for (const r of references) if (r.from !== r.to && needs.has(r.from) && needs.has(r.to)) needs.get(r.from)!.add(r.to);
  const out: string[] = [];
  const placed = new Set<string>();
  while (out.length < names.length) {
    const ready = names.filter((n) => !placed.has(n) && [...needs.get(n)!].every((d) => placed.has(d)));
    // A cycle: nothing is ready; take the remaining tables in name order.
    const next = ready.length > 0 ? ready : names.filter((n) => !placed.has(n));
    for (const n of next) {
      out.push(n);
      placed.add(n);
    }
  }
  return out;
}

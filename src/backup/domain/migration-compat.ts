/**
 * Whether a backup's schema fits this version's: its migrations must be ones this code knows
 * (same id, same name), and the migrations it lacks must only add structure — a migration that
 * changes existing rows would not be replayed over restored rows, so such a backup is refused.
 * Also: which tables the migrations themselves fill (seed rows), which restore replaces.
 */
import { FengkongError } from '../../shared/errors.js';
import type { Migration } from '../../store/migrations/migration.js';

export interface MigrationRef {
  id: number;
  name: string;
}

function statements(sql: string): string[] {
  return sql
    .replace(/--.*$/gm, '')
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

const CREATED = /^CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([a-z_][a-z0-9_]*)/i;
const SEED = /^INSERT\s+INTO\s+([a-z_][a-z0-9_]*)\b[^;]*?\bVALUES\b/i;

/** Tables a migration creates and fills with constant rows in the same migration. */
function seedsOf(m: Migration): Set<string> {
  const all = statements(m.up);
  const created = new Set(all.map((s) => CREATED.exec(s)?.[1]).filter((t): t is string => !!t));
  const seeded = new Set<string>();
  for (const s of all) {
    const t = SEED.exec(s)?.[1];
    if (t && created.has(t) && !/\bSELECT\b/i.test(s)) seeded.add(t);
  }
  return seeded;
}

/**
 * A statement that changes rows already there: UPDATE, DELETE, TRUNCATE, MERGE, an INSERT that is
 * not a seed of a table created alongside, or a column type change (which converts the rows).
 */
export function changesExistingRows(m: Migration): boolean {
  const seeds = seedsOf(m);
  return statements(m.up).some((s) => {
    if (/^(UPDATE|DELETE|TRUNCATE|MERGE)\b/i.test(s)) return true;
    if (/^INSERT\b/i.test(s)) return !seeds.has(SEED.exec(s)?.[1] ?? '') || /\bSELECT\b/i.test(s);
    return /^ALTER\s+TABLE\b[\s\S]*\bALTER\s+(?:COLUMN\s+)?[a-z_][a-z0-9_]*\s+(?:SET\s+DATA\s+)?TYPE\b/i.test(s);
  });
}

/** Tables the migrations fill with seed rows: a migrated store holds those rows before any use. */
export function seededTables(migrations: readonly Migration[]): Set<string> {
  const out = new Set<string>();
  for (const m of migrations) for (const t of seedsOf(m)) out.add(t);
  return out;
}

/**
 * Checks a backup's migrations against this code's; returns the migrations the backup lacks
 * (applied here after it was taken). BACKUP_TOO_NEW for an unknown migration, BACKUP_INCOMPATIBLE
 * for a differing one or a lacking one that changes existing rows.
 */
export function checkMigrations(backup: readonly MigrationRef[], known: readonly Migration[]): Migration[] {
  const byId = new Map(known.map((m) => [m.id, m]));
  const unknown = backup.filter((b) => !byId.has(b.id));
  if (unknown.length > 0) throw new FengkongError('BACKUP_TOO_NEW', { note: `unknown migrations ${unknown.map((m) => `${m.id} ${m.name}`).join(', ')}`, details: { unknownMigrations: unknown.map((m) => m.id) } });
  const differing = backup.filter((b) => byId.get(b.id)!.name !== b.name);
  if (differing.length > 0) throw new FengkongError('BACKUP_INCOMPATIBLE', { note: `migrations differ from this version's: ${differing.map((m) => `${m.id} ${m.name}`).join(', ')}` });
  const have = new Set(backup.map((b) => b.id));
  const lacking = known.filter((m) => !have.has(m.id));
  const rewriting = lacking.filter(changesExistingRows);
  if (rewriting.length > 0) {
    throw new FengkongError('BACKUP_INCOMPATIBLE', {
      note: `migration ${rewriting.map((m) => `${m.id} ${m.name}`).join(', ')} changes existing rows: restore with the fengkong version that made the backup, then upgrade`,
    });
  }
  return lacking;
}

/**
 * The header of a backup file: what it holds (tables, columns, row counts, sequences), where it
 * comes from (fengkong version, applied migrations, the audit chain's head) and the SHA-256 of its
 * content. The header hashes itself too, and its hash covers the body's, so editing either —
 * a row, a count, a column name — is found before anything is restored.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../pii/seal-record.js';
import { FengkongError } from '../../shared/errors.js';

export const BACKUP_FORMAT = 'fengkong-backup';
export const BACKUP_FORMAT_VERSION = 1;

/**
 * Session settings under which every value is written as PostgreSQL text and read back: with them
 * pinned, text output → text input is exact for every type (dates, intervals, floats, bytea).
 */
export const VALUE_SETTINGS: Readonly<Record<string, string>> = {
  DateStyle: 'ISO, YMD',
  IntervalStyle: 'postgres',
  TimeZone: 'UTC',
  extra_float_digits: '3',
  bytea_output: 'hex',
};

export interface BackupColumn {
  name: string;
  /** As `format_type` prints it in the source, e.g. `timestamp with time zone`, `text[]`. */
  type: string;
}

export interface BackupTable {
  name: string;
  /** In the order of each row's values; generated columns are left out (the target computes them). */
  columns: BackupColumn[];
  rows: number;
}

export interface BackupSequence {
  name: string;
  /** bigint as text: sequences may pass 2^53. */
  value: string;
  isCalled: boolean;
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  fengkongVersion: string;
  /** The snapshot's time, by the store's clock. */
  createdAt: string;
  /** The store the backup was taken from. */
  source: 'postgres' | 'pglite';
  /** The migrations applied to the source, in order. */
  migrations: Array<{ id: number; name: string }>;
  valueSettings: Record<string, string>;
  /** In the order their rows follow in the body (referenced tables first). */
  tables: BackupTable[];
  sequences: BackupSequence[];
  /** The last audit entry in the snapshot: the restored chain must end there. */
  auditHead: { seq: number; hash: string } | null;
  /** The body after the header line: its length and SHA-256 (hex). */
  content: { bytes: number; sha256: string };
  /** SHA-256 (hex) of this header's canonical JSON without this field. */
  sha256: string;
}

export type UnsealedHeader = Omit<BackupHeader, 'sha256'>;

function digest(header: UnsealedHeader): string {
  return createHash('sha256').update(canonicalJson(header)).digest('hex');
}

/** The header with its own hash. */
export function sealHeader(header: UnsealedHeader): BackupHeader {
  return { ...header, sha256: digest(header) };
}

function invalid(note: string): FengkongError {
  return new FengkongError('BACKUP_INVALID', { note });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses and checks the first line of a backup; BACKUP_INVALID when it is not an intact fengkong header. */
export function parseHeader(line: string): BackupHeader {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw invalid('the first line is not a fengkong backup header');
  }
  if (!isObject(parsed) || parsed.format !== BACKUP_FORMAT) throw invalid('not a fengkong backup');
  if (typeof parsed.formatVersion !== 'number' || parsed.formatVersion > BACKUP_FORMAT_VERSION) {
    throw new FengkongError('BACKUP_TOO_NEW', { note: `backup format ${String(parsed.formatVersion)}, this version reads up to ${BACKUP_FORMAT_VERSION}` });
  }
  const { sha256, ...rest } = parsed;
  if (typeof sha256 !== 'string' || sha256 !== digest(rest as UnsealedHeader)) throw invalid('the header was edited (its hash does not match)');
  const h = parsed as unknown as BackupHeader;
  const wellFormed =
    Array.isArray(h.migrations) &&
    h.migrations.every((m) => Number.isInteger(m?.id) && typeof m.name === 'string') &&
    Array.isArray(h.tables) &&
    h.tables.every((t) => typeof t?.name === 'string' && Number.isInteger(t.rows) && Array.isArray(t.columns) && t.columns.every((c) => typeof c?.name === 'string' && typeof c.type === 'string')) &&
    Array.isArray(h.sequences) &&
    isObject(h.content) &&
    Number.isInteger(h.content.bytes) &&
    typeof h.content.sha256 === 'string' &&
    isObject(h.valueSettings);
  if (!wellFormed) throw invalid('the header is incomplete');
  return h;
}

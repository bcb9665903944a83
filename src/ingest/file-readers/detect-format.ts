/** Guesses a file's format from its extension. */
import { extname } from 'node:path';
import type { FileFormat } from './read-item.js';

const BY_EXTENSION: Readonly<Record<string, FileFormat>> = {
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'jsonl',
  '.csv': 'csv',
  '.tsv': 'csv',
  '.parquet': 'parquet',
};

/**
 * The format a file's extension names, case-insensitively; JSON Lines when it names none we know,
 * since that is the platform's native form.
 *
 * @example
 * detectFormat('/data/cards.CSV'); // 'csv'
 */
export function detectFormat(path: string): FileFormat {
  return BY_EXTENSION[extname(path).toLowerCase()] ?? 'jsonl';
}

/** Tab-separated files are read by the CSV reader with a tab delimiter. */
export function isTabSeparated(path: string): boolean {
  return extname(path).toLowerCase() === '.tsv';
}

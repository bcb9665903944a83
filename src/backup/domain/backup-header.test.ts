/** The header hashes itself: any edit, or a format this version cannot read, is refused. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BACKUP_FORMAT, type BackupHeader, parseHeader, sealHeader, VALUE_SETTINGS } from './backup-header.js';

const header = sealHeader({
  format: BACKUP_FORMAT,
  formatVersion: 1,
  fengkongVersion: '0.1.0',
  createdAt: '2026-11-20T02:15:00.000000Z',
  source: 'pglite',
  migrations: [{ id: 1, name: 'ingest' }],
  valueSettings: { ...VALUE_SETTINGS },
  tables: [{ name: 'events', columns: [{ name: 'id', type: 'text' }], rows: 2 }],
  sequences: [],
  auditHead: { seq: 3, hash: 'abc' },
  content: { bytes: 10, sha256: 'f'.repeat(64) },
});

test('a sealed header parses back whatever its key order', () => {
  const reordered = Object.fromEntries(Object.entries(header).reverse());
  assert.deepEqual(parseHeader(JSON.stringify(reordered)), header);
});

test('edits, other files and newer formats are refused', () => {
  const cases: Array<[string, string, string]> = [
    ['a row count', JSON.stringify({ ...header, tables: [{ ...header.tables[0], rows: 1 }] }), 'BACKUP_INVALID'],
    ['the body hash', JSON.stringify({ ...header, content: { bytes: 10, sha256: '0'.repeat(64) } }), 'BACKUP_INVALID'],
    ['no hash', JSON.stringify({ ...header, sha256: undefined }), 'BACKUP_INVALID'],
    ['not JSON', 'PK\u0003\u0004', 'BACKUP_INVALID'],
    ['another format', JSON.stringify({ format: 'pg_dump' }), 'BACKUP_INVALID'],
    ['a newer format', JSON.stringify(sealHeader({ ...(header as Omit<BackupHeader, 'sha256'>), formatVersion: 2 })), 'BACKUP_TOO_NEW'],
  ];
  for (const [name, line, code] of cases) assert.throws(() => parseHeader(line), (e: { code: string }) => e.code === code, name);
});

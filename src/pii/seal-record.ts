/** Splits a validated record into its C1 part (stored as is) and its C2 part (sealed by the vault). */
import { piiFieldsOf, type NormalisedRecord } from '../ingest/domain/validate-record.js';
import type { PiiVault, SealedValue } from './pii-vault.js';

export interface SealedRecord {
  data: Record<string, unknown>;
  pii: Record<string, SealedValue>;
}

export function sealRecord(vault: PiiVault, record: NormalisedRecord): SealedRecord {
  const fields = piiFieldsOf(record.type);
  if (fields.length === 0) return { data: record.data, pii: {} };
  const data = { ...record.data };
  const pii: Record<string, SealedValue> = {};
  for (const [name, kind] of fields) {
    const value = data[name];
    if (value === undefined || value === null) continue;
    pii[name] = vault.seal(kind, value);
    delete data[name];
  }
  return { data, pii };
}

/** The record as shown to people and logs: C1 as stored, every C2 field masked. */
export function maskedView(data: Record<string, unknown>, pii: Record<string, { m: string }>): Record<string, unknown> {
  const out = { ...data };
  for (const [name, sealed] of Object.entries(pii)) out[name] = sealed.m;
  return out;
}

/** JSON with object keys sorted, so equal content gives equal text whatever the input order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

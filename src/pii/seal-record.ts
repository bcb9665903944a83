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
  const pii: Record<string, SealedValue> = {};
  let sealed = 0;
  for (const [name, kind] of fields) {
    const value = record.data[name];
    if (value === undefined || value === null) continue;
    pii[name] = vault.seal(kind, value);
    sealed++;
  }
  if (sealed === 0) return { data: record.data, pii };
  // Copy without the sealed fields rather than `delete` them: deleting turns the object into a
  // slow dictionary for everything that reads it afterwards.
  const data: Record<string, unknown> = {};
  for (const k in record.data) if (!(k in pii)) data[k] = record.data[k];
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

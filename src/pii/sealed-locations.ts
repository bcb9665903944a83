/**
 * Every place in the store where vault-sealed values rest — what key rotation re-encrypts. A new
 * table or column that holds `vault.encrypt(…)` output or a `{field: {c, h, m}}` object is one
 * more line here. Each table is keyed by a text column `id`. A location whose table or column
 * does not exist in the store (yet) is skipped.
 */
import { ENTITY_TABLES } from '../ingest/ingest-repository.js';

export interface SealedLocation {
  table: string;
  column: string;
  /** `fields`: jsonb `{field: {c, h, m}}` (ingested records); `text`: the sealed text itself. */
  shape: 'fields' | 'text';
}

export const SEALED_LOCATIONS: readonly SealedLocation[] = [
  { table: 'events', column: 'pii', shape: 'fields' },
  ...Object.values(ENTITY_TABLES).map((table): SealedLocation => ({ table, column: 'pii', shape: 'fields' })),
  // The TOTP secret of each user (identity/sign-in.ts seals it).
  { table: 'users', column: 'totp_secret', shape: 'text' },
  // What a complaining customer said and what they were told (complaints/complaint-intake.ts, complaint-work.ts).
  { table: 'complaints', column: 'description', shape: 'text' },
  { table: 'complaints', column: 'response_text', shape: 'text' },
  { table: 'complaints', column: 'feedback_text', shape: 'text' },
  // The signing secret of each webhook subscription (notifications/webhooks.ts).
  { table: 'webhook_subscriptions', column: 'secret', shape: 'text' },
];

/** `table.column`, as progress and status name a location. */
export function locationName(loc: SealedLocation): string {
  return `${loc.table}.${loc.column}`;
}

/*
 * Not here, on purpose:
 * - Keyed hashes (`h`, customers.*_hash, list entries, content_hash) and the audit chain use the
 *   index key, which is never rotated.
 * - The decision journal (`<dataDir>/journal/*.jsonl`, embedded store) holds sealed events only
 *   until they are committed, milliseconds later; what it still holds at a rotation lands in the
 *   tables under the old key and the next pass re-encrypts it there.
 * - The journal's dead-letter file keeps refused entries, sealed under whatever key was active:
 *   old keys are never removed, so they stay readable.
 */

/**
 * A strategy pack on disk: `features.yaml` (velocity features), `lists.yaml` (list names, kinds
 * and their precedence) and `strategies/<decision point>.yaml`. The default pack ships in
 * `packs/default/`; FENGKONG_PACK_DIR points at another.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { FengkongError } from '../shared/errors.js';
import type { Bilingual } from '../shared/i18n.js';
import { DECISION_POINT_NAMES, type DecisionPoint } from './domain/decision-points.js';
import type { ListKind } from './domain/strategy.js';
import { EventSchemas } from '../ingest/domain/record-schemas.js';

/** packs/default, from src/decisions (tsx) and dist/decisions (built) alike. */
export const DEFAULT_PACK_DIR = fileURLToPath(new URL('../../packs/default/', import.meta.url));

export interface ListDeclaration {
  name: string;
  kind: ListKind;
  description: Bilingual;
}

export interface Pack {
  dir: string;
  featuresText: string;
  lists: ListDeclaration[];
  precedence: ListKind[];
  strategies: Map<DecisionPoint, string>;
}

export function loadPack(dir: string = DEFAULT_PACK_DIR): Pack {
  const read = (file: string) => {
    const path = join(dir, file);
    if (!existsSync(path)) throw new FengkongError('CONFIG_INVALID', { note: `strategy pack file missing: ${path}` });
    return readFileSync(path, 'utf8');
  };
  const listsDoc = parseYaml(read('lists.yaml')) as { precedence?: ListKind[]; lists?: ListDeclaration[] };
  const strategies = new Map<DecisionPoint, string>();
  for (const point of DECISION_POINT_NAMES) strategies.set(point, read(join('strategies', `${point}.yaml`)));
  return {
    dir,
    featuresText: read('features.yaml'),
    lists: listsDoc.lists ?? [],
    precedence: listsDoc.precedence ?? ['block', 'allow', 'watch'],
    strategies,
  };
}

/**
 * The features a decision point may read: every feature whose entity key the point's events carry,
 * whatever events feed it (a payment reads the customer's failed logins).
 */
export function featuresReadableBy(features: ReadonlyArray<{ name: string; key: string }>, eventTypes: readonly string[]): string[] {
  const carried = new Set<string>();
  for (const t of eventTypes) {
    const schema = (EventSchemas as Record<string, { properties: Record<string, unknown> }>)[t];
    if (schema) for (const k of Object.keys(schema.properties)) carried.add(k);
  }
  return features.filter((f) => carried.has(f.key.split('.')[0]!)).map((f) => f.name);
}

/**
 * Data for backup and restore tests: a store used the way production uses it (records with
 * personal data, decisions, an alert, a published strategy, a list entry, a user, an API key — so
 * audit entries too), a probe table with every column type that must survive a round trip, and
 * every table's rows in a comparable form.
 */
import type { Platform } from '../app/platform.js';
import type { AuditActor } from '../audit/audit-log.js';
import { SYSTEM_ACTOR } from '../audit/audit-log.js';
import { VALUE_SETTINGS } from '../backup/domain/backup-header.js';
import { seededTables } from '../backup/domain/migration-compat.js';
import { MIGRATIONS } from '../store/migrations/index.js';
import type { SqlClient } from '../store/sql-client.js';
import { TEST_PASSWORD } from './identity.js';
import { recordsWithPii } from './key-files.js';
import { nextId, payment } from './records.js';

const TESTER: AuditActor = { type: 'user', id: 'tester' };

/** A registration strategy that checks a personal-data list (phone): shared by tests. */
export const PHONE_LIST_REGISTRATION = `
decisionPoint: registration
description: { zh: 注册, en: Registration }
thresholds: { review: 300, block: 700 }
lists:
  - { list: block_customers, kind: block, keys: [phone] }
rules:
  - { id: NOTHING, when: "false", action: score, score: 1, reason: NOTHING, description: { zh: 无, en: none } }
`;

/** What was loaded, to read back after a restore. */
export interface LoadedData {
  customerId: string;
  eventId: string;
}

/** Ingests, decides, publishes, lists and adds people, as the platform's own services do. */
export async function loadRealData(p: Platform, tag: string): Promise<LoadedData> {
  const records = recordsWithPii(3, tag);
  await p.ingest.ingest(records, { source: 'crm' });
  const engine = await p.decisions(); // the default pack becomes version 1: audit entries
  const customerId = nextId('cust-burst');
  const at = (i: number) => new Date(Date.parse('2026-11-20T10:00:00+08:00') + i * 20_000).toISOString();
  let last;
  for (let i = 0; i < 7; i++) last = await engine.service.decide(payment({ customerId, amount: 300, merchantId: 'mch-5816-001', occurredAt: at(i) }), 'test');
  await engine.strategies.publish('registration', PHONE_LIST_REGISTRATION, TESTER);
  await engine.lists.add({ list: 'block_customers', keyField: 'phone', value: '+86 139-1234-5678', reason: 'fraud ring' }, TESTER);
  const user = await p.identity.users.create({ username: `analyst-${tag}`, roles: ['strategy_analyst', 'viewer'], password: TEST_PASSWORD }, SYSTEM_ACTOR, { mustChangePassword: false });
  await p.db.query('UPDATE users SET totp_secret = $2, totp_enabled = true WHERE id = $1', [user.id, p.vault.encrypt('JBSWY3DPEHPK3PXP')]);
  await p.identity.apiKeys.create({ name: 'gateway', scopes: ['decisions'] }, SYSTEM_ACTOR);
  await engine.settled();
  return { customerId: String(records[0]!.id), eventId: last!.eventId };
}

/** A table as a later migration might add it: every column type, an identity, a generated column, a sequence. */
export const PROBE_DDL = `
CREATE TABLE backup_probe (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  big bigint, num numeric, f8 double precision, f4 real, flag boolean, tags text[], blob bytea,
  doc jsonb, js json, at timestamptz, ts timestamp, day date, span interval, uid uuid, ch char(3),
  txt text, ints integer[],
  shout text GENERATED ALWAYS AS (upper(txt)) STORED
);
CREATE SEQUENCE backup_probe_counter;`;

export async function fillProbe(db: SqlClient): Promise<void> {
  await db.query(
    `INSERT INTO backup_probe (big, num, f8, f4, flag, tags, blob, doc, js, at, ts, day, span, uid, ch, txt, ints) VALUES
     (9007199254740993, 12345678901234567890.123456789012345678, 0.1, 1.17549435e-38, true, $1, '\\x00ff0a27', $2, $3,
      '2026-11-20 10:15:00.123456+08', '2026-11-20 10:15:00.5', '2026-02-28', '1 year 2 mons 3 days 04:05:06.789',
      'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'CNY', $4, '{1,NULL,-3}'),
     (NULL, 'NaN', 'NaN', '-Infinity', false, '{}', '', 'null', '[]', 'infinity', NULL, '-infinity', NULL, NULL, NULL, '', NULL),
     (-9223372036854775808, -0.000000000000000000001, '-0', 'Infinity', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`,
    [['a"b', null, 'c,d', '{x}', '', 'NULL', '\\'], JSON.stringify({ k: [1, 'x', null], 中文: '值', big: 12345678901234567890 }), '{ "kept":  "as written" }', "it's \\ \n\ttab 中文 🚀 \u2028"],
  );
  for (let i = 0; i < 3; i++) await db.query("SELECT nextval('backup_probe_counter')");
}

/**
 * Every table's rows (all columns, generated ones included) as sorted record text — each value in
 * its exact PostgreSQL text form, under fixed settings, so two stores compare equal exactly when
 * their values are (json whitespace, -0, jsonb null against NULL included); the migrations' own
 * table left out.
 */
export async function tableRows(db: SqlClient): Promise<Map<string, string[]>> {
  return db.transaction(async (tx) => {
    for (const [name, value] of Object.entries(VALUE_SETTINGS)) await tx.query('SELECT set_config($1, $2, true)', [name, value]);
    const tables = await tx.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname <> 'schema_migrations' ORDER BY 1`,
    );
    const out = new Map<string, string[]>();
    for (const { name } of tables.rows) {
      const order = name === 'audit_log' ? 't.seq' : '1';
      const r = await tx.query<{ r: string }>(`SELECT t::text AS r FROM "${name}" t ORDER BY ${order}`);
      out.set(name, r.rows.map((x) => x.r));
    }
    return out;
  });
}

/** Tables holding rows (the migrations' seeds excepted): none in a store fit for a restore. */
export async function tablesWithRows(db: SqlClient): Promise<string[]> {
  const rows = await tableRows(db);
  const seeded = seededTables(MIGRATIONS);
  return [...rows].filter(([name, r]) => r.length > 0 && !seeded.has(name)).map(([name]) => name);
}

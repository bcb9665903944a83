import { openPlatform } from './src/app/platform.js';
import { resolveConfig } from './src/app/config.js';
import { demoRecords } from './src/demo/demo-records.js';
import { decisionPointOf } from './src/decisions/domain/decision-points.js';
import { newKeyFileText } from './src/pii/keyring.js';
import { rmSync } from 'node:fs';
rmSync('/tmp/pgl/p', { recursive: true, force: true });
const cfg = resolveConfig({ dataDir: '/tmp/pgl/p', demo: false }, { ...process.env, FENGKONG_PII_KEYS: newKeyFileText() });
const p = await openPlatform(cfg, { env: { ...process.env, FENGKONG_PII_KEYS: newKeyFileText() } });
const eng = await p.decisions();
let n = 0; const now = Date.now();
const recs = [];
for (const { file, record } of demoRecords({ customers: 2000, days: 3, seed: 3 })) {
  if (file === 'events' && decisionPointOf(String(record.type))) recs.push(record);
  if (recs.length >= 4000) break;
}
const t0 = performance.now();
await Promise.all(Array.from({ length: Number(process.env.CONC ?? 64) }, async () => { while (n < recs.length) { const r = recs[n++]; await eng.service.decide(r, 'api'); } }));
console.log('decisions/s', (recs.length / ((performance.now() - t0) / 1000)).toFixed(0));
for (const q of ['select avg(pg_column_size(e.*))::int e_row, avg(pg_column_size(data))::int data, avg(pg_column_size(pii))::int pii from events e',
  'select avg(pg_column_size(d.*))::int d_row, avg(pg_column_size(trace))::int trace, avg(pg_column_size(reasons))::int reasons, avg(length(trace::text))::int trace_text, avg(length((trace->\'input\')::text))::int input, avg(length((trace->\'features\')::text))::int feats, avg(length((trace->\'rules\')::text))::int rules from decisions d']) {
  console.log((await p.db.query(q)).rows);
}
console.log((await p.db.query(`select trace from decisions limit 1`)).rows[0]);
console.log((await p.db.query(`select indexrelid::regclass from pg_index where indrelid in ('events'::regclass,'decisions'::regclass)`)).rows);
await p.close();

// Validation alone: µs per record of `validateRecord` over the decision events of a generated
// population, seven passes (the first warms up). Build first (`npm run build`); prints one JSON line.
import { demoRecords } from '../dist/demo/demo-records.js';
import { decisionPointOf } from '../dist/decisions/domain/decision-points.js';
import { validateRecord } from '../dist/ingest/domain/validate-record.js';

const raws = [];
for (const { file, record } of demoRecords({ customers: 30_000, days: 2, seed: 7 })) if (file === 'events' && decisionPointOf(String(record.type))) raws.push(record);
const passes = [];
for (let r = 0; r < 7; r++) {
  const t = performance.now();
  for (const raw of raws) if (!validateRecord(raw, { now: Number.MAX_SAFE_INTEGER, maxFutureSkewMs: 0 }).ok) throw new Error('a generated event was refused');
  passes.push(Math.round(((performance.now() - t) * 1000 * 100) / raws.length) / 100);
}
console.log(JSON.stringify({ bench: 'validate', records: raws.length, usPerRecord: passes, minUs: Math.min(...passes.slice(1)) }));

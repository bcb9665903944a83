// Runs every *.test.ts under src/ and console/e2e/ (browser tests of the built console) with Node's own test runner (tsx compiles on the fly).
// Node 20 has no glob support in `node --test`, so the file list is built here.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) find(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const filter = process.argv.slice(2);
const files = [...find('src'), ...find('console/e2e')].filter((f) => filter.length === 0 || filter.some((s) => f.includes(s))).sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
// Every log line of the run (tests and the servers they start) lands here, then is scanned.
const captureDir = mkdtempSync(join(tmpdir(), 'fengkong-logs-'));
const env = { ...process.env, FENGKONG_LOG_LEVEL: process.env.FENGKONG_LOG_LEVEL ?? 'silent', FENGKONG_LOG_CAPTURE_FILE: join(captureDir, 'run.ndjson') };
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files], { stdio: 'inherit', env });
let status = r.status ?? 1;
if (filter.length === 0) {
  // Judged only over the whole suite: a filtered run may legitimately log too little.
  const check = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', 'src/ops/log-capture.check.ts'], { stdio: 'inherit', env });
  if (status === 0) status = check.status ?? 1;
}
rmSync(captureDir, { recursive: true, force: true });
process.exit(status);

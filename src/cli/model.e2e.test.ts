/**
 * `fengkong model …` as a modeller runs it: train on a file without any store (held-out metrics in
 * JSON, manual breaks honoured in the report), register a draft in a store, and the stability of
 * the stored model between two samples. Needs `npm run build`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { newKeyFileText } from '../pii/keyring.js';

const BIN = join(process.cwd(), 'bin', 'fengkong.js');
const GERMAN = process.env.FENGKONG_GERMANCREDIT ?? '/work/shared/data/germancredit.csv';
const dir = mkdtempSync(join(tmpdir(), 'fk-model-cli-'));
const env = { ...process.env, FENGKONG_PII_KEYS: newKeyFileText() };
after(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('model train on a file prints held-out AUC and KS; manual breaks are the bins in the report', () => {
  const report = join(dir, 'report.html');
  const r = run(['model', 'train', '--data', GERMAN, '--target', 'creditability', '--bad', 'bad', '--breaks', 'duration_in_month=8,16,34,44', '--report', report, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { auc: number; ks: number; test: { rows: number }; variables: string[] };
  assert.ok(out.auc > 0.7 && out.auc < 0.9, `AUC ${out.auc}`);
  assert.ok(out.ks > 0.3, `KS ${out.ks}`);
  assert.equal(out.test.rows, 300);
  const html = readFileSync(report, 'utf8');
  assert.ok(out.variables.includes('duration_in_month'), 'duration is among the selected variables');
  assert.match(html, /\[16,\s*34\)/, 'the manual cut points are the bins');
  assert.equal(run(['model', 'train', '--data', GERMAN, '--target', 'creditability', '--bad', 'bad', '--breaks', 'oops']).status, 64, 'a malformed --breaks is a usage error');
  const missing = run(['model', 'train', '--data', GERMAN, '--target', 'no_such_column', '--bad', 'bad']);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /no_such_column/);
});

test('register a draft, then the PSI of its score and variables between two samples', () => {
  const data = join(dir, 'data');
  const reg = run(['model', 'train', '--data', GERMAN, '--target', 'creditability', '--bad', 'bad', '--register', 'german_card', '--data-dir', data, '--json']);
  assert.equal(reg.status, 0, reg.stderr);
  const { id, status } = JSON.parse(reg.stdout) as { id: string; status: string };
  assert.equal(status, 'draft');
  const lines = readFileSync(GERMAN, 'utf8').trim().split('\n');
  const [head, ...rows] = lines;
  writeFileSync(join(dir, 'a.csv'), [head, ...rows.filter((_, i) => i % 2 === 0)].join('\n'));
  // The second sample: only the longest loans, a deliberate shift in duration.
  const durationAt = head!.split(',').indexOf('duration_in_month');
  writeFileSync(join(dir, 'b.csv'), [head, ...rows.filter((r) => Number(r.split(',')[durationAt]) >= 24)].join('\n'));
  const same = run(['model', 'psi', id, '--expected', join(dir, 'a.csv'), '--actual', join(dir, 'a.csv'), '--target', 'creditability', '--data-dir', data, '--json']);
  assert.equal(same.status, 0, same.stderr);
  assert.equal((JSON.parse(same.stdout) as { psi: number }).psi, 0);
  const shifted = run(['model', 'psi', id, '--expected', join(dir, 'a.csv'), '--actual', join(dir, 'b.csv'), '--target', 'creditability', '--data-dir', data, '--json']);
  assert.equal(shifted.status, 0, shifted.stderr);
  const p = JSON.parse(shifted.stdout) as { psi: number; variables: Array<{ name: string; psi: number }> };
  assert.ok(p.psi > 0.1, `score PSI ${p.psi}`);
  const duration = p.variables.find((v) => v.name === 'duration_in_month');
  assert.ok(duration && duration.psi > 0.25, `duration PSI ${duration?.psi}`);
});

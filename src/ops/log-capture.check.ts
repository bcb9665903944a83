/**
 * Run after the whole test suite by scripts/run-tests.mjs: every log line any test or spawned
 * server wrote (FENGKONG_LOG_CAPTURE_FILE) must hold no password, token, API key, TOTP secret,
 * national ID, card number or phone. Not a *.test.ts file: it judges the run, it is not part of it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { OTHER_TEST_PASSWORDS, TEST_PASSWORD } from '../test-support/identity.js';
import { scanText } from './log-scan.js';

test('no secret or personal data in any log line of the test run', () => {
  const file = process.env.FENGKONG_LOG_CAPTURE_FILE;
  assert.ok(file, 'FENGKONG_LOG_CAPTURE_FILE is set by the test runner');
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n').filter(Boolean);
  // A capture that saw nothing proves nothing: the suite signs in, fails sign-ins and serves requests.
  assert.ok(lines.length >= 200, `only ${lines.length} log lines captured`);
  assert.ok(lines.some((l) => l.includes('"msg":"request"')), 'request lines were captured');
  const findings = scanText(text, [TEST_PASSWORD, ...OTHER_TEST_PASSWORDS]);
  const summary = findings.slice(0, 20).map((f) => `line ${f.line} col ${f.column}: ${f.kind} — ${(lines[f.line - 1] ?? '').slice(0, 160).replace(/\d{6,}/g, '<digits>')}`);
  assert.deepEqual(summary, [], `${findings.length} findings in ${lines.length} lines`);
});

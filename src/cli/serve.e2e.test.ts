/**
 * The real server process, as `npx fengkong serve` starts it: answers /healthz within 15 s on a new
 * data dir, flushes on graceful shutdown, and keeps every acknowledged event through `kill -9`.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { newKeyFileText } from '../pii/keyring.js';
import { payment } from '../test-support/records.js';
import { openPglite } from '../store/pglite-client.js';
import { tempDir } from '../test-support/stores.js';
import { freePort } from '../shared/free-port.js';
import { totpCode } from '../identity/domain/totp.js';
import { OTHER_TEST_PASSWORDS, sessionCookie } from '../test-support/identity.js';

const BIN = join(process.cwd(), 'bin', 'fengkong.js');

/**
 * Eight clients send (each `send` answers the id the server acknowledged, or null) until the
 * server is killed with SIGKILL after `ms`; the ids acknowledged before it died.
 */
async function loadUntilKilled(child: ChildProcess, ms: number, send: (worker: number) => Promise<string | null>): Promise<string[]> {
  const acknowledged: string[] = [];
  let stop = false;
  const workers = Array.from({ length: 8 }, async (_, w) => {
    while (!stop) {
      try {
        const id = await send(w);
        if (id !== null) acknowledged.push(id);
      } catch {
        return; // the server is gone
      }
    }
  });
  await new Promise((r) => setTimeout(r, ms));
  child.kill('SIGKILL');
  stop = true;
  await Promise.all(workers);
  await exited(child);
  assert.ok(acknowledged.length > 50, `load was running (${acknowledged.length} acknowledged)`);
  return acknowledged;
}

/** `fengkong apikey create` on the stopped server's store: the key, printed once as JSON. */
function createApiKey(dataDir: string, env: NodeJS.ProcessEnv): Record<string, string> {
  const r = spawnSync(process.execPath, [BIN, 'apikey', 'create', '--scope', 'decisions', '--scope', 'ingest', '--data-dir', dataDir, '--json'], { env: { ...process.env, ...env }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const { key } = JSON.parse(r.stdout) as { key: string };
  assert.match(key, /^fk_[0-9a-f]{16}_/);
  return { 'x-api-key': key };
}

function startServer(dataDir: string, port: number, env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  let out = '';
  const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--data-dir', dataDir], {
    env: { ...process.env, FENGKONG_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  return { child, output: () => out };
}

async function waitHealthy(port: number, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) return Date.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no /healthz within ${timeoutMs} ms`);
}

function exited(child: ChildProcess): Promise<number | null> {
  // A process killed by a signal has no exit code, only a signal code.
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
}

describe('fengkong serve (real process)', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  after(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  test('answers /healthz within 15 s on a new data dir, loads the demo, stops cleanly', { timeout: 120_000 }, async () => {
    const dataDir = tempDir('serve');
    dirs.push(dataDir);
    const port = await freePort();
    const { child, output } = startServer(dataDir, port, { FENGKONG_DEMO_CUSTOMERS: '40', FENGKONG_DEMO_DAYS: '5' });
    children.push(child);
    const ms = await waitHealthy(port, 15_000);
    assert.ok(ms < 15_000);
    let demo = '';
    for (let i = 0; i < 600 && demo !== 'loaded'; i++) {
      demo = ((await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()) as { demo: string }).demo;
      if (demo === 'failed') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(demo, 'loaded', output());
    const url = `http://127.0.0.1:${port}`;
    assert.equal((await fetch(`${url}/v1/data-quality`)).status, 401, 'the API needs credentials from the first start');

    // First run: the generated admin password is shown once; the admin must change it and enrol TOTP.
    const password = /password:\s+(\S+)/.exec(output())?.[1];
    assert.ok(password, output());
    const json = { 'content-type': 'application/json' };
    const login = await fetch(`${url}/v1/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ username: 'admin', password }) });
    assert.equal(login.status, 200);
    assert.equal(((await login.json()) as { stage: string }).stage, 'password_change');
    const cookie = sessionCookie(login.headers.getSetCookie());
    assert.match(login.headers.getSetCookie()[0]!, /HttpOnly/i);
    assert.match(login.headers.getSetCookie()[0]!, /SameSite=Strict/i);
    const as = { ...json, cookie };
    assert.equal((await fetch(`${url}/v1/data-quality`, { headers: as })).status, 403);
    const changed = await fetch(`${url}/v1/auth/password`, { method: 'POST', headers: as, body: JSON.stringify({ currentPassword: password, newPassword: OTHER_TEST_PASSWORDS[0] }) });
    assert.deepEqual(await changed.json(), { stage: 'totp_enrolment' });
    const { secret } = (await (await fetch(`${url}/v1/auth/totp/setup`, { method: 'POST', headers: as, body: '{}' })).json()) as { secret: string };
    const confirmed = await fetch(`${url}/v1/auth/totp/confirm`, { method: 'POST', headers: as, body: JSON.stringify({ code: totpCode(secret, Date.now()) }) });
    assert.deepEqual(await confirmed.json(), { stage: 'active' });
    const dq = (await (await fetch(`${url}/v1/data-quality`, { headers: as })).json()) as { totals: { stored: number } };
    assert.ok(dq.totals.stored > 100, 'demo records stored');
    child.kill('SIGTERM');
    assert.equal(await exited(child), 0, output());
  });

  test('every acknowledged event survives kill -9 during load', { timeout: 180_000 }, async () => {
    const dataDir = tempDir('kill');
    dirs.push(dataDir);
    const env = { FENGKONG_DEMO: '0', FENGKONG_PII_KEYS: newKeyFileText() };
    const port = await freePort();
    const key = createApiKey(dataDir, env);
    const first = startServer(dataDir, port, env);
    children.push(first.child);
    await waitHealthy(port, 15_000);

    const acknowledged = await loadUntilKilled(first.child, 1_500, async () => {
      const ev = payment();
      const r = await fetch(`http://127.0.0.1:${port}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...key }, body: JSON.stringify(ev) });
      return r.status === 201 ? (ev.id as string) : null;
    });

    // Reopen the store directly (the lock left by the killed process is taken over).
    const db = await openPglite(dataDir);
    try {
      const r = await db.query<{ id: string }>('SELECT id FROM events WHERE id = ANY($1::text[])', [acknowledged]);
      assert.equal(r.rows.length, acknowledged.length, 'every acknowledged event is stored');
      const dq = await db.query<{ n: number }>("SELECT n FROM dq_counters WHERE source = 'api' AND record_type = 'payment' AND metric = 'stored'");
      const stored = await db.query<{ n: number }>("SELECT count(*)::bigint AS n FROM events WHERE source = 'api'");
      assert.equal(Number(dq.rows[0]!.n), Number(stored.rows[0]!.n), 'counters agree with the records');
    } finally {
      await db.close();
    }
  });

  test('every acknowledged decision survives kill -9 during load; features match what was recorded', { timeout: 180_000 }, async () => {
    const dataDir = tempDir('kill-decide');
    dirs.push(dataDir);
    const env = { FENGKONG_DEMO: '0', FENGKONG_PII_KEYS: newKeyFileText() };
    const port = await freePort();
    const key = createApiKey(dataDir, env);
    const first = startServer(dataDir, port, env);
    children.push(first.child);
    await waitHealthy(port, 15_000);

    // One customer pays again and again within ten minutes, among other customers' payments.
    const customerId = `cust-kill-${process.pid}`;
    const base = Date.now() - 5 * 60_000;
    const mine: string[] = [];
    let n = 0;
    const post = (ev: Record<string, unknown>) => fetch(`http://127.0.0.1:${port}/v1/decisions`, { method: 'POST', headers: { 'content-type': 'application/json', ...key }, body: JSON.stringify(ev) });
    const acknowledged = await loadUntilKilled(first.child, 2_000, async (w) => {
      const ownTurn = w === 0 && mine.length < 60;
      const ev = payment({ customerId: ownTurn ? customerId : `cust-other-${n++ % 500}`, amount: 2_000, occurredAt: new Date(base + (ownTurn ? mine.length * 1_000 : 0)).toISOString() });
      if (ownTurn) mine.push(ev.id as string);
      return (await post(ev)).status === 200 ? (ev.id as string) : null;
    });

    const second = startServer(dataDir, port, env);
    children.push(second.child);
    await waitHealthy(port, 30_000);
    for (const id of acknowledged) {
      const r = await fetch(`http://127.0.0.1:${port}/v1/decisions/${id}`, { headers: key });
      assert.equal(r.status, 200, `acknowledged decision ${id} is recorded`);
    }
    // The customer's features were rebuilt from exactly the decisions that were recorded.
    let recorded = 0;
    for (const id of mine) if ((await fetch(`http://127.0.0.1:${port}/v1/decisions/${id}`, { headers: key })).status === 200) recorded++;
    const probe = payment({ customerId, amount: 2_000, occurredAt: new Date(base + 70_000).toISOString() });
    assert.equal((await post(probe)).status, 200);
    const trace = (await (await fetch(`http://127.0.0.1:${port}/v1/decisions/${probe.id}`, { headers: key })).json()) as { trace: { features: Record<string, number> } };
    assert.equal(trace.trace.features.cust_payments_10m, recorded, `features count the ${recorded} recorded payments`);
    second.child.kill('SIGTERM');
    assert.equal(await exited(second.child), 0, second.output());
  });
});

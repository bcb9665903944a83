import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';

test('the store thread can lower its own priority without touching the request thread', { skip: process.platform !== 'linux' }, async () => {
  const entry = new URL('./thread-priority.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const worker = new Worker(
    `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); }).then((m) => {
       const { parentPort } = require('node:worker_threads');
       const got = m.lowerThisThreadPriority(Math.min(19, require('node:os').getPriority() + 7));
       const tid = require('node:fs').readlinkSync('/proc/thread-self').split('/').pop();
       parentPort.postMessage({ got, tid });
     });`,
    { eval: true },
  );
  const before = getPriority();
  const { got, tid } = await new Promise<{ got: number | null; tid: string }>((resolve, reject) => worker.once('message', resolve).once('error', reject));
  // Field 19 of /proc/…/stat is the nice value: the thread's is 7, the main thread's unchanged.
  const niceOf = (path: string) => Number(readFileSync(path, 'utf8').split(') ')[1]!.split(' ')[16]);
  try {
    assert.equal(got, Math.min(19, before + 7));
    assert.equal(niceOf(`/proc/self/task/${tid}/stat`), Math.min(19, before + 7));
    assert.equal(niceOf(`/proc/self/task/${process.pid}/stat`), before);
  } finally {
    await worker.terminate();
  }
});

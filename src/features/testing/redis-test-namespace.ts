/** Redis for tests: the server every Redis test talks to, and a private namespace per test file. */
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';

export const TEST_REDIS_URL = process.env['FENGKONG_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export function testNamespace(): string {
  return `fengkong:test:${randomBytes(6).toString('hex')}:`;
}

/** Deletes every key under a namespace; returns how many there were. */
export async function dropNamespace(namespace: string, url = TEST_REDIS_URL): Promise<number> {
  const client = createClient({ url, socket: { reconnectStrategy: false } });
  client.on('error', () => {});
  await client.connect();
  let n = 0;
  try {
    for await (const keys of client.scanIterator({ MATCH: `${namespace}*`, COUNT: 1000 })) {
      if (keys.length > 0) n += await client.unlink(keys);
    }
  } finally {
    await client.close();
  }
  return n;
}

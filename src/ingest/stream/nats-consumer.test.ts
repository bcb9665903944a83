/** The JetStream consumer against this machine's NATS server and a real embedded store. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { payment } from '../../test-support/records.js';
import { openTestPlatform, type TestPlatform } from '../../test-support/stores.js';
import { NatsIngestConsumer } from './nats-consumer.js';

const NATS_URL = process.env.FENGKONG_TEST_NATS_URL ?? '127.0.0.1:4222';

describe('NATS JetStream ingestion', () => {
  let tp: TestPlatform;
  let nc: NatsConnection;
  const stream = `FK_TEST_${process.pid}`;
  const subject = `fktest.${process.pid}`;
  before(async () => {
    tp = await openTestPlatform('pglite');
    nc = await connect({ servers: NATS_URL });
  });
  after(async () => {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(stream).catch(() => {});
    await nc?.drain();
    await tp?.cleanup();
  });

  test('stores published events once each, counts bad messages, survives redelivery', async () => {
    const opts = { servers: NATS_URL, stream, subjects: [`${subject}.>`], durable: 'test', batch: 100, expiresMs: 1000 };
    const consumer = await NatsIngestConsumer.connect(tp.platform.ingest, opts);
    const js = jetstream(nc);
    const events = Array.from({ length: 250 }, () => payment());
    for (const e of events) await js.publish(`${subject}.payment`, JSON.stringify(e));
    await js.publish(`${subject}.payment`, '{not json');
    await js.publish(`${subject}.payment`, JSON.stringify(payment({ amount: -5 })));
    await js.publish(`${subject}.payment`, JSON.stringify(events[0])); // a redelivered duplicate
    const running = consumer.run();
    for (let i = 0; i < 100 && consumer.stats.messages < 253; i++) await new Promise((r) => setTimeout(r, 100));
    await consumer.close();
    await running;
    assert.equal(consumer.stats.messages, 253);
    assert.equal(consumer.stats.stored, 250);
    assert.equal(consumer.stats.duplicate, 1);
    assert.equal(consumer.stats.rejected, 2);
    const n = await tp.platform.db.query<{ n: number }>('SELECT count(*)::bigint AS n FROM events WHERE source = $1', [`stream:${stream}`]);
    assert.equal(Number(n.rows[0]!.n), 250);
    const jsm = await jetstreamManager(nc);
    const info = await jsm.consumers.info(stream, 'test');
    assert.equal(info.num_ack_pending, 0, 'every message acknowledged');
    assert.equal(info.num_pending, 0);
  });
});

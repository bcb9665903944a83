/** `fengkong consume`: ingests events from a NATS JetStream stream until stopped. */
import { openPlatform } from '../../app/platform.js';
import { createLogger } from '../../ops/logger.js';
import { DEFAULT_NATS_OPTIONS, NatsIngestConsumer } from '../../ingest/stream/nats-consumer.js';
import type { Command } from '../command.js';
import { parseFlags, positiveInt, runCommand, STORE_FLAGS } from '../cli-support.js';
import { configFromStoreFlags } from '../store-flags.js';

export const command: Command = {
  name: 'consume',
  summary: { zh: '从 NATS JetStream 消息流接入事件', en: 'Ingest events from a NATS JetStream stream' },
  usage: `fengkong consume [--nats 127.0.0.1:4222] [--stream FENGKONG_EVENTS] [--subject 'fengkong.events.>'] [--durable fengkong-ingest]
                 [--batch 1000] [--data-dir D | --database-url URL]

  消息体为一条事件 JSON;确认(ack)在写入持久化之后。/ One event JSON per message; acknowledged after it is durable.`,
  run: (argv) =>
    runCommand(async () => {
      const { values } = parseFlags(argv, { ...STORE_FLAGS, nats: { type: 'string' }, stream: { type: 'string' }, subject: { type: 'string' }, durable: { type: 'string' }, batch: { type: 'string' } });
      const config = configFromStoreFlags(values);
      const logger = createLogger(config.logLevel);
      const platform = await openPlatform(config, { log: logger, watchKeys: true });
      const opts = {
        ...DEFAULT_NATS_OPTIONS,
        ...(values.nats ? { servers: values.nats } : {}),
        ...(values.stream ? { stream: values.stream } : {}),
        ...(values.subject ? { subjects: [values.subject] } : {}),
        ...(values.durable ? { durable: values.durable } : {}),
        batch: positiveInt(values.batch, '--batch', DEFAULT_NATS_OPTIONS.batch) || DEFAULT_NATS_OPTIONS.batch,
      };
      let consumer: NatsIngestConsumer;
      try {
        consumer = await NatsIngestConsumer.connect(platform.ingest, opts);
      } catch (err) {
        await platform.close();
        throw err;
      }
      logger.info({ stream: opts.stream, subjects: opts.subjects }, 'consuming / 正在消费消息流');
      const stop = async () => {
        await consumer.close();
        await platform.close();
        logger.info(consumer.stats, 'consumer stopped / 消费已停止');
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
      await consumer.run();
      return 0;
    }),
};

/** `fengkong serve`: runs the platform — HTTP API on the configured store — until stopped. */
import { resolveConfig } from '../../app/config.js';
import { startBackgroundDuties } from '../../app/background.js';
import { loadDemoOnFirstStart, type DemoState } from '../../app/demo-loader.js';
import { openPlatform, type Platform } from '../../app/platform.js';
import { FIRST_ADMIN } from '../../identity/identity.js';
import { buildServer } from '../../api/server.js';
import { createLogger, type Logger } from '../../ops/logger.js';
import type { Command } from '../command.js';
import { parseFlags, runCommand, STORE_FLAGS } from '../cli-support.js';

/**
 * On an installation without users, creates the first admin. A generated password goes to the
 * terminal once (stderr, never the log) and must be changed at first sign-in.
 */
async function announceFirstAdmin(platform: Platform, logger: Logger): Promise<void> {
  const first = await platform.identity.ensureFirstAdmin(process.env);
  if (!first.created) return;
  logger.info({ username: FIRST_ADMIN, generated: first.generatedPassword !== null }, 'first admin created / 已创建初始管理员');
  if (first.generatedPassword) {
    process.stderr.write(
      `\n  初始管理员 / first admin:  ${FIRST_ADMIN}\n  初始密码 / password:     ${first.generatedPassword}\n  只显示这一次,首次登录时必须修改 / shown once only; it must be changed at first sign-in.\n\n`,
    );
  }
}

export const command: Command = {
  name: 'serve',
  summary: { zh: '启动风控平台服务', en: 'Run the platform (HTTP API)' },
  usage: `fengkong serve [--port 8080] [--host 127.0.0.1] [--data-dir ./var | --database-url URL] [--demo | --no-demo]

  默认使用内嵌存储 ./var,首次启动加载演示数据。/ Embedded store in ./var by default; demo data on first start.`,
  run: (argv) =>
    runCommand(async () => {
      const { values } = parseFlags(argv, { ...STORE_FLAGS, port: { type: 'string' }, host: { type: 'string' }, demo: { type: 'boolean' }, 'no-demo': { type: 'boolean' } });
      const config = resolveConfig({
        ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
        ...(values['database-url'] ? { databaseUrl: values['database-url'] } : {}),
        ...(values.port ? { port: values.port } : {}),
        ...(values.host ? { host: values.host } : {}),
        ...(values['no-demo'] ? { demo: false } : values.demo ? { demo: true } : {}),
      });
      const logger = createLogger(config.logLevel);
      const platform = await openPlatform(config, { log: logger, watchKeys: true });
      try {
        await announceFirstAdmin(platform, logger);
      } catch (err) {
        await platform.close();
        throw err;
      }
      let demo: DemoState = { state: config.demo.enabled ? 'pending' : 'disabled' };
      const readiness = { draining: false, status: () => ({ demo: demo.state }) };
      const app = await buildServer(platform, logger, readiness);
      try {
        await app.listen({ host: config.http.host, port: config.http.port });
      } catch (err) {
        await platform.close();
        throw err;
      }
      const address = app.server.address();
      const url = typeof address === 'object' && address ? `http://${config.http.host}:${address.port}` : String(address);
      logger.info({ url, store: config.store.kind }, 'fengkong listening / 服务已启动');
      const duties = config.backgroundMs > 0 ? startBackgroundDuties(platform, logger, config.backgroundMs) : { stop: async () => {} };
      console.error(`fengkong 风控 — ${url}  (store 存储: ${config.store.kind === 'embedded' ? config.dataDir : 'postgres'}; API docs 接口文档: ${url}/openapi.json)`);

      const demoAbort = new AbortController();
      const demoDone = config.demo.enabled
        ? loadDemoOnFirstStart(platform, config.demo, logger, (s: DemoState) => {
            demo = s;
          }, demoAbort.signal)
        : Promise.resolve();

      return new Promise<number>((resolve) => {
        let stopping = false;
        const stop = async (signal: string) => {
          if (stopping) {
            logger.warn({ signal }, 'forced exit / 强制退出');
            process.exit(1);
          }
          stopping = true;
          readiness.draining = true;
          logger.info({ signal }, 'shutting down, flushing acknowledged work / 正在停止并写入已确认的数据');
          try {
            demoAbort.abort();
            await app.close();
            await demoDone;
            await duties.stop();
            await platform.close();
            resolve(0);
          } catch (err) {
            logger.error({ err }, 'shutdown failed / 停止失败');
            resolve(1);
          }
        };
        process.once('SIGINT', () => void stop('SIGINT'));
        process.once('SIGTERM', () => void stop('SIGTERM'));
      });
    }),
};

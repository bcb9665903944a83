/** `fengkong migrate`: brings the store's schema up to date (serve does this on start too). */
import { openStore } from '../../app/open-store.js';
import { MIGRATIONS } from '../../store/migrations/index.js';
import type { Command } from '../command.js';
import { parseFlags, runCommand, STORE_FLAGS } from '../cli-support.js';
import { configFromStoreFlags } from '../store-flags.js';

export const command: Command = {
  name: 'migrate',
  summary: { zh: '升级数据库结构', en: 'Apply pending schema migrations' },
  usage: 'fengkong migrate [--data-dir D | --database-url URL]',
  run: (argv) =>
    runCommand(async () => {
      const { values } = parseFlags(argv, STORE_FLAGS);
      const db = await openStore(configFromStoreFlags(values).store);
      await db.close();
      console.log(`数据库结构已是最新 / schema up to date (${MIGRATIONS.length} migrations)`);
      return 0;
    }),
};

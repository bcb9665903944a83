/**
 * `fengkong user list|reset-password`: break-glass user administration straight on the store (the
 * embedded store while the server is stopped; PostgreSQL at any time) — for an installation whose
 * admins are locked out. A reset password is printed once and must be changed at next sign-in.
 */
import { openPlatform } from '../../app/platform.js';
import { FengkongError } from '../../shared/errors.js';
import type { Command } from '../command.js';
import { cliActor, parseFlags, runCommand, STORE_FLAGS, UsageError } from '../cli-support.js';
import { configFromStoreFlags } from '../store-flags.js';

const USAGE = `fengkong user list [--json] [--data-dir D | --database-url URL]
fengkong user reset-password USERNAME [--json] [--data-dir D | --database-url URL]`;


export const command: Command = {
  name: 'user',
  summary: { zh: '用户应急管理', en: 'Break-glass user administration' },
  usage: USAGE,
  run: (argv) =>
    runCommand(async () => {
      const [sub, ...rest] = argv;
      if (sub !== 'list' && sub !== 'reset-password') throw new UsageError(`用法 / usage:\n${USAGE}`);
      const { values, positionals } = parseFlags(rest, { ...STORE_FLAGS, json: { type: 'boolean' } }, true);
      const platform = await openPlatform(configFromStoreFlags(values));
      try {
        const users = platform.identity.users;
        if (sub === 'list') {
          const all = await users.list();
          if (values.json) console.log(JSON.stringify({ users: all }));
          else for (const u of all) console.log(`${u.username.padEnd(24)} ${u.roles.join(',').padEnd(36)} ${u.disabled ? '已停用 disabled' : u.lockedUntil ? `已锁定 locked until ${u.lockedUntil}` : '正常 active'}`);
          return 0;
        }
        const name = positionals[0];
        if (!name) throw new UsageError('缺少用户名 / missing USERNAME');
        const row = await users.byUsername(name);
        if (!row) throw new FengkongError('NOT_FOUND', { note: `no user ${name}` });
        const r = await users.resetPassword(row.id, undefined, cliActor());
        if (values.json) console.log(JSON.stringify({ username: r.user.username, password: r.password }));
        else console.log(`${r.user.username} 的临时密码 / temporary password: ${r.password}\n只显示这一次,下次登录时必须修改 / shown once; it must be changed at next sign-in.`);
        return 0;
      } finally {
        await platform.close();
      }
    }),
};

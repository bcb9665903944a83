/**
 * `fengkong apikey create|list|revoke`: API keys for machine clients, straight on the store (the
 * embedded store while the server is stopped; PostgreSQL at any time). A new key is printed once.
 */
import { openPlatform } from '../../app/platform.js';
import { API_KEY_SCOPE_NAMES } from '../../identity/domain/permissions.js';
import type { Command } from '../command.js';
import { cliActor, parseFlags, positiveInt, runCommand, STORE_FLAGS, UsageError } from '../cli-support.js';
import { configFromStoreFlags } from '../store-flags.js';

const USAGE = `fengkong apikey create --scope ${API_KEY_SCOPE_NAMES.join('|')} [--scope …] [--name NAME] [--expires-in-days N] [--rate N] [--json] [--data-dir D | --database-url URL]
fengkong apikey list [--json] [--data-dir D | --database-url URL]
fengkong apikey revoke ID [--data-dir D | --database-url URL]`;

// The CLI runs with the store's own credentials: it acts as the operating-system user, recorded so.

export const command: Command = {
  name: 'apikey',
  summary: { zh: '管理 API 密钥', en: 'Manage API keys' },
  usage: USAGE,
  run: (argv) =>
    runCommand(async () => {
      const [sub, ...rest] = argv;
      if (sub !== 'create' && sub !== 'list' && sub !== 'revoke') throw new UsageError(`用法 / usage:\n${USAGE}`);
      const { values, positionals } = parseFlags(
        rest,
        { ...STORE_FLAGS, json: { type: 'boolean' }, scope: { type: 'string', multiple: true }, name: { type: 'string' }, 'expires-in-days': { type: 'string' }, rate: { type: 'string' } },
        true,
      );
      const platform = await openPlatform(configFromStoreFlags(values));
      try {
        const keys = platform.identity.apiKeys;
        if (sub === 'create') {
          const scopes = (values.scope ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
          if (scopes.length === 0) throw new UsageError(`缺少 --scope / missing --scope (${API_KEY_SCOPE_NAMES.join(', ')})`);
          const days = values['expires-in-days'] === undefined ? null : positiveInt(values['expires-in-days'], '--expires-in-days');
          const created = await keys.create(
            {
              name: values.name ?? `cli ${scopes.join('+')}`,
              scopes,
              ...(days ? { expiresAt: new Date(platform.clock.now() + days * 86_400_000).toISOString() } : {}),
              ...(values.rate !== undefined ? { ratePerSecond: positiveInt(values.rate, '--rate') } : {}),
            },
            cliActor(),
          );
          if (values.json) console.log(JSON.stringify({ key: created.key, id: created.id, scopes: created.scopes, expiresAt: created.expiresAt }));
          else console.log(`${created.key}\n\n此密钥只显示这一次,请妥善保存 / This key is shown once only: store it safely. (id ${created.id}, scopes ${created.scopes.join(',')})`);
          return 0;
        }
        if (sub === 'list') {
          const all = await keys.list();
          if (values.json) console.log(JSON.stringify({ keys: all }));
          else for (const k of all) console.log(`${k.id}  ${k.name}  ${k.scopes.join(',')}  ${k.revokedAt ? `已吊销 revoked ${k.revokedAt}` : k.expiresAt ? `到期 expires ${k.expiresAt}` : '长期 no expiry'}`);
          return 0;
        }
        const id = positionals[0];
        if (!id) throw new UsageError('缺少密钥 id / missing key id');
        await keys.revoke(id, cliActor());
        console.log(`已吊销 / revoked ${id}`);
        return 0;
      } finally {
        await platform.close();
      }
    }),
};

/** CLI entry: dispatches `fengkong COMMAND …` to the command modules. */
import type { Command } from './command.js';

const loaders: Record<string, () => Promise<{ command: Command }>> = {
  serve: () => import('./commands/serve.js'),
  import: () => import('./commands/import.js'),
  dq: () => import('./commands/dq.js'),
  demo: () => import('./commands/demo.js'),
  evaluate: () => import('./commands/evaluate.js'),
  bench: () => import('./commands/bench.js'),
  consume: () => import('./commands/consume.js'),
  migrate: () => import('./commands/migrate.js'),
  audit: () => import('./commands/audit.js'),
  apikey: () => import('./commands/apikey.js'),
  user: () => import('./commands/user.js'),
  keys: () => import('./commands/keys.js'),
  backup: () => import('./commands/backup.js'),
  restore: () => import('./commands/restore.js'),
  report: () => import('./commands/report.js'),
  model: () => import('./commands/model.js'),
};

async function help(name?: string): Promise<number> {
  if (name && loaders[name]) {
    const { command } = await loaders[name]!();
    console.log(`fengkong ${command.name} — ${command.summary.zh} / ${command.summary.en}\n\n${command.usage}`);
    return 0;
  }
  console.log('fengkong 风控 — real-time risk-control platform / 实时风控平台\n\nUsage: fengkong COMMAND [options]\n');
  for (const key of Object.keys(loaders)) {
    const { command } = await loaders[key]!();
    console.log(`  ${key.padEnd(10)} ${command.summary.zh} / ${command.summary.en}`);
  }
  console.log('\nfengkong help COMMAND  — 查看命令用法 / show a command\'s usage');
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') return help(rest[0]);
  const load = loaders[name];
  if (!load) {
    console.error(`未知命令 / unknown command: ${name}`);
    await help();
    return 64;
  }
  const { command } = await load();
  if (rest.includes('--help') || rest.includes('-h')) return help(name);
  return command.run(rest);
}

import { ruleEnvironment } from './src/rules/rule-environment.js';
const b = ruleEnvironment({ eventTypes: ['payment'], features: ['x'], lists: [], models: [] } as any); if (!b.ok) throw 1;
for (const e of ['5u == 5u', '1.5 > 1.0', 'null == null', 'event.amount in [1, 2]', '-5 < 3']) { const r = b.env.env.parse(e); console.log(e, JSON.stringify(r.ast, (k, v) => (typeof v === 'bigint' ? `${v}n` : v && typeof v === 'object' && v.constructor && !['Object','Array'].includes(v.constructor.name) ? `<${v.constructor.name}:${v}>` : v)).slice(0, 300)); }

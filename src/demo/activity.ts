/**
 * Everyday behaviour of regular customers: app sessions opened by a login, then payments at
 * merchants, transfers to their usual payees, top-ups and withdrawals, each customer with their
 * own rhythm, amounts and devices — the normal against which the fraud patterns stand out, with
 * enough harmless oddities (a new phone, a trip, a forgotten password) to tempt false alarms.
 */
import { settleAtCustody } from './custody.js';
import { CITIES, homeIp } from './identities.js';
import { deviceLine } from './population.js';
import type { DemoCustomer, World } from './world.js';

interface MerchantCategory {
  mcc: string;
  weight: number;
  /** Typical amount relative to the customer's own typical payment. */
  scale: number;
  /** Extra weight for customers with a high latent risk (gaming, betting). */
  riskAffinity?: number;
}

const CATEGORIES: readonly MerchantCategory[] = [
  { mcc: '5411', weight: 20, scale: 1.2 },
  { mcc: '5812', weight: 20, scale: 1.5 },
  { mcc: '5814', weight: 12, scale: 0.4 },
  { mcc: '4121', weight: 8, scale: 0.6 },
  { mcc: '5311', weight: 6, scale: 2.5 },
  { mcc: '5999', weight: 10, scale: 1 },
  { mcc: '4814', weight: 5, scale: 1 },
  { mcc: '5541', weight: 4, scale: 3 },
  { mcc: '5732', weight: 3, scale: 8 },
  { mcc: '7011', weight: 2, scale: 6 },
  { mcc: '5815', weight: 3, scale: 0.5, riskAffinity: 1 },
  { mcc: '5816', weight: 3, scale: 1, riskAffinity: 3 },
  { mcc: '7995', weight: 0.3, scale: 4, riskAffinity: 8 },
];

const MERCHANTS_PER_CATEGORY = 25;

export function merchantId(mcc: string, n: number): string {
  return `mch-${mcc}-${String(n).padStart(3, '0')}`;
}

function categoryFor(world: World, c: DemoCustomer): MerchantCategory {
  const lean = Math.max(0, c.riskTrait - 0.5);
  return world.rng.weighted(CATEGORIES.map((k) => [k, k.weight * (1 + lean * (k.riskAffinity ?? 0))] as const));
}

function amount(world: World, logMean: number, spread = 0.8): number {
  const v = Math.exp(logMean + spread * world.rng.normal());
  // People pay round sums more often than not.
  const minor = world.rng.chance(0.6) ? Math.round(v / 100) * 100 : Math.round(v);
  return Math.min(Math.max(minor, 100), 50_000_000);
}

function pickDevice(world: World, c: DemoCustomer, ms: number): string {
  // A regular customer now and then starts using a new phone.
  if (world.rng.chance(0.004)) {
    const id = world.id('dev');
    c.devices.push(id);
    world.entity(ms, 'devices', deviceLine(world, id, c, ms).record);
    return id;
  }
  return world.rng.pick(c.devices);
}

function pickIp(world: World, c: DemoCustomer): string {
  const r = world.rng.next();
  if (r < 0.85) return world.rng.pick(c.ips);
  if (r < 0.98) return homeIp(world.rng, c.city);
  return homeIp(world.rng, world.rng.pick(CITIES)); // travelling
}

/** One day of a regular customer's activity. */
export function regularDay(world: World, c: DemoCustomer, day: number): void {
  const rng = world.rng;
  if (c.registeredAtMs >= world.timeline.dayStart(day + 1) || !rng.chance(c.activity)) return;
  const sessions = 1 + rng.poisson(0.35);
  for (let s = 0; s < sessions; s++) {
    let t = world.timeOfDay(day, Math.max(0, c.riskTrait) * 0.6);
    if (t <= c.registeredAtMs) continue;
    const deviceId = pickDevice(world, c, t);
    const ip = pickIp(world, c);
    const env = { channel: rng.chance(0.9) ? 'app' : 'h5', deviceId, ip };
    if (rng.chance(0.03 + Math.max(0, c.riskTrait) * 0.01)) {
      world.emit(t, world.event('login', t, c, { ...env, success: false, method: 'password', failureReason: 'bad_password' }));
      t += rng.int(10_000, 120_000);
    }
    world.emit(t, world.event('login', t, c, { ...env, success: true, method: rng.weighted([['password', 30], ['sms', 25], ['biometric', 40], ['qr', 5]] as const) }));
    const actions = rng.weighted([[0, 25], [1, 45], [2, 20], [3, 10]] as const);
    for (let a = 0; a < actions; a++) {
      t += rng.int(20_000, 480_000);
      action(world, c, t, env);
    }
  }
  if (rng.chance(0.0005)) {
    const t = world.timeOfDay(day);
    world.emit(t, world.event('complaint', t, c, { complaintId: world.id('cmp'), category: rng.weighted([['service', 40], ['fees', 25], ['product', 15], ['collection', 10], ['privacy', 5], ['other', 5]] as const), channel: 'app', description: '客户来电反映服务问题,请尽快回复。' }));
  }
}

function action(world: World, c: DemoCustomer, t: number, env: Record<string, unknown>): void {
  const rng = world.rng;
  const kind = rng.weighted([['payment', 62], ['transfer', 14], ['top_up', 13], ['withdrawal', 8]] as const);
  const card = rng.pick(c.cards);
  let record: Record<string, unknown>;
  switch (kind) {
    case 'payment': {
      const cat = categoryFor(world, c);
      record = world.event('payment', t, c, { ...env, amount: amount(world, c.spendLog + Math.log(cat.scale)), currency: 'CNY', accountId: c.walletId, merchantId: merchantId(cat.mcc, rng.int(1, MERCHANTS_PER_CATEGORY)), merchantCategory: cat.mcc, ...(rng.chance(0.3) ? { cardId: card.id } : {}) });
      break;
    }
    case 'transfer': {
      const payee = c.payees.length > 0 ? rng.pick(c.payees) : null;
      if (!payee) return;
      record = world.event('transfer', t, c, {
        ...env,
        amount: amount(world, c.spendLog + Math.log(5)),
        currency: 'CNY',
        accountId: c.walletId,
        counterpartyId: payee.id,
        ...(payee.name ? { counterpartyName: payee.name } : {}),
        ...(payee.account ? { counterpartyAccount: payee.account, counterpartyBank: payee.bank } : {}),
      });
      break;
    }
    case 'top_up':
      record = world.event('top_up', t, c, { ...env, amount: amount(world, c.spendLog + Math.log(8), 0.6), currency: 'CNY', accountId: c.walletId, cardId: card.id });
      break;
    case 'withdrawal':
      record = world.event('withdrawal', t, c, { ...env, amount: amount(world, c.spendLog + Math.log(6), 0.7), currency: 'CNY', accountId: c.walletId, cardId: card.id });
      break;
  }
  if (world.emit(t, record)) settleAtCustody(world, t, record, c);
}

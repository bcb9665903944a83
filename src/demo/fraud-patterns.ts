/**
 * The injected fraud, each pattern as it shows up in an internet-finance platform's data, with
 * every attacking event labelled (file `labels.jsonl`, kind `fraud`, with its pattern):
 *
 * - account_takeover: failed logins from a new device on a proxy address, an SMS-code login, then
 *   large transfers to strangers and a withdrawal to a freshly bound card within minutes;
 *   the victim complains a day or two later.
 * - card_testing: a new account binds several stolen cards and fires a burst of tiny payments at
 *   digital-goods merchants, many declined, then cashes out with a larger one.
 * - mule: one account receives transfers from many unrelated customers and sends almost all of it
 *   out again within the hour.
 * - shared_device: a device farm (emulator or rooted phone, proxy addresses, virtual-operator
 *   numbers) registers many customers in a few hours, who then claim promotions or apply for loans.
 * - identity_fraud: a new customer registers with a stolen identity (someone else's name and
 *   resident id, a new phone) and soon applies for a large loan with inflated income; booked
 *   loans are never repaid.
 */
import { settleAtCustody } from './custody.js';
import { bankCard, homeIp, personName, proxyIp } from './identities.js';
import { applyForLoan, bookLoan } from './lending.js';
import { cardLine, createCustomer, deviceLine, newCard } from './population.js';
import type { DemoLine } from './timeline.js';
import type { DemoCustomer, World } from './world.js';

export type DayPlan = Map<number, Array<() => void>>;

const MINUTE = 60_000;

function schedule(plan: DayPlan, day: number, run: () => void): void {
  const list = plan.get(day) ?? [];
  list.push(run);
  plan.set(day, list);
}

/** Virtual-operator numbers (170/171/165), popular with fraud rings. */
function virtualNumber(world: World): string {
  return world.rng.pick(['170', '171', '165']) + String(world.rng.int(0, 99_999_999)).padStart(8, '0');
}

/** Fraud happens on a day with some history behind it when the window allows. */
function attackDay(world: World): number {
  const days = world.opts.days;
  return days > 2 ? world.rng.int(1, days - 1) : days - 1;
}

function newAttackDevice(world: World, customer: DemoCustomer | null, ms: number, flags: { emulator?: boolean; rooted?: boolean } = {}): string {
  const id = world.id('dev');
  world.entity(ms, 'devices', deviceLine(world, id, customer, ms, flags).record);
  return id;
}

function accountTakeover(world: World, victim: DemoCustomer, day: number): void {
  const rng = world.rng;
  let t = rng.chance(0.5) ? world.timeline.dayStart(day) + rng.int(60, 300) * MINUTE : world.timeOfDay(day);
  const deviceId = newAttackDevice(world, null, t, { rooted: rng.chance(0.3) });
  const env = { channel: 'app', deviceId, ip: proxyIp(rng) };
  for (let i = rng.int(2, 5); i > 0; i--) {
    world.emit(t, world.event('login', t, victim, { ...env, success: false, method: 'password', failureReason: 'bad_password' }), 'account_takeover');
    t += rng.int(15_000, 90_000);
  }
  world.emit(t, world.event('login', t, victim, { ...env, success: true, method: 'sms' }), 'account_takeover');
  let firstOut: string | null = null;
  for (let i = rng.int(1, 3); i > 0; i--) {
    t += rng.int(1, 6) * MINUTE;
    const card = bankCard(rng);
    const transfer = world.event('transfer', t, victim, {
      ...env,
      amount: rng.int(50, 500) * 10_000,
      currency: 'CNY',
      accountId: victim.walletId,
      counterpartyId: `ext-${card.bankCode}-${card.number.slice(-8)}`,
      counterpartyName: personName(rng),
      counterpartyAccount: card.number,
      counterpartyBank: card.bankCode,
    });
    world.emit(t, transfer, 'account_takeover');
    firstOut ??= transfer.id as string;
  }
  // The attacker binds their own card and withdraws what is left.
  t += rng.int(1, 5) * MINUTE;
  const card = newCard(world, victim);
  world.timeline.add(t, cardLine(card, victim, t));
  t += rng.int(1, 3) * MINUTE;
  const withdrawal = world.event('withdrawal', t, victim, { ...env, amount: rng.int(20, 300) * 10_000, currency: 'CNY', accountId: victim.walletId, cardId: card.id });
  if (world.emit(t, withdrawal, 'account_takeover')) settleAtCustody(world, t, withdrawal, victim);
  const complainAt = t + rng.int(12, 48) * 60 * MINUTE;
  world.emit(complainAt, world.event('complaint', complainAt, victim, { complaintId: world.id('cmp'), category: 'fraud', relatedEventId: firstOut ?? withdrawal.id, channel: 'phone', description: '本人账户被盗,有陌生转账和提现,请立即冻结并追回资金。' }));
}

function cardTesting(world: World, fraudster: DemoCustomer, day: number): void {
  const rng = world.rng;
  let t = world.timeOfDay(day, 2);
  const deviceId = fraudster.devices[0]!;
  const env = { channel: 'app', deviceId, ip: fraudster.ips[0] };
  world.emit(t, world.event('registration', t, fraudster, { ...env, phone: fraudster.phone }));
  t += rng.int(1, 5) * MINUTE;
  world.emit(t, world.event('login', t, fraudster, { ...env, success: true, method: 'sms' }));
  for (const card of fraudster.cards) {
    t += rng.int(10_000, 60_000);
    world.timeline.add(t, cardLine(card, fraudster, t));
  }
  const mcc = rng.pick(['5815', '5816', '4814']);
  for (let i = rng.int(10, 30); i > 0; i--) {
    t += rng.int(3_000, 40_000);
    const payment = world.event('payment', t, fraudster, {
      ...env,
      amount: rng.int(1, 99) * 10,
      currency: 'CNY',
      accountId: fraudster.walletId,
      merchantId: `mch-${mcc}-${String(rng.int(1, 25)).padStart(3, '0')}`,
      merchantCategory: mcc,
      cardId: rng.pick(fraudster.cards).id,
      attributes: { result: rng.chance(0.6) ? 'declined' : 'approved' },
    });
    world.emit(t, payment, 'card_testing');
  }
  for (let i = rng.int(1, 2); i > 0; i--) {
    t += rng.int(1, 10) * MINUTE;
    world.emit(
      t,
      world.event('payment', t, fraudster, { ...env, amount: rng.int(200, 900) * 1_000, currency: 'CNY', accountId: fraudster.walletId, merchantId: `mch-5732-${String(rng.int(1, 25)).padStart(3, '0')}`, merchantCategory: '5732', cardId: rng.pick(fraudster.cards).id, attributes: { result: 'approved' } }),
      'card_testing',
    );
  }
}

function mule(world: World, m: DemoCustomer, day: number): void {
  const rng = world.rng;
  const senders = new Set<DemoCustomer>();
  const want = Math.min(rng.int(5, 15), world.regulars.length);
  for (let tries = 0; senders.size < want && tries < want * 10; tries++) {
    const s = rng.pick(world.regulars);
    if (s.registeredAtMs < world.timeline.dayStart(day)) senders.add(s);
  }
  let t = world.timeline.dayStart(day) + rng.int(8, 12) * 60 * MINUTE;
  for (const s of senders) {
    t += rng.int(2, 40) * MINUTE;
    const transfer = world.event('transfer', t, s, { channel: 'app', deviceId: s.devices[0], ip: s.ips[0], amount: rng.int(20, 300) * 10_000, currency: 'CNY', accountId: s.walletId, counterpartyId: m.walletId, counterpartyName: m.name });
    world.emit(t, transfer, 'mule');
    // The mule logs in and moves almost all of it on within the hour.
    const out = t + rng.int(3, 50) * MINUTE;
    const env = { channel: 'app', deviceId: m.devices[0], ip: rng.chance(0.5) ? m.ips[0] : proxyIp(rng) };
    const loginAt = out - rng.int(10_000, 60_000);
    world.emit(loginAt, world.event('login', loginAt, m, { ...env, success: true, method: 'password' }));
    const moved = Math.floor((transfer.amount as number) * (0.9 + 0.09 * rng.next()));
    const withdrawal = world.event('withdrawal', out, m, { ...env, amount: moved, currency: 'CNY', accountId: m.walletId, cardId: rng.pick(m.cards).id });
    if (world.emit(out, withdrawal, 'mule')) settleAtCustody(world, out, withdrawal, m);
  }
}

function deviceFarm(world: World, members: DemoCustomer[], deviceId: string, day: number): void {
  const rng = world.rng;
  let t = world.timeOfDay(day, 1);
  for (const c of members) {
    t += rng.int(3, 25) * MINUTE;
    const env = { channel: 'app', deviceId, ip: proxyIp(rng) };
    world.emit(t, world.event('registration', t, c, { ...env, phone: c.phone, ...(rng.chance(0.5) && members[0] !== c ? { referrerId: members[0]!.id } : {}) }), 'shared_device');
    let u = t + rng.int(30_000, 180_000);
    world.emit(u, world.event('login', u, c, { ...env, success: true, method: 'sms' }), 'shared_device');
    if (rng.chance(0.6)) {
      u += rng.int(1, 5) * MINUTE;
      const topUp = world.event('top_up', u, c, { ...env, amount: rng.int(1, 10) * 1_000, currency: 'CNY', accountId: c.walletId, cardId: c.cards[0]!.id, attributes: { promotion: 'new_user_bonus' } });
      if (world.emit(u, topUp, 'shared_device')) settleAtCustody(world, u, topUp, c);
      u += rng.int(1, 5) * MINUTE;
      world.emit(u, world.event('payment', u, c, { ...env, amount: rng.int(1, 10) * 1_000, currency: 'CNY', accountId: c.walletId, merchantId: 'mch-5999-001', merchantCategory: '5999', attributes: { promotion: 'new_user_bonus' } }), 'shared_device');
    } else {
      u += rng.int(2, 20) * MINUTE;
      applyForLoan(world, c, u, env, { amount: rng.int(10, 50) * 10_000, declaredIncome: rng.int(8, 20) * 100_000, employment: 'employed' }, 'shared_device');
    }
  }
}

function identityFraud(world: World, f: DemoCustomer, day: number): void {
  const rng = world.rng;
  let t = world.timeOfDay(day, 1);
  const env = { channel: 'app', deviceId: f.devices[0], ip: f.ips[0] };
  world.emit(t, world.event('registration', t, f, { ...env, phone: f.phone }));
  t += rng.int(2, 10) * MINUTE;
  world.emit(t, world.event('login', t, f, { ...env, success: true, method: 'sms' }));
  t += rng.int(10, 240) * MINUTE;
  const app = applyForLoan(world, f, t, env, { amount: rng.int(10, 50) * 100_000, termMonths: 12, declaredIncome: rng.int(30, 80) * 100_000, employment: 'employed' }, 'identity_fraud');
  // The lender's screening does not see through the stolen identity every time.
  if (app && rng.chance(0.6)) {
    const paidOut = bookLoan(world, f, app, t, 0.95, true);
    const out = paidOut + rng.int(5, 60) * MINUTE;
    const withdrawal = world.event('withdrawal', out, f, { ...env, amount: app.amount, currency: 'CNY', accountId: f.walletId, cardId: f.cards[0]!.id });
    if (world.emit(out, withdrawal, 'identity_fraud')) settleAtCustody(world, out, withdrawal, f);
  }
}

/** How many instances of each pattern a population of `n` customers gets (at least one each). */
export function patternCounts(n: number): Record<'ato' | 'cardTesting' | 'mule' | 'farms' | 'farmSize' | 'identity', number> {
  return {
    ato: Math.max(1, Math.round(n * 0.004)),
    cardTesting: Math.max(1, Math.round(n * 0.002)),
    mule: Math.max(1, Math.round(n * 0.002)),
    farms: Math.max(1, Math.round(n * 0.001)),
    farmSize: Math.max(3, Math.min(20, Math.floor(n * 0.1))),
    identity: Math.max(1, Math.round(n * 0.003)),
  };
}

/** Creates the fraud rings' customers and plans every attack; returns their entity lines. */
export function planFraud(world: World, plan: DayPlan): DemoLine[] {
  const rng = world.rng;
  const counts = patternCounts(world.opts.customers);
  const lines: DemoLine[] = [];
  const origin = world.timeline.originMs;

  for (let i = 0; i < counts.cardTesting; i++) {
    const day = attackDay(world);
    const { customer, lines: own } = createCustomer(world, 'card_tester', world.timeline.dayStart(day) + rng.int(0, 60) * MINUTE);
    customer.phone = virtualNumber(world);
    customer.ips = [proxyIp(rng)];
    // The stolen cards are bound during the attack, not at registration.
    customer.cards = Array.from({ length: rng.int(3, 8) }, () => newCard(world, customer));
    lines.push(...own.filter((l) => l.file !== 'cards').map((l) => (l.file === 'customers' ? { ...l, record: { ...l.record, phone: customer.phone, kycLevel: 'basic' } } : l)));
    schedule(plan, day, () => cardTesting(world, customer, day));
  }
  for (let i = 0; i < counts.mule; i++) {
    const day = attackDay(world);
    const { customer, lines: own } = createCustomer(world, 'mule', origin - rng.int(10, 120) * 86_400_000);
    customer.cards.push(newCard(world, customer));
    lines.push(...own, cardLine(customer.cards.at(-1)!, customer, customer.registeredAtMs + 3_600_000));
    schedule(plan, day, () => mule(world, customer, day));
  }
  for (let i = 0; i < counts.farms; i++) {
    const day = attackDay(world);
    const start = world.timeline.dayStart(day);
    const deviceId = world.id('dev');
    lines.push(deviceLine(world, deviceId, null, start, { emulator: rng.chance(0.6), rooted: true }));
    const members: DemoCustomer[] = [];
    for (let k = 0; k < counts.farmSize; k++) {
      const { customer, lines: own } = createCustomer(world, 'farm_member', start + k * MINUTE);
      customer.phone = virtualNumber(world);
      customer.devices = [deviceId];
      lines.push(...own.filter((l) => l.file !== 'devices').map((l) => (l.file === 'customers' ? { ...l, record: { ...l.record, phone: customer.phone, kycLevel: 'basic' } } : l)));
      members.push(customer);
    }
    schedule(plan, day, () => deviceFarm(world, members, deviceId, day));
  }
  for (let i = 0; i < counts.identity; i++) {
    const day = attackDay(world);
    const victim = rng.pick(world.regulars);
    const { customer, lines: own } = createCustomer(world, 'identity_fraudster', world.timeline.dayStart(day));
    customer.name = victim.name;
    customer.nationalId = victim.nationalId;
    customer.ips = [rng.chance(0.5) ? proxyIp(rng) : homeIp(rng, customer.city)];
    lines.push(...own.map((l) => (l.file === 'customers' ? { ...l, record: { ...l.record, name: victim.name, nationalId: victim.nationalId, kycLevel: 'basic' } } : l)));
    schedule(plan, day, () => identityFraud(world, customer, day));
  }
  // Takeover victims are regular customers with a history.
  const established = world.regulars.filter((c) => c.registeredAtMs < origin);
  for (let i = 0; i < counts.ato && established.length > 0; i++) {
    const day = attackDay(world);
    const victim = rng.pick(established);
    schedule(plan, day, () => accountTakeover(world, victim, day));
  }
  return lines;
}

/** Customers the fraud rings need, so the regular population is sized to keep the total at n. */
export function fraudCustomerCount(n: number): number {
  const c = patternCounts(n);
  return c.cardTesting + c.mule + c.farms * c.farmSize + c.identity;
}

/**
 * Creates the customers with their KYC identity, wallet, bank cards, devices and habits, and the
 * entity lines that describe them. Fraud rings' members are created here too (their roles decide
 * what the patterns make them do) so that the entity files are complete before any event.
 */
import { address, bankCard, CITIES, type City, deviceProfile, homeIp, mobileNumber, personName, residentId } from './identities.js';
import { DAY_MS, type DemoLine, localIso } from './timeline.js';
import type { CustomerRole, DemoCard, DemoCustomer, World } from './world.js';

const EMPLOYMENT: ReadonlyArray<readonly [DemoCustomer['employment'], number]> = [
  ['employed', 62],
  ['self_employed', 16],
  ['student', 7],
  ['retired', 6],
  ['unemployed', 4],
  ['other', 5],
];
const OCCUPATIONS = ['工程师', '教师', '销售', '个体经营', '公务员', '医生', '司机', '自由职业', '学生', '退休'];
const INDUSTRIES = ['信息技术', '制造业', '批发零售', '教育', '医疗', '交通运输', '建筑', '金融', '餐饮住宿', '其他'];

export function newCard(world: World, customer: DemoCustomer): DemoCard {
  const card = bankCard(world.rng);
  return { id: world.id('card'), number: card.number, bankCode: card.bankCode };
}

export function cardLine(card: DemoCard, customer: DemoCustomer, boundAtMs: number): DemoLine {
  return { file: 'cards', record: { id: card.id, type: 'card', customerId: customer.id, cardNumber: card.number, bankCode: card.bankCode, cardType: 'debit', boundAt: localIso(boundAtMs), status: 'active' } };
}

export function deviceLine(world: World, id: string, customer: DemoCustomer | null, firstSeenMs: number, flags: { emulator?: boolean; rooted?: boolean } = {}): DemoLine {
  const profile = deviceProfile(world.rng);
  return {
    file: 'devices',
    record: { id, type: 'device', ...(customer ? { customerId: customer.id } : {}), ...profile, emulator: flags.emulator ?? false, rooted: flags.rooted ?? false, firstSeenAt: localIso(firstSeenMs) },
  };
}

/** Creates one customer and returns the entity lines that describe them as of `registeredAtMs`. */
export function createCustomer(world: World, role: CustomerRole, registeredAtMs: number, city: City = world.rng.pick(CITIES)): { customer: DemoCustomer; lines: DemoLine[] } {
  const rng = world.rng;
  const age = rng.int(20, 62);
  const birthYear = new Date(registeredAtMs).getUTCFullYear() - age;
  const employment = age >= 60 ? 'retired' : age <= 23 && rng.chance(0.6) ? 'student' : rng.weighted(EMPLOYMENT);
  const riskTrait = rng.normal() + (employment === 'unemployed' ? 0.6 : employment === 'student' ? 0.3 : 0);
  const baseIncome = employment === 'student' ? 2_000 : employment === 'retired' ? 4_000 : employment === 'unemployed' ? 1_500 : 8_000;
  const monthlyIncome = Math.round(baseIncome * Math.exp(0.5 * rng.normal()) * 100);
  const customer: DemoCustomer = {
    id: world.id('cus'),
    role,
    name: personName(rng),
    nationalId: residentId(rng, city, birthYear),
    phone: mobileNumber(rng),
    city,
    birthYear,
    registeredAtMs,
    walletId: world.id('acc'),
    loanAccountId: null,
    cards: [],
    devices: [world.id('dev')],
    ips: [homeIp(rng, city), homeIp(rng, city)],
    spendLog: Math.log(6_000) + 0.7 * rng.normal() + 0.15 * Math.log(monthlyIncome / 800_000),
    activity: Math.min(0.95, Math.max(0.08, 0.5 + 0.2 * rng.normal())),
    monthlyIncome,
    employment,
    riskTrait,
    payees: [],
    openLoans: 0,
  };
  const cardCount = rng.chance(0.35) ? 2 : 1;
  for (let i = 0; i < cardCount; i++) customer.cards.push(newCard(world, customer));
  if (rng.chance(0.25)) customer.devices.push(world.id('dev'));

  const lines: DemoLine[] = [
    {
      file: 'customers',
      record: {
        id: customer.id,
        type: 'customer',
        name: customer.name,
        nationalId: customer.nationalId,
        phone: customer.phone,
        address: address(rng, city),
        gender: rng.pick(['M', 'F'] as const),
        occupation: employment === 'student' ? '学生' : employment === 'retired' ? '退休' : rng.pick(OCCUPATIONS),
        industry: rng.pick(INDUSTRIES),
        annualIncome: customer.monthlyIncome * 12,
        registeredAt: localIso(registeredAtMs),
        kycLevel: rng.chance(0.8) ? 'enhanced' : 'basic',
        riskTolerance: rng.weighted([['low', 40], ['medium', 45], ['high', 15]] as const),
      },
    },
    { file: 'accounts', record: { id: customer.walletId, type: 'account', customerId: customer.id, kind: 'wallet', currency: 'CNY', openedAt: localIso(registeredAtMs), status: 'active' } },
    ...customer.cards.map((c) => cardLine(c, customer, registeredAtMs + rng.int(60_000, 3_600_000))),
    // A second device was first seen some time between registration and the window.
    ...customer.devices.map((d, i) => deviceLine(world, d, customer, i === 0 ? registeredAtMs : registeredAtMs + Math.floor(rng.next() * Math.max(0, world.timeline.originMs - registeredAtMs)))),
  ];
  world.customers.push(customer);
  if (role === 'regular') world.regulars.push(customer);
  return { customer, lines };
}

/** Regular customers: most registered before the window, some during it (with a registration event). */
export function createRegulars(world: World, count: number): DemoLine[] {
  const rng = world.rng;
  const lines: DemoLine[] = [];
  const origin = world.timeline.originMs;
  for (let i = 0; i < count; i++) {
    const newcomer = rng.chance(0.08) && world.opts.days > 1;
    const registeredAtMs = newcomer ? world.timeOfDay(rng.int(0, world.opts.days - 1)) : origin - rng.int(30, 900) * DAY_MS + rng.int(0, DAY_MS - 1);
    const { customer, lines: own } = createCustomer(world, 'regular', registeredAtMs);
    lines.push(...own);
    if (newcomer) {
      world.emit(registeredAtMs, world.event('registration', registeredAtMs, customer, { phone: customer.phone, channel: 'app', deviceId: customer.devices[0], ip: customer.ips[0] }));
    }
  }
  // Payees: mostly other customers' wallets (friends, family), some external bank accounts.
  for (const c of world.regulars) {
    const n = rng.int(1, 4);
    for (let i = 0; i < n; i++) {
      if (rng.chance(0.7) && world.regulars.length > 1) {
        const other = rng.pick(world.regulars);
        if (other !== c) c.payees.push({ id: other.walletId, name: other.name });
      } else {
        const card = bankCard(rng);
        c.payees.push({ id: `ext-${card.bankCode}-${card.number.slice(-8)}`, name: personName(rng), account: card.number, bank: card.bankCode });
      }
    }
  }
  return lines;
}

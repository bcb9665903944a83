/**
 * The generator's shared state: the random stream, id counters, the timeline and the population,
 * with helpers that build valid records in the platform's own schema.
 */
import { Rng } from '../shared/prng.js';
import { type City } from './identities.js';
import { type DemoLine, localIso, Timeline } from './timeline.js';

export interface DemoOptions {
  customers: number;
  days: number;
  seed: number;
  /** First local day of the window, `YYYY-MM-DD` (China Standard Time). */
  start?: string;
}

export const DEFAULT_START = '2026-10-01';
/** Loans are also generated for this many days before the window, so repayment histories exist. */
export const HISTORY_DAYS = 180;
export const MIN_CUSTOMERS = 20;

export type CustomerRole = 'regular' | 'mule' | 'card_tester' | 'farm_member' | 'identity_fraudster';

export interface DemoCard {
  id: string;
  number: string;
  bankCode: string;
}

export interface Payee {
  id: string;
  name?: string;
  account?: string;
  bank?: string;
}

export interface DemoCustomer {
  id: string;
  role: CustomerRole;
  name: string;
  nationalId: string;
  phone: string;
  city: City;
  birthYear: number;
  registeredAtMs: number;
  walletId: string;
  loanAccountId: string | null;
  cards: DemoCard[];
  devices: string[];
  ips: string[];
  /** Log of the typical payment amount in minor units. */
  spendLog: number;
  /** Probability of being active on a given day. */
  activity: number;
  monthlyIncome: number;
  employment: 'employed' | 'self_employed' | 'student' | 'retired' | 'unemployed' | 'other';
  /** Latent credit risk: higher means more likely to default, and it shows in behaviour. */
  riskTrait: number;
  payees: Payee[];
  /** Loans booked and not yet repaid or written off. */
  openLoans: number;
}

/** The kind of label line the ground-truth file carries. */
export type FraudPattern = 'account_takeover' | 'card_testing' | 'mule' | 'shared_device' | 'identity_fraud';

export class World {
  readonly rng: Rng;
  readonly timeline: Timeline;
  readonly customers: DemoCustomer[] = [];
  readonly regulars: DemoCustomer[] = [];
  readonly windowEndMs: number;
  private readonly counters = new Map<string, number>();
  private readonly tag: string;

  constructor(readonly opts: Required<DemoOptions>) {
    this.rng = new Rng(opts.seed);
    this.timeline = new Timeline(Date.parse(`${opts.start}T00:00:00+08:00`));
    this.windowEndMs = this.timeline.dayStart(opts.days);
    this.tag = opts.seed.toString(36);
  }

  /** Ids carry the seed so two demo sets can share a store without colliding. */
  id(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return `${prefix}-${this.tag}-${n.toString().padStart(6, '0')}`;
  }

  inWindow(ms: number): boolean {
    return ms >= this.timeline.originMs && ms < this.windowEndMs;
  }

  /** Builds an event record; `fields` follow the envelope. */
  event(type: string, ms: number, customer: DemoCustomer | null, fields: Record<string, unknown>): Record<string, unknown> {
    return {
      id: this.id('ev'),
      type,
      occurredAt: localIso(ms),
      ...(customer ? { customerId: customer.id } : {}),
      ...fields,
    };
  }

  /** Schedules an event (dropped when it falls after the window), with optional fraud label. */
  emit(ms: number, record: Record<string, unknown>, pattern?: FraudPattern, extra: DemoLine[] = []): boolean {
    if (ms >= this.windowEndMs) return false;
    const lines: DemoLine[] = [{ file: 'events', record }, ...extra];
    if (pattern) {
      lines.push({ file: 'labels', record: { kind: 'fraud', pattern, eventId: record.id, eventType: record.type, customerId: record.customerId ?? null, occurredAt: record.occurredAt } });
    }
    this.timeline.add(ms, ...lines);
    return true;
  }

  /** Schedules an entity line (a card bound or a device first seen during the window). */
  entity(ms: number, file: DemoLine['file'], record: Record<string, unknown>): void {
    if (ms < this.windowEndMs) this.timeline.add(ms, { file, record });
  }

  /** A local time of day drawn from a Chinese internet-finance app's daily curve. */
  timeOfDay(day: number, nightOwl = 0): number {
    const hour = this.rng.weighted(HOUR_WEIGHTS.map((w, h) => [h, h < 6 ? w * (1 + nightOwl) : w] as const));
    return this.timeline.dayStart(day) + hour * 3_600_000 + this.rng.int(0, 3_599_999);
  }
}

/** Relative activity per local hour, 0–23: quiet at night, peaks at lunch and in the evening. */
const HOUR_WEIGHTS = [2, 1, 0.6, 0.4, 0.4, 0.6, 1.5, 3, 5, 6, 6, 6.5, 7.5, 6.5, 5.5, 5.5, 5.5, 6, 6.5, 7.5, 8.5, 9, 7, 4.5];

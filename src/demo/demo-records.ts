/**
 * The demo data set as one deterministic stream of lines: first the entities (customers, accounts,
 * cards, devices), then every event in time order, each followed by its ground-truth labels.
 * The same options give the same lines, byte for byte.
 */
import { regularDay } from './activity.js';
import { fraudCustomerCount, type DayPlan, planFraud } from './fraud-patterns.js';
import { maybeBorrow } from './lending.js';
import { createRegulars } from './population.js';
import type { DemoLine } from './timeline.js';
import { DEFAULT_START, type DemoOptions, HISTORY_DAYS, MIN_CUSTOMERS, World } from './world.js';

export type { DemoLine, DemoFile } from './timeline.js';
export type { DemoOptions } from './world.js';

/** Checks options, naming the one that is wrong in both languages. */
export function checkDemoOptions(opts: DemoOptions): Required<DemoOptions> {
  const bad = (field: string, zh: string, en: string) => new RangeError(`${field}: ${zh} / ${en}`);
  if (!Number.isInteger(opts.customers) || opts.customers < MIN_CUSTOMERS || opts.customers > 10_000_000) throw bad('customers', `须为 ${MIN_CUSTOMERS} 至 10000000 的整数`, `must be an integer from ${MIN_CUSTOMERS} to 10000000`);
  if (!Number.isInteger(opts.days) || opts.days < 1 || opts.days > 3_650) throw bad('days', '须为 1 至 3650 的整数', 'must be an integer from 1 to 3650');
  if (!Number.isInteger(opts.seed) || opts.seed < 0 || opts.seed > 0xffffffff) throw bad('seed', '须为 0 至 4294967295 的整数', 'must be an integer from 0 to 4294967295');
  const start = opts.start ?? DEFAULT_START;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(start) || Number.isNaN(Date.parse(`${start}T00:00:00+08:00`)) || new Date(`${start}T00:00:00Z`).toISOString().slice(0, 10) !== start) {
    throw bad('start', '须为 YYYY-MM-DD 格式的日期', 'must be a date as YYYY-MM-DD');
  }
  return { customers: opts.customers, days: opts.days, seed: opts.seed, start };
}

export function* demoRecords(options: DemoOptions): Generator<DemoLine> {
  const world = new World(checkDemoOptions(options));
  const plan: DayPlan = new Map();
  yield* createRegulars(world, world.opts.customers - fraudCustomerCount(world.opts.customers));
  yield* planFraud(world, plan);
  for (let day = -HISTORY_DAYS; day < world.opts.days; day++) {
    for (const c of world.regulars) {
      if (day >= 0) regularDay(world, c, day);
      maybeBorrow(world, c, day);
    }
    for (const run of plan.get(day) ?? []) run();
    yield* world.timeline.take(day);
  }
}

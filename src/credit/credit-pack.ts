/**
 * Reads the credit configuration of a strategy pack (`<pack>/credit/*.yaml`): the credit policy,
 * the weighted composite scorecards, customer risk classification and wealth products with their
 * suitability rules. A pack with a problem refuses to load, listing every problem with its file and path.
 * A pack without a `credit/` folder uses the default pack's.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PACK_DIR } from '../decisions/pack.js';
import { FengkongError, type FieldProblem } from '../shared/errors.js';
import type { ConfigResult } from './domain/config-reader.js';
import { type CompositeConfig, parseCompositeConfig } from './domain/composite-score.js';
import { type CreditPolicy, parseCreditPolicy } from './domain/credit-policy.js';
import { type CustomerRiskConfig, parseCustomerRiskConfig } from './domain/customer-risk.js';
import { parseSuitabilityConfig, type SuitabilityConfig } from './domain/suitability.js';

export interface CreditPack {
  policy: CreditPolicy;
  composite: CompositeConfig;
  customerRisk: CustomerRiskConfig;
  products: SuitabilityConfig;
}

export function loadCreditPack(packDir: string): CreditPack {
  // A pack written before credit existed (no credit/ folder) takes the default credit configuration.
  if (!existsSync(join(packDir, 'credit'))) packDir = DEFAULT_PACK_DIR;
  const problems: FieldProblem[] = [];
  const read = <T>(file: string, parse: (text: string) => ConfigResult<T>): T | null => {
    const path = join(packDir, 'credit', file);
    if (!existsSync(path)) {
      problems.push({ field: `credit/${file}`, reason: 'missing', message: { zh: '配置文件不存在', en: 'configuration file missing' } });
      return null;
    }
    const r = parse(readFileSync(path, 'utf8'));
    if (r.ok) return r.value;
    for (const p of r.problems) problems.push({ field: `credit/${file}:${p.path}`, reason: 'value', message: p.message });
    return null;
  };
  const policy = read('policy.yaml', parseCreditPolicy);
  const composite = read('composite.yaml', parseCompositeConfig);
  const customerRisk = read('customer-risk.yaml', parseCustomerRiskConfig);
  const products = read('products.yaml', parseSuitabilityConfig);
  if (problems.length > 0 || !policy || !composite || !customerRisk || !products) throw new FengkongError('CREDIT_POLICY_INVALID', { details: problems, note: `credit configuration in ${packDir}` });
  return { policy, composite, customerRisk, products };
}

/** The credit domain's public surface: policy and decision, composite scores, customer risk, suitability. */
export { type ConfigProblem, type ConfigResult, CreditConfigError, orThrow } from './config-reader.js';
export { type Band, type Direction, type FactorMapping, type RawInput } from './factor-mapping.js';
export {
  checkCreditPolicy,
  CREDIT_OUTCOME_SEVERITY,
  type CreditOutcome,
  type CreditPolicy,
  type CreditProductPolicy,
  DEFAULT_LEGAL_APR_CAP_BPS,
  parseCreditPolicy,
  type RiskAction,
  TIER_IDS,
  type TierId,
  type TierLimit,
  type TierPolicy,
  tierForScore,
} from './credit-policy.js';
export {
  type CreditApplication,
  type CreditDecision,
  type CreditDecisionInput,
  type CreditReason,
  decideCredit,
  type FraudOutcome,
  type Money,
  monthlyInstalment,
} from './credit-decision.js';
export {
  checkCompositeConfig,
  type CompositeConfig,
  type CompositeFactor,
  type CompositeScore,
  type CompositeScorecard,
  type FactorContribution,
  parseCompositeConfig,
  scoreComposite,
} from './composite-score.js';
export {
  assessCustomerRisk,
  checkCustomerRiskConfig,
  CUSTOMER_RISK_LEVELS,
  type CustomerFacts,
  type CustomerRiskAssessment,
  type CustomerRiskConfig,
  type CustomerRiskLevel,
  type CustomerRiskReason,
  maxRiskLevel,
  parseCustomerRiskConfig,
  type RiskHandling,
  riskLevelName,
} from './customer-risk.js';
export {
  checkSuitability,
  checkSuitabilityConfig,
  DEFAULT_SUITABILITY_RULES,
  parseSuitabilityConfig,
  PRODUCT_RISK_LEVELS,
  type ProductRiskLevel,
  RISK_TOLERANCES,
  type RiskTolerance,
  type SuitabilityCode,
  type SuitabilityConfig,
  type SuitabilityResult,
  type SuitabilityRules,
  toleranceFromSimple,
  type ToleranceAssessment,
  type WealthProduct,
} from './suitability.js';

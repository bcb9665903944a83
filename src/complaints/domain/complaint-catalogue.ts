/**
 * The fixed vocabularies of complaint handling, each with its label in 简体中文 and English:
 * categories, intake channels and feedback outcomes. Statistics count by these ids, so they are
 * code, not data; what is configurable per category is the deadlines (table complaint_deadlines).
 */
import type { Bilingual } from '../../shared/i18n.js';

// A superset of the ingested `complaint` event's categories, so such an event maps one to one.
export const COMPLAINT_CATEGORIES = {
  account_security: { zh: '账户安全', en: 'Account security' },
  fraud: { zh: '盗刷与欺诈', en: 'Fraud and unauthorised use' },
  transaction_dispute: { zh: '交易争议', en: 'Transaction dispute' },
  fees: { zh: '收费', en: 'Fees and charges' },
  collection: { zh: '催收', en: 'Debt collection' },
  privacy: { zh: '个人信息保护', en: 'Personal data' },
  product: { zh: '产品与宣传', en: 'Products and marketing' },
  service: { zh: '服务质量', en: 'Service' },
  other: { zh: '其他', en: 'Other' },
} as const satisfies Record<string, Bilingual>;
export type ComplaintCategory = keyof typeof COMPLAINT_CATEGORIES;
export const CATEGORY_IDS = Object.keys(COMPLAINT_CATEGORIES) as ComplaintCategory[];

export const COMPLAINT_CHANNELS = {
  phone: { zh: '电话', en: 'Phone' },
  app: { zh: '手机应用', en: 'App' },
  web: { zh: '网站', en: 'Web' },
  email: { zh: '电子邮件', en: 'Email' },
  letter: { zh: '信函', en: 'Letter' },
  in_person: { zh: '现场', en: 'In person' },
  // Forwarded by a regulator's hotline: a breach here is one severity worse (see deadlines).
  regulator: { zh: '监管转办', en: 'Forwarded by a regulator' },
  other: { zh: '其他', en: 'Other' },
} as const satisfies Record<string, Bilingual>;
export type ComplaintChannel = keyof typeof COMPLAINT_CHANNELS;
export const CHANNEL_IDS = Object.keys(COMPLAINT_CHANNELS) as ComplaintChannel[];

export const FEEDBACK_OUTCOMES = {
  upheld: { zh: '支持客户诉求', en: 'Upheld' },
  partially_upheld: { zh: '部分支持', en: 'Partly upheld' },
  not_upheld: { zh: '不支持', en: 'Not upheld' },
} as const satisfies Record<string, Bilingual>;
export type FeedbackOutcome = keyof typeof FEEDBACK_OUTCOMES;
export const OUTCOME_IDS = Object.keys(FEEDBACK_OUTCOMES) as FeedbackOutcome[];

export const isCategory = (v: unknown): v is ComplaintCategory => typeof v === 'string' && Object.hasOwn(COMPLAINT_CATEGORIES, v);
export const isChannel = (v: unknown): v is ComplaintChannel => typeof v === 'string' && Object.hasOwn(COMPLAINT_CHANNELS, v);
export const isOutcome = (v: unknown): v is FeedbackOutcome => typeof v === 'string' && Object.hasOwn(FEEDBACK_OUTCOMES, v);

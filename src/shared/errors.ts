/**
 * Typed errors with stable codes. The catalogue gives each code its HTTP status and its message in
 * 简体中文 and English; messages never carry personal data, tokens or card numbers.
 */
import { type Bilingual, type Lang, pick } from './i18n.js';

interface CatalogueEntry {
  status: number;
  message: Bilingual;
}

export const ERROR_CATALOGUE = {
  EVENT_SCHEMA_INVALID: {
    status: 400,
    message: { zh: '记录未通过校验', en: 'The record failed validation' },
  },
  REQUEST_INVALID: {
    status: 400,
    message: { zh: '请求格式不正确', en: 'The request is malformed' },
  },
  BATCH_TOO_LARGE: {
    status: 413,
    message: { zh: '批量记录数超过上限', en: 'The batch holds more records than allowed' },
  },
  PII_C3_REFUSED: {
    status: 400,
    message: {
      zh: '记录包含 C3 类鉴别信息(密码、卡验证码、有效期、生物特征),不予接收',
      en: 'The record carries C3 authentication data (password, card verification code, expiry, biometrics) and is refused',
    },
  },
  DECISION_POINT_UNSUPPORTED: {
    status: 400,
    message: {
      zh: '该事件类型没有决策点(可决策:注册、登录、支付/转账、提现、借款申请、还款)',
      en: 'No decision point takes this event type (decided: registration, login, payment/transfer, withdrawal, loan application, repayment)',
    },
  },
  STRATEGY_INVALID: {
    status: 422,
    message: { zh: '策略未通过编译或校验', en: 'The strategy failed to compile or validate' },
  },
  UNAUTHENTICATED: {
    status: 401,
    message: { zh: '需要登录或有效的 API 密钥', en: 'Sign in or present a valid API key' },
  },
  AUTH_FAILED: {
    status: 401,
    message: { zh: '用户名或密码错误,或账户已被暂时锁定', en: 'Wrong user name or password, or the account is temporarily locked' },
  },
  TOTP_REQUIRED: {
    status: 401,
    message: { zh: '请输入动态验证码(TOTP)', en: 'Enter the one-time code from your authenticator (TOTP)' },
  },
  FORBIDDEN: { status: 403, message: { zh: '无权执行此操作', en: 'You are not allowed to do this' } },
  PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    message: { zh: '请先修改初始密码', en: 'Change your initial password first' },
  },
  TOTP_ENROLMENT_REQUIRED: {
    status: 403,
    message: { zh: '您的角色需要先绑定动态验证码(TOTP)', en: 'Your role needs a TOTP second factor: enrol one first' },
  },
  SELF_APPROVAL_REFUSED: {
    status: 403,
    message: { zh: '不能审批自己提交的变更', en: 'Nobody approves their own change' },
  },
  RATE_LIMITED: { status: 429, message: { zh: '请求过于频繁,请稍后重试', en: 'Too many requests, try again later' } },
  PASSWORD_POLICY: {
    status: 400,
    message: { zh: '密码不符合密码策略', en: 'The password does not meet the password policy' },
  },
  USER_EXISTS: { status: 409, message: { zh: '用户名已存在', en: 'That user name is taken' } },
  LAST_ADMIN: {
    status: 409,
    message: { zh: '至少需要保留一名可用的管理员', en: 'At least one active admin must remain' },
  },
  TOTP_ALREADY_ENROLLED: {
    status: 409,
    message: { zh: '已绑定动态验证码;如需更换请联系管理员重置', en: 'A TOTP second factor is already enrolled; an admin can reset it' },
  },
  CASE_TRANSITION_REFUSED: {
    status: 409,
    message: { zh: '案件当前状态不允许此操作', en: 'The case cannot take this action now' },
  },
  CASE_CHANGED: {
    status: 409,
    message: { zh: '案件已被他人更新,请刷新后重试', en: 'Someone else changed the case; reload and try again' },
  },
  COMPLAINT_TRANSITION_REFUSED: {
    status: 409,
    message: { zh: '投诉当前状态不允许此操作', en: 'The complaint cannot take this action now' },
  },
  CHANGE_NOT_PENDING: {
    status: 409,
    message: { zh: '该变更已不在待审批状态', en: 'The change is no longer pending' },
  },
  MODEL_INVALID: {
    status: 422,
    message: { zh: '模型或训练数据无效', en: 'The model or its training data is invalid' },
  },
  MODEL_TRANSITION_REFUSED: {
    status: 409,
    message: { zh: '模型版本当前状态不允许此操作', en: 'The model version’s status does not allow this' },
  },
  EVENT_ID_REUSED: {
    status: 409,
    message: { zh: '该事件编号已用于另一类型的事件', en: 'This event id already belongs to an event of another type' },
  },
  MODEL_NOT_EVALUATED: {
    status: 409,
    message: { zh: '模型尚未在验证样本上评估(没有模型报告),不能审批;请带验证样本重新导入', en: 'The model has no evaluation on a validation sample (no report) and cannot be approved; import it again with a validation sample' },
  },
  CREDIT_POLICY_INVALID: {
    status: 422,
    message: { zh: '授信政策配置无效', en: 'The credit policy configuration is invalid' },
  },
  NO_CHAMPION_MODEL: {
    status: 409,
    message: { zh: '该环节没有启用的冠军模型', en: 'No active champion model for this use' },
  },
  NOT_FOUND: { status: 404, message: { zh: '资源不存在', en: 'Resource not found' } },
  STORE_UNAVAILABLE: {
    status: 503,
    message: { zh: '存储暂不可用,请稍后重试', en: 'The store is unavailable, try again later' },
  },
  OVERLOADED: {
    status: 503,
    message: { zh: '系统繁忙,请稍后重试', en: 'The platform is busy, try again later' },
  },
  SHUTTING_DOWN: {
    status: 503,
    message: { zh: '服务正在停止', en: 'The service is shutting down' },
  },
  CONFIG_INVALID: { status: 500, message: { zh: '配置无效', en: 'Invalid configuration' } },
  DATA_DIR_LOCKED: {
    status: 500,
    message: {
      zh: '数据目录正被另一个进程使用',
      en: 'The data directory is in use by another process',
    },
  },
  PII_KEY_UNKNOWN: {
    status: 500,
    message: { zh: '找不到用于解密的密钥', en: 'The key needed for decryption is not in the keyring' },
  },
  PII_KEYS_FROM_ENV: {
    status: 409,
    message: {
      zh: '个人信息密钥来自环境变量 FENGKONG_PII_KEYS,无法由本工具轮换:请在该 JSON 的 keys 中加入一个新的 32 字节密钥并设为 active(保留旧密钥,index 不变),重启所有实例,再运行 fengkong keys reencrypt',
      en: 'The PII keys come from FENGKONG_PII_KEYS and cannot be rotated by this tool: add a new 32-byte key to that JSON\'s keys and make it active (keep the old keys and the index key), restart every instance, then run fengkong keys reencrypt',
    },
  },
  PII_KEY_ROTATION_BUSY: {
    status: 409,
    message: { zh: '另一个密钥轮换正在写入密钥文件,请稍后重试', en: 'Another key rotation is writing the key file; try again shortly' },
  },
  BACKUP_INVALID: {
    status: 422,
    message: { zh: '备份文件无效:不是 fengkong 备份,或已损坏、被截断或被修改', en: 'The backup file is invalid: not a fengkong backup, or damaged, truncated or edited' },
  },
  BACKUP_TOO_NEW: {
    status: 409,
    message: { zh: '备份来自更新版本的 fengkong(含本版本未知的数据库迁移),请先升级 fengkong', en: 'The backup comes from a newer fengkong (schema migrations this version does not know): upgrade fengkong first' },
  },
  BACKUP_INCOMPATIBLE: {
    status: 409,
    message: { zh: '备份与本版本的数据库结构不兼容', en: 'The backup does not fit this version\'s schema' },
  },
  RESTORE_TARGET_NOT_EMPTY: {
    status: 409,
    message: {
      zh: '目标存储不是空的:恢复只写入空的存储(新的数据目录,或空的 schema/数据库)',
      en: 'The target store is not empty: restore writes only into an empty store (a new data directory, or an empty schema or database)',
    },
  },
  INTERNAL: { status: 500, message: { zh: '内部错误', en: 'Internal error' } },
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** One problem with one field: what a validation error lists, field by field. */
export interface FieldProblem {
  /** Dotted path of the field, e.g. `amount` or `attributes.channel`; `` for the record itself. */
  field: string;
  /** Stable reason code, e.g. `required`, `type`, `format`. */
  reason: string;
  /** The reason in both languages; never contains the offending value. */
  message: Bilingual;
}

/** The one error type domain code throws; the API presenter maps it to status and language. */
export class FengkongError extends Error {
  override name = 'FengkongError';
  readonly code: ErrorCode;
  readonly details: readonly FieldProblem[] | Record<string, unknown> | undefined;
  /** Operator-facing specifics (English, no personal data): shown by the CLI, never sent to API callers. */
  readonly note: string | undefined;

  constructor(
    code: ErrorCode,
    options: { details?: readonly FieldProblem[] | Record<string, unknown>; cause?: unknown; note?: string } = {},
  ) {
    super(`${code}: ${ERROR_CATALOGUE[code].message.en}${options.note ? ` (${options.note})` : ''}`, {
      cause: options.cause,
    });
    this.code = code;
    this.details = options.details;
    this.note = options.note;
  }

  get status(): number {
    return ERROR_CATALOGUE[this.code].status;
  }
}

/** The wire form `{ error: { code, message, details } }` in the caller's language. */
export function presentError(err: FengkongError, lang: Lang): { error: { code: string; message: string; details?: unknown } } {
  const details = Array.isArray(err.details)
    ? (err.details as FieldProblem[]).map((p) => ({ field: p.field, reason: p.reason, message: pick(p.message, lang) }))
    : err.details;
  return {
    error: {
      code: err.code,
      message: pick(ERROR_CATALOGUE[err.code].message, lang),
      ...(details === undefined ? {} : { details }),
    },
  };
}

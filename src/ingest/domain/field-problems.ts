/** The reasons a field can be refused for, each with a stable code and a bilingual message. */
import type { FieldProblem } from '../../shared/errors.js';
import type { Bilingual } from '../../shared/i18n.js';

export type ProblemReason =
  | 'not_object'
  | 'invalid_csv'
  | 'duplicate_in_file'
  | 'required'
  | 'unknown_field'
  | 'unknown_type'
  | 'type_mismatch'
  | 'type'
  | 'too_short'
  | 'too_long'
  | 'too_small'
  | 'too_large'
  | 'not_integer'
  | 'pattern'
  | 'enum'
  | 'timestamp_format'
  | 'timestamp_offset_missing'
  | 'timestamp_impossible'
  | 'timestamp_out_of_range'
  | 'ip'
  | 'phone'
  | 'national_id_format'
  | 'national_id_checksum'
  | 'national_id_impossible'
  | 'card_number'
  | 'currency'
  | 'date'
  | 'c3_refused'
  | 'invalid_json'
  | 'control_character'
  | 'malformed_unicode'
  | 'value';

const MESSAGES: Record<ProblemReason, Bilingual> = {
  invalid_csv: { zh: 'CSV 行格式错误', en: 'Malformed CSV row' },
  not_object: { zh: '记录必须是 JSON 对象', en: 'The record must be a JSON object' },
  duplicate_in_file: { zh: '与文件中前面某行的事件 id 重复,只保存一次', en: 'Repeats the id of an earlier line of this file; stored once' },
  required: { zh: '缺少必填字段', en: 'Required field is missing' },
  unknown_field: { zh: '未定义的字段', en: 'Field is not part of the schema' },
  unknown_type: { zh: '未知的记录类型', en: 'Unknown record type' },
  type_mismatch: { zh: '记录类型与指定类型不一致', en: 'Record type differs from the type requested' },
  type: { zh: '字段类型错误', en: 'Field has the wrong type' },
  too_short: { zh: '字段过短', en: 'Field is too short' },
  too_long: { zh: '字段过长', en: 'Field is too long' },
  too_small: { zh: '数值低于下限', en: 'Value is below the minimum' },
  too_large: { zh: '数值超过上限', en: 'Value is above the maximum' },
  not_integer: { zh: '必须是整数(金额以最小货币单位计,如 1234 表示 12.34 元)', en: 'Must be an integer (amounts are minor units, e.g. 1234 for 12.34 CNY)' },
  pattern: { zh: '格式不正确', en: 'Value does not have the expected format' },
  enum: { zh: '取值不在允许范围内', en: 'Value is not one of the allowed values' },
  timestamp_format: { zh: '时间格式错误,应为带时区的 ISO 8601,如 2026-11-23T08:00:00+08:00', en: 'Timestamp must be ISO 8601 with offset, e.g. 2026-11-23T08:00:00+08:00' },
  timestamp_offset_missing: { zh: '时间缺少时区偏移,无法确定时刻', en: 'Timestamp has no UTC offset, so its instant is unknown' },
  timestamp_impossible: { zh: '不存在的日期或时间', en: 'Date or time does not exist' },
  timestamp_out_of_range: { zh: '时间超出可接受范围(早于 1990 年或晚于当前时间;到期日不晚于 2100 年)', en: 'Timestamp is out of range (before 1990 or in the future; due dates before 2100)' },
  ip: { zh: '不是有效的 IPv4/IPv6 地址', en: 'Not a valid IPv4/IPv6 address' },
  phone: { zh: '不是有效的手机号码', en: 'Not a valid mobile number' },
  national_id_format: { zh: '身份证号格式错误', en: 'Identity number has the wrong format' },
  national_id_checksum: { zh: '身份证号校验位错误', en: 'Identity number check digit is wrong' },
  national_id_impossible: { zh: '身份证号中的出生日期不存在', en: 'Identity number holds a birth date that does not exist' },
  card_number: { zh: '银行卡号应为 12–19 位数字', en: 'Card number must be 12–19 digits' },
  currency: { zh: '不是受支持的 ISO 4217 币种代码', en: 'Not a supported ISO 4217 currency code' },
  date: { zh: '日期应为存在的 YYYY-MM-DD', en: 'Date must be a real YYYY-MM-DD' },
  c3_refused: { zh: 'C3 类鉴别信息(密码、卡验证码、有效期、生物特征等)不予接收', en: 'C3 authentication data (password, card verification code, expiry, biometrics) is refused' },
  invalid_json: { zh: '不是有效的 JSON', en: 'Not valid JSON' },
  control_character: { zh: '含有空字符(\\u0000),无法存储', en: 'Contains a NUL character (\\u0000), which cannot be stored' },
  malformed_unicode: { zh: '含有不成对的 UTF-16 代理项(如 \\ud800),不是有效的 Unicode 文本', en: 'Contains an unpaired UTF-16 surrogate (e.g. \\ud800), which is not valid Unicode text' },
  value: { zh: '取值无效', en: 'Invalid value' },
};

export function problem(field: string, reason: ProblemReason, extra?: Bilingual): FieldProblem {
  const base = MESSAGES[reason];
  return {
    field,
    reason,
    message: extra ? { zh: `${base.zh}(${extra.zh})`, en: `${base.en} (${extra.en})` } : base,
  };
}

/**
 * Identifying personal fields may never be model variables: a model would store names or number
 * fragments in its artifact and report (category labels, cut points) and read them in clear at
 * decision time. These are the record schemas' identifying C2 fields (JR/T 0171-2020) and the
 * names such columns usually carry in exported training files. Balances and amounts stay allowed.
 */
import { RECORD_TYPES, schemaOf } from '../../ingest/domain/record-schemas.js';
import { FengkongError } from '../../shared/errors.js';

const IDENTIFYING_MASKS = new Set(['phone', 'nationalId', 'name', 'cardNumber', 'address', 'email', 'text']);
const COMMON_NAMES = ['name', 'realname', 'fullname', 'phone', 'mobile', 'mobilephone', 'phoneno', 'phonenumber', 'idno', 'idnumber', 'idcard', 'nationalid', 'residentid', 'certno', 'cardno', 'cardnumber', 'bankcard', 'bankcardno', 'email', 'address'];

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

const PERSONAL = new Set<string>(COMMON_NAMES);
for (const type of RECORD_TYPES) {
  for (const [field, s] of Object.entries(schemaOf(type).properties)) {
    if (IDENTIFYING_MASKS.has(String((s as { 'x-pii'?: string })['x-pii']))) PERSONAL.add(norm(field));
  }
}

/** The variables among `names` that are identifying personal data. */
export function personalVariables(names: readonly string[]): string[] {
  return names.filter((n) => PERSONAL.has(norm(n)));
}

/** Refuses identifying personal fields as model inputs, naming them (the names, never values). */
export function refusePersonal(names: readonly string[], field: string): void {
  const personal = personalVariables(names);
  if (personal.length > 0) {
    throw new FengkongError('MODEL_INVALID', {
      details: personal.map((p) => ({ field: `${field}.${p}`, reason: 'personal_data', message: { zh: '可识别个人身份的信息(姓名、证件号、手机号、卡号、地址等)不得作为模型变量,请排除该列', en: 'identifying personal data (name, ID, phone, card number, address …) may not be a model variable: exclude the column' } })),
    });
  }
}


/**
 * The password policy: long enough to resist guessing once hashed with argon2id, varied, and not
 * built on the user name or the words everyone tries first. Returns every problem, bilingual.
 */
import type { FieldProblem } from '../../shared/errors.js';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

// Substrings the first guesses of any attacker contain.
const COMMON = ['password', 'passw0rd', 'qwerty', '123456', 'abcdef', 'admin', 'welcome', 'letmein', 'changeme', 'fengkong', 'iloveyou'];

function classes(pw: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(pw)).length;
}

export function checkPassword(password: unknown, username: string, field = 'password'): FieldProblem[] {
  if (typeof password !== 'string') return [{ field, reason: 'type', message: { zh: '密码应为字符串', en: 'the password must be a string' } }];
  const problems: FieldProblem[] = [];
  const chars = [...password].length;
  if (chars < PASSWORD_MIN_LENGTH) problems.push({ field, reason: 'too_short', message: { zh: `密码至少 ${PASSWORD_MIN_LENGTH} 个字符`, en: `at least ${PASSWORD_MIN_LENGTH} characters` } });
  if (chars > PASSWORD_MAX_LENGTH) problems.push({ field, reason: 'too_long', message: { zh: `密码最多 ${PASSWORD_MAX_LENGTH} 个字符`, en: `at most ${PASSWORD_MAX_LENGTH} characters` } });
  if (classes(password) < 3) problems.push({ field, reason: 'too_simple', message: { zh: '需包含大写字母、小写字母、数字、符号中的至少三类', en: 'use at least three of: upper case, lower case, digits, symbols' } });
  const lower = password.toLowerCase();
  if (username.length >= 3 && lower.includes(username.toLowerCase())) problems.push({ field, reason: 'contains_username', message: { zh: '密码不得包含用户名', en: 'must not contain the user name' } });
  if (COMMON.some((w) => lower.includes(w))) problems.push({ field, reason: 'common', message: { zh: '密码包含常见弱口令', en: 'contains a commonly guessed word or sequence' } });
  if (/(.)\1{3,}/u.test(password)) problems.push({ field, reason: 'repetitive', message: { zh: '同一字符连续重复超过三次', en: 'repeats one character more than three times in a row' } });
  return problems;
}

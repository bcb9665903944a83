/**
 * Looks for secrets and personal data in log text: session tokens, API keys, TOTP secrets,
 * national ID numbers (with a valid GB 11643 check digit), bank card numbers, mainland
 * mobile numbers, and any literal secret the caller knows of. Used over the whole test run's logs.
 */

export interface Finding {
  kind: 'known_secret' | 'session_token' | 'api_key' | 'totp_secret' | 'national_id' | 'card_number' | 'phone';
  line: number;
  /** Where in the line; the match itself is not repeated (the report must not leak it again). */
  column: number;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export function validNationalId(s: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(s[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11] === s[17]!.toUpperCase();
}

const PATTERNS: Array<{ kind: Finding['kind']; re: RegExp; valid?: (m: string) => boolean }> = [
  { kind: 'session_token', re: /fks_[A-Za-z0-9_-]{40,}/g },
  { kind: 'api_key', re: /fk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}/g },
  // Base32 TOTP secrets (160 bits → 32 characters) as otpauth writes them.
  { kind: 'totp_secret', re: /(?<![A-Z2-7])[A-Z2-7]{32}(?![A-Z2-7])/g },
  { kind: 'national_id', re: /(?<!\d)\d{17}[\dXx](?![\dA-Za-z])/g, valid: validNationalId },
  // Any 16–19 digit run: test and demo card numbers need not pass Luhn, and nothing else logged is that long.
  { kind: 'card_number', re: /(?<!\d)\d{16,19}(?!\d)/g, valid: (m) => !validNationalId(m) },
  // Also with +86 and separators as people type them.
  { kind: 'phone', re: /(?<!\d)(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)/g },
];

export function scanText(text: string, knownSecrets: readonly string[] = []): Finding[] {
  const findings: Finding[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    for (const secret of knownSecrets) {
      const at = secret ? line.indexOf(secret) : -1;
      if (at >= 0) findings.push({ kind: 'known_secret', line: i + 1, column: at + 1 });
    }
    for (const p of PATTERNS) {
      for (const m of line.matchAll(p.re)) if (!p.valid || p.valid(m[0])) findings.push({ kind: p.kind, line: i + 1, column: (m.index ?? 0) + 1 });
    }
  }
  return findings;
}

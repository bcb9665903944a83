/** Masking of C2 personal financial information for display and logs, one rule per kind. */
import type { MaskKind } from '../../ingest/domain/record-schemas.js';

function keepEnds(value: string, head: number, tail: number): string {
  if (value.length <= head + tail) return '*'.repeat(value.length);
  return value.slice(0, head) + '*'.repeat(value.length - head - tail) + value.slice(value.length - tail);
}

/**
 * The masked form of a C2 value, e.g. national id `110***********1234`, phone `138****5678`,
 * card `6222*********1234`, name `张*`. Amounts and free text are masked whole.
 */
export function mask(kind: MaskKind, value: unknown): string {
  const text = String(value);
  switch (kind) {
    case 'nationalId':
      return keepEnds(text, 3, 4);
    case 'phone':
      return text.startsWith('+') ? keepEnds(text, 3, 2) : keepEnds(text, 3, 4);
    case 'cardNumber':
      return keepEnds(text, 4, 4);
    case 'name': {
      const chars = [...text];
      return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(Math.min(chars.length - 1, 3));
    }
    case 'address': {
      const chars = [...text];
      return chars.slice(0, Math.min(6, Math.floor(chars.length / 2))).join('') + '****';
    }
    case 'email': {
      const at = text.indexOf('@');
      return at <= 0 ? '***' : `${text[0]}***${text.slice(at)}`;
    }
    case 'amount':
      return '****';
    case 'text':
      return '[已加密 encrypted]';
  }
}

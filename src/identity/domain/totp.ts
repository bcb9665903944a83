/**
 * TOTP second factor (RFC 6238: SHA-1, 6 digits, 30 s), via otpauth. A code is accepted within one
 * step of clock drift, and each time step only once: a code seen on the wire cannot be replayed.
 */
import { Secret, TOTP } from 'otpauth';

const PERIOD_SECONDS = 30;
const ISSUER = 'fengkong';

function totpFor(secretBase32: string, label = 'user'): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS, secret: Secret.fromBase32(secretBase32) });
}

/** A fresh 160-bit secret, base32 as authenticator apps take it, with its otpauth:// URI. */
export function newTotpSecret(label: string): { secret: string; uri: string } {
  const secret = new Secret({ size: 20 }).base32;
  return { secret, uri: totpFor(secret, label).toString() };
}

/** The code for a moment (tests and the console's enrolment check use it). */
export function totpCode(secretBase32: string, atMs: number): string {
  return totpFor(secretBase32).generate({ timestamp: atMs });
}

/**
 * The time step a code matches (drift ±1 step), or null. A step not after `lastStep` is refused:
 * each code works once.
 */
export function acceptTotp(secretBase32: string, code: unknown, atMs: number, lastStep: number | null): number | null {
  if (typeof code !== 'string' || !/^[0-9]{6}$/.test(code)) return null;
  const delta = totpFor(secretBase32).validate({ token: code, timestamp: atMs, window: 1 });
  if (delta === null) return null;
  const step = Math.floor(atMs / 1000 / PERIOD_SECONDS) + delta;
  if (lastStep !== null && step <= lastStep) return null;
  return step;
}

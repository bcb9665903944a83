/**
 * Structured JSON logs (pino). Personal financial information never reaches a log line: the code
 * logs no record bodies, and redaction censors C2 and secret fields wherever they might appear.
 */
import pino, { type DestinationStream, type Logger } from 'pino';

const SENSITIVE = [
  'nationalId', 'phone', 'cardNumber', 'counterpartyAccount', 'counterpartyName', 'name', 'address', 'email', 'balance',
  'description', 'password', 'token', 'apiKey', 'secret', 'authorization', 'cookie',
];

/** Redaction paths: each sensitive key at the top and up to two levels down. */
export const REDACT_PATHS = [
  ...SENSITIVE,
  ...SENSITIVE.map((k) => `*.${k}`),
  ...SENSITIVE.map((k) => `*.*.${k}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
];

export type { Logger };

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'fengkong' },
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

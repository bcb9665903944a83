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

/**
 * A JSON logger at `level` to `destination` (stdout by default). With FENGKONG_LOG_CAPTURE_FILE
 * set, every line at debug and above is also appended to that file: the test run sets it, and a
 * check after the run scans the file for secrets and personal data.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'fengkong' },
    redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  const capture = process.env.FENGKONG_LOG_CAPTURE_FILE;
  if (!capture) return pino(options, destination);
  const streams: pino.StreamEntry[] = [{ level: 'debug', stream: pino.destination({ dest: capture, append: true, sync: true }) }];
  if (level !== 'silent') streams.push({ level: level as pino.Level, stream: destination ?? process.stdout });
  return pino({ ...options, level: 'debug' }, pino.multistream(streams));
}

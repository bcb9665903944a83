/**
 * The per-request logger, made only when a request actually logs. fastify gives every request a
 * pino child with its request id; making one runs the redaction rules over its bindings, which
 * cost a fifth of all memory a decision request allocated. Most requests log nothing below the
 * configured level, so the child is made on the first enabled call instead.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Logger } from '../ops/logger.js';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

class LazyRequestLogger {
  #child: Logger | undefined;

  constructor(
    private readonly parent: Logger,
    private readonly bindings: Record<string, unknown>,
  ) {}

  get level(): string {
    return this.#child?.level ?? this.parent.level;
  }

  set level(l: string) {
    this.#real().level = l;
  }

  #real(): Logger {
    return (this.#child ??= this.parent.child(this.bindings));
  }

  #log(level: Level, args: unknown[]): void {
    if (!(this.#child ?? this.parent).isLevelEnabled(level)) return;
    (this.#real()[level] as (...a: unknown[]) => void)(...args);
  }

  fatal(...args: unknown[]): void {
    this.#log('fatal', args);
  }
  error(...args: unknown[]): void {
    this.#log('error', args);
  }
  warn(...args: unknown[]): void {
    this.#log('warn', args);
  }
  info(...args: unknown[]): void {
    this.#log('info', args);
  }
  debug(...args: unknown[]): void {
    this.#log('debug', args);
  }
  trace(...args: unknown[]): void {
    this.#log('trace', args);
  }
  silent(): void {}
  child(bindings: Record<string, unknown>, options?: object): Logger {
    return this.#real().child(bindings, options);
  }
}

export function lazyRequestLogger(parent: Logger, bindings: Record<string, unknown>): FastifyBaseLogger {
  return new LazyRequestLogger(parent, bindings) as unknown as FastifyBaseLogger;
}

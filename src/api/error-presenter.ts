/**
 * The one place that turns any error into an HTTP answer `{ error: { code, message, details } }`
 * in the caller's language. Unknown errors become INTERNAL without leaking their text.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { FengkongError, type FieldProblem, presentError } from '../shared/errors.js';
import { QueueFullError } from '../shared/group-commit.js';
import { ModelError } from '../models/dataset/model-error.js';
import { negotiateLang } from '../shared/i18n.js';

interface AjvError {
  instancePath?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

function fromAjv(errors: AjvError[], context: string): FieldProblem[] {
  return errors.map((e) => {
    const base = (e.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    const missing = e.params?.missingProperty as string | undefined;
    const field = [context === 'body' ? '' : context, base, missing ?? ''].filter(Boolean).join('.');
    return {
      field,
      reason: e.keyword === 'required' ? 'required' : e.keyword === 'type' ? 'type' : 'value',
      message: e.keyword === 'required' ? { zh: '缺少必填字段', en: 'Required field is missing' } : { zh: '取值无效', en: 'Invalid value' },
    };
  });
}

const STORE_ERROR = /^(08|57P|53)/;

/** Maps an error to the domain error it stands for. */
export function toFengkongError(err: unknown): FengkongError {
  if (err instanceof FengkongError) return err;
  if (err instanceof QueueFullError) return new FengkongError('OVERLOADED', { cause: err });
  // The modelling code's own errors: a bad dataset, option or artifact is the caller's to fix.
  if (err instanceof ModelError) return new FengkongError('MODEL_INVALID', { cause: err, note: err.message, details: [{ field: err.field ?? '', reason: err.code, message: err.text }] });
  const fe = err as FastifyError & { validation?: AjvError[]; validationContext?: string };
  if (fe && fe.validation) return new FengkongError('REQUEST_INVALID', { details: fromAjv(fe.validation, fe.validationContext ?? 'body'), cause: err });
  if (fe?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new FengkongError('BATCH_TOO_LARGE', { cause: err });
  if (fe?.code?.startsWith('FST_ERR_CTP') || fe?.statusCode === 400) {
    return new FengkongError('REQUEST_INVALID', { cause: err, details: [{ field: '', reason: 'invalid_json', message: { zh: '请求体不是有效的 JSON', en: 'The request body is not valid JSON' } }] });
  }
  const code = (err as { code?: unknown })?.code;
  if (typeof code === 'string' && (STORE_ERROR.test(code) || code === 'ECONNREFUSED' || code === 'ECONNRESET')) {
    return new FengkongError('STORE_UNAVAILABLE', { cause: err });
  }
  return new FengkongError('INTERNAL', { cause: err });
}

export function errorHandler(err: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const fe = toFengkongError(err);
  if (fe.status >= 500) request.log.error({ err: fe.cause ?? fe, code: fe.code }, 'request failed');
  const lang = negotiateLang(request.headers['accept-language']);
  void reply.code(fe.status).header('content-language', lang).send(presentError(fe, lang));
}

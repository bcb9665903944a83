/**
 * What a new complaint must carry: a known category and channel, what the customer said, and
 * optionally who complained, about which event, the source system's reference and when it was
 * received. Pure: every problem is listed with its field at once, and no message repeats a value.
 */
import { FengkongError, type FieldProblem } from '../../shared/errors.js';
import { CATEGORY_IDS, CHANNEL_IDS, type ComplaintCategory, type ComplaintChannel, isCategory, isChannel } from './complaint-catalogue.js';
import { textProblems } from './complaint-lifecycle.js';

export interface ComplaintIntakeInput {
  category: string;
  channel: string;
  /** What the customer said: may hold personal data, so it rests sealed. */
  description: string;
  customerId?: string | null;
  /** The event complained about (a disputed payment, a login the customer does not recognise). */
  eventId?: string | null;
  /** The complaint's number in the system it came from; a repeat returns the complaint filed first. */
  reference?: string | null;
  /** When the customer complained (ISO 8601 with offset); now when absent. Deadlines run from it. */
  receivedAt?: string | null;
}

export interface ValidIntake {
  category: ComplaintCategory;
  channel: ComplaintChannel;
  description: string;
  customerId: string | null;
  eventId: string | null;
  reference: string | null;
  receivedAt: number;
}

/** A clock skew we forgive; anything later is a typo, not a complaint from the future. */
export const MAX_FUTURE_MS = 5 * 60_000;
/** Complaints are filed within days; a receipt older than this is a wrong date. */
export const MAX_AGE_MS = 90 * 86_400_000;

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function idProblems(field: string, v: unknown, max: number): FieldProblem[] {
  if (v === undefined || v === null) return [];
  if (typeof v !== 'string' || v.trim().length === 0 || v.length > max) return [{ field, reason: 'value', message: { zh: `应为 1–${max} 个字符的标识`, en: `an id of 1–${max} characters` } }];
  return [];
}

/**
 * The intake as typed values, or REQUEST_INVALID naming every field that is wrong — with `found`,
 * the problems the caller found in the store (an unknown event), so one answer lists them all.
 */
export function checkIntake(input: ComplaintIntakeInput, now: number, found: readonly FieldProblem[] = []): ValidIntake {
  const problems: FieldProblem[] = [];
  if (!isCategory(input.category)) problems.push({ field: 'category', reason: 'value', message: { zh: `应为 ${CATEGORY_IDS.join('、')}`, en: `one of ${CATEGORY_IDS.join(', ')}` } });
  if (!isChannel(input.channel)) problems.push({ field: 'channel', reason: 'value', message: { zh: `应为 ${CHANNEL_IDS.join('、')}`, en: `one of ${CHANNEL_IDS.join(', ')}` } });
  problems.push(...textProblems('description', input.description));
  problems.push(...idProblems('customerId', input.customerId, 128), ...idProblems('eventId', input.eventId, 128), ...idProblems('reference', input.reference, 128));
  let receivedAt = now;
  if (input.receivedAt !== undefined && input.receivedAt !== null) {
    const t = typeof input.receivedAt === 'string' && ISO_WITH_OFFSET.test(input.receivedAt) ? Date.parse(input.receivedAt) : Number.NaN;
    if (Number.isNaN(t)) problems.push({ field: 'receivedAt', reason: 'format', message: { zh: '应为带时区的 ISO 8601 时间', en: 'an ISO 8601 time with an offset' } });
    else if (t > now + MAX_FUTURE_MS) problems.push({ field: 'receivedAt', reason: 'future', message: { zh: '接收时间不能晚于当前时间', en: 'cannot be in the future' } });
    else if (t < now - MAX_AGE_MS) problems.push({ field: 'receivedAt', reason: 'too_old', message: { zh: '接收时间不能早于 90 天前', en: 'cannot be more than 90 days ago' } });
    else receivedAt = Math.min(t, now);
  }
  problems.push(...found);
  if (problems.length) throw new FengkongError('REQUEST_INVALID', { details: problems });
  const opt = (v: string | null | undefined) => (v === undefined || v === null ? null : v.trim());
  return {
    category: input.category as ComplaintCategory,
    channel: input.channel as ComplaintChannel,
    description: input.description,
    customerId: opt(input.customerId),
    eventId: opt(input.eventId),
    reference: opt(input.reference),
    receivedAt,
  };
}

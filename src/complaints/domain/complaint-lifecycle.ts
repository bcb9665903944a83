/**
 * The life of a complaint: received → responded → resolved → closed. Pure: given a complaint and
 * an action, the changes to make or a refusal naming the reason. A first response answers the
 * customer within the first deadline; the feedback (with an outcome) settles the complaint within
 * the second; closing needs the feedback first, so every closed complaint had its loop closed.
 * Escalation is not a status but a mark set by the deadline monitor: a late complaint still needs
 * its response and feedback, and its status must keep saying which.
 */
import { FengkongError, type FieldProblem } from '../../shared/errors.js';
import { type FeedbackOutcome, isOutcome, OUTCOME_IDS } from './complaint-catalogue.js';

export const COMPLAINT_STATUSES = ['received', 'responded', 'resolved', 'closed'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export const MAX_TEXT = 4000;

export type ComplaintAction =
  | { kind: 'assign'; to: string }
  | { kind: 'respond'; text: string }
  | { kind: 'feedback'; text: string; outcome: FeedbackOutcome }
  | { kind: 'close' };

export interface ComplaintState {
  status: ComplaintStatus;
  assignee: string | null;
  firstResponseAt: string | null;
}

/** What an action changes; the service writes exactly these columns. */
export interface ComplaintChange {
  status: ComplaintStatus;
  assignee: string | null;
  /** Set when this action is the first answer to the customer. */
  firstResponseAt?: string;
  feedbackAt?: string;
  closedAt?: string;
}

function refuse(reason: string, zh: string, en: string): never {
  throw new FengkongError('COMPLAINT_TRANSITION_REFUSED', { details: [{ field: 'action', reason, message: { zh, en } }] });
}

/** Problems with a text the customer will read (or that records what they said): blank or too long. */
export function textProblems(field: string, text: unknown): FieldProblem[] {
  if (typeof text !== 'string' || text.trim().length === 0) return [{ field, reason: 'required', message: { zh: '内容不能为空', en: 'the text is empty' } }];
  if (text.length > MAX_TEXT) return [{ field, reason: 'length', message: { zh: `内容不能超过 ${MAX_TEXT} 个字符`, en: `at most ${MAX_TEXT} characters` } }];
  return [];
}

function check(problems: FieldProblem[]): void {
  if (problems.length) throw new FengkongError('REQUEST_INVALID', { details: problems });
}

/** The changes `action` makes at `at` (ISO time), or a refusal. */
export function nextState(c: ComplaintState, action: ComplaintAction, at: string): ComplaintChange {
  if (c.status === 'closed') refuse('closed', '投诉已办结', 'the complaint is closed');
  switch (action.kind) {
    case 'assign':
      return { status: c.status, assignee: action.to };
    case 'respond':
      check(textProblems('text', action.text));
      if (c.status !== 'received') refuse('responded', '已首次响应,请继续办理并反馈结果', 'the complaint already has its first response; give the feedback next');
      return { status: 'responded', assignee: c.assignee, firstResponseAt: at };
    case 'feedback': {
      const problems = textProblems('text', action.text);
      if (!isOutcome(action.outcome)) problems.push({ field: 'outcome', reason: 'value', message: { zh: `应为 ${OUTCOME_IDS.join('、')}`, en: `one of ${OUTCOME_IDS.join(', ')}` } });
      check(problems);
      if (c.status === 'resolved') refuse('resolved', '已反馈处理结果', 'the feedback is already given');
      // Feedback straight away also answers the customer: it is the first response too.
      return { status: 'resolved', assignee: c.assignee, feedbackAt: at, ...(c.firstResponseAt ? {} : { firstResponseAt: at }) };
    }
    case 'close':
      if (c.status !== 'resolved') refuse('no_feedback', '请先向客户反馈处理结果再办结', 'give the customer the feedback before closing');
      return { status: 'closed', assignee: c.assignee, closedAt: at };
  }
}

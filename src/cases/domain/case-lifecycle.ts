/**
 * The life of a case: new → assigned → investigating → escalated → closed, and who may move it.
 * Pure: given a case and an action by someone, the next state or a refusal naming the reason.
 * Closing needs a disposition and a note; working a case needs being its assignee (or a lead).
 */
import { FengkongError } from '../../shared/errors.js';

export const CASE_STATUSES = ['new', 'assigned', 'investigating', 'escalated', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const DISPOSITIONS = ['confirmed_fraud', 'false_positive', 'legitimate', 'inconclusive'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function worse(a: Severity, b: Severity): Severity {
  return SEVERITIES.indexOf(a) >= SEVERITIES.indexOf(b) ? a : b;
}

export function isSeverity(v: unknown): v is Severity {
  return typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v);
}

export type CaseAction =
  | { kind: 'claim' }
  | { kind: 'assign'; to: string }
  | { kind: 'start' }
  | { kind: 'escalate'; note: string }
  | { kind: 'close'; disposition: Disposition; note: string };

export interface CaseState {
  status: CaseStatus;
  assignee: string | null;
}

export interface Actor {
  name: string;
  /** May assign to others and work any case (an investigation lead). */
  lead: boolean;
}

function refuse(reason: string, zh: string, en: string): never {
  throw new FengkongError('CASE_TRANSITION_REFUSED', { details: [{ field: 'action', reason, message: { zh, en } }] });
}

function needsNote(note: string): void {
  if (note.trim().length < 3) throw new FengkongError('REQUEST_INVALID', { details: [{ field: 'note', reason: 'required', message: { zh: '请填写说明(至少 3 个字符)', en: 'a note is required (at least 3 characters)' } }] });
}

/** The state after `action`, or a refusal. */
export function nextState(c: CaseState, action: CaseAction, actor: Actor): CaseState {
  if (c.status === 'closed') refuse('closed', '案件已结案', 'the case is closed');
  const mine = c.assignee === actor.name || actor.lead;
  switch (action.kind) {
    case 'claim':
      if (c.assignee !== null) refuse('taken', '案件已被认领', 'the case is already assigned');
      return { status: 'assigned', assignee: actor.name };
    case 'assign':
      if (!actor.lead) refuse('not_lead', '只有组长可以分派', 'only a lead assigns cases to others');
      return { status: c.status === 'new' ? 'assigned' : c.status, assignee: action.to };
    case 'start':
      if (!mine) refuse('not_assignee', '只有处理人可以开始调查', 'only the assignee starts the investigation');
      if (c.status !== 'assigned' && c.status !== 'escalated') refuse('status', '当前状态不能开始调查', 'cannot start from this status');
      return { status: 'investigating', assignee: c.assignee ?? actor.name };
    case 'escalate':
      needsNote(action.note);
      if (!mine) refuse('not_assignee', '只有处理人可以升级', 'only the assignee escalates');
      if (c.status !== 'assigned' && c.status !== 'investigating') refuse('status', '当前状态不能升级', 'cannot escalate from this status');
      return { status: 'escalated', assignee: c.assignee };
    case 'close':
      needsNote(action.note);
      if (!(DISPOSITIONS as readonly string[]).includes(action.disposition)) {
        throw new FengkongError('REQUEST_INVALID', { details: [{ field: 'disposition', reason: 'value', message: { zh: `应为 ${DISPOSITIONS.join('、')}`, en: `one of ${DISPOSITIONS.join(', ')}` } }] });
      }
      if (!mine) refuse('not_assignee', '只有处理人可以结案', 'only the assignee closes the case');
      if (c.status === 'new') refuse('status', '请先认领再结案', 'claim the case before closing it');
      return { status: 'closed', assignee: c.assignee };
  }
}

/** What a disposition teaches the label store about the case's events (null: nothing). */
export function labelOf(d: Disposition): 'fraud' | 'legitimate' | null {
  if (d === 'confirmed_fraud') return 'fraud';
  if (d === 'false_positive' || d === 'legitimate') return 'legitimate';
  return null;
}

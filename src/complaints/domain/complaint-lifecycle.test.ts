/** The complaint life cycle, table-driven: which action moves which status, and every refusal. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ComplaintAction, type ComplaintState, type ComplaintStatus, nextState } from './complaint-lifecycle.js';

const AT = '2026-11-23T10:00:00.000Z';
const at = (status: ComplaintStatus, firstResponseAt: string | null = status === 'received' ? null : '2026-11-23T09:00:00.000Z'): ComplaintState => ({ status, assignee: 'kf.a', firstResponseAt });
const code = (e: unknown) => (e as { code?: string }).code;
const fields = (e: unknown) => ((e as { details?: Array<{ field: string }> }).details ?? []).map((d) => d.field);

const respond: ComplaintAction = { kind: 'respond', text: '已收到,正在核实' };
const feedback: ComplaintAction = { kind: 'feedback', text: '已退还手续费', outcome: 'upheld' };

test('allowed moves', () => {
  const cases: Array<[ComplaintState, ComplaintAction, Record<string, unknown>]> = [
    [at('received'), respond, { status: 'responded', firstResponseAt: AT }],
    [at('responded'), feedback, { status: 'resolved', feedbackAt: AT }],
    // Feedback straight away is the first response as well.
    [at('received'), feedback, { status: 'resolved', feedbackAt: AT, firstResponseAt: AT }],
    [at('resolved'), { kind: 'close' }, { status: 'closed', closedAt: AT }],
    [at('responded'), { kind: 'assign', to: 'kf.b' }, { status: 'responded', assignee: 'kf.b' }],
    [at('resolved'), { kind: 'assign', to: 'kf.b' }, { status: 'resolved', assignee: 'kf.b' }],
  ];
  for (const [state, action, expected] of cases) {
    const next = nextState(state, action, AT);
    for (const [k, v] of Object.entries(expected)) assert.equal((next as unknown as Record<string, unknown>)[k], v, `${state.status} + ${action.kind}: ${k}`);
    if (state.firstResponseAt && action.kind === 'feedback') assert.equal(next.firstResponseAt, undefined, 'an earlier response is kept');
  }
});

test('refused moves name their reason', () => {
  const cases: Array<[ComplaintState, ComplaintAction, string]> = [
    [at('responded'), respond, 'responded'],
    [at('resolved'), respond, 'responded'],
    [at('resolved'), feedback, 'resolved'],
    [at('received'), { kind: 'close' }, 'no_feedback'],
    [at('responded'), { kind: 'close' }, 'no_feedback'],
    [at('closed'), { kind: 'assign', to: 'kf.b' }, 'closed'],
    [at('closed'), feedback, 'closed'],
  ];
  for (const [state, action, reason] of cases) {
    assert.throws(() => nextState(state, action, AT), (e) => code(e) === 'COMPLAINT_TRANSITION_REFUSED' && (e as { details: Array<{ reason: string }> }).details[0]!.reason === reason, `${state.status} + ${action.kind}`);
  }
});

test('texts are required and bounded; the outcome is checked with the text, both listed', () => {
  assert.throws(() => nextState(at('received'), { kind: 'respond', text: '   ' }, AT), (e) => code(e) === 'REQUEST_INVALID' && fields(e).join() === 'text');
  assert.throws(() => nextState(at('received'), { kind: 'respond', text: 'x'.repeat(4001) }, AT), (e) => code(e) === 'REQUEST_INVALID' && fields(e).join() === 'text');
  assert.throws(() => nextState(at('responded'), { kind: 'feedback', text: '', outcome: 'maybe' as never }, AT), (e) => code(e) === 'REQUEST_INVALID' && fields(e).join() === 'text,outcome');
});

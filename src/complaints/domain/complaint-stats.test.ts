/** Statistics over a known set of complaints, worked out by hand. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ComplaintStatsBuilder, median, type StatsRow } from './complaint-stats.js';

const H = 3_600_000;
const T0 = Date.parse('2026-11-01T00:00:00Z');

function row(category: string, receivedH: number, respondedH: number | null, fedBackH: number | null, extra: Partial<StatsRow> = {}): StatsRow {
  const receivedAt = T0 + receivedH * H;
  const status = fedBackH !== null ? 'resolved' : respondedH !== null ? 'responded' : 'received';
  return {
    category,
    status,
    channel: 'phone',
    outcome: fedBackH !== null ? 'upheld' : null,
    receivedAt,
    responseDueAt: receivedAt + 24 * H,
    firstResponseAt: respondedH === null ? null : receivedAt + respondedH * H,
    feedbackDueAt: receivedAt + 48 * H,
    feedbackAt: fedBackH === null ? null : receivedAt + fedBackH * H,
    escalated: false,
    ...extra,
  };
}

test('median of odd and even counts, and of nothing', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([]), null);
});

test('counts, deadlines kept and missed, and times to answer', () => {
  // Now: 100 h after T0.
  const s = new ComplaintStatsBuilder(T0 + 100 * H);
  s.add(row('fees', 0, 2, 10, { status: 'closed' })); // both on time
  s.add(row('fees', 0, 30, 40, { channel: 'app', escalated: true })); // response late, feedback on time
  s.add(row('fees', 0, 4, 60, { outcome: 'not_upheld', escalated: true })); // feedback late
  s.add(row('fraud', 0, null, null, { escalated: true })); // nothing done, both past due
  s.add(row('privacy', 90, null, null)); // 10 h old: both running
  s.add(row('privacy', 80, 8, null)); // responded; feedback due at 128 h: running
  const r = s.result();
  assert.equal(r.total, 6);
  assert.equal(r.escalated, 3);
  assert.deepEqual(r.byStatus, { received: 2, responded: 1, resolved: 2, closed: 1 });
  assert.equal(r.byChannel.phone, 5);
  assert.equal(r.byChannel.app, 1);
  assert.deepEqual(r.byOutcome, { upheld: 2, partially_upheld: 0, not_upheld: 1 });
  assert.deepEqual({ ...r.response, medianMinutes: undefined, averageMinutes: undefined }, { onTime: 3, breached: 2, pending: 1, medianMinutes: undefined, averageMinutes: undefined });
  assert.deepEqual({ ...r.feedback, medianMinutes: undefined, averageMinutes: undefined }, { onTime: 2, breached: 2, pending: 2, medianMinutes: undefined, averageMinutes: undefined });
  // Responses after 2, 30, 4, 8 h: median 6 h, mean 11 h. Feedback after 10, 40, 60 h: median 40 h, mean 36.7 h.
  assert.equal(r.response.medianMinutes, 360);
  assert.equal(r.response.averageMinutes, 660);
  assert.equal(r.feedback.medianMinutes, 2400);
  assert.equal(r.feedback.averageMinutes, 2200);
  const fees = r.byCategory.find((c) => c.category === 'fees')!;
  assert.deepEqual([fees.total, fees.open, fees.escalated], [3, 2, 2]);
  assert.deepEqual(fees.response, { onTime: 2, breached: 1, pending: 0 });
  assert.deepEqual(fees.feedback, { onTime: 2, breached: 1, pending: 0 });
  assert.deepEqual(fees.label, { zh: '收费', en: 'Fees and charges' });
  const fraud = r.byCategory.find((c) => c.category === 'fraud')!;
  assert.deepEqual([fraud.response.breached, fraud.feedback.breached], [1, 1]);
  const privacy = r.byCategory.find((c) => c.category === 'privacy')!;
  assert.deepEqual([privacy.response, privacy.feedback], [{ onTime: 1, breached: 0, pending: 1 }, { onTime: 0, breached: 0, pending: 2 }]);
  // Every category is listed, those without complaints at zero.
  assert.equal(r.byCategory.find((c) => c.category === 'collection')!.total, 0);
});

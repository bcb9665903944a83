/** Intake checks: every problem listed with its field, none repeating the offending value. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkIntake, type ComplaintIntakeInput } from './complaint-intake-rules.js';

const NOW = Date.parse('2026-11-23T09:00:00Z');
const ok: ComplaintIntakeInput = { category: 'fees', channel: 'phone', description: '客户称被重复收取手续费' };
const problems = (input: Partial<ComplaintIntakeInput>) => {
  try {
    checkIntake({ ...ok, ...input }, NOW);
    return [];
  } catch (e) {
    assert.equal((e as { code: string }).code, 'REQUEST_INVALID');
    return (e as { details: Array<{ field: string; reason: string; message: { zh: string; en: string } }> }).details;
  }
};

test('a good intake is typed, received now unless told', () => {
  const v = checkIntake({ ...ok, customerId: ' cust-1 ', reference: 'KF-1' }, NOW);
  assert.deepEqual([v.category, v.channel, v.customerId, v.reference, v.eventId, v.receivedAt], ['fees', 'phone', 'cust-1', 'KF-1', null, NOW]);
  assert.equal(checkIntake({ ...ok, receivedAt: '2026-11-22T17:00:00+08:00' }, NOW).receivedAt, Date.parse('2026-11-22T09:00:00Z'));
});

test('each wrong field is one problem, all listed together', () => {
  const cases: Array<[Partial<ComplaintIntakeInput>, string[]]> = [
    [{ category: 'weather' }, ['category:value']],
    [{ channel: 'pigeon' }, ['channel:value']],
    [{ description: '  ' }, ['description:required']],
    [{ description: 'x'.repeat(4001) }, ['description:length']],
    [{ customerId: '' }, ['customerId:value']],
    [{ eventId: 'e'.repeat(129) }, ['eventId:value']],
    [{ receivedAt: 'yesterday' }, ['receivedAt:format']],
    [{ receivedAt: '2026-11-23T09:00:00' }, ['receivedAt:format']],
    [{ receivedAt: '2026-11-23T10:00:00Z' }, ['receivedAt:future']],
    [{ receivedAt: '2026-01-01T00:00:00Z' }, ['receivedAt:too_old']],
    [{ category: 'weather', channel: 'pigeon', description: '', receivedAt: 'soon' }, ['category:value', 'channel:value', 'description:required', 'receivedAt:format']],
  ];
  for (const [input, expected] of cases) assert.deepEqual(problems(input).map((p) => `${p.field}:${p.reason}`), expected, JSON.stringify(input).slice(0, 80));
});

test('messages are bilingual and never repeat the value', () => {
  for (const p of problems({ category: 'weather', description: '' })) {
    assert.ok(p.message.zh && p.message.en);
    assert.ok(!p.message.zh.includes('weather') && !p.message.en.includes('weather'));
  }
});

test('problems found in the store are listed with the rest', () => {
  const found = [{ field: 'eventId', reason: 'not_found', message: { zh: '找不到该事件', en: 'no event has this id' } }];
  assert.throws(() => checkIntake({ ...ok, channel: 'pigeon', eventId: 'ev-1' }, NOW, found), (e) => (e as { details: Array<{ field: string }> }).details.map((d) => d.field).join() === 'channel,eventId');
});

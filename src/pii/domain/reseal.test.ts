import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keyIdOf, resealFields, resealText } from './reseal.js';

// Stands in for the vault: "opens" anything but k9, "seals" under k2.
const reseal = (c: string) => {
  if (keyIdOf(c) === 'k9') throw new Error('unknown key');
  return `k2.${c.slice(c.indexOf('.') + 1)}`;
};

test('key id of a sealed text', () => {
  for (const [sealed, id] of [
    ['k1.iv.ct.tag', 'k1'],
    ['main.iv.ct.tag', 'main'],
    ['nodots', ''],
    ['', ''],
  ] as const) {
    assert.equal(keyIdOf(sealed), id, sealed);
  }
});

test('pii fields: only values under an old key are re-sealed; h and m stay', () => {
  const cases: Array<{ name: string; pii: Record<string, unknown>; next: Record<string, unknown> | null; resealed: number; unreadable: number }> = [
    { name: 'nothing sealed', pii: {}, next: null, resealed: 0, unreadable: 0 },
    { name: 'all current', pii: { phone: { c: 'k2.a.b.c', h: 'H', m: 'M' } }, next: null, resealed: 0, unreadable: 0 },
    {
      name: 'one old, one current',
      pii: { phone: { c: 'k1.a.b.c', h: 'H1', m: 'M1' }, name: { c: 'k2.d.e.f', h: 'H2', m: 'M2' } },
      next: { phone: { c: 'k2.a.b.c', h: 'H1', m: 'M1' }, name: { c: 'k2.d.e.f', h: 'H2', m: 'M2' } },
      resealed: 1,
      unreadable: 0,
    },
    {
      name: 'unreadable left as it is, the rest re-sealed',
      pii: { phone: { c: 'k9.a.b.c', h: 'H1', m: 'M1' }, name: { c: 'k1.d.e.f', h: 'H2', m: 'M2' } },
      next: { phone: { c: 'k9.a.b.c', h: 'H1', m: 'M1' }, name: { c: 'k2.d.e.f', h: 'H2', m: 'M2' } },
      resealed: 1,
      unreadable: 1,
    },
    { name: 'only unreadable', pii: { phone: { c: 'k9.a.b.c', h: 'H', m: 'M' } }, next: null, resealed: 0, unreadable: 1 },
    { name: 'not a sealed value', pii: { odd: 'text', none: null }, next: null, resealed: 0, unreadable: 0 },
  ];
  for (const c of cases) {
    const r = resealFields(c.pii, 'k2', reseal);
    assert.deepEqual(r, { next: c.next, resealed: c.resealed, unreadable: c.unreadable }, c.name);
  }
});

test('sealed text columns', () => {
  assert.deepEqual(resealText('k1.a.b.c', 'k2', reseal), { next: 'k2.a.b.c', resealed: 1, unreadable: 0 });
  assert.deepEqual(resealText('k2.a.b.c', 'k2', reseal), { next: null, resealed: 0, unreadable: 0 });
  assert.deepEqual(resealText('k9.a.b.c', 'k2', reseal), { next: null, resealed: 0, unreadable: 1 });
});

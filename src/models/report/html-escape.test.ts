/** Escaping by default: text and numbers escaped, nested markup kept, conditionals vanish. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { escapeHtml, html, trusted } from './html-escape.js';

describe('escapeHtml', () => {
  const cases: [string, string][] = [
    ['plain 中文', 'plain 中文'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    [`"onmouseover='x'`, '&quot;onmouseover=&#39;x&#39;'],
    ['a & b', 'a &amp; b'],
    ['&amp;', '&amp;amp;'],
  ];
  for (const [input, expected] of cases) test(JSON.stringify(input), () => assert.equal(escapeHtml(input), expected));
});

describe('html', () => {
  test('escapes interpolated text and numbers, keeps nested html', () => {
    const name = '<b>x</b>';
    const inner = html`<i>${name}</i>`;
    assert.equal(html`<p title="${name}">${inner} ${42}</p>`.value, '<p title="&lt;b&gt;x&lt;/b&gt;"><i>&lt;b&gt;x&lt;/b&gt;</i> 42</p>');
  });

  test('arrays join; null, undefined and booleans render nothing', () => {
    const items = ['<a>', 'b'].map((s) => html`<li>${s}</li>`);
    assert.equal(html`<ul>${items}</ul>${null}${undefined}${false}${true}`.value, '<ul><li>&lt;a&gt;</li><li>b</li></ul>');
  });

  test('a plain string never passes as markup, a trusted one does', () => {
    assert.equal(html`${'<br>'}${trusted('<br>')}`.value, '&lt;br&gt;<br>');
  });
});

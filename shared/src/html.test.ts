import { describe, expect, it } from 'vitest';
import { html, safeHref } from './html.js';

describe('html', () => {
  it('escapes interpolated text and passes nested fragments through', () => {
    const name = '<img src=x onerror=alert(1)> & "Söhne"';
    expect(html`<b title="${name}">${name}</b>${html`<i>ok</i>`}`.html).toBe(
      '<b title="&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Söhne&quot;">&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Söhne&quot;</b><i>ok</i>',
    );
  });

  it('renders nothing for null, undefined and booleans, and joins arrays', () => {
    expect(html`${null}${undefined}${false}${true}${['a', html`<br>`]}`.html).toBe('a<br>');
  });

  it('lets only http(s) links through', () => {
    expect(safeHref('https://erp.example.de/x')).toBe('https://erp.example.de/x');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('not a url')).toBeNull();
  });
});

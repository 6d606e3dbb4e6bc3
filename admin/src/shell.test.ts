import { describe, expect, it } from 'vitest';
import { translator } from './i18n/i18n.js';
import { routeOf } from './router.js';
import { renderHeader } from './shell.js';

describe('routing and header', () => {
  it('maps hashes to tabs, defaulting to phone systems', () => {
    expect(routeOf('#agents')).toBe('agents');
    expect(routeOf('#/customers')).toBe('customers');
    expect(routeOf('#settings?x=1')).toBe('settings');
    expect(routeOf('')).toBe('sources');
    expect(routeOf('#nope')).toBe('sources');
  });

  it('shows tabs and sign-out only when signed in', () => {
    const t = translator('de');
    const inside = renderHeader(t, 'de', true, 'agents').html;
    expect(inside).toContain('<a href="#agents" data-route="agents" aria-current="page">Mitarbeitende</a>');
    expect(inside).toContain('id="sign-out"');
    expect(inside).toContain('<option value="de" selected>Deutsch</option>');
    const outside = renderHeader(t, 'de', false, null).html;
    expect(outside).not.toContain('sign-out');
    expect(outside).not.toContain('#agents');
    expect(outside).toContain('id="language"');
  });
});

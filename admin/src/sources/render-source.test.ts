import { describe, expect, it } from 'vitest';
import type { TestCallResult } from '@ringside/shared';
import { de, en, knownLookup, NOW, source } from '../testing/fixtures.js';
import { renderOverview, renderSource, renderStatus, statusKey } from './render-source.js';
import { renderTestCall } from './render-test-call.js';

describe('a phone system section', () => {
  it('shows the URL to paste with a copy button, the steps and the switch', () => {
    const out = renderSource(source(), de).html;
    expect(out).toContain('data-source="generic"');
    expect(out).toMatch(/<input id="url-generic-0" class="source-url"[^>]*value="http:\/\/127\.0\.0\.1:7070\/pbx\/generic\/tok&quot;en"/);
    expect(out).toContain('<button type="button" class="copy">Kopieren</button>');
    expect(out).toContain('class="source-enabled" type="checkbox" checked');
    expect(out).toContain('<details class="setup" open>');
    expect(out).toContain('Testanruf senden');
    expect(out).toContain('nicht gesetzt');
  });

  it('shows what to set instead of a URL the bridge would refuse (strict mode, no token of its own)', () => {
    const strict = source({ id: 'zammad', urls: [], tokenNeeded: 'RINGSIDE_WEBHOOK_TOKEN_ZAMMAD' });
    const german = renderSource(strict, de).html;
    expect(german).not.toContain('class="source-url"');
    expect(german).toMatch(/<p class="message warn source-token-needed">[^<]*eigenes Token mit RINGSIDE_WEBHOOK_TOKEN_ZAMMAD/);
    const english = renderSource(strict, en).html;
    expect(english).toMatch(/<p class="message warn source-token-needed">[^<]*token of its own with RINGSIDE_WEBHOOK_TOKEN_ZAMMAD/);
    expect(renderSource(source(), en).html).not.toContain('source-token-needed');
  });

  it('shows the last event with its summary and content, and the last error', () => {
    const s = source({
      lastEvent: { at: new Date(NOW - 5000).toISOString(), summary: 'ringing in +49 30 1234567 -> 21', content: '{"event":"<ringing>"}' },
      lastError: { at: new Date(NOW - 60_000).toISOString(), status: 401, message: 'token rejected', field: null },
    });
    const out = renderStatus(s, de).html;
    expect(out).toMatch(/<div class="last-event">[\s\S]*vor 5 s[\s\S]*ringing in \+49 30 1234567 -&gt; 21/);
    expect(out).toContain('<pre>{&quot;event&quot;:&quot;&lt;ringing&gt;&quot;}</pre>');
    expect(out).toContain('HTTP 401: token rejected');
    expect(statusKey(s)).not.toBe(statusKey(source()));
  });

  it('lists identifiers that belong to no agent, each with a one-click assignment', () => {
    const s = source({ id: 'sipgate', unmapped: [{ identifier: 'w<0>', role: 'ringing', lastSeenAt: new Date(NOW).toISOString(), count: 3 }] });
    const agents = [{ id: 'a1', name: 'Anna Becker' }];
    const out = renderStatus(s, de, agents).html;
    expect(out).toContain('Nicht zugeordnete Kennungen');
    expect(out).toContain('data-identifier="w&lt;0&gt;"');
    expect(out).toContain('<option value="a1">Anna Becker</option>');
    expect(out).toContain('data-action="assign-identifier"');
    expect(out).toContain('klingelte · 3× gesehen');
    expect(renderStatus(s, de, []).html).toContain('Legen Sie zuerst Mitarbeitende an.');
    expect(renderStatus(source(), de, agents).html).not.toContain('unmapped');
    expect(statusKey(s, agents)).not.toBe(statusKey(s));
  });

  it('shows a stream connection and secrets locked by the environment', () => {
    const s = source({
      id: 'placetel',
      kind: 'webhook',
      secrets: [{ name: 'placetelSecret', set: true, lockedByEnv: true, format: 'text' }],
      connection: { target: 'fritz.box:1012', connected: false },
    });
    const out = renderSource(s, en).html;
    expect(out).toContain('disconnected');
    expect(out).toContain('Target: fritz.box:1012');
    expect(out).toContain('RINGSIDE_PLACETEL_SECRET');
    expect(out).not.toContain('secret-input');
  });

  it('offers a text area for a PEM key and no test call where there is none', () => {
    const out = renderSource(source({ id: 'sipgate', secrets: [{ name: 'sipgatePublicKey', set: true, lockedByEnv: false, format: 'pem' }], testable: false }), de).html;
    expect(out).toContain('<textarea id="secret-sipgate-sipgatePublicKey"');
    expect(out).toContain('Entfernen');
    expect(out).not.toContain('Testanruf senden');
  });
});

describe('the overview', () => {
  it('lists every system with its switch state, last event and connection', () => {
    const out = renderOverview(
      [
        source({ lastEvent: { at: new Date(NOW - 5000).toISOString(), summary: 's', content: 'c' } }),
        source({ id: 'fritzbox', name: 'Fritz!Box Anrufmonitor', kind: 'stream', enabled: false, urls: [], connection: { target: 'fritz.box', connected: true } }),
      ],
      de,
    ).html;
    expect(out).toContain('data-action="jump" data-target="fritzbox">Fritz!Box Anrufmonitor</button>');
    expect(out).toMatch(/data-overview="generic"[\s\S]*ja[\s\S]*vor 5 s/);
    expect(out).toMatch(/data-overview="fritzbox"[\s\S]*nein[\s\S]*verbunden/);
  });
});

describe('a test call result', () => {
  const result: TestCallResult = {
    request: { method: 'POST', path: '/pbx/generic', contentType: 'application/json', body: '{"from":"0170"}' },
    response: { status: 202, contentType: 'application/json', body: '{"callId":"t-1"}' },
    call: null,
    lookup: knownLookup,
    error: null,
  };

  it('shows the card and the exchange', () => {
    const out = renderTestCall(result, de).html;
    expect(out).toContain('Herr Jonas Welter');
    expect(out).toContain('POST /pbx/generic\nContent-Type: application/json');
    expect(out).toContain('Antwort von Ringside (HTTP 202)');
  });

  it('says why the adapter refused', () => {
    const out = renderTestCall({ ...result, lookup: null, error: 'missing field "callId"' }, de).html;
    expect(out).toContain('Der Adapter hat die Anfrage abgelehnt: missing field &quot;callId&quot;');
  });
});

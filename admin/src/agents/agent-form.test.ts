import type { AgentView, AgentWithToken } from '@ringside/shared';
import { describe, expect, it } from 'vitest';
import { translator } from '../i18n/i18n.js';
import { agentInputFrom, formValuesOf, identifierSummary, mergeIdentifiers } from './agent-form.js';
import { renderAgentFields, renderAgentRow, renderPairing } from './render-agents.js';

const t = translator('de');
const ben: AgentView = {
  id: 'a1',
  name: 'Ben <Berger>',
  email: 'ben@example.de',
  extensions: ['21'],
  identifiers: { sipgate: ['w0'], kamailio: ['sip:ben@pbx'] },
  dialDevices: { fritzbox: 'FON2: Büro' },
  createdAt: '2026-11-20T08:00:00Z',
  connections: 2,
};

describe('agent form', () => {
  it('turns typed text into an AgentInput', () => {
    expect(agentInputFrom({ name: ' Ben ', email: '', extensions: '21, 22,,21', identifiers: { sipgate: 'w0, w1', fritzbox: ' ' } })).toEqual({
      name: 'Ben',
      email: null,
      extensions: ['21', '22'],
      identifiers: { sipgate: ['w0', 'w1'] },
    });
  });

  it('keeps identifiers of systems the form has no input for, and drops emptied ones', () => {
    expect(mergeIdentifiers({ sipgate: '' , fritzbox: '1' }, ben.identifiers)).toEqual({ kamailio: ['sip:ben@pbx'], fritzbox: ['1'] });
  });

  it('round-trips an agent through the form values', () => {
    const values = formValuesOf(ben);
    expect(values.extensions).toBe('21');
    expect(values.identifiers['sipgate']).toBe('w0');
    expect(agentInputFrom(values, ben)).toEqual({
      name: 'Ben <Berger>',
      email: 'ben@example.de',
      extensions: ['21'],
      identifiers: { sipgate: ['w0'], kamailio: ['sip:ben@pbx'] },
      // Every dial system goes along, so an emptied field removes its device.
      dialDevices: { fritzbox: 'FON2: Büro', sipgate: '', placetel: '', asterisk: '', generic: '' },
    });
  });

  it('renders the dial devices with their values, escaped', () => {
    const out = renderAgentFields('agent', { ...formValuesOf(ben), dialDevices: { fritzbox: 'FON"1' } }, t).html;
    expect(out).toContain('data-dial-device="fritzbox"');
    expect(out).toContain('value="FON&quot;1"');
    expect(renderAgentRow(ben, t).html).toContain('FON2: Büro');
  });

  it('summarizes identifiers with the systems\' names', () => {
    expect(identifierSummary({ sipgate: ['w0', 'w1'], fritzbox: ['1'], other: [] })).toBe('sipgate: w0, w1 · Fritz!Box: 1');
  });

  it('renders the create form with the ids the tests use', () => {
    const out = renderAgentFields('agent', { name: '', email: '', extensions: '', identifiers: {} }, t).html;
    for (const id of ['agent-name', 'agent-email', 'agent-extensions', 'agent-ident-sipgate', 'agent-ident-placetel', 'agent-ident-fritzbox', 'agent-ident-3cx', 'agent-ident-asterisk']) {
      expect(out).toContain(`id="${id}"`);
      expect(out).toContain(`<label for="${id}"`);
    }
  });

  it('renders a row escaped, with the connection state', () => {
    const out = renderAgentRow(ben, t).html;
    expect(out).toContain('Ben &lt;Berger&gt;');
    expect(out).toContain('verbunden (2 Browser)');
    expect(renderAgentRow({ ...ben, connections: 0 }, t).html).toContain('nicht verbunden');
  });
});

describe('pairing panel', () => {
  const created: AgentWithToken = { ...ben, token: 'tok-123', pairing: { fragment: '#bridge=http%3A%2F%2F127.0.0.1%3A7070&token=tok-123', links: [] } };

  it('shows the token once and explains the way without links', () => {
    const out = renderPairing(created, t).html;
    expect(out).toContain('value="tok-123"');
    expect(out).toContain('nur dieses eine Mal');
    expect(out).toContain('Einstellungen → Erweiterungs-IDs');
    expect(out).toContain('options.html');
    expect(out).toContain('class="pairing-fragment"');
    expect(out).not.toContain('class="pairing-link"');
  });

  it('lists every pairing link with a copy button', () => {
    const links = ['chrome-extension://abc/options.html#x', 'moz-extension://def/options.html#x'];
    const out = renderPairing({ ...created, pairing: { ...created.pairing, links } }, t).html;
    expect(out.match(/class="pairing-link"/g)).toHaveLength(2);
    expect(out.match(/class="copy"/g)).toHaveLength(4);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallMessage, ServerMessage } from '@ringside/shared';
import { BridgeProcess } from './helpers/bridge-process.js';
import { AgentClient, expectNothing } from './helpers/ws-client.js';

const isCall = (callId: string, event?: string) => (m: ServerMessage): m is CallMessage =>
  m.type === 'call' && m.call.callId === callId && (!event || m.event === event);

const WELTER = {
  company: 'Welter Dachbau GmbH',
  notes: 'Rahmenvertrag Dachwartung',
  phones: [{ number: '030 2312574-0', label: 'Zentrale', main: true }],
  contacts: [
    {
      salutation: 'Herr',
      firstName: 'Jonas',
      lastName: 'Welter',
      role: 'Geschäftsführer',
      email: 'jonas@welter-dach.example',
      birthday: '1975-03-14',
      phones: [{ number: '0170 1234567', label: 'mobil' }],
    },
  ],
};

describe('bridge core: webhook -> journal -> the right agent socket', () => {
  let bridge: BridgeProcess;
  let ben: { id: string; token: string };
  let lena: { id: string; token: string };

  beforeAll(async () => {
    bridge = await BridgeProcess.start();
    expect((await bridge.api('PUT', '/api/customers/K-1001', WELTER)).status).toBe(201);
    expect(
      (await bridge.api('PUT', '/api/customers/K-1002', { contacts: [{ salutation: 'Frau', firstName: 'Ines', lastName: 'Quellmalz', phones: [{ number: '+49 211 1234567' }] }] })).status,
    ).toBe(201);
    ben = (await bridge.api('POST', '/api/agents', { name: 'Ben', extensions: ['21'] })).body;
    lena = (await bridge.api('POST', '/api/agents', { name: 'Lena', extensions: ['22'] })).body;
  });
  afterAll(async () => bridge?.dispose());

  it('answers /healthz and refuses the API without the admin token', async () => {
    expect((await bridge.api('GET', '/healthz', undefined, null)).status).toBe(200);
    const denied = await bridge.api('GET', '/api/customers?q=welt', undefined, 'wrong-token');
    expect(denied).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
  });

  it('finds a customer from any common way of writing the number', async () => {
    for (const number of ['0170 1234567', '+49 170 1234567', '0049 (0)170 1234567', '491701234567', '0170/123 45 67', '0170.1234567']) {
      const { body } = await bridge.api('GET', `/api/lookup?number=${encodeURIComponent(number)}`);
      expect(body, number).toMatchObject({ status: 'known', matches: [{ level: 'exact', card: { customerNo: 'K-1001' }, contact: { lastName: 'Welter' } }] });
    }
    const viaSwitchboard = await bridge.api('GET', `/api/lookup?number=${encodeURIComponent('+49 30 2312574-21')}`);
    expect(viaSwitchboard.body).toMatchObject({ status: 'known', matches: [{ level: 'switchboard', card: { company: 'Welter Dachbau GmbH' } }] });
    expect((await bridge.api('GET', '/api/lookup?number=anonymous')).body.status).toBe('withheld');
    expect((await bridge.api('GET', '/api/lookup?number=21')).body.status).toBe('internal');
    expect((await bridge.api('GET', '/api/lookup?number=%2B49%2089%2012345678')).body.status).toBe('unknown');
  });

  it('searches company, names, customer number and phone fragments', async () => {
    for (const q of ['welt', 'WELTER', 'dachbau', 'K-100', '2312', '030 2312', 'quellm', '1234567']) {
      const { body } = await bridge.api('GET', `/api/customers?q=${encodeURIComponent(q)}`);
      expect(body.results.length, q).toBeGreaterThan(0);
    }
    const { body } = await bridge.api('GET', '/api/customers?q=welt');
    expect(body.results[0]).toMatchObject({ customerNo: 'K-1001', company: 'Welter Dachbau GmbH' });
  });

  it('rejects bad bodies naming the field and keeps what was stored', async () => {
    const bad = await bridge.api('PUT', '/api/customers/K-1001', { ...WELTER, contacts: [{ lastName: 'Welter', birthday: '14.03.1975' }] });
    expect(bad).toMatchObject({ status: 400, body: { error: 'invalid', field: 'contacts.0.birthday' } });
    const broken = await bridge.api('PUT', '/api/customers/K-1001', '{"company": "trunc');
    expect(broken).toMatchObject({ status: 400, body: { error: 'invalid_json' } });
    const card = await bridge.api('GET', '/api/customers/K-1001');
    expect(card.body.contacts[0]).toMatchObject({ firstName: 'Jonas', birthday: '1975-03-14' });
    expect((await bridge.api('PUT', '/api/customers/bad%20no', WELTER)).body.field).toBe('customerNo');
    expect((await bridge.api('PUT', '/api/customers/K-1001/documents/RE-1', { kind: 'quote' })).body.field).toBe('kind');
    expect((await bridge.api('POST', '/api/customers/K-1001/conversations', { channel: 'fax' })).body.field).toBe('channel');
    expect((await bridge.webhook({ event: 'ringing' })).body).toMatchObject({ error: 'invalid', field: 'callId' });
    expect((await bridge.webhook({ event: 'ringing', callId: 'x' }, 'nope')).status).toBe(401);
  });

  it('shows documents and the last five conversations on the card', async () => {
    await bridge.api('PUT', '/api/customers/K-1001/documents/RE-2026-0412', { kind: 'invoice', title: 'Dachrinne', status: 'overdue', amount: 1840.5, due: '2026-11-01', url: 'https://erp.example.de/RE-2026-0412' });
    await bridge.api('PUT', '/api/customers/K-1001/documents/AN-2026-0001', { kind: 'offer', status: 'closed', amount: 100 });
    for (let i = 1; i <= 7; i++) {
      const res = await bridge.api('POST', '/api/customers/K-1001/conversations', { at: `2026-11-0${i}T10:00:00+01:00`, agent: 'Ben', subject: `Gespräch ${i}`, result: 'ok' });
      expect(res.status).toBe(201);
    }
    const { body } = await bridge.api('GET', '/api/customers/K-1001');
    expect(body.openDocuments.map((d: { documentNo: string }) => d.documentNo)).toEqual(['RE-2026-0412']);
    expect(body.conversations.map((c: { subject: string }) => c.subject)).toEqual(['Gespräch 7', 'Gespräch 6', 'Gespräch 5', 'Gespräch 4', 'Gespräch 3']);
  });

  it('pushes the card only to the agent whose extension rings, and answered/ended to both audiences', async () => {
    const benSocket = await AgentClient.connect(bridge.base, { token: ben.token });
    const lenaSocket = await AgentClient.connect(bridge.base, { token: lena.token });
    const res = await bridge.webhook({ event: 'ringing', callId: 'call-1', from: '+49 30 2312574-21', to: '030 999', agents: ['21'] });
    expect(res).toMatchObject({ status: 202, body: { callId: 'call-1' } });
    const ringing = await benSocket.waitFor(isCall('call-1', 'ringing'));
    expect(ringing.lookup).toMatchObject({ status: 'known', matches: [{ level: 'switchboard', card: { customerNo: 'K-1001' } }] });
    expect(ringing.lookup!.matches[0]!.card.openDocuments[0]!.documentNo).toBe('RE-2026-0412');
    expect(ringing.call).toMatchObject({ state: 'ringing', callerName: 'Welter Dachbau GmbH' });
    await expectNothing(lenaSocket, isCall('call-1'));

    await bridge.webhook({ event: 'answered', callId: 'call-1', answeredBy: '21' });
    const answered = await benSocket.waitFor(isCall('call-1', 'answered'));
    expect(answered.call).toMatchObject({ state: 'answered', answeredBy: '21', answeredByName: 'Ben' });
    await bridge.webhook({ event: 'ended', callId: 'call-1', cause: 'normalClearing' });
    expect((await benSocket.waitFor(isCall('call-1', 'ended'))).call.outcome).toBe('answered');
    expect(answered.eventId).toBeGreaterThan(ringing.eventId);

    // No agents named: everyone gets it.
    await bridge.webhook({ event: 'ringing', callId: 'call-2', from: '0211 1234567' });
    const both = await Promise.all([benSocket.waitFor(isCall('call-2')), lenaSocket.waitFor(isCall('call-2'))]);
    expect(both[1].lookup?.matches[0]?.contact).toMatchObject({ salutation: 'Frau', lastName: 'Quellmalz' });
    benSocket.close();
    lenaSocket.close();
  });

  it('handles repeated and out-of-order events without duplicates, and journals missed calls', async () => {
    const socket = await AgentClient.connect(bridge.base, { token: ben.token });
    await bridge.webhook({ event: 'ringing', callId: 'call-3', from: '0170 1234567', agents: ['21'] });
    await bridge.webhook({ event: 'ringing', callId: 'call-3', from: '0170 1234567', agents: ['21'] });
    await bridge.webhook({ event: 'ended', callId: 'call-3', cause: 'cancel' });
    await bridge.webhook({ event: 'ended', callId: 'call-3', cause: 'cancel' });
    await bridge.webhook({ event: 'ringing', callId: 'call-3', from: '0170 1234567', agents: ['21'] });
    const ended = await socket.waitFor(isCall('call-3', 'ended'));
    expect(ended.call.outcome).toBe('missed');
    await expectNothing(socket, (m) => m.type === 'call' && m.call.callId === 'call-3' && m.eventId > ended.eventId);
    expect(socket.calls().filter((m) => m.call.callId === 'call-3').map((m) => m.event)).toEqual(['ringing', 'ended']);
    const missed = await bridge.api('GET', '/api/me/calls?scope=missed', undefined, ben.token);
    expect(missed.body.calls.map((c: { callId: string }) => c.callId)).toContain('call-3');
    socket.close();
  });

  it('answers search and card requests over the socket, and app-level pings', async () => {
    const socket = await AgentClient.connect(bridge.base, { token: lena.token });
    socket.send({ type: 'search', q: 'welt', requestId: 's1' });
    socket.send({ type: 'card', customerNo: 'K-1001', requestId: 'c1' });
    socket.send({ type: 'ping', requestId: 'p1' });
    socket.send({ type: 'search' });
    const result = await socket.waitFor((m) => m.type === 'searchResult');
    expect(result).toMatchObject({ requestId: 's1', results: [{ customerNo: 'K-1001' }] });
    expect(await socket.waitFor((m) => m.type === 'card')).toMatchObject({ requestId: 'c1', card: { company: 'Welter Dachbau GmbH' } });
    expect(await socket.waitFor((m) => m.type === 'pong')).toMatchObject({ requestId: 'p1' });
    expect(await socket.waitFor((m) => m.type === 'error')).toMatchObject({ code: 'invalid_message', field: 'q' });
    socket.close();
  });

  it('closes with 4401 on a wrong token and 4400 on a missing hello', async () => {
    const wrong = await AgentClient.connect(bridge.base);
    wrong.send({ type: 'hello', token: 'not-a-token' });
    expect(await wrong.waitClosed()).toBe(4401);
    const rude = await AgentClient.connect(bridge.base);
    rude.send({ type: 'search', q: 'x' });
    expect(await rude.waitClosed()).toBe(4400);
  });

  it('revokes an agent at once, closing its sockets', async () => {
    const temp = (await bridge.api('POST', '/api/agents', { name: 'Aushilfe', extensions: ['29'] })).body;
    const socket = await AgentClient.connect(bridge.base, { token: temp.token });
    expect((await bridge.api('DELETE', `/api/agents/${temp.id}`)).status).toBe(204);
    expect(await socket.waitClosed()).toBe(4401);
    expect((await bridge.api('GET', '/api/me', undefined, temp.token)).status).toBe(401);
  });

  it('replays missed events on reconnect with lastEventId, and keeps everything across a restart', async () => {
    const first = await AgentClient.connect(bridge.base, { token: ben.token, lastEventId: 0 });
    const welcome = await first.waitFor((m) => m.type === 'welcome');
    const seen = welcome.type === 'welcome' ? welcome.lastEventId : -1;
    // lastEventId 0 means "seen nothing": the catch-up brings every earlier call of Ben's.
    await first.waitFor((m) => m.type === 'call' && m.call.callId === 'call-3');
    first.close();
    await bridge.webhook({ event: 'ringing', callId: 'call-4', from: '0170 1234567', agents: ['21'] });
    await bridge.webhook({ event: 'ringing', callId: 'call-5', from: '0170 1234567', agents: ['22'] });
    await bridge.restart();
    await bridge.webhook({ event: 'ended', callId: 'call-4', cause: 'cancel' });

    const again = await AgentClient.connect(bridge.base, { token: ben.token, lastEventId: seen });
    const missed = await again.waitFor(isCall('call-4', 'ended'));
    const ids = again.calls().map((m) => m.eventId);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(again.calls().filter((m) => m.eventId > seen).map((m) => `${m.call.callId}:${m.event}`)).toEqual(['call-4:ringing', 'call-4:ended']);
    expect(missed.call.outcome).toBe('missed');
    expect((await bridge.api('GET', '/api/customers/K-1001')).body.conversations).toHaveLength(5);
    expect((await bridge.api('GET', '/api/agents')).body.agents.map((a: { name: string }) => a.name)).toEqual(['Ben', 'Lena']);
    again.close();
  });

  it('deletes a customer with everything that hangs off it', async () => {
    await bridge.api('PUT', '/api/customers/K-9', { company: 'Kurzzeit KG', phones: [{ number: '040 123456' }] });
    await bridge.api('PUT', '/api/customers/K-9/documents/X-1', { kind: 'order' });
    expect((await bridge.api('DELETE', '/api/customers/K-9')).status).toBe(204);
    expect((await bridge.api('GET', '/api/customers/K-9')).status).toBe(404);
    expect((await bridge.api('GET', '/api/lookup?number=040123456')).body.status).toBe('unknown');
    expect((await bridge.api('GET', '/api/customers?q=kurzzeit')).body.results).toEqual([]);
    expect((await bridge.api('DELETE', '/api/customers/K-9')).status).toBe(404);
  });

  it('keeps numbers and names out of its log at the default level', () => {
    expect(bridge.output).toContain('"msg":"call event"');
    for (const secret of ['1234567', '2312574', 'Welter', 'Quellmalz', 'Jonas']) expect(bridge.output).not.toContain(secret);
  });
});

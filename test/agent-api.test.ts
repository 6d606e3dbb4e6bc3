import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeProcess } from './helpers/bridge-process.js';

// The agent-facing API the extension's card and side panel use, with the agent's own token.

describe('agent API (/api/me)', () => {
  let bridge: BridgeProcess;
  let ben: { id: string; token: string };
  let lena: { id: string; token: string };
  const me = (method: string, path: string, body?: unknown, who = ben) => bridge.api(method, `/api/me${path}`, body, who.token);

  beforeAll(async () => {
    bridge = await BridgeProcess.start();
    await bridge.api('PUT', '/api/customers/K-1', {
      company: 'Welter Dachbau GmbH',
      phones: [{ number: '030 2312574-0', main: true }],
      contacts: [{ salutation: 'Herr', firstName: 'Jonas', lastName: 'Welter' }],
    });
    ben = (await bridge.api('POST', '/api/agents', { name: 'Ben', extensions: ['21'] })).body;
    lena = (await bridge.api('POST', '/api/agents', { name: 'Lena', extensions: ['22'] })).body;
  });
  afterAll(async () => bridge?.dispose());

  it('identifies the agent, and refuses the admin API with an agent token', async () => {
    expect((await me('GET', '')).body).toMatchObject({ name: 'Ben', extensions: ['21'] });
    expect((await bridge.api('GET', '/api/agents', undefined, ben.token)).status).toBe(401);
    expect((await bridge.api('GET', '/api/me', undefined, 'nope')).status).toBe(401);
  });

  it('searches and opens cards', async () => {
    expect((await me('GET', '/search?q=welt')).body.results[0]).toMatchObject({ customerNo: 'K-1' });
    expect((await me('GET', '/search')).body).toMatchObject({ field: 'q' });
    expect((await me('GET', '/customers/K-1')).body.company).toBe('Welter Dachbau GmbH');
    expect((await me('GET', '/customers/K-404')).status).toBe(404);
  });

  it('saves a note after a call under the agent name, shown first on the next card', async () => {
    const note = { subject: 'Angebot Dach', summary: 'Will bis Freitag entscheiden', result: 'Rückruf vereinbart', followUp: '2026-11-27' };
    const saved = await me('POST', '/customers/K-1/conversations', note);
    expect(saved).toMatchObject({ status: 201, body: { agent: 'Ben', channel: 'call', subject: 'Angebot Dach' } });
    expect((await me('POST', '/customers/K-1/conversations', { followUp: 'Freitag' })).body.field).toBe('followUp');
    expect((await me('GET', '/customers/K-1')).body.conversations[0]).toMatchObject({ subject: 'Angebot Dach', agent: 'Ben' });
  });

  it('creates a customer from an unknown caller and attaches a number to an existing one', async () => {
    const created = await me('POST', '/customers', {
      customerNo: 'K-NEU',
      customer: { contacts: [{ salutation: 'Frau', lastName: 'Quellmalz', phones: [{ number: '0171 5550123' }] }] },
    });
    expect(created).toMatchObject({ status: 201, body: { customerNo: 'K-NEU' } });
    expect((await me('POST', '/customers', { customerNo: 'K-NEU', customer: { company: 'X' } })).status).toBe(409);
    expect((await bridge.api('GET', '/api/lookup?number=01715550123')).body.status).toBe('known');

    const contactId = (await me('GET', '/customers/K-1')).body.contacts[0].id as number;
    const attached = await me('POST', '/customers/K-1/phones', { number: '0160 9876543', label: 'mobil', contactId });
    expect(attached.status).toBe(201);
    const lookup = (await bridge.api('GET', '/api/lookup?number=%2B491609876543')).body;
    expect(lookup).toMatchObject({ status: 'known', matches: [{ level: 'exact', contact: { lastName: 'Welter' }, card: { customerNo: 'K-1' } }] });
    // The same number again, in another notation: answered 200 (it was there), stored once.
    const again = await me('POST', '/customers/K-1/phones', { number: '+49 160 98765-43', contactId });
    expect(again.status).toBe(200);
    expect(again.body.contacts[0].phones).toEqual([{ number: '0160 9876543', e164: '+491609876543', label: 'mobil', main: false }]);
    // On the company rather than the contact it is another owner's number: attached.
    expect((await me('POST', '/customers/K-1/phones', { number: '0160 9876543' })).status).toBe(201);
    expect((await me('POST', '/customers/K-1/phones', { number: '0160 1', contactId: 999999 })).status).toBe(404);
  });

  it("lists today's calls and the callback list per agent, and marks callbacks done", async () => {
    await bridge.webhook({ event: 'ringing', callId: 'm-1', from: '+49 30 2312574-33', agents: ['21'] });
    await bridge.webhook({ event: 'ended', callId: 'm-1', cause: 'cancel' });
    await bridge.webhook({ event: 'ringing', callId: 'm-2', from: '+49 171 5550123', agents: ['22'] });
    await bridge.webhook({ event: 'ended', callId: 'm-2', cause: 'noAnswer' });
    await bridge.webhook({ event: 'ringing', callId: 'a-1', from: '+49 30 2312574-0', agents: ['21'] });
    await bridge.webhook({ event: 'answered', callId: 'a-1', answeredBy: '21' });

    const today = (await me('GET', '/calls?scope=today')).body.calls as { callId: string; callerName: string }[];
    expect(today.map((c) => c.callId).sort()).toEqual(['a-1', 'm-1']);
    const missed = (await me('GET', '/calls?scope=missed')).body.calls as { callId: string; callbackPending: boolean; callerName: string }[];
    expect(missed).toMatchObject([{ callId: 'm-1', callbackPending: true, callerName: 'Welter Dachbau GmbH' }]);
    expect((await me('GET', '/calls?scope=missed', undefined, lena)).body.calls.map((c: { callId: string }) => c.callId)).toEqual(['m-2']);
    expect((await me('GET', '/calls?scope=week')).body.field).toBe('scope');

    expect((await me('POST', '/callbacks', { callIds: ['m-1'] })).body).toEqual({ updated: 1 });
    expect((await me('GET', '/calls?scope=missed')).body.calls).toEqual([]);
    const entry = (await me('GET', '/calls?scope=today')).body.calls.find((c: { callId: string }) => c.callId === 'm-1');
    expect(entry).toMatchObject({ callbackPending: false, callbackDoneBy: 'Ben' });
    expect((await me('POST', '/callbacks', { callIds: [] })).body.field).toBe('callIds');
  });

  it('a leg forwarded to a colleague who answers is not a missed call', async () => {
    await bridge.webhook({ event: 'ringing', callId: 'leg-1', from: '+49 30 2312574-44', agents: ['21'] });
    await bridge.webhook({ event: 'ended', callId: 'leg-1', cause: 'noAnswer' });
    await bridge.webhook({ event: 'ringing', callId: 'leg-2', linkedId: 'leg-1', from: '+49 30 2312574-44', agents: ['21'] });
    const ids = async () => (await me('GET', '/calls?scope=missed')).body.calls.map((c: { callId: string }) => c.callId);
    expect(await ids()).toContain('leg-1');
    await bridge.webhook({ event: 'answered', callId: 'leg-2', answeredBy: '21' });
    expect(await ids()).not.toContain('leg-1');
    const today = (await me('GET', '/calls?scope=today')).body.calls.find((c: { callId: string }) => c.callId === 'leg-2');
    expect(today.linkedId).toBe('leg-1');
  });

  it('a note about a missed call takes it off the callback list; its callId must be a call with that customer', async () => {
    expect((await me('GET', '/calls?scope=missed', undefined, lena)).body.calls).toHaveLength(1);
    // m-2 was Frau Quellmalz (K-NEU): filing it under Welter is refused, naming the field.
    const wrong = await me('POST', '/customers/K-1/conversations', { subject: 'Rückruf', callId: 'm-2' }, lena);
    expect(wrong).toMatchObject({ status: 400, body: { field: 'callId' } });
    expect((await me('POST', '/customers/K-1/conversations', { subject: 'x', callId: 'no-such-call' })).body.field).toBe('callId');
    expect((await me('GET', '/calls?scope=missed', undefined, lena)).body.calls).toHaveLength(1);
    await me('POST', '/customers/K-NEU/conversations', { subject: 'Rückruf', callId: 'm-2' }, lena);
    expect((await me('GET', '/calls?scope=missed', undefined, lena)).body.calls).toEqual([]);
    const entry = (await me('GET', '/calls?scope=today', undefined, lena)).body.calls.find((c: { callId: string }) => c.callId === 'm-2');
    expect(entry).toMatchObject({ callbackPending: false, callbackDoneBy: 'Lena', callbackResolution: 'called-back' });
  });

  it('a note on an answered call is a note, not a callback', async () => {
    const saved = await me('POST', '/customers/K-1/conversations', { subject: 'Besprochen', callId: 'a-1' });
    expect(saved.status).toBe(201);
    const entry = (await me('GET', '/calls?scope=today')).body.calls.find((c: { callId: string }) => c.callId === 'a-1');
    expect(entry).toMatchObject({ answeredBy: '21', callbackPending: false, callbackDoneAt: null, callbackResolution: null });
  });

  it('a caller who gets through closes their open callbacks as "caller reached us"', async () => {
    await bridge.webhook({ event: 'ringing', callId: 'r-1', from: '+49 89 4444444', agents: ['21'] });
    await bridge.webhook({ event: 'ended', callId: 'r-1', cause: 'noAnswer' });
    expect((await me('GET', '/calls?scope=missed')).body.calls.map((c: { callId: string }) => c.callId)).toContain('r-1');
    await bridge.webhook({ event: 'ringing', callId: 'r-2', from: '089 4444444', agents: ['22'] });
    await bridge.webhook({ event: 'answered', callId: 'r-2', answeredBy: '22' });
    expect((await me('GET', '/calls?scope=missed')).body.calls.map((c: { callId: string }) => c.callId)).not.toContain('r-1');
    const entry = (await me('GET', '/calls?scope=today')).body.calls.find((c: { callId: string }) => c.callId === 'r-1');
    expect(entry).toMatchObject({ callbackPending: false, callbackResolution: 'caller-reached-us', callbackDoneBy: 'Lena' });
  });

  it('after creating a customer from an unknown caller, the missed call shows their name', async () => {
    await bridge.webhook({ event: 'ringing', callId: 'u-1', from: '+49 40 7777777', agents: ['21'] });
    await bridge.webhook({ event: 'ended', callId: 'u-1', cause: 'noAnswer' });
    const before = (await me('GET', '/calls?scope=missed')).body.calls.find((c: { callId: string }) => c.callId === 'u-1');
    expect(before).toMatchObject({ customerNo: null, callerName: null });
    await me('POST', '/customers', { customerNo: 'K-HH', customer: { company: 'Hanse Kontor', phones: [{ number: '040 7777777' }] } });
    const after = (await me('GET', '/calls?scope=missed')).body.calls.find((c: { callId: string }) => c.callId === 'u-1');
    expect(after).toMatchObject({ customerNo: 'K-HH', callerName: 'Hanse Kontor' });
  });

  it('withheld and internal callers are never on the callback list', async () => {
    await bridge.webhook({ event: 'ringing', callId: 'w-1', from: 'anonymous', agents: ['21'] });
    await bridge.webhook({ event: 'ended', callId: 'w-1', cause: 'noAnswer' });
    await bridge.webhook({ event: 'ringing', callId: 'i-1', from: '23', agents: ['21'] });
    await bridge.webhook({ event: 'ended', callId: 'i-1', cause: 'noAnswer' });
    const missed = (await me('GET', '/calls?scope=missed')).body.calls.map((c: { callId: string }) => c.callId);
    expect(missed).not.toContain('w-1');
    expect(missed).not.toContain('i-1');
    const today = (await me('GET', '/calls?scope=today')).body.calls.filter((c: { callId: string }) => ['w-1', 'i-1'].includes(c.callId));
    expect(today.map((c: { callbackPending: boolean }) => c.callbackPending)).toEqual([false, false]);
  });
});

import Database from 'better-sqlite3';
import { journalFileOf } from '../bridge/src/store/sqlite/journal-file.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient } from './helpers/admin-client.js';
import type { BridgeProcess } from './helpers/bridge-process.js';
import { BOX_PASSWORD, startDialBench, waitFor, type DialBench } from './helpers/dial-bridge.js';
import { dialFixture, startFakeRest, type FakeCallMonitor, type FakeFritzbox, type FakeRest } from './helpers/fake-dial-servers.js';
import { WEBHOOK_TOKEN } from './helpers/bridge-process.js';

// Click-to-dial through the real bridge: the agent API, the console's settings and test dial, and
// the callback closed by the box's own report that the callee answered.

let bench: DialBench;
let bridge: BridgeProcess;
let box: FakeFritzbox;
let monitor: FakeCallMonitor;
let sipgate: FakeRest;
let ben: { id: string; token: string };
let lena: { id: string; token: string };

const missed = async (token: string) => (await bridge.expectOk('GET', '/api/me/calls?scope=missed', undefined, token)).calls as Array<{ callId: string; source: string; callbackPending: boolean; from: { e164: string } }>;

beforeAll(async () => {
  // sipgate's REST API as a second phone system the bridge can dial through.
  sipgate = await startFakeRest((r) =>
    r.path === '/v2/sessions/calls' && r.headers.authorization === `Basic ${Buffer.from('token-ABC123:pat-secret').toString('base64')}`
      ? { status: 200, body: dialFixture('sipgate-call-response.json') }
      : { status: 401, body: '' },
  );
  bench = await startDialBench({
    RINGSIDE_BLOCKLIST: '0800 1234567',
    RINGSIDE_DIAL_SIPGATE_API_URL: `${sipgate.url}/v2`,
    RINGSIDE_DIAL_SIPGATE_TOKEN_ID: 'token-ABC123',
    RINGSIDE_DIAL_SIPGATE_TOKEN: 'pat-secret',
    // sipgate's webhook is off until set up (README, Which path accepts what).
    RINGSIDE_SOURCES: 'sipgate',
  });
  ({ box, monitor, bridge } = bench);
  ben = await bridge.expectOk('POST', '/api/agents', { name: 'Ben Berger', extensions: ['21'], identifiers: { fritzbox: ['1'] }, dialDevices: { fritzbox: 'FON2: Büro' } });
  lena = await bridge.expectOk('POST', '/api/agents', { name: 'Lena', extensions: ['22'] });
}, 60_000);

afterAll(async () => {
  await bench?.close();
  await sipgate?.close();
});

/** A sipgate.io push event (form body, as in bridge/src/pbx/fixtures/sipgate). */
async function sipgateEvent(fields: Record<string, string>): Promise<void> {
  const res = await bridge.request('POST', `/pbx/sipgate/${WEBHOOK_TOKEN}`, { 'content-type': 'application/x-www-form-urlencoded' }, new URLSearchParams(fields).toString());
  if (res.status !== 200) throw new Error(`sipgate event -> ${res.status} ${res.text}`);
}

describe('click-to-dial through the bridge', () => {
  it('without the box password the Fritz!Box is not ready: Ben, with a phone only there, cannot dial yet', async () => {
    expect((await bridge.expectOk('GET', '/api/me', undefined, ben.token)).dial).toEqual({ sources: [] });
    expect(await bridge.api('POST', '/api/me/dial', { number: '030 2312574', source: 'fritzbox' }, ben.token)).toMatchObject({ status: 422, body: { error: 'cannot_dial', field: 'source' } });
    // sipgate is ready, but Ben has no phone there: the answer names the field to fill in.
    expect(await bridge.api('POST', '/api/me/dial', { number: '030 2312574' }, ben.token)).toMatchObject({ status: 422, body: { error: 'no_device', field: 'dialDevices.sipgate' } });
  });

  it('the console stores the password, never shows it back, and its test dial reports the box\'s answer', async () => {
    const admin = await AdminClient.signIn(bridge);
    const wrong = await admin.ok('PATCH', '/admin/api/dial/fritzbox', { values: { password: 'not-the-password' } });
    expect(JSON.stringify(wrong)).not.toContain('not-the-password');
    expect(wrong.fields.find((f: { name: string }) => f.name === 'password')).toMatchObject({ set: true, value: null, secret: true });
    expect(wrong.fields.find((f: { name: string }) => f.name === 'url')).toMatchObject({ lockedByEnv: true, value: box.url });
    const refused = await admin.ok('POST', '/admin/api/dial/fritzbox/test', { number: '+49 30 2312574', device: 'FON1' });
    expect(refused).toMatchObject({ ok: false, failure: 'auth', dialed: '0302312574' });
    expect(refused.message).toMatch(/user name or password/);
    expect((await admin.request('PATCH', '/admin/api/dial/fritzbox', { values: { url: 'http://elsewhere' } })).status).toBe(409);
    expect((await admin.request('PATCH', '/admin/api/dial/fritzbox', { values: { nope: 'x' } })).body).toMatchObject({ field: 'values.nope' });

    await admin.ok('PATCH', '/admin/api/dial/fritzbox', { values: { password: BOX_PASSWORD } });
    const ok = await admin.ok('POST', '/admin/api/dial/fritzbox/test', { number: '+49 30 2312574', device: 'FON1: Test' });
    expect(ok).toMatchObject({ ok: true, dialed: '0302312574' });
    expect(box.dials.at(-1)).toEqual({ port: 'FON1: Test', number: '0302312574' });
    const listed = await admin.ok('GET', '/admin/api/dial');
    expect(JSON.stringify(listed)).not.toContain(BOX_PASSWORD);
    expect(listed.sources.find((s: { source: string }) => s.source === 'fritzbox')).toMatchObject({ ready: true });
  });

  it('rings the agent\'s port, dials the number, and the callee\'s answer closes the callback', async () => {
    monitor.send('RING;0;0302312574;9876543;SIP1;');
    monitor.send('DISCONNECT;0;0;');
    const call = await waitFor('the missed call', async () => (await missed(ben.token)).find((c) => c.from.e164 === '+49302312574'));
    expect(call.callbackPending).toBe(true);
    expect((await bridge.expectOk('GET', '/api/me', undefined, ben.token)).dial).toEqual({ sources: ['fritzbox'] });

    const before = box.dials.length;
    const res = await bridge.expectOk('POST', '/api/me/dial', { number: call.from.e164, callId: call.callId, callSource: call.source }, ben.token);
    expect(res).toMatchObject({ source: 'fritzbox', state: 'ringing', display: '030 2312574', dialed: '0302312574' });
    expect(box.dials.slice(before)).toEqual([{ port: 'FON2: Büro', number: '0302312574' }]);

    // The box reports the outgoing call from extension 1, then that the callee picked up.
    monitor.send('CALL;3;1;9876543;0302312574;SIP0;');
    monitor.send('CONNECT;3;1;0302312574;');
    await waitFor('the callback closed', async () => !(await missed(ben.token)).some((c) => c.callId === call.callId));
    monitor.send('DISCONNECT;3;42;');
  });

  it('a dial from the card without callId still closes the caller\'s pending callback', async () => {
    monitor.send('RING;5;0309998887;9876543;SIP1;');
    monitor.send('DISCONNECT;5;0;');
    const call = await waitFor('the missed call', async () => (await missed(ben.token)).find((c) => c.from.e164 === '+49309998887'));
    await bridge.expectOk('POST', '/api/me/dial', { number: '030 999 888 7' }, ben.token);
    monitor.send('CALL;6;1;9876543;0309998887;SIP0;');
    monitor.send('CONNECT;6;1;0309998887;');
    await waitFor('the callback closed', async () => !(await missed(ben.token)).some((c) => c.callId === call.callId));
  });

  it('an answer from another extension does not close it', async () => {
    monitor.send('RING;7;0301112223;9876543;SIP1;');
    monitor.send('DISCONNECT;7;0;');
    const call = await waitFor('the missed call', async () => (await missed(ben.token)).find((c) => c.from.e164 === '+49301112223'));
    await bridge.expectOk('POST', '/api/me/dial', { number: '0301112223', callId: call.callId, callSource: call.source }, ben.token);
    const ute = await bridge.expectOk('POST', '/api/agents', { name: 'Ute', identifiers: { fritzbox: ['4'] } });
    monitor.send('CALL;8;4;9876543;0301112223;SIP0;');
    monitor.send('CONNECT;8;4;0301112223;');
    // Ute's list shows her call answered once the bridge has applied that event.
    await waitFor('Ute\'s answered call', async () =>
      ((await bridge.expectOk('GET', '/api/me/calls?scope=today', undefined, ute.token)).calls as Array<{ state: string }>).some((c) => c.state === 'answered'),
    );
    expect((await missed(ben.token)).some((c) => c.callId === call.callId)).toBe(true);
    monitor.send('CALL;9;1;9876543;0301112223;SIP0;');
    monitor.send('CONNECT;9;1;0301112223;');
    await waitFor('the callback closed', async () => !(await missed(ben.token)).some((c) => c.callId === call.callId));
  });

  it('through sipgate: E.164 to POST /v2/sessions/calls, and sipgate\'s outbound answer event closes the callback', async () => {
    const sina = await bridge.expectOk('POST', '/api/agents', { name: 'Sina', identifiers: { sipgate: ['w3'] }, dialDevices: { sipgate: 'e3' } });
    await sipgateEvent({ event: 'newCall', callId: 'sg-in-1', from: '4940123456', to: '4921199999999', direction: 'in', 'user[]': 'Sina', 'userId[]': 'w3' });
    await sipgateEvent({ event: 'hangup', cause: 'cancel', callId: 'sg-in-1', from: '4940123456', to: '4921199999999', direction: 'in', answeringNumber: '' });
    const call = await waitFor('the missed sipgate call', async () => (await missed(sina.token)).find((c) => c.callId === 'sg-in-1'));
    // Fritz!Box comes first in the registry, but Sina has a phone only at sipgate.
    const res = await bridge.expectOk('POST', '/api/me/dial', { number: call.from.e164, callId: call.callId, callSource: call.source }, sina.token);
    expect(res).toMatchObject({ source: 'sipgate', dialed: '+4940123456' });
    expect(JSON.parse(sipgate.requests.at(-1)!.body)).toEqual({ deviceId: 'e3', caller: 'e3', callee: '+4940123456' });

    await sipgateEvent({ event: 'newCall', callId: 'sg-out-1', from: '4921199999999', to: '4940123456', direction: 'out', 'user[]': 'Sina', 'userId[]': 'w3' });
    await sipgateEvent({ event: 'answer', callId: 'sg-out-1', from: '4921199999999', to: '4940123456', direction: 'out', user: 'Sina', userId: 'w3', answeringNumber: '4940123456' });
    await waitFor('the callback closed', async () => !(await missed(sina.token)).some((c) => c.callId === 'sg-in-1'));
  });

  it('names why it cannot dial: no device, internal, blocked, invalid number, unknown source', async () => {
    expect(await bridge.api('POST', '/api/me/dial', { number: '0302312574' }, lena.token)).toMatchObject({ status: 422, body: { error: 'no_device', field: 'dialDevices.fritzbox' } });
    expect(await bridge.api('POST', '/api/me/dial', { number: '21' }, ben.token)).toMatchObject({ status: 422, body: { error: 'number_internal', field: 'number' } });
    expect(await bridge.api('POST', '/api/me/dial', { number: '+49 800 1234567' }, ben.token)).toMatchObject({ status: 422, body: { error: 'number_blocked', field: 'number' } });
    expect(await bridge.api('POST', '/api/me/dial', { number: 'call me' }, ben.token)).toMatchObject({ status: 400, body: { error: 'number_invalid', field: 'number' } });
    expect(await bridge.api('POST', '/api/me/dial', { number: '0302312574', source: 'placetel' }, ben.token)).toMatchObject({ status: 422, body: { error: 'cannot_dial', field: 'source' } });
    expect(await bridge.api('POST', '/api/me/dial', { number: '0302312574', source: 'sipgate' }, ben.token)).toMatchObject({ status: 422, body: { error: 'no_device', field: 'dialDevices.sipgate' } });
    expect(await bridge.api('POST', '/api/me/dial', {}, ben.token)).toMatchObject({ status: 400, body: { field: 'number' } });
    expect((await bridge.api('POST', '/api/me/dial', { number: '0302312574' }, null)).status).toBe(401);
  });

  it('is rate-limited per agent: 429 with Retry-After, other agents unaffected', async () => {
    const kim = await bridge.expectOk('POST', '/api/agents', { name: 'Kim', dialDevices: { fritzbox: 'FON3' } });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await bridge.api('POST', '/api/me/dial', { number: '0302312574' }, kim.token)).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.at(-1)).toBe(429);
    const limited = await bridge.request('POST', '/api/me/dial', { authorization: `Bearer ${kim.token}`, 'content-type': 'application/json' }, '{"number":"0302312574"}');
    expect(limited.status).toBe(429);
    expect(JSON.parse(limited.text)).toMatchObject({ error: 'rate_limited', field: 'agent' });
    expect((await bridge.api('POST', '/api/me/dial', { number: '0302312574' }, ben.token)).status).toBe(200);
  });

  it('a box that stops answering gives 504 dial_timeout; wrong credentials 502 naming the credentials', async () => {
    const max = await bridge.expectOk('POST', '/api/agents', { name: 'Max', dialDevices: { fritzbox: 'FON4' } });
    box.answer = '606';
    expect(await bridge.api('POST', '/api/me/dial', { number: '0302312574' }, max.token)).toMatchObject({ status: 502, body: { error: 'dial_auth_failed', field: 'credentials' } });
    box.answer = 'hang';
    expect(await bridge.api('POST', '/api/me/dial', { number: '0302312574' }, max.token)).toMatchObject({ status: 504, body: { error: 'dial_timeout' } });
    box.answer = 'ok';
  }, 60_000);

  it('the right-of-access export lists the dials to the customer\'s and its contacts\' numbers', async () => {
    await bridge.expectOk('PUT', '/api/customers/K-78', {
      company: 'Hafen Logistik',
      phones: [{ number: '030 2312574', label: null, main: true }],
      contacts: [{ firstName: 'Ines', lastName: 'Quell', phones: [{ number: '030 9998887' }] }],
    });
    const admin = await AdminClient.signIn(bridge);
    const { dials } = (await admin.request('GET', '/admin/api/customers/K-78/export')).body as { dials: Array<Record<string, unknown>> };
    expect(new Set(dials.map((d) => d.numberE164))).toEqual(new Set(['+49302312574', '+49309998887']));
    // The dial from the missed call earlier in this file, closed by the box's CONNECT.
    expect(dials).toContainEqual(expect.objectContaining({
      source: 'fritzbox', numberE164: '+49302312574', agentName: 'Ben Berger', callback: { source: 'fritzbox', callId: expect.any(String) }, connectedCallId: expect.any(String),
    }));
    expect(dials.some((d) => d.numberE164 === '+49309998887' && d.agentName === 'Ben Berger' && d.connectedAt)).toBe(true);
    const times = dials.map((d) => String(d.requestedAt));
    expect(times).toEqual([...times].sort().reverse());
    expect(Object.keys(dials[0]!).sort()).toEqual(['agentName', 'callback', 'connectedAt', 'connectedCallId', 'numberE164', 'requestedAt', 'result', 'source']);
  });

  it('erasing a customer also forgets the dials to their numbers', async () => {
    const dialsTo = (e164: string) => {
      const db = new Database(bridge.dbFile, { readonly: true });
      // The call journal is a file of its own (journal-file.ts).
      db.prepare(`ATTACH DATABASE ? AS journal`).run(journalFileOf(bridge.dbFile));
      try {
        return (db.prepare('SELECT COUNT(*) AS n FROM dials WHERE number_e164 = ?').get(e164) as { n: number }).n;
      } finally {
        db.close();
      }
    };
    await bridge.expectOk('PUT', '/api/customers/K-77', { company: 'Löschmich GmbH', phones: [{ number: '030 5554443', label: null, main: true }], contacts: [] });
    await bridge.expectOk('POST', '/api/me/dial', { number: '030 5554443' }, ben.token);
    expect(dialsTo('+49305554443')).toBe(1);
    expect((await bridge.api('DELETE', '/api/customers/K-77')).status).toBe(204);
    expect(dialsTo('+49305554443')).toBe(0);
  });
});

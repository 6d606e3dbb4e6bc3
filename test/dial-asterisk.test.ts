import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeProcess } from './helpers/bridge-process.js';
import { waitFor } from './helpers/dial-bridge.js';
import { startFakeAmi, type FakeAmi } from './helpers/fake-dial-servers.js';

// Click-to-dial through Asterisk: the bridge's one manager session (RINGSIDE_AMI) carries the
// call events and the Originate actions alike.

/** The blocks of an AMI fixture (bridge/src/streams/fixtures/ami/) that mention `id`, CRLF as on the wire. */
function amiBlocks(fixture: string, id: string): string {
  const text = readFileSync(new URL(`../bridge/src/streams/fixtures/ami/${fixture}`, import.meta.url), 'utf8');
  return text.split(/\n\n/).filter((b) => b.startsWith('Event:') && b.includes(id)).map((b) => `${b.replace(/\n/g, '\r\n')}\r\n\r\n`).join('');
}

type Entry = { callId: string; source: string; direction: string; state: string; callbackPending: boolean; callbackDoneBy: string | null; callbackResolution: string | null; from: { e164: string } };
const calls = async (scope: string, token: string) => (await bridge.expectOk('GET', `/api/me/calls?scope=${scope}`, undefined, token)).calls as Entry[];

let ami: FakeAmi;
let bridge: BridgeProcess;
let ben: { token: string };

beforeAll(async () => {
  ami = await startFakeAmi({ username: 'ringside', secret: 's3cret' });
  bridge = await BridgeProcess.start({ env: { RINGSIDE_AMI: `ami://ringside:s3cret@127.0.0.1:${ami.port}`, RINGSIDE_DIAL_ASTERISK_CONTEXT: 'ringside-out' } });
  ben = await bridge.expectOk('POST', '/api/agents', { name: 'Ben', extensions: ['21'], dialDevices: { asterisk: '21' } });
  await waitFor('the AMI session', async () => (await bridge.api('GET', '/readyz', undefined, null)).status === 200);
}, 60_000);

afterAll(async () => {
  await bridge?.dispose();
  await ami?.close();
});

describe('click-to-dial through Asterisk', () => {
  it('originates from the agent\'s channel into the configured context', async () => {
    expect((await bridge.expectOk('GET', '/api/me', undefined, ben.token)).dial).toEqual({ sources: ['asterisk'] });
    const res = await bridge.expectOk('POST', '/api/me/dial', { number: '+49 30 2312574' }, ben.token);
    expect(res).toMatchObject({ source: 'asterisk', state: 'answered', dialed: '0302312574' });
    expect(ami.actions.at(-1)).toMatchObject({ Action: 'Originate', Channel: 'PJSIP/21', Context: 'ringside-out', Exten: '0302312574', Async: 'true' });
  });

  it('a busy phone is 409 device_busy; a manager user without originate rights 502 naming the credentials', async () => {
    ami.originate = 'busy';
    expect(await bridge.api('POST', '/api/me/dial', { number: '0302312574' }, ben.token)).toMatchObject({ status: 409, body: { error: 'device_busy', field: 'device' } });
    ami.originate = 'denied';
    expect(await bridge.api('POST', '/api/me/dial', { number: '0302312574' }, ben.token)).toMatchObject({ status: 502, body: { error: 'dial_auth_failed', field: 'credentials' } });
    ami.originate = 'answered';
  });

  it('the callee\'s answer, as AMI reports the Originate\'d call, closes the missed call as called back by the agent', async () => {
    // A caller misses Ben (extension 21): the first call of missed.txt, from 030 2312574.
    ami.broadcast(amiBlocks('missed.txt', '1756130400.20').replaceAll('01701234567', '0302312574'));
    const call = await waitFor('the missed call', async () => (await calls('missed', ben.token)).find((c) => c.callId === '1756130400.20'));
    expect(call).toMatchObject({ source: 'asterisk', direction: 'in', callbackPending: true, from: { e164: '+49302312574' } });

    await bridge.expectOk('POST', '/api/me/dial', { number: call.from.e164, callId: call.callId, callSource: call.source }, ben.token);
    // Asterisk rings PJSIP/21 (the Originate), Ben picks up, the trunk dials 0302312574 and the
    // callee answers: the Originate'd call of outbound.txt.
    ami.broadcast(amiBlocks('outbound.txt', '1756131460.32'));
    await waitFor('the callback closed', async () => !(await calls('missed', ben.token)).some((c) => c.callId === call.callId));
    const today = await calls('today', ben.token);
    expect(today.find((c) => c.callId === call.callId)).toMatchObject({ callbackPending: false, callbackDoneBy: 'Ben', callbackResolution: 'called-back' });
    expect(today.find((c) => c.callId === '1756131460.32')).toMatchObject({ direction: 'out', state: 'ended', from: { e164: '+49302312574' } });
  });

  it('an outbound call from another extension to that number leaves the callback open', async () => {
    ami.broadcast(amiBlocks('missed.txt', '1756130400.20').replaceAll('01701234567', '0401234567').replaceAll('1756130400.2', '1756139900.2'));
    const call = await waitFor('the missed call', async () => (await calls('missed', ben.token)).find((c) => c.callId === '1756139900.20'));
    await bridge.expectOk('POST', '/api/me/dial', { number: call.from.e164, callId: call.callId, callSource: call.source }, ben.token);
    // Extension 22 (not Ben) dials 040 1234567 and is answered: the first call of outbound.txt, re-addressed.
    const fromColleague = amiBlocks('outbound.txt', '1756131400.30').replaceAll('0302312574', '0401234567').replaceAll('PJSIP/21-', 'PJSIP/22-').replaceAll('CallerIDNum: 21', 'CallerIDNum: 22');
    const ute = await bridge.expectOk('POST', '/api/agents', { name: 'Ute', extensions: ['22'] });
    ami.broadcast(fromColleague);
    // Once it is ended in Ute's list, the bridge has applied its answer too.
    await waitFor('the colleague\'s outbound call', async () => (await calls('today', ute.token)).find((c) => c.callId === '1756131400.30' && c.state === 'ended'));
    expect((await calls('today', ben.token)).some((c) => c.callId === '1756131400.30')).toBe(false);
    expect((await calls('missed', ben.token)).find((c) => c.callId === call.callId)).toMatchObject({ callbackPending: true });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeProcess } from './helpers/bridge-process.js';
import { waitFor } from './helpers/dial-bridge.js';
import { startFakeAmi, type FakeAmi } from './helpers/fake-dial-servers.js';

// Click-to-dial through Asterisk: the bridge's one manager session (RINGSIDE_AMI) carries the
// call events and the Originate actions alike.

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
});

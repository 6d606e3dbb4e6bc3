import { afterEach, describe, expect, it } from 'vitest';
import { asteriskDialer } from '../bridge/src/dial/asterisk.js';
import { fritzboxDialer } from '../bridge/src/dial/fritzbox.js';
import { genericDialer } from '../bridge/src/dial/generic.js';
import { placetelDialer } from '../bridge/src/dial/placetel.js';
import { sipgateDialer } from '../bridge/src/dial/sipgate.js';
import { DialError, type DialRequest, type Dialer } from '../bridge/src/dial/types.js';
import { startAmiClient, type AmiClient } from '../bridge/src/streams/ami-client.js';
import { dialFixture, startFakeAmi, startFakeFritzbox, startFakeRest, type FakeRest } from './helpers/fake-dial-servers.js';

// Each dialer against a local server that speaks its vendor's documented request and answer
// (test/fixtures/dial/README.md). Deadlines are short so a timeout test is quick; nothing here
// asserts how long anything took.

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

const request = (over: Partial<DialRequest> = {}): DialRequest => ({
  number: '0302312574',
  device: 'FON2: Büro <1>',
  agent: { id: 'a1', name: 'Ben "B" Berger' },
  extension: '21',
  ...over,
});

async function failure(dialer: Dialer, req: DialRequest, settings: Record<string, string>, timeoutMs = 2000): Promise<DialError> {
  const err = await dialer.dial(req, { settings, timeoutMs }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DialError);
  return err as DialError;
}

describe('Fritz!Box (TR-064 X_VoIP, digest auth)', () => {
  const creds = { username: 'ringside', password: 'sec"ret pass' };
  async function box() {
    const fake = await startFakeFritzbox(creds);
    cleanup.push(() => fake.close());
    return { fake, settings: { url: fake.url, username: creds.username, password: creds.password } };
  }

  it('sets the agent\'s port, then dials the number, answering the digest challenge', async () => {
    const { fake, settings } = await box();
    const outcome = await fritzboxDialer.dial(request(), { settings, timeoutMs: 5000 });
    expect(outcome.state).toBe('ringing');
    expect(fake.actions.map((a) => a.action)).toEqual(['X_AVM-DE_DialSetConfig', 'X_AVM-DE_DialNumber']);
    // The port name travels XML-escaped and arrives as typed.
    expect(fake.dials).toEqual([{ port: 'FON2: Büro <1>', number: '0302312574' }]);
    expect(fake.unauthorized).toBe(1);
  });

  it('wrong password: auth failure, nothing dialed', async () => {
    const { fake, settings } = await box();
    const err = await failure(fritzboxDialer, request(), { ...settings, password: 'wrong' });
    expect(err.failure).toBe('auth');
    expect(err.message).toMatch(/user name or password/);
    expect(fake.dials).toEqual([]);
  });

  it('a user without the telephony right (606) is an auth failure; a refused dial (501) names the dialing help', async () => {
    const { fake, settings } = await box();
    fake.answer = '606';
    expect((await failure(fritzboxDialer, request(), settings)).failure).toBe('auth');
    fake.answer = '501';
    const refused = await failure(fritzboxDialer, request(), settings);
    expect(refused.failure).toBe('refused');
    expect(refused.message).toMatch(/Wählhilfe/);
    expect(refused.detail).toContain('HTTP 500');
  });

  it('a box that does not answer: timeout', async () => {
    const { fake, settings } = await box();
    fake.answer = 'hang';
    expect((await failure(fritzboxDialer, request(), settings, 400)).failure).toBe('timeout');
  });

  it('nobody listening: unreachable', async () => {
    const { fake, settings } = await box();
    await fake.close();
    cleanup.pop();
    expect((await failure(fritzboxDialer, request(), settings)).failure).toBe('unreachable');
  });
});

describe('sipgate (POST /v2/sessions/calls)', () => {
  const tokenId = 'token-ABC123';
  const token = 'pat-secret';
  async function api(answer?: FakeRest['handler']) {
    const fake = await startFakeRest(
      answer ??
        ((r) => {
          const expected = `Basic ${Buffer.from(`${tokenId}:${token}`).toString('base64')}`;
          if (r.headers.authorization !== expected) return { status: 401, body: '' };
          return { status: 200, body: dialFixture('sipgate-call-response.json') };
        }),
    );
    cleanup.push(() => fake.close());
    return { fake, settings: { apiUrl: `${fake.url}/v2`, tokenId, token } };
  }

  it('sends the documented body with the token as Basic credentials', async () => {
    const { fake, settings } = await api();
    const outcome = await sipgateDialer.dial(request({ number: '+49302312574', device: 'e0' }), { settings, timeoutMs: 5000 });
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: '/v2/sessions/calls' });
    expect(JSON.parse(fake.requests[0]!.body)).toEqual(JSON.parse(dialFixture('sipgate-call-request.json')));
    expect(outcome).toMatchObject({ state: 'ringing', reference: '2A3B4C5D6E7F' });
  });

  it('wrong token: auth; missing scope (403): auth; no credit (402): refused in sipgate\'s words; timeout', async () => {
    const { settings } = await api();
    expect((await failure(sipgateDialer, request(), { ...settings, token: 'wrong' })).failure).toBe('auth');
    const scoped = await api(() => ({ status: 403, body: '' }));
    expect((await failure(sipgateDialer, request(), scoped.settings)).message).toMatch(/right to start calls/);
    const broke = await api(() => ({ status: 402, body: '{"message":"insufficient funds"}' }));
    const refused = await failure(sipgateDialer, request(), broke.settings);
    expect(refused).toMatchObject({ failure: 'refused', detail: 'HTTP 402: {"message":"insufficient funds"}' });
    const slow = await api(() => 'hang');
    expect((await failure(sipgateDialer, request(), slow.settings, 400)).failure).toBe('timeout');
  });
});

describe('Placetel (POST /v2/calls)', () => {
  async function api(answer?: FakeRest['handler']) {
    const fake = await startFakeRest(
      answer ?? ((r) => (r.headers.authorization === 'Bearer pt-token' ? { status: 200, body: dialFixture('placetel-call-response.json') } : { status: 401, body: '{"error":"unauthorized"}' })),
    );
    cleanup.push(() => fake.close());
    return { fake, settings: { apiUrl: `${fake.url}/v2`, token: 'pt-token' } };
  }

  it('sends sipuid and target with the API token as bearer', async () => {
    const { fake, settings } = await api();
    const outcome = await placetelDialer.dial(request({ number: '+49302312574', device: '777123456e1@fpbx.de' }), { settings, timeoutMs: 5000 });
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: '/v2/calls' });
    expect(JSON.parse(fake.requests[0]!.body)).toEqual(JSON.parse(dialFixture('placetel-call-request.json')));
    expect(outcome).toMatchObject({ state: 'ringing', reference: '4711' });
  });

  it('wrong token: auth; timeout', async () => {
    const { settings } = await api();
    expect((await failure(placetelDialer, request(), { ...settings, token: 'nope' })).failure).toBe('auth');
    const slow = await api(() => 'hang');
    expect((await failure(placetelDialer, request(), slow.settings, 400)).failure).toBe('timeout');
  });
});

describe('generic HTTP template', () => {
  it('escapes each value for where it lands: URL, JSON body, XML body, form body', async () => {
    const fake = await startFakeRest(() => ({ status: 202, body: 'queued' }));
    cleanup.push(() => fake.close());
    const base = { method: 'POST', url: `${fake.url}/dial/{extension}?to={number}&who={agent}`, authorization: 'Bearer pbx-key' };
    const req = request({ number: '+4930&1', agent: { id: 'a1', name: 'Ben "B" <Berger> & Co' } });
    await genericDialer.dial(req, { settings: { ...base, headers: 'Content-Type: application/json', body: '{"to":"{number}","agent":"{agent}"}' }, timeoutMs: 5000 });
    await genericDialer.dial(req, { settings: { ...base, headers: 'Content-Type: text/xml', body: '<dial to="{number}">{agent}</dial>' }, timeoutMs: 5000 });
    await genericDialer.dial(req, { settings: { ...base, headers: 'Content-Type: application/x-www-form-urlencoded', body: 'to={number}&agent={agent}' }, timeoutMs: 5000 });
    const [json, xml, form] = fake.requests;
    expect(json!.path).toBe('/dial/21?to=%2B4930%261&who=Ben%20%22B%22%20%3CBerger%3E%20%26%20Co');
    expect(JSON.parse(json!.body)).toEqual({ to: '+4930&1', agent: 'Ben "B" <Berger> & Co' });
    expect(json!.headers.authorization).toBe('Bearer pbx-key');
    expect(xml!.body).toBe('<dial to="+4930&amp;1">Ben &quot;B&quot; &lt;Berger&gt; &amp; Co</dial>');
    expect(new URLSearchParams(form!.body).get('agent')).toBe('Ben "B" <Berger> & Co');
  });

  it('401 is auth, 486/409 a busy phone, silence a timeout', async () => {
    let status = 401;
    const fake = await startFakeRest(() => (status === 0 ? 'hang' : { status, body: '' }));
    cleanup.push(() => fake.close());
    const settings = { method: 'GET', url: `${fake.url}/dial?n={number}` };
    expect((await failure(genericDialer, request(), settings)).failure).toBe('auth');
    status = 486;
    expect((await failure(genericDialer, request(), settings)).failure).toBe('busy');
    status = 0;
    expect((await failure(genericDialer, request(), settings, 400)).failure).toBe('timeout');
  });
});

describe('Asterisk (AMI Originate on the manager session)', () => {
  async function ami() {
    const fake = await startFakeAmi({ username: 'ringside', secret: 's3cret' });
    const log = { info: () => {}, warn: () => {} };
    const client: AmiClient = startAmiClient({ url: `ami://ringside:s3cret@127.0.0.1:${fake.port}`, log, onEvent: () => {}, backoff: { baseMs: 20, maxMs: 100 } });
    cleanup.push(() => fake.close(), () => client.stop());
    const dialer = asteriskDialer(() => client.actions, { earlyResultMs: 5000 });
    return { fake, dialer, settings: { context: 'from-internal', channel: 'PJSIP/{device}' } };
  }

  async function loggedIn(dialer: Dialer, settings: Record<string, string>) {
    // The client sends actions only after its login was accepted; retry "not connected" until then.
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        return await dialer.dial(request({ device: '21' }), { settings, timeoutMs: 3000 });
      } catch (err) {
        if (!(err instanceof DialError) || err.failure !== 'unreachable' || Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  }

  it('originates from the agent\'s channel into the context, and matches Response and OriginateResponse by ActionID', async () => {
    const { fake, dialer, settings } = await ami();
    const outcome = await loggedIn(dialer, settings);
    expect(outcome).toMatchObject({ state: 'answered', reference: '1700000000.42' });
    expect(fake.actions[0]).toMatchObject({ Action: 'Originate', Channel: 'PJSIP/21', Context: 'from-internal', Exten: '0302312574', Priority: '1', Async: 'true' });
  });

  it('busy phone (Reason 5): busy; no originate permission: auth; no answer at all: timeout', async () => {
    const { fake, dialer, settings } = await ami();
    fake.originate = 'busy';
    const busy = await loggedIn(dialer, settings).then(() => null, (e: unknown) => e as DialError);
    expect(busy).toMatchObject({ failure: 'busy' });
    fake.originate = 'denied';
    const denied = await loggedIn(dialer, settings).then(() => null, (e: unknown) => e as DialError);
    expect(denied).toMatchObject({ failure: 'auth' });
    fake.originate = 'silent';
    const silent = await dialer.dial(request({ device: '21' }), { settings, timeoutMs: 400 }).then(() => null, (e: unknown) => e as DialError);
    expect(silent).toMatchObject({ failure: 'timeout' });
  });

  it('queued without an early result: the phone rings', async () => {
    const { fake, settings } = await ami();
    fake.originate = 'ringing';
    const client = startAmiClient({ url: `ami://ringside:s3cret@127.0.0.1:${fake.port}`, log: { info: () => {}, warn: () => {} }, onEvent: () => {} });
    cleanup.push(() => client.stop());
    const quick = asteriskDialer(() => client.actions, { earlyResultMs: 50 });
    expect(await loggedIn(quick, settings)).toMatchObject({ state: 'ringing' });
  });

  it('without a manager connection it cannot dial', async () => {
    const dialer = asteriskDialer(() => null);
    expect((await failure(dialer, request(), { context: 'x', channel: 'PJSIP/{device}' })).failure).toBe('not-configured');
  });
});

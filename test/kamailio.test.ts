import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallMessage, ServerMessage } from '@ringside/shared';
import { BridgeProcess, WEBHOOK_TOKEN } from './helpers/bridge-process.js';
import { Kamailio, SippUas, placeCall, requireSipTools } from './helpers/sip.js';
import { AgentClient } from './helpers/ws-client.js';

/**
 * deploy/kamailio/ringside.cfg for real: Debian's Kamailio on loopback relays real SIP calls from
 * a sipp caller to a sipp phone and posts the generic webhook to a real bridge; the agent's
 * socket must get the card. Needs the apt packages named in helpers/sip.ts (CI installs them);
 * without them this file fails, it does not skip.
 */

// Direct dial -21 of Welter's switchboard +49 30 2312574-0, as a trunk sends it.
const CALLER = '4930231257421';

const isCall =
  (callId: string, event?: CallMessage['event']) =>
  (m: ServerMessage): m is CallMessage =>
    m.type === 'call' && m.call.callId === callId && (!event || m.event === event);

describe('Kamailio snippet: a real SIP call through Kamailio pops the card', () => {
  let bridge: BridgeProcess | undefined;
  let kamailio: Kamailio | undefined;
  let uas: SippUas | undefined;
  let agent: AgentClient | undefined;
  let agentToken = '';
  const run = `${process.pid}-${Date.now()}`;

  /** A message for the agent, or a failure that shows what Kamailio and the phone saw. */
  async function seen(callId: string, event: CallMessage['event']): Promise<CallMessage> {
    try {
      return await agent!.waitFor(isCall(callId, event), 15_000);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${kamailio?.tail()}\n${uas?.tail()}\n--- bridge ---\n${bridge?.output.slice(-3000)}`);
    }
  }

  beforeAll(async () => {
    const tools = requireSipTools();
    bridge = await BridgeProcess.start();
    const customer = await bridge.api('PUT', '/api/customers/K-1', {
      company: 'Welter Dachbau GmbH',
      phones: [{ number: '+49 30 2312574-0', label: 'Zentrale', main: true }],
    });
    expect(customer.status).toBe(201);
    const ben = await bridge.api('POST', '/api/agents', { name: 'Ben', extensions: ['21'] });
    expect(ben.status).toBe(201);
    agentToken = ben.body.token;
    agent = await AgentClient.connect(bridge.base, { token: agentToken });

    uas = await SippUas.start();
    kamailio = await Kamailio.start(tools.kamailio, { bridgeUrl: bridge.base, token: WEBHOOK_TOKEN, pbxPort: uas.port });
  });

  afterAll(async () => {
    agent?.close();
    await kamailio?.stop();
    await uas?.stop();
    await bridge?.dispose();
  });

  it('INVITE -> ringing with the customer card, 200 OK -> answered by 21, BYE -> ended (answered)', async () => {
    const callId = `ringside-kam-answered-${run}@127.0.0.1`;
    const call = placeCall({ scenario: 'uac-answer', kamailioPort: kamailio!.port, extension: '21', caller: CALLER, callId, durationMs: 500 });

    const ringing = await seen(callId, 'ringing');
    expect(ringing.call).toMatchObject({ direction: 'in', to: '21', agentIds: [expect.any(String)], from: { raw: CALLER, e164: `+${CALLER}` } });
    expect(ringing.lookup?.status).toBe('known');
    expect(ringing.lookup?.matches[0]).toMatchObject({ level: 'switchboard', card: { customerNo: 'K-1', company: 'Welter Dachbau GmbH' } });

    const answered = await seen(callId, 'answered');
    expect(answered.call).toMatchObject({ answeredBy: '21', answeredByName: 'Ben' });

    const ended = await seen(callId, 'ended');
    expect(ended.call).toMatchObject({ outcome: 'answered', cause: 'normalClearing' });
    expect(ringing.eventId).toBeLessThan(answered.eventId);
    expect(answered.eventId).toBeLessThan(ended.eventId);

    const uac = await call;
    expect(uac.code, uac.output).toBe(0);
    expect(kamailio!.output).not.toContain('ringside: bridge did not take');
  });

  it('a caller who hangs up while it rings (CANCEL) ends as missed and lands on the callback list', async () => {
    const callId = `ringside-kam-missed-${run}@127.0.0.1`;
    // Anonymous From with the number in P-Asserted-Identity, as trunks send it.
    const call = placeCall({ scenario: 'uac-cancel', kamailioPort: kamailio!.port, extension: '21', caller: `+${CALLER}`, callId, durationMs: 300 });

    const ringing = await seen(callId, 'ringing');
    expect(ringing.call.from).toMatchObject({ raw: `+${CALLER}`, kind: 'number' });
    expect(ringing.lookup?.matches[0]?.card.customerNo).toBe('K-1');

    const ended = await seen(callId, 'ended');
    expect(ended.call).toMatchObject({ outcome: 'missed', cause: 'cancel', answeredBy: null });
    // The end event came after anything about this call: no answer was ever pushed.
    expect(agent!.calls().filter((m) => m.call.callId === callId).map((m) => m.event)).toEqual(['ringing', 'ended']);

    const uac = await call;
    expect(uac.code, uac.output).toBe(0);

    const missed = await bridge!.api('GET', '/api/me/calls?scope=missed', undefined, agentToken);
    expect(missed.status).toBe(200);
    expect(missed.body.calls).toContainEqual(expect.objectContaining({ callId, customerNo: 'K-1', callbackPending: true }));
    expect(kamailio!.output).not.toContain('ringside: bridge did not take');
  });
});

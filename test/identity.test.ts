import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallMessage, ServerMessage } from '@ringside/shared';
import { AdminClient } from './helpers/admin-client.js';
import { BridgeProcess, WEBHOOK_TOKEN } from './helpers/bridge-process.js';
import { AgentClient, expectNothing } from './helpers/ws-client.js';

// Identity at the edge, through the real bridge process and real sockets, for every adapter:
// whatever a phone system calls a person (extension, sipgate w0, Placetel peer, Twilio client,
// Zammad name or e-mail, Fritz!Box index, 3CX extension), the right agent gets the card.
//   - a ringing target no agent is mapped to still reaches every agent (never pop for nobody);
//   - a mapped one reaches only its agent;
//   - the agent who picks up through the source's own identifier gets a message marking the
//     call as theirs by agent id, even without having rung (the card comes with the answer).

const CALLER = '01701234567';
const PUBLIC_URL = 'https://ringside.example.com';

type Send = (callId: string) => Promise<void>;
interface AdapterCase {
  source: string;
  /** Rings someone no agent is mapped to. */
  ringUnmapped: Send;
  /** Rings Ben through the source's own identifier. */
  ringBen: Send;
  /** Anna picks up the call that rang Ben, named the source's way. */
  annaAnswers: Send;
  /** The event that carries the card (3CX reports calls when they are over). */
  cardEvent?: 'ringing' | 'ended';
}

function form(fields: Record<string, string | string[]>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) p.append(k, one);
  return p.toString();
}

describe('identity resolved at the edge, every adapter', () => {
  let bridge: BridgeProcess;
  let fritz: net.Server;
  let fritzSocket: net.Socket | undefined;
  let fritzConn = 10;
  let ami: net.Server;
  let amiSocket: net.Socket | undefined;
  const agents: Record<'anna' | 'ben' | 'carla', { id: string; token: string; ws?: AgentClient }> = {} as never;

  async function post(path: string, body: string, type = 'application/x-www-form-urlencoded'): Promise<void> {
    const res = await fetch(`${bridge.base}${path}`, { method: 'POST', headers: { 'content-type': type }, body });
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  }
  const json = (path: string, body: unknown) => post(path, JSON.stringify(body), 'application/json');
  const fritzLine = async (line: string) => {
    const deadline = Date.now() + 15_000;
    while (!fritzSocket && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    fritzSocket!.write(`${line}\r\n`);
  };
  /** Asterisk AMI events as the Manager interface writes them: `Key: value` lines, blank line. */
  const amiEvent = async (fields: Record<string, string>) => {
    const deadline = Date.now() + 15_000;
    while (!amiSocket && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    amiSocket!.write(`${Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`);
  };
  const amiCall = (id: string) => ({ Linkedid: id, CallerIDNum: CALLER, Channel: `PJSIP/trunk-${id}` });
  const amiRing = async (id: string, dialed: string) => {
    await amiEvent({ Event: 'Newchannel', ...amiCall(id), Uniqueid: id, Exten: '4930999' });
    await amiEvent({ Event: 'DialBegin', ...amiCall(id), Uniqueid: id, DestChannel: `PJSIP/${dialed}-0001`, DestCallerIDNum: dialed, DestExten: dialed });
  };
  const fritzTime = '04.12.26 10:15:30';
  const fritzIds = new Map<string, number>();
  const fritzId = (callId: string) => {
    if (!fritzIds.has(callId)) fritzIds.set(callId, fritzConn++);
    return fritzIds.get(callId)!;
  };

  const sipgate = `/pbx/sipgate/${WEBHOOK_TOKEN}`;
  const zammad = `/api/v1/cti/${WEBHOOK_TOKEN}`;
  const placetel = `/pbx/placetel/${WEBHOOK_TOKEN}`;
  const twilio = `/pbx/twilio/${WEBHOOK_TOKEN}`;
  const journal = `/pbx/3cx/journal?token=${WEBHOOK_TOKEN}`;
  // 3CX names a call by number and start: each case starts at its own minute.
  const journalMinute = (callId: string) => String(10 + (fritzId(callId) % 50)).padStart(2, '0');
  const journalFields = (callId: string, agent: string, callType: string) => ({
    CallType: callType,
    Number: CALLER,
    Agent: agent,
    Duration: '00:01:05',
    CallStartTimeUTC: `2026-12-04 09:${journalMinute(callId)}:00`,
  });

  const cases: AdapterCase[] = [
    {
      source: 'generic',
      ringUnmapped: (id) => json(`/pbx/generic/${WEBHOOK_TOKEN}`, { event: 'ringing', callId: id, from: CALLER, agents: ['99'] }),
      ringBen: (id) => json(`/pbx/generic/${WEBHOOK_TOKEN}`, { event: 'ringing', callId: id, from: CALLER, agents: ['22'] }),
      annaAnswers: (id) => json(`/pbx/generic/${WEBHOOK_TOKEN}`, { event: 'answered', callId: id, answeredBy: '21' }),
    },
    {
      source: 'sipgate',
      ringUnmapped: (id) => post(sipgate, form({ event: 'newCall', from: CALLER, to: '4921199', direction: 'in', callId: id, 'user[]': 'Zed', 'userId[]': 'w9' })),
      ringBen: (id) => post(sipgate, form({ event: 'newCall', from: CALLER, to: '4921199', direction: 'in', callId: id, 'user[]': 'Ben', 'userId[]': 'w1' })),
      annaAnswers: (id) => post(sipgate, form({ event: 'answer', callId: id, user: 'Anna', userId: 'w0', from: CALLER, to: '4921199', direction: 'in' })),
    },
    {
      source: 'zammad',
      // Zammad's own comma-joined form of two users nobody is mapped to.
      ringUnmapped: (id) => json(zammad, { event: 'newCall', from: CALLER, to: '4921199', direction: 'in', callId: id, user: 'user 1,user 2' }),
      ringBen: (id) => json(zammad, { event: 'newCall', from: CALLER, to: '4921199', direction: 'in', callId: id, user: ['Ben Schulz'] }),
      annaAnswers: (id) =>
        json(zammad, { event: 'answer', from: CALLER, to: '4921199', direction: 'in', callId: id, user: 'Anna B.', answeringNumber: 'anna@example.com' }),
    },
    {
      source: 'placetel',
      ringUnmapped: (id) => post(placetel, form({ event: 'IncomingCall', from: CALLER, to: '0211999', call_id: id, direction: 'in', peer: 'zed@sip' })),
      ringBen: (id) => post(placetel, form({ event: 'IncomingCall', from: CALLER, to: '0211999', call_id: id, direction: 'in', peer: 'ben@sip' })),
      annaAnswers: (id) => post(placetel, form({ event: 'CallAccepted', from: CALLER, to: '0211999', call_id: id, peer: 'anna@sip' })),
    },
    {
      source: 'twilio',
      // <Dial> child legs ring one client each; they are the caller's call, not calls of their own.
      ringUnmapped: (id) =>
        post(twilio, form({ CallSid: `${id}-leg`, ParentCallSid: id, AccountSid: 'AC1', From: CALLER, To: 'client:zed', CallStatus: 'ringing', Direction: 'outbound-dial' })),
      ringBen: (id) =>
        post(twilio, form({ CallSid: `${id}-leg`, ParentCallSid: id, AccountSid: 'AC1', From: CALLER, To: 'client:ben', CallStatus: 'ringing', Direction: 'outbound-dial' })),
      annaAnswers: (id) =>
        post(twilio, form({ CallSid: `${id}-anna`, ParentCallSid: id, AccountSid: 'AC1', From: CALLER, To: 'client:anna', CallStatus: 'in-progress', Direction: 'outbound-dial' })),
    },
    {
      source: 'fritzbox',
      // RING names no extension (every agent); an outgoing CALL names the extension index.
      ringUnmapped: (id) => fritzLine(`${fritzTime};RING;${fritzId(id)};${CALLER};0211999;SIP0;`),
      ringBen: (id) => fritzLine(`${fritzTime};CALL;${fritzId(id)};2;0211999;${CALLER};SIP0;`),
      annaAnswers: (id) => fritzLine(`${fritzTime};CONNECT;${fritzId(id)};1;${CALLER};`),
    },
    {
      source: 'asterisk',
      ringUnmapped: (id) => amiRing(id, '99'),
      ringBen: (id) => amiRing(id, '22'),
      // A pickup from extension 21 of a call that rang 22.
      annaAnswers: (id) =>
        amiEvent({ Event: 'DialEnd', ...amiCall(id), Uniqueid: id, DialStatus: 'ANSWER', DestChannel: 'PJSIP/21-0002', DestCallerIDNum: '21', DestExten: '21' }),
    },
    {
      source: '3cx',
      cardEvent: 'ended',
      ringUnmapped: (id) => post(journal, form(journalFields(id, '99', 'Missed'))),
      ringBen: (id) => post(journal, form(journalFields(id, '22', 'Missed'))),
      // A post-call journal names who took it; Anna never rang (the journal said 21 this time).
      annaAnswers: (id) => post(journal, form(journalFields(`${id}-taken`, '21', 'Inbound'))),
    },
  ];

  /** The call message of this adapter's call, whatever call id the adapter gave it. */
  const ofCase = (c: AdapterCase, tag: string, event?: string) => (m: ServerMessage): m is CallMessage =>
    m.type === 'call' &&
    m.call.source === c.source &&
    (!event || m.event === event) &&
    (c.source === 'fritzbox'
      ? m.call.callId.startsWith(`${fritzId(tag)}@`)
      : c.source === '3cx'
        ? m.call.startedAt === `2026-12-04T09:${journalMinute(tag)}:00.000Z`
        : m.call.callId === tag);

  beforeAll(async () => {
    fritz = net.createServer((socket) => {
      fritzSocket = socket;
      socket.on('error', () => {});
    });
    await new Promise<void>((r) => fritz.listen(0, '127.0.0.1', r));
    // A Manager interface that accepts the login and then carries the events the test writes.
    ami = net.createServer((socket) => {
      socket.on('error', () => {});
      socket.setEncoding('utf8');
      socket.write('Asterisk Call Manager/7.0.3\r\n');
      socket.on('data', (chunk: string) => {
        const id = /ActionID: (\S+)/.exec(chunk)?.[1];
        if (!chunk.includes('Action: Login') || !id) return;
        socket.write(`Response: Success\r\nActionID: ${id}\r\nMessage: Authentication accepted\r\n\r\n`);
        amiSocket = socket;
      });
    });
    await new Promise<void>((r) => ami.listen(0, '127.0.0.1', r));
    bridge = await BridgeProcess.start({
      env: {
        RINGSIDE_PUBLIC_URL: PUBLIC_URL,
        RINGSIDE_FRITZBOX: `127.0.0.1:${(fritz.address() as net.AddressInfo).port}`,
        RINGSIDE_AMI: `ami://ringside:secret@127.0.0.1:${(ami.address() as net.AddressInfo).port}`,
        RINGSIDE_BLOCKLIST: '0900 1234567',
        // Phone systems other than the generic webhook are off until set up.
        RINGSIDE_SOURCES: 'zammad,sipgate,placetel,twilio,3cx',
      },
    });
    await bridge.expectOk('PUT', '/api/customers/K-1', { company: 'Welter Dachbau GmbH', phones: [{ number: CALLER }] });
    const create = async (body: Record<string, unknown>) => {
      const created = (await bridge.expectOk('POST', '/api/agents', body)) as { id: string; token: string };
      return { ...created, ws: await AgentClient.connect(bridge.base, { token: created.token }) };
    };
    agents.anna = await create({
      name: 'Anna Becker',
      email: 'anna@example.com',
      extensions: ['21'],
      identifiers: { sipgate: ['w0'], placetel: ['anna@sip'], twilio: ['client:anna'], fritzbox: ['1'] },
    });
    agents.ben = await create({
      name: 'Ben Schulz',
      extensions: ['22'],
      identifiers: { sipgate: ['w1'], placetel: ['ben@sip'], twilio: ['client:ben'], fritzbox: ['2'] },
    });
    agents.carla = await create({ name: 'Carla Roth', extensions: ['23'] });
  });

  afterAll(async () => {
    for (const a of Object.values(agents)) a.ws?.close();
    fritzSocket?.destroy();
    fritz?.close();
    amiSocket?.destroy();
    ami?.close();
    await bridge?.dispose();
  });

  describe.each(cases)('$source', (c) => {
    const event = c.cardEvent ?? 'ringing';

    it('an unmapped ringing user still reaches every agent, and the console lists it', async () => {
      const id = `${c.source}-unmapped`;
      await c.ringUnmapped(id);
      for (const a of Object.values(agents)) {
        const msg = await a.ws!.waitFor(ofCase(c, id, event));
        expect(msg.call.agentIds).toEqual([]);
        expect(msg.lookup?.status).toBe('known');
      }
    });

    it('a mapped one reaches only its agent; the one who picks up gets the call marked as theirs', async () => {
      const id = `${c.source}-ben`;
      await c.ringBen(id);
      const ring = await agents.ben.ws!.waitFor(ofCase(c, id, event));
      expect(ring.call.agentIds).toEqual([agents.ben.id]);
      await expectNothing(agents.carla.ws!, ofCase(c, id));
      await expectNothing(agents.anna.ws!, ofCase(c, id));

      await c.annaAnswers(id);
      const taken = c.source === '3cx' ? ofCase(c, `${id}-taken`, 'ended') : ofCase(c, id, 'answered');
      const mine = await agents.anna.ws!.waitFor(taken);
      expect(mine.call).toMatchObject({ answeredByAgentId: agents.anna.id, answeredByName: 'Anna Becker' });
      // She never rang, so the card comes with the answer.
      expect(mine.lookup?.matches[0]?.card.customerNo).toBe('K-1');
      if (c.source !== '3cx') {
        const colleague = await agents.ben.ws!.waitFor(ofCase(c, id, 'answered'));
        expect(colleague.call.answeredByAgentId).toBe(agents.anna.id);
        await expectNothing(agents.carla.ws!, ofCase(c, id));
      }
    });
  });

  it('no adapter pushed a ringing card for a call that was already over (3CX)', () => {
    for (const a of Object.values(agents)) {
      expect(a.ws!.calls().filter((m) => m.call.source === '3cx' && m.event === 'ringing')).toEqual([]);
    }
  });

  it('a blocked caller gets the reject answer, is journaled as blocked and counted, and reaches nobody', async () => {
    const res = await fetch(`${bridge.base}${zammad}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'newCall', from: '00499001234567', to: '4921199', direction: 'in', callId: 'blocked-1', user: ['Ben Schulz'] }),
    });
    expect(await res.json()).toEqual({ action: 'reject', reason: 'busy' });
    await json(zammad, { event: 'hangup', from: '00499001234567', to: '4921199', direction: 'in', callId: 'blocked-1', cause: 'cancel' });
    for (const a of Object.values(agents)) await expectNothing(a.ws!, (m) => m.type === 'call' && m.call.callId === 'blocked-1', 300);
    const metrics = (await bridge.api('GET', '/metrics')).body as string;
    expect(metrics).toContain('ringside_calls_blocked_total{source="zammad"} 1');
    const missed = await fetch(`${bridge.base}/api/me/calls?scope=today`, { headers: { authorization: `Bearer ${agents.ben.token}` } });
    expect(((await missed.json()) as { calls: { callId: string }[] }).calls.map((c) => c.callId)).not.toContain('blocked-1');
  });

  it('Twilio <Dial> legs are never calls of their own', () => {
    for (const a of Object.values(agents)) {
      expect(a.ws!.calls().filter((m) => m.call.source === 'twilio' && (m.call.direction === 'out' || m.call.from.raw.startsWith('client:')))).toEqual([]);
    }
  });

  it('the admin console lists what no agent is mapped to, and one click assigns it', async () => {
    const admin = await AdminClient.signIn(bridge);
    const { sources } = (await admin.ok('GET', '/admin/api/sources')) as { sources: { id: string; unmapped: { identifier: string; role: string }[] }[] };
    const unmapped = (id: string) => sources.find((s) => s.id === id)?.unmapped.map((u) => u.identifier).sort();
    expect(unmapped('sipgate')).toEqual(['w9']);
    expect(unmapped('zammad')).toEqual(['user 1', 'user 2']);
    expect(unmapped('placetel')).toEqual(['zed@sip']);
    expect(unmapped('twilio')).toEqual(['client:zed']);
    expect(unmapped('generic')).toEqual(['99']);
    expect(unmapped('asterisk')).toEqual(['99']);
    // A Fritz!Box RING names the called number and the line: both are offered.
    expect(unmapped('fritzbox')).toEqual(['0211999', 'SIP0']);

    const assigned = (await admin.ok('POST', '/admin/api/sources/sipgate/unmapped/assign', { identifier: 'w9', agentId: agents.carla.id })) as {
      identifiers: Record<string, string[]>;
    };
    expect(assigned.identifiers.sipgate).toEqual(['w9']);
    const after = (await admin.ok('GET', '/admin/api/sources')) as { sources: { id: string; unmapped: unknown[] }[] };
    expect(after.sources.find((s) => s.id === 'sipgate')?.unmapped).toEqual([]);
    // Assigning the MSN takes the line off the list too: it was only ever named with it (#12).
    await admin.ok('POST', '/admin/api/sources/fritzbox/unmapped/assign', { identifier: '0211999', agentId: agents.carla.id });
    const fritz = (await admin.ok('GET', '/admin/api/sources')) as { sources: { id: string; unmapped: unknown[] }[] };
    expect(fritz.sources.find((s) => s.id === 'fritzbox')?.unmapped).toEqual([]);
    expect(await admin.request('POST', '/admin/api/sources/sipgate/unmapped/assign', { identifier: 'w8', agentId: 'nobody' })).toMatchObject({
      status: 404,
      body: { field: 'agentId' },
    });

    // From now on w9 rings Carla only.
    await post(sipgate, form({ event: 'newCall', from: CALLER, to: '4921199', direction: 'in', callId: 'sg-w9', 'user[]': 'Zed', 'userId[]': 'w9' }));
    expect((await agents.carla.ws!.waitFor(ofCase(cases[1]!, 'sg-w9', 'ringing'))).call.agentIds).toEqual([agents.carla.id]);
    await expectNothing(agents.ben.ws!, ofCase(cases[1]!, 'sg-w9'));
  });
});

import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode, type CallMessage, type ServerMessage } from '@ringside/shared';
import { AdminClient } from './helpers/admin-client.js';
import { BridgeProcess } from './helpers/bridge-process.js';
import { AgentClient } from './helpers/ws-client.js';

// Nothing one agent, an import or a stranger does keeps another agent's popup from arriving
// (issue 13). No timings are asserted: popups are counted; bench/isolation.ts measures them.

const ROWS = 50_000;
const isCall = (callId: string) => (m: ServerMessage): m is CallMessage => m.type === 'call' && m.call.callId === callId;

/** A customer list as German Excel writes it: one customer a row, each with its own number. */
function customerCsv(rows: number): string {
  const lines = ['Kundennummer;Firma;Vorname;Nachname;Telefon'];
  for (let i = 0; i < rows; i++) {
    lines.push(`K${i};Müller Haustechnik ${i} GmbH;Anna;Weiß-${i % 97};030 ${String(2_000_000 + i)}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

describe('agent isolation', () => {
  let bridge: BridgeProcess;
  let quiet: AgentClient;
  let flooderToken: string;
  let seq = 0;

  beforeAll(async () => {
    bridge = await BridgeProcess.start({ env: { RINGSIDE_AGENT_MAX_SOCKETS: '3', RINGSIDE_MAX_PENDING_SOCKETS: '5' } });
    const anna = await bridge.createAgent('Anna', ['21']);
    flooderToken = (await bridge.createAgent('Flo', ['22'])).token;
    quiet = await AgentClient.connect(bridge.base, { token: anna.token });
  });

  afterAll(async () => {
    quiet?.close();
    await bridge?.dispose();
  });

  /** Ring Anna's phone; resolves when the bridge accepted the webhook. */
  async function ring(prefix: string): Promise<string> {
    const callId = `${prefix}-${++seq}`;
    await bridge.call({ event: 'ringing', callId, from: `+49 89 ${4_000_000 + seq}`, agents: ['21'] });
    return callId;
  }

  it(`imports ${ROWS.toLocaleString('en-US')} rows in the console while every popup keeps arriving`, async () => {
    const admin = await AdminClient.signIn(bridge);
    const inspection = await admin.ok('POST', '/admin/api/imports', new TextEncoder().encode(customerCsv(ROWS)), {
      'content-type': 'application/octet-stream',
      'x-file-name': 'kunden.csv',
    });
    await admin.ok('POST', `/admin/api/imports/${inspection.id}/run`, {});
    const rungDuringImport: string[] = [];
    let job: any;
    for (;;) {
      job = await admin.ok('GET', `/admin/api/imports/${inspection.id}`);
      if (job.state !== 'running') break;
      rungDuringImport.push(await ring('import'));
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(job).toMatchObject({ state: 'done', rows: ROWS, imported: ROWS, failed: 0 });
    expect(rungDuringImport.length).toBeGreaterThan(0);
    for (const callId of rungDuringImport) await quiet.waitFor(isCall(callId), 30_000);
    expect(quiet.calls().filter((m) => m.call.callId.startsWith('import-'))).toHaveLength(rungDuringImport.length);
  }, 300_000);

  it('throttles, then disconnects, an agent flooding its socket with searches, while another agent gets every popup', async () => {
    const flooder = await AgentClient.connect(bridge.base, { token: flooderToken });
    // 3,000 searches for a fragment shared by all 50,000 customers, sent as fast as ws can.
    for (let i = 0; i < 3000; i++) flooder.send({ type: 'search', q: 'Müller Haustechnik', requestId: `s${i}` });
    const rung: string[] = [];
    for (let i = 0; i < 20; i++) rung.push(await ring('flood'));
    for (const callId of rung) await quiet.waitFor(isCall(callId), 30_000);
    expect(quiet.calls().filter((m) => m.call.callId.startsWith('flood-'))).toHaveLength(20);

    // The flooder was told, then cut off; far fewer than its 3,000 searches were answered.
    await flooder.waitFor((m) => m.type === 'error' && m.code === 'rate_limited');
    expect(await flooder.waitClosed(30_000)).toBe(CloseCode.rateLimited);
    const answered = flooder.messages.filter((m) => m.type === 'searchResult');
    expect(answered.length).toBeLessThan(200);
    // What was answered is the bounded result set, and found the imported customers.
    expect((answered[0] as Extract<ServerMessage, { type: 'searchResult' }>).results).toHaveLength(20);
  }, 120_000);

  it('answers REST searches beyond the per-agent budget with 429 and Retry-After', async () => {
    const search = () => fetch(`${bridge.base}/api/me/search?q=weiss`, { headers: { authorization: `Bearer ${flooderToken}` } });
    const results = await Promise.all(Array.from({ length: 60 }, search));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
    const limited = results.find((r) => r.status === 429);
    expect(limited?.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await limited!.json()).toMatchObject({ error: 'rate_limited', field: 'q' });
    // ß/ss folding through the real API: `weiss` finds the imported Weiß-… contacts.
    const ok = results.find((r) => r.status === 200)!;
    const body = (await ok.json()) as { results: { contacts: string[] }[] };
    expect(body.results.length).toBeGreaterThan(0);
    expect(body.results[0]!.contacts.join(' ')).toContain('Weiß');
  });

  it('caps the sockets of one agent and the sockets that have not said hello', async () => {
    const { token } = await bridge.createAgent('Sockets', ['23']);
    const open = [];
    for (let i = 0; i < 3; i++) open.push(await AgentClient.connect(bridge.base, { token }));
    const fourth = await AgentClient.connect(bridge.base);
    fourth.send({ type: 'hello', token });
    expect(await fourth.waitClosed()).toBe(CloseCode.tooManySockets);
    for (const c of open) c.close();

    // Five silent sockets hold every slot; the sixth upgrade is refused until one says hello.
    const silent = [];
    for (let i = 0; i < 5; i++) silent.push(await AgentClient.connect(bridge.base));
    const refused = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`${bridge.base.replace(/^http/, 'ws')}/ws`);
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => reject(new Error('a sixth silent socket was accepted')));
      ws.once('error', () => undefined);
    });
    expect(refused).toBe(503);
    silent[0]!.send({ type: 'hello', token });
    await silent[0]!.waitFor((m) => m.type === 'welcome');
    const next = await AgentClient.connect(bridge.base, { token });
    for (const c of [...silent, next]) c.close();
  });
});

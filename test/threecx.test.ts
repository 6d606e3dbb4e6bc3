import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeProcess, WEBHOOK_TOKEN } from './helpers/bridge-process.js';

/**
 * 3CX's server-side CRM template against the real bridge: what 3CX sends when it looks a caller
 * up and when it journals a finished call, and the template the admin uploads into 3CX.
 */
const PUBLIC_URL = 'https://ringside.example.com/bridge';

const WELTER = {
  company: 'Welter Dachbau GmbH',
  phones: [{ number: '030 2312574-0', label: 'Zentrale', main: true }],
  contacts: [
    {
      salutation: 'Herr',
      firstName: 'Jonas',
      lastName: 'Welter',
      email: 'jonas@welter-dach.example',
      phones: [{ number: '0170 1234567', label: 'mobil' }],
    },
  ],
};

/** 3CX formats times with `ToString("yyyy-MM-dd HH:mm:ss")` in the template. */
const threecxTime = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

/** Response bodies are JSON of shapes the assertions spell out. */
const read = (res: Response): Promise<any> => res.json();

/** `Url="..."` of a scenario, decoded the way an XML parser would. */
function attr(xml: string, pattern: RegExp): string {
  const raw = pattern.exec(xml)?.[1];
  if (raw === undefined) throw new Error(`not in the template: ${pattern}`);
  return raw.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

describe('3CX: lookup and call journal of the server-side CRM template', () => {
  let bridge: BridgeProcess;
  let ben: { id: string; token: string };
  let lena: { id: string; token: string };

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${bridge.base}${path}`, { headers });
  const journal = (fields: Record<string, string>, token = WEBHOOK_TOKEN) =>
    fetch(`${bridge.base}/pbx/3cx/journal?token=${encodeURIComponent(token)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  const missedCalls = async (token: string) =>
    (await bridge.api('GET', '/api/me/calls?scope=missed', undefined, token)).body.calls as { callId: string; source: string; outcome: string; customerNo: string | null }[];

  beforeAll(async () => {
    bridge = await BridgeProcess.start({ env: { RINGSIDE_PUBLIC_URL: PUBLIC_URL, RINGSIDE_SOURCES: '3cx' } });
    expect((await bridge.api('PUT', '/api/customers/K-1001', WELTER)).status).toBe(201);
    ben = (await bridge.api('POST', '/api/agents', { name: 'Ben', extensions: ['21'] })).body;
    lena = (await bridge.api('POST', '/api/agents', { name: 'Lena', extensions: ['22'] })).body;
  });
  afterAll(async () => bridge?.dispose());

  it('looks a caller up by number, with the token as query parameter or bearer header', async () => {
    const viaQuery = await get(`/pbx/3cx/lookup?number=00491701234567&token=${WEBHOOK_TOKEN}`);
    expect(viaQuery.status).toBe(200);
    expect(await viaQuery.json()).toEqual({
      contacts: [
        expect.objectContaining({
          EntityId: expect.stringMatching(/^K-1001:\d+$/),
          FirstName: 'Jonas',
          LastName: 'Welter',
          CompanyName: 'Welter Dachbau GmbH',
          Email: 'jonas@welter-dach.example',
          PhoneMobile: '0170 1234567',
          PhoneBusiness: '030 2312574-0',
        }),
      ],
    });
    // A direct-dial number behind the switchboard finds the company too.
    const viaHeader = await get('/pbx/3cx/lookup?number=004930231257421', { authorization: `Bearer ${WEBHOOK_TOKEN}` });
    expect((await read(viaHeader)).contacts[0]).toMatchObject({ CompanyName: 'Welter Dachbau GmbH' });
    expect(await (await get(`/pbx/3cx/lookup?number=anonymous&token=${WEBHOOK_TOKEN}`)).json()).toEqual({ contacts: [] });
    expect(await (await get(`/pbx/3cx/lookup?number=00498912345678&token=${WEBHOOK_TOKEN}`)).json()).toEqual({ contacts: [] });
  });

  it('refuses a wrong or missing token with 401 and a missing number with 400', async () => {
    const wrong = await get('/pbx/3cx/lookup?number=00491701234567&token=wrong');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'unauthorized' });
    expect((await get('/pbx/3cx/lookup?number=00491701234567')).status).toBe(401);
    expect((await journal({ CallType: 'Missed' }, 'wrong')).status).toBe(401);
    const noNumber = await get(`/pbx/3cx/lookup?token=${WEBHOOK_TOKEN}`);
    expect(noNumber.status).toBe(400);
    expect(await noNumber.json()).toMatchObject({ error: 'invalid', field: 'number' });
  });

  it('a journaled Missed call lands on the callback list of the agent it rang, once', async () => {
    const start = new Date(Date.now() - 90_000);
    const missed = {
      CallType: 'Missed',
      Number: '00491701234567',
      Agent: '21',
      AgentFirstName: 'Ben',
      Duration: '00:00:00',
      CallStartTimeUTC: threecxTime(start),
      CallEndTimeUTC: threecxTime(new Date(start.getTime() + 25_000)),
      EntityId: '',
    };
    const first = await journal(missed);
    expect(first.status).toBe(200);
    const answer = await read(first);
    expect(answer).toMatchObject({ outcome: 'missed', duplicate: false, customerNo: 'K-1001' });

    const forBen = await missedCalls(ben.token);
    expect(forBen).toContainEqual(expect.objectContaining({ callId: answer.callId, source: '3cx', outcome: 'missed', customerNo: 'K-1001' }));
    expect((await missedCalls(lena.token)).map((c) => c.callId)).not.toContain(answer.callId);

    // 3CX retries a post it believes failed: same call, no second note.
    const retry = await journal(missed);
    expect(await retry.json()).toMatchObject({ callId: answer.callId, duplicate: true });
    expect((await missedCalls(ben.token)).filter((c) => c.callId === answer.callId)).toHaveLength(1);
    const card = (await bridge.api('GET', '/api/customers/K-1001')).body;
    const notes = card.conversations.filter((c: { subject: string }) => c.subject === 'Anruf (3CX): verpasst');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ channel: 'call', agent: 'Ben', contact: 'Herr Jonas Welter' });
  });

  it('an answered call named by EntityId is journaled on that customer, JSON accepted too', async () => {
    const lookup = await read(await get(`/pbx/3cx/lookup?number=00491701234567&token=${WEBHOOK_TOKEN}`));
    const res = await fetch(`${bridge.base}/pbx/3cx/journal`, {
      method: 'POST',
      headers: { authorization: `Bearer ${WEBHOOK_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        CallType: 'Inbound',
        Number: '+49 170 1234567',
        Agent: '22',
        AgentFirstName: 'Lena',
        Duration: '00:02:05',
        CallStartTimeUTC: threecxTime(new Date(Date.now() - 200_000)),
        EntityId: lookup.contacts[0].EntityId,
      }),
    });
    expect(await res.json()).toMatchObject({ outcome: 'answered', customerNo: 'K-1001' });
    const card = (await bridge.api('GET', '/api/customers/K-1001')).body;
    expect(card.conversations).toContainEqual(
      expect.objectContaining({ subject: 'Anruf (3CX): angenommen', agent: 'Lena', summary: expect.stringContaining('Dauer 2:05 min') }),
    );
  });

  it('a malformed journal is refused naming the field, and nothing is stored', async () => {
    const bad = await journal({ CallType: 'Missed', Number: '00491701234567', Duration: 'lange', CallStartTimeUTC: threecxTime(new Date()) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid', field: 'Duration' });
    const noType = await journal({ Number: '00491701234567', CallStartTimeUTC: threecxTime(new Date()) });
    expect(await noType.json()).toMatchObject({ field: 'CallType' });
  });

  it('serves the template for this bridge, and what it tells 3CX to request works', async () => {
    expect((await get('/pbx/3cx/template.xml')).status).toBe(401);
    const res = await get('/pbx/3cx/template.xml', { authorization: `Bearer ${WEBHOOK_TOKEN}` });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
    const xml = await res.text();
    expect(xml).toContain(`Default="${PUBLIC_URL}"`);
    expect(xml).toContain('<Scenario Id="ReportCall" Type="REST">');

    // Do what 3CX does with the lookup scenario, only against this test's loopback address.
    const token = attr(xml, /<Parameter Name="RingsideToken"[^>]*Default="([^"]*)"/);
    const lookupUrl = attr(xml, /<Scenario Id="" Type="REST">\s*<Request[^>]*Url="([^"]*)"/)
      .replace('[RingsideUrl]', bridge.base)
      .replace('[Number]', '00491701234567')
      .replace('[RingsideToken]', token);
    expect((await read(await fetch(lookupUrl))).contacts[0]).toMatchObject({ LastName: 'Welter' });
    const journalUrl = attr(xml, /<Scenario Id="ReportCall" Type="REST">\s*<Request[^>]*Url="([^"]*)"/)
      .replace('[RingsideUrl]', bridge.base)
      .replace('[RingsideToken]', token);
    const posted = await fetch(journalUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ CallType: 'Notanswered', Number: '00491701234567', Agent: '21', Duration: '0', CallStartTimeUTC: threecxTime(new Date()) }),
    });
    expect(await posted.json()).toMatchObject({ outcome: 'not-reached' });
  });
});

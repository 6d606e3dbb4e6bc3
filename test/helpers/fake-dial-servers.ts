/**
 * Fake phone systems for click-to-dial, speaking the vendors' documented requests and answers
 * (test/fixtures/dial/README.md names the documents). They check what a real one checks (digest
 * credentials, tokens, the AMI login) and record what they were asked.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import net from 'node:net';

const fixtures = new URL('../fixtures/dial/', import.meta.url);
export const dialFixture = (name: string) => readFileSync(new URL(name, fixtures), 'utf8');

async function listen(server: Server | net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function closer(server: Server | net.Server, sockets: Set<net.Socket>): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
}

function track(server: Server | net.Server): Set<net.Socket> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return sockets;
}

// ---------------------------------------------------------------------------------------------
// Fritz!Box TR-064

export type FritzAnswer = 'ok' | '606' | '501' | 'hang';

export interface FakeFritzbox {
  url: string;
  /** Every SOAP action that passed authentication, in order. */
  actions: Array<{ action: string; args: Record<string, string> }>;
  /** Dial requests: the port chosen by DialSetConfig and the number of DialNumber. */
  dials: Array<{ port: string | null; number: string }>;
  /** Requests refused with 401 (no or wrong credentials). */
  unauthorized: number;
  answer: FritzAnswer;
  close(): Promise<void>;
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

function authParams(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of header.replace(/^Digest\s+/i, '').matchAll(/([a-z0-9_-]+)=(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/gi)) {
    out[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!;
  }
  return out;
}

export async function startFakeFritzbox(credentials: { username: string; password: string }): Promise<FakeFritzbox> {
  const realm = 'F!Box SOAP-Auth';
  const nonces = new Set<string>();
  let port: string | null = null;
  const state: Omit<FakeFritzbox, 'url' | 'close'> = { actions: [], dials: [], unauthorized: 0, answer: 'ok' };

  // RFC 2617/7616 verification written out for the test, independent of the bridge's client.
  function authorized(req: IncomingMessage): boolean {
    const header = req.headers.authorization;
    if (!header?.startsWith('Digest ')) return false;
    const p = authParams(header);
    if (p.username !== credentials.username || p.realm !== realm || !nonces.has(p.nonce ?? '') || p.uri !== req.url || p.qop !== 'auth') return false;
    const ha1 = md5(`${credentials.username}:${realm}:${credentials.password}`);
    const ha2 = md5(`${req.method}:${p.uri}`);
    return p.response === md5(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:auth:${ha2}`);
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void readBody(req).then((body) => {
      if (req.method !== 'POST' || req.url !== '/upnp/control/x_voip') {
        res.writeHead(404).end();
        return;
      }
      if (!authorized(req)) {
        state.unauthorized++;
        const nonce = randomBytes(8).toString('hex').toUpperCase();
        nonces.add(nonce);
        res.writeHead(401, { 'www-authenticate': dialFixture('fritzbox-challenge.txt').trim().replace('{nonce}', nonce), 'content-type': 'text/html' }).end('401 Unauthorized');
        return;
      }
      const soapAction = /#([^"]+)"?$/.exec(String(req.headers.soapaction ?? ''))?.[1] ?? '';
      const args: Record<string, string> = {};
      const inner = new RegExp(`<u:${soapAction}[^>]*>([\\s\\S]*)</u:${soapAction}>`).exec(body)?.[1] ?? '';
      for (const m of inner.matchAll(/<([A-Za-z0-9_-]+)>([^<]*)<\/\1>/g)) {
        args[m[1]!] = m[2]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
      }
      state.actions.push({ action: soapAction, args });
      if (state.answer === 'hang') return; // never answers: the client's deadline must fire
      if (state.answer !== 'ok') {
        res.writeHead(500, { 'content-type': 'text/xml; charset="utf-8"' }).end(dialFixture(`fritzbox-fault-${state.answer}.xml`));
        return;
      }
      if (soapAction === 'X_AVM-DE_DialSetConfig') {
        port = args['NewX_AVM-DE_PhoneName'] ?? null;
        res.writeHead(200, { 'content-type': 'text/xml; charset="utf-8"' }).end(dialFixture('fritzbox-dialsetconfig-response.xml'));
        return;
      }
      if (soapAction === 'X_AVM-DE_DialNumber') {
        state.dials.push({ port, number: args['NewX_AVM-DE_PhoneNumber'] ?? '' });
        res.writeHead(200, { 'content-type': 'text/xml; charset="utf-8"' }).end(dialFixture('fritzbox-dialnumber-response.xml'));
        return;
      }
      res.writeHead(500, { 'content-type': 'text/xml' }).end(dialFixture('fritzbox-fault-501.xml').replace('501', '401').replace('Action Failed', 'Invalid Action'));
    });
  });
  const sockets = track(server);
  const p = await listen(server);
  const fake = Object.assign(state, { url: `http://127.0.0.1:${p}`, close: closer(server, sockets) });
  return fake as FakeFritzbox;
}

// ---------------------------------------------------------------------------------------------
// REST APIs (sipgate, Placetel, a generic PBX)

export interface RestRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type RestAnswer = { status: number; body: string; contentType?: string } | 'hang';

export interface FakeRest {
  url: string;
  requests: RestRequest[];
  handler: (req: RestRequest) => RestAnswer;
  close(): Promise<void>;
}

export async function startFakeRest(handler: (req: RestRequest) => RestAnswer): Promise<FakeRest> {
  const fake = { requests: [] as RestRequest[], handler } as FakeRest;
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const r: RestRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      fake.requests.push(r);
      const answer = fake.handler(r);
      if (answer === 'hang') return;
      res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json' }).end(answer.body);
    });
  });
  const sockets = track(server);
  fake.url = `http://127.0.0.1:${await listen(server)}`;
  fake.close = closer(server, sockets);
  return fake;
}

// ---------------------------------------------------------------------------------------------
// Asterisk manager interface

export type AmiOriginateAnswer = 'answered' | 'busy' | 'denied' | 'ringing' | 'silent';

export interface FakeAmi {
  port: number;
  /** Every action received after login (Originate with its fields). */
  actions: Array<Record<string, string>>;
  originate: AmiOriginateAnswer;
  /** Write raw AMI text to every logged-in session (call events). */
  broadcast(text: string): void;
  close(): Promise<void>;
}

export async function startFakeAmi(credentials: { username: string; secret: string }): Promise<FakeAmi> {
  const sessions = new Set<net.Socket>();
  const fake = { actions: [], originate: 'answered' } as unknown as FakeAmi;
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    socket.write('Asterisk Call Manager/7.0.3\r\n');
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let end: number;
      while ((end = buffer.indexOf('\r\n\r\n')) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 4);
        const msg: Record<string, string> = {};
        for (const line of block.split('\r\n')) {
          const i = line.indexOf(':');
          if (i > 0) msg[line.slice(0, i).trim()] = line.slice(i + 1).trim();
        }
        const id = msg.ActionID ?? '';
        const fill = (name: string) => dialFixture(name).replace('{ActionID}', id);
        if (msg.Action === 'Login') {
          const ok = msg.Username === credentials.username && msg.Secret === credentials.secret;
          socket.write(`Response: ${ok ? 'Success' : 'Error'}\r\nActionID: ${id}\r\nMessage: ${ok ? 'Authentication accepted' : 'Authentication failed'}\r\n\r\n`);
          if (ok) sessions.add(socket);
          continue;
        }
        if (!sessions.has(socket)) continue;
        fake.actions.push(msg);
        if (msg.Action !== 'Originate') continue;
        switch (fake.originate) {
          case 'denied':
            socket.write(fill('ami-originate-denied.txt'));
            break;
          case 'silent':
            break;
          case 'ringing':
            socket.write(fill('ami-originate-queued.txt'));
            break;
          default:
            // An unrelated event in between, as on a busy PBX: matching must go by ActionID.
            socket.write(fill('ami-originate-queued.txt') + 'Event: Newchannel\r\nChannel: PJSIP/21-00000007\r\nUniqueid: 1700000000.42\r\nLinkedid: 1700000000.42\r\n\r\n');
            socket.write(fill(fake.originate === 'busy' ? 'ami-originate-busy.txt' : 'ami-originate-answered.txt'));
        }
      }
    });
    socket.on('close', () => sessions.delete(socket));
  });
  const sockets = track(server);
  fake.port = await listen(server);
  fake.broadcast = (text) => {
    for (const s of sessions) s.write(text);
  };
  fake.close = closer(server, sockets);
  return fake;
}

// ---------------------------------------------------------------------------------------------
// Fritz!Box call monitor (TCP 1012), to report the calls the bridge asked the box to make

export interface FakeCallMonitor {
  port: number;
  /** Sessions the bridge has open right now. */
  connected(): number;
  /** One call-monitor line (`CALL`, `CONNECT`, ...) stamped with the box's clock (now). */
  send(fields: string): void;
  close(): Promise<void>;
}

/** `dd.mm.yy HH:MM:SS` in this machine's zone, which the bridge (same zone) reads the box's clock in. */
export function boxTime(at = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(at.getDate())}.${p(at.getMonth() + 1)}.${p(at.getFullYear() % 100)} ${p(at.getHours())}:${p(at.getMinutes())}:${p(at.getSeconds())}`;
}

export async function startFakeCallMonitor(): Promise<FakeCallMonitor> {
  const sessions = new Set<net.Socket>();
  const server = net.createServer((s) => {
    s.on('error', () => {});
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
  });
  const sockets = track(server);
  const port = await listen(server);
  return {
    port,
    connected: () => sessions.size,
    send: (fields) => {
      for (const s of sessions) s.write(`${boxTime()};${fields}\r\n`);
    },
    close: closer(server, sockets),
  };
}

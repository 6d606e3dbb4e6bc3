import type { ServerMessage } from '@ringside/shared';
import type { Socket } from './client.js';
import { connectAgent } from './servers.js';

/**
 * A flooding agent in a process of its own (bench/isolation.ts starts it), so its sending does
 * not delay the measuring client's clock: socket searches in bursts whenever the socket's send
 * buffer has room, reconnecting at once whenever the bridge closes it, and REST searches from
 * four loops.
 * Prints its counts as one JSON line per second (`counts {...}`).
 */
const base = process.env.FLOOD_BASE!;
const token = process.env.FLOOD_TOKEN!;
const query = process.env.FLOOD_QUERY ?? 'gmbh';
const counts = { sent: 0, answered: 0, refused: 0, closes: 0, rest200: 0, rest429: 0 };
let running = true;

async function socketLoop(): Promise<void> {
  while (running) {
    let socket: Socket<ServerMessage>;
    try {
      socket = await connectAgent(base, token);
    } catch {
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    socket.ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as ServerMessage;
      if (m.type === 'searchResult') counts.answered++;
      else if (m.type === 'error') counts.refused++;
    });
    const closed = new Promise<void>((r) => socket.ws.once('close', () => r()));
    // Keep the pipe to the bridge full, but do not spin on a full one: the flood's own CPU on
    // this machine would otherwise be measured as the bridge's slowness.
    const frame = (i: number) => JSON.stringify({ type: 'search', q: query, requestId: String(i) });
    while (running && socket.ws.readyState === socket.ws.OPEN) {
      if (socket.ws.bufferedAmount < 256 * 1024) for (let i = 0; i < 200; i++) socket.ws.send(frame(counts.sent++));
      await new Promise((r) => setTimeout(r, 5));
    }
    counts.closes++;
    socket.close();
    await closed;
  }
}

async function restLoop(): Promise<void> {
  while (running) {
    const res = await fetch(`${base}/api/me/search?q=${encodeURIComponent(query)}`, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (res.status === 429) counts.rest429++;
    else counts.rest200++;
  }
}

const print = () => process.stdout.write(`counts ${JSON.stringify(counts)}\n`);
setInterval(print, 1000).unref();
process.once('SIGTERM', () => {
  running = false;
  print();
  process.exit(0);
});
process.stdout.write('flooding\n');
void Promise.all([socketLoop(), ...Array.from({ length: 4 }, restLoop)]);

import express from 'express';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * The floor for the latency benches: the least any express + ws server has to do to turn a
 * webhook into a socket message (parse JSON, find the ringing sockets, send, answer 202). Run as
 * its own process, like the bridge, so both pay the same loopback and scheduling costs.
 *
 * A socket says which extensions it answers for in its URL (`/ws?ext=21,22`); a POST's `agents`
 * name the extensions that ring, and without `agents` every socket gets the message, as with
 * the bridge's generic webhook.
 */
const app = express();
app.disable('x-powered-by');
const sockets = new Set<WebSocket>();
const byExtension = new Map<string, Set<WebSocket>>();

app.post('/', express.json(), (req, res) => {
  const body = req.body as { callId?: unknown; agents?: unknown };
  const callId = String(body.callId);
  const text = JSON.stringify({ callId });
  // Same order as the bridge: push first, then answer the phone system.
  if (Array.isArray(body.agents)) {
    for (const ext of body.agents) for (const ws of byExtension.get(String(ext)) ?? []) ws.send(text);
  } else for (const ws of sockets) ws.send(text);
  res.status(202).json({ callId });
});

const server = createServer(app);
const wss = new WebSocketServer({ server, path: '/ws' });
wss.on('connection', (ws, req) => {
  const extensions = (new URL(req.url ?? '/', 'http://localhost').searchParams.get('ext') ?? '').split(',').filter(Boolean);
  sockets.add(ws);
  for (const ext of extensions) {
    let set = byExtension.get(ext);
    if (!set) byExtension.set(ext, (set = new Set()));
    set.add(ws);
  }
  ws.on('close', () => {
    sockets.delete(ws);
    for (const ext of extensions) byExtension.get(ext)?.delete(ws);
  });
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`floor listening on ${(server.address() as AddressInfo).port}\n`);
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    wss.close();
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}

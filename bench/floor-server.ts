import express from 'express';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * The floor for the latency bench: the least any express + ws server has to do to turn a
 * webhook into a socket message (parse JSON, send, answer 202). Run as its own process, like the
 * bridge, so both pay the same loopback and scheduling costs.
 */
const app = express();
app.disable('x-powered-by');
let agent: WebSocket | undefined;

app.post('/', express.json(), (req, res) => {
  const callId = String((req.body as { callId?: unknown }).callId);
  // Same order as the bridge: push first, then answer the phone system.
  agent?.send(JSON.stringify({ callId }));
  res.status(202).json({ callId });
});

const server = createServer(app);
const wss = new WebSocketServer({ server, path: '/ws' });
wss.on('connection', (ws) => {
  agent = ws;
  ws.on('close', () => {
    if (agent === ws) agent = undefined;
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

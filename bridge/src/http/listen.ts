import { createServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';

/** PEM certificate chain and private key (`RINGSIDE_TLS_CERT`, `RINGSIDE_TLS_KEY`). */
export interface TlsFiles {
  cert: string;
  key: string;
}

/**
 * The server the app and the WebSocket hub share: plain HTTP, or HTTPS (and so WSS on the same
 * port) when a certificate is configured. Both are an http.Server to everything after this.
 */
/** A connection silent this long while a request is being read or answered is closed. */
export const IDLE_SOCKET_MS = 120_000;

/**
 * The server the app and the WebSocket hub share: plain HTTP, or HTTPS (and so WSS on the same
 * port) when a certificate is configured. Both are an http.Server to everything after this.
 *
 * No limit on a whole request's duration (Node's default cuts every request at 5 minutes): a
 * million-line `/api/sync` body takes longer. A slow or stalled sender is cut by the idle
 * timeout instead, and headers must still arrive within Node's 60 s.
 */
export function createHttpServer(app: RequestListener, tls: TlsFiles | null): Server {
  const server = tls
    ? createHttpsServer({ cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2', requestTimeout: 0 }, app)
    : createServer({ requestTimeout: 0 }, app);
  server.timeout = IDLE_SOCKET_MS;
  return server;
}

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
export function createHttpServer(app: RequestListener, tls: TlsFiles | null): Server {
  if (!tls) return createServer(app);
  return createHttpsServer({ cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2' }, app);
}

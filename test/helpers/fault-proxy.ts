import { createServer, request, type Server } from 'node:http';
import { freePort } from './bridge-process.js';

/**
 * An HTTP proxy in front of a real server that answers one chosen request itself with a
 * server error, as a CardDAV server does when it fails half-way through a run. Everything else
 * is passed through unchanged; the server behind is real.
 */
export class FaultProxy {
  /** Which request to fail: the nth (counted from 1) whose body contains `marker`; 0: none. */
  failNth = 0;
  marker = '';
  private seen = 0;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(target: string): Promise<FaultProxy> {
    const port = await freePort();
    const to = new URL(target);
    let proxy!: FaultProxy;
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks);
      if (proxy.failNth > 0 && proxy.marker && body.includes(proxy.marker) && ++proxy.seen === proxy.failNth) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error');
        return;
      }
      const out = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: { ...req.headers, host: to.host } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      out.on('error', () => res.destroy());
      out.end(body);
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    proxy = new FaultProxy(server, port);
    return proxy;
  }

  /** Fail the `nth` request whose body contains `marker` from now on. */
  failOn(marker: string, nth: number): void {
    this.marker = marker;
    this.failNth = nth;
    this.seen = 0;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

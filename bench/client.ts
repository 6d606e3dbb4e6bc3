import { Agent, request } from 'node:http';
import WebSocket from 'ws';

/**
 * A keep-alive HTTP client for one server: by default one socket, reused, as a PBX posting
 * events one after another would. An open-loop load needs more (`maxSockets`), or each POST
 * would wait in the client for the previous answer and the load would be closed-loop after all.
 */
export class Poster {
  private readonly agent: Agent;

  constructor(
    private readonly url: URL,
    private readonly headers: Record<string, string> = {},
    maxSockets = 1,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  /** Resolves when the whole response has arrived: status and body. */
  post(body: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request(
        this.url,
        {
          method: 'POST',
          agent: this.agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...this.headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface Arrival<T> {
  at: number;
  message: T;
}

/**
 * A real ws client that hands each message to whoever waits for its callId. Waiters register
 * before the POST goes out, because the socket message can beat the HTTP response.
 */
export class Socket<T> {
  private readonly waiters = new Map<string, (a: Arrival<T>) => void>();
  private readonly early = new Map<string, Arrival<T>>();
  private closedWith: Error | undefined;
  /** Close code and reason once the socket closed, for counting drops. */
  closeInfo: string | null = null;

  private constructor(
    readonly ws: WebSocket,
    private readonly keyOf: (message: T) => string | null,
  ) {
    ws.on('message', (data) => {
      // Stamp before parsing: the parse is the client's cost, not the server's.
      const at = performance.now();
      const message = JSON.parse(data.toString()) as T;
      const key = this.keyOf(message);
      if (key === null) return;
      const waiter = this.waiters.get(key);
      if (waiter) {
        this.waiters.delete(key);
        waiter({ at, message });
      } else this.early.set(key, { at, message });
    });
    ws.on('close', (code, reason) => {
      this.closeInfo = `${code} ${reason.toString()}`.trim();
      this.closedWith = new Error(`socket closed (${this.closeInfo})`);
    });
  }

  static async open<T>(url: string, keyOf: (message: T) => string | null): Promise<Socket<T>> {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new Socket(ws, keyOf);
  }

  /** The next message with this key; rejects after timeoutMs or when the socket closes. */
  next(key: string, timeoutMs = 10_000): Promise<Arrival<T>> {
    const ready = this.early.get(key);
    if (ready) {
      this.early.delete(key);
      return Promise.resolve(ready);
    }
    if (this.closedWith) return Promise.reject(this.closedWith);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(key);
        reject(new Error(this.closedWith ? `${this.closedWith.message} while waiting for ${key}` : `no message for ${key} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.set(key, (a) => {
        clearTimeout(timer);
        resolve(a);
      });
    });
  }

  send(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }

  close(): void {
    this.ws.close();
  }
}

import WebSocket, { type ClientOptions } from 'ws';
import type { ServerMessage } from '@ringside/shared';

/** A real WebSocket agent client that records what it receives, with waits instead of sleeps. */
export class AgentClient {
  readonly messages: ServerMessage[] = [];
  closeCode: number | undefined;
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()) as ServerMessage);
      this.wake();
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      this.wake();
    });
  }

  /** `options` go to ws, e.g. `{ ca }` for a bridge serving wss:// with a test certificate. */
  static async connect(base: string, hello?: { token: string; lastEventId?: number }, options?: ClientOptions): Promise<AgentClient> {
    const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/ws`, options);
    await new Promise<void>((res, rej) => {
      ws.once('open', () => res());
      ws.once('error', rej);
    });
    const client = new AgentClient(ws);
    if (hello) {
      client.send({ type: 'hello', ...hello });
      await client.waitFor((m) => m.type === 'welcome');
    }
    return client;
  }

  send(msg: unknown): void {
    this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  calls(): Extract<ServerMessage, { type: 'call' }>[] {
    return this.messages.filter((m): m is Extract<ServerMessage, { type: 'call' }> => m.type === 'call');
  }

  async waitFor<T extends ServerMessage>(pred: (m: ServerMessage) => m is T, timeoutMs?: number): Promise<T>;
  async waitFor(pred: (m: ServerMessage) => boolean, timeoutMs?: number): Promise<ServerMessage>;
  async waitFor(pred: (m: ServerMessage) => boolean, timeoutMs = 10_000): Promise<ServerMessage> {
    return this.until(() => this.messages.find(pred), timeoutMs, 'message');
  }

  async waitClosed(timeoutMs = 10_000): Promise<number> {
    return this.until(() => this.closeCode, timeoutMs, 'close');
  }

  close(): void {
    this.ws.close();
  }

  private async until<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = probe();
      if (found !== undefined) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.messages).slice(0, 2000)}`);
      await new Promise<void>((res) => {
        const timer = setTimeout(res, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(timer);
          res();
        });
      });
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

/** Assert that nothing matching arrives within a grace period (for "only the right agent"). */
export async function expectNothing(client: AgentClient, pred: (m: ServerMessage) => boolean, graceMs = 500): Promise<void> {
  await new Promise((r) => setTimeout(r, graceMs));
  const found = client.messages.find(pred);
  if (found) throw new Error(`unexpected message: ${JSON.stringify(found)}`);
}

import type { AmiMessage } from './ami-decoder.js';

/**
 * Actions sent on the manager connection the bridge already holds for call events (AMI allows
 * actions and events on one session). Answers are matched by ActionID: first the `Response`
 * block, then, for an asynchronous Originate, the `OriginateResponse` event carrying the same
 * ActionID (docs.asterisk.org, AMI Actions/Originate and AMI Events/OriginateResponse).
 */
export interface AmiActionResult {
  response: AmiMessage;
  /** Resolves with the OriginateResponse event; never rejects (null when the connection went). */
  completion: Promise<AmiMessage | null>;
}

export interface AmiActionSender {
  /** Rejects when not connected or no Response comes within `timeoutMs`. */
  send(action: string, fields: Record<string, string>, timeoutMs: number): Promise<AmiActionResult>;
}

export class AmiNotConnected extends Error {}
export class AmiTimeout extends Error {}

interface Pending {
  onResponse(msg: AmiMessage): void;
  onEvent(msg: AmiMessage | null): void;
  responded: boolean;
}

/** Bounded: a PBX that never completes its Originates must not grow this map forever. */
const MAX_PENDING = 200;
let seq = 0;

export class AmiActions implements AmiActionSender {
  private readonly pending = new Map<string, Pending>();
  private write: ((text: string) => void) | null = null;

  /** The connection logged in (write set) or went away (null): open actions fail at once. */
  attach(write: ((text: string) => void) | null): void {
    this.write = write;
    if (!write) {
      for (const [id, p] of this.pending) {
        this.pending.delete(id);
        if (!p.responded) p.onResponse({ Response: 'Error', Message: 'connection to the PBX closed' });
        p.onEvent(null);
      }
    }
  }

  /** Offer every message from the connection; true when it answered one of our actions. */
  take(msg: AmiMessage): boolean {
    const id = msg.ActionID;
    if (id === undefined) return false;
    const p = this.pending.get(id);
    if (!p) return false;
    if (msg.Event === 'OriginateResponse') {
      this.pending.delete(id);
      p.onEvent(msg);
      return true;
    }
    if (msg.Response !== undefined && !p.responded) {
      p.responded = true;
      p.onResponse(msg);
      // Only a queued Originate produces a later event; anything else is done.
      if (msg.Response.toLowerCase() !== 'success') {
        this.pending.delete(id);
        p.onEvent(null);
      }
      return true;
    }
    return false;
  }

  send(action: string, fields: Record<string, string>, timeoutMs: number): Promise<AmiActionResult> {
    const write = this.write;
    if (!write) return Promise.reject(new AmiNotConnected('not connected to the Asterisk manager interface'));
    for (const [k, v] of Object.entries({ action, ...fields })) {
      // A line break would let a value inject further headers into the line-based protocol.
      if (/[\r\n]/.test(k + v)) return Promise.reject(new Error(`AMI field ${k} contains a line break`));
    }
    if (this.pending.size >= MAX_PENDING) {
      // Forget the oldest; its completion resolves as unknown.
      const [oldest, p] = this.pending.entries().next().value as [string, Pending];
      this.pending.delete(oldest);
      p.onEvent(null);
    }
    const actionId = `ringside-${process.pid}-${++seq}`;
    let resolveEvent!: (msg: AmiMessage | null) => void;
    const completion = new Promise<AmiMessage | null>((r) => (resolveEvent = r));
    return new Promise<AmiActionResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(actionId);
        resolveEvent(null);
        reject(new AmiTimeout(`no answer to ${action} within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      this.pending.set(actionId, {
        responded: false,
        onResponse: (response) => {
          clearTimeout(timer);
          resolve({ response, completion });
        },
        onEvent: resolveEvent,
      });
      const lines = [`Action: ${action}`, `ActionID: ${actionId}`, ...Object.entries(fields).map(([k, v]) => `${k}: ${v}`)];
      write(`${lines.join('\r\n')}\r\n\r\n`);
    });
  }
}

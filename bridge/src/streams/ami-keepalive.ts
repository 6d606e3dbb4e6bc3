import type { AmiMessage } from './ami-decoder.js';
import type { Timers } from './timers.js';

/** Defaults: a Ping every 20 s, and a link that has not answered within 10 s is dead. */
export const AMI_PING_INTERVAL_MS = 20_000;
export const AMI_PING_TIMEOUT_MS = 10_000;

export interface AmiKeepaliveOptions {
  intervalMs: number;
  timeoutMs: number;
  timers: Timers;
  send(text: string): void;
  /** The far end did not answer in time: give up on this connection. */
  dead(reason: string): void;
}

/**
 * AMI keepalive: after login, `Action: Ping` every interval; Asterisk answers with
 * `Response: Success` and `Ping: Pong` carrying our ActionID (manager.c, action_ping; older
 * versions `Response: Pong`). A link that does not answer within the timeout is dead, however
 * quiet TCP stays about it: a PBX that vanished without a reset would otherwise go unnoticed
 * for the minutes TCP keepalive takes, and calls would ring with no card.
 * https://docs.asterisk.org/Asterisk_20_Documentation/API_Documentation/AMI_Actions/Ping/
 */
export class AmiKeepalive {
  private seq = 0;
  private waitingFor: string | null = null;
  private timer: unknown;
  private stopped = false;

  constructor(private readonly options: AmiKeepaliveOptions) {}

  start(): void {
    this.schedule(this.options.intervalMs, () => this.ping());
  }

  /** true when `msg` answers our Ping, so it is not handed on as an event. */
  onMessage(msg: AmiMessage): boolean {
    if (this.waitingFor === null || msg.ActionID !== this.waitingFor || msg.Response === undefined) return false;
    this.waitingFor = null;
    this.schedule(this.options.intervalMs, () => this.ping());
    return true;
  }

  stop(): void {
    this.stopped = true;
    this.clear();
  }

  private ping(): void {
    const id = `ringside-ping-${++this.seq}`;
    this.waitingFor = id;
    this.options.send(`Action: Ping\r\nActionID: ${id}\r\n\r\n`);
    this.schedule(this.options.timeoutMs, () => this.options.dead(`no answer to Ping within ${this.options.timeoutMs} ms`));
  }

  private schedule(ms: number, fn: () => void): void {
    this.clear();
    if (this.stopped) return;
    this.timer = this.options.timers.setTimeout(() => {
      this.timer = undefined;
      fn();
    }, ms);
  }

  private clear(): void {
    if (this.timer !== undefined) this.options.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}

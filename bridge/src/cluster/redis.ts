import { Redis, type RedisOptions } from 'ioredis';
import type { RateLimit } from '../http/rate-limit.js';
import type { Logger } from '../util/logger.js';
import { CoordinationUnavailableError, type AgentChange, type ClusterHandlers, type Coordination, type Draw, type PublishedEvent } from './coordination.js';

/**
 * The token bucket of http/rate-limit.ts as one atomic script, on Redis's clock (instances'
 * clocks may differ): up to ARGV[3] whole tokens are taken. Returns {granted, seconds until a
 * token is there (0 while one is)}. ARGV[3] = 0 only looks and writes nothing, so peeking at an
 * address that never failed creates no key. A key expires once a full bucket would have
 * refilled, so idle addresses cost no memory.
 */
const DRAW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local max = tonumber(ARGV[3])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'last')
local tokens = tonumber(b[1]) or burst
local last = tonumber(b[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - last) / 1000 * rate)
local wait = 0
if tokens < 1 then wait = math.max(1, math.ceil((1 - tokens) / rate)) end
local granted = math.min(max, math.floor(tokens))
if max > 0 then
  tokens = tokens - granted
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'last', tostring(math.max(last, now)))
  redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
end
return {granted, wait}`;

export interface RedisCoordinationOptions {
  url: string;
  /** Keys and channels start with it, so several deployments can share one Redis. */
  prefix?: string;
  log: Logger;
}

type DrawCommand = (key: string, rate: string, burst: string, max: string) => Promise<[number, number]>;

/**
 * Several instances: buckets and replay ids in Redis, call events and agent changes on two
 * pub/sub channels. Commands fail at once while Redis is away (no offline queue: a webhook
 * must not wait for a reconnect); ioredis reconnects and resubscribes on its own, and the
 * first "ready" after an outage asks the handlers to resync from the store.
 */
export class RedisCoordination implements Coordination {
  readonly kind = 'redis';
  private readonly cmd: Redis;
  private readonly sub: Redis;
  private readonly prefix: string;
  private handlers: ClusterHandlers | undefined;
  private closing = false;

  constructor(private readonly opts: RedisCoordinationOptions) {
    this.prefix = opts.prefix ?? 'ringside:';
    const common: RedisOptions = {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      // Keep trying for ever, at most every 2 s: the bridge recovers without a restart.
      retryStrategy: (attempt) => Math.min(100 * attempt, 2000),
      connectTimeout: 5000,
      lazyConnect: true,
    };
    this.cmd = new Redis(opts.url, { ...common, connectionName: 'ringside-cmd' });
    // A subscriber connection can only subscribe; commands go on the other one.
    this.sub = new Redis(opts.url, { ...common, connectionName: 'ringside-sub' });
    this.cmd.defineCommand('ringsideDraw', { numberOfKeys: 1, lua: DRAW });
    let wasDown = false;
    for (const [name, conn] of [['commands', this.cmd], ['subscriber', this.sub]] as const) {
      // ioredis logs unhandled 'error' events to stderr; ours go to the log, once per outage.
      conn.on('error', (err: Error) => {
        if (!wasDown && !this.closing) opts.log.warn('redis connection lost', { connection: name, error: err.message });
        wasDown = true;
      });
    }
    this.sub.on('ready', () => {
      if (wasDown) opts.log.info('redis connection back');
      wasDown = false;
      this.handlers?.resync();
    });
    this.sub.on('message', (channel: string, text: string) => this.onMessage(channel, text));
  }

  /** Connect both connections; throws with a clear message when Redis cannot be reached. */
  async connect(): Promise<void> {
    try {
      await Promise.all([this.cmd.connect(), this.sub.connect()]);
      await this.cmd.ping();
    } catch (err) {
      await this.close();
      throw new CoordinationUnavailableError('cannot connect to RINGSIDE_REDIS_URL', err);
    }
  }

  async take(key: string, limit: RateLimit): Promise<number> {
    if (limit.perSecond <= 0) return 0;
    return (await this.runDraw(key, limit, 1)).retryAfter;
  }

  async peek(key: string, limit: RateLimit): Promise<number> {
    if (limit.perSecond <= 0) return 0;
    return (await this.runDraw(key, limit, 0)).retryAfter;
  }

  async draw(key: string, limit: RateLimit, max: number): Promise<Draw> {
    if (limit.perSecond <= 0) return { granted: max, retryAfter: 0 };
    return this.runDraw(key, limit, max);
  }

  private async runDraw(key: string, limit: RateLimit, max: number): Promise<Draw> {
    const draw = (this.cmd as unknown as { ringsideDraw: DrawCommand }).ringsideDraw;
    try {
      const [granted, wait] = await draw.call(this.cmd, `${this.prefix}bucket:${key}`, String(limit.perSecond), String(limit.burst), String(max));
      return { granted: Number(granted), retryAfter: Number(wait) };
    } catch (err) {
      throw new CoordinationUnavailableError('rate limit', err);
    }
  }

  async claim(id: string, untilS: number, nowS: number): Promise<boolean> {
    try {
      // Redis's own expiry forgets the id; at least one second so an id at its edge still counts.
      const set = await this.cmd.set(`${this.prefix}replay:${id}`, '1', 'EX', Math.max(1, untilS - nowS), 'NX');
      return set === 'OK';
    } catch (err) {
      throw new CoordinationUnavailableError('replay check', err);
    }
  }

  async release(id: string): Promise<void> {
    try {
      await this.cmd.del(`${this.prefix}replay:${id}`);
    } catch (err) {
      throw new CoordinationUnavailableError('replay release', err);
    }
  }

  async publishCall(event: PublishedEvent): Promise<void> {
    await this.publish('calls', event);
  }

  async publishAgent(change: AgentChange): Promise<void> {
    await this.publish('agents', change);
  }

  async subscribe(handlers: ClusterHandlers): Promise<void> {
    this.handlers = handlers;
    await this.sub.subscribe(`${this.prefix}calls`, `${this.prefix}agents`);
    handlers.resync();
  }

  async healthy(): Promise<boolean> {
    if (this.cmd.status !== 'ready' || this.sub.status !== 'ready') return false;
    try {
      return (await this.cmd.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    this.handlers = undefined;
    this.cmd.disconnect();
    this.sub.disconnect();
  }

  private async publish(channel: 'calls' | 'agents', message: PublishedEvent | AgentChange): Promise<void> {
    try {
      await this.cmd.publish(`${this.prefix}${channel}`, JSON.stringify(message));
    } catch (err) {
      throw new CoordinationUnavailableError(`publish ${channel}`, err);
    }
  }

  private onMessage(channel: string, text: string): void {
    if (!this.handlers) return;
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.opts.log.warn('redis message is not JSON, ignored', { channel });
      return;
    }
    if (channel === `${this.prefix}calls` && isPublishedEvent(message)) this.handlers.call(message);
    else if (channel === `${this.prefix}agents` && isAgentChange(message)) this.handlers.agent(message);
    else this.opts.log.warn('redis message of unknown shape, ignored', { channel });
  }
}

function isPublishedEvent(m: unknown): m is PublishedEvent {
  const e = m as PublishedEvent;
  return (
    typeof e === 'object' && e !== null && Number.isSafeInteger(e.eventId) && typeof e.source === 'string' && typeof e.payload === 'string' &&
    (e.targets === null || (Array.isArray(e.targets) && e.targets.every((t) => typeof t === 'string')))
  );
}

function isAgentChange(m: unknown): m is AgentChange {
  const c = m as AgentChange;
  return typeof c === 'object' && c !== null && typeof c.agentId === 'string' && typeof c.origin === 'string';
}

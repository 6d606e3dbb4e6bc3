import type { DialInput, DialResult, DialSource, TestDialInput, TestDialResult } from '@ringside/shared';
import { HttpError } from '../http/errors.js';
import type { RateLimit } from '../http/rate-limit.js';
import { bucketKey, CoordinationUnavailableError, type Coordination } from '../cluster/coordination.js';
import { MemoryCoordination } from '../cluster/memory.js';
import type { NumberingConfig } from '../phone/normalize.js';
import type { AgentRecord, DialRepo } from '../store/store.js';
import type { Logger } from '../util/logger.js';
import type { DialConfig } from './dial-config.js';
import { httpErrorOf } from './dial-errors.js';
import { dialableNumber, numberForDialer } from './dial-number.js';
import type { DialerRegistry } from './registry.js';
import { DialError, type Dialer } from './types.js';

/**
 * Per agent: a burst of 5 dials, then one every 6 seconds. Far above a human clicking numbers;
 * it stops a stuck script or a page that fires `tel:` links in a loop from ringing a desk phone
 * (and running up a phone bill) over and over.
 */
export const DIAL_RATE: RateLimit = { perSecond: 1 / 6, burst: 5 };
const DEFAULT_TIMEOUT_MS = 10_000;

export class RateLimited extends HttpError {
  constructor(retryAfter: number) {
    super('rate_limited', `too many dial requests; try again in ${retryAfter} s`, 'agent', 429, retryAfter);
  }
}

export interface DialServiceDeps {
  dialers: DialerRegistry;
  config: DialConfig;
  dials: DialRepo;
  numbering: NumberingConfig;
  /** The block list, asked with an E.164 number. */
  isBlocked: (e164: string) => boolean;
  /** The newest pending callback of this agent from this number, when the dial named none. */
  pendingCallback: (agent: AgentRecord, e164: string) => Promise<{ source: string | null; callId: string } | null>;
  clock: () => Date;
  log: Logger;
  timeoutMs?: number;
  rate?: RateLimit;
  now?: () => number;
  /**
   * Where the per-agent buckets live: this process by default, Redis with several instances,
   * so an agent's allowance holds whichever instance the balancer sends the dial to.
   */
  shared?: Pick<Coordination, 'take'>;
}

export class DialService {
  private readonly buckets: Pick<Coordination, 'take'>;

  constructor(private readonly deps: DialServiceDeps) {
    this.buckets = deps.shared ?? new MemoryCoordination(deps.now);
  }

  /** Where this agent can dial from: a ready source and a device there. */
  sourcesFor(agent: Pick<AgentRecord, 'dialDevices'>): DialSource[] {
    return this.deps.config.readySources().filter((s) => Boolean(agent.dialDevices[s]));
  }

  async dial(agent: AgentRecord, input: DialInput): Promise<DialResult> {
    const source = this.pickSource(agent, input.source);
    const dialer = this.deps.dialers.get(source)!;
    const settings = this.deps.config.settingsFor(source)!;
    // A typo is not a dial: only requests that would reach the phone system use up the allowance.
    const number = this.number(input.number);
    await this.take(agent.id);
    const dialed = numberForDialer(number.e164, dialer.numberStyle, this.deps.numbering);
    const device = agent.dialDevices[source]!;
    const callback = input.callId ? { source: input.callSource ?? null, callId: input.callId } : await this.deps.pendingCallback(agent, number.e164);
    const id = await this.deps.dials.record({
      agentId: agent.id,
      source,
      device,
      numberE164: number.e164,
      callback,
      requestedAt: this.deps.clock().toISOString(),
      result: 'requested',
    });
    try {
      const outcome = await dialer.dial(
        { number: dialed, device, agent: { id: agent.id, name: agent.name }, extension: agent.extensions[0] ?? null },
        { settings, timeoutMs: this.deps.timeoutMs ?? DEFAULT_TIMEOUT_MS },
      );
      await this.deps.dials.setResult(id, outcome.state);
      this.deps.log.info('dial started', { source, agent: agent.id, state: outcome.state, callback: Boolean(callback) });
      return { source, state: outcome.state, display: number.display, dialed, detail: outcome.detail };
    } catch (err) {
      if (!(err instanceof DialError)) throw err;
      await this.deps.dials.setResult(id, `failed:${err.failure}`);
      this.deps.log.warn('dial failed', { source, agent: agent.id, failure: err.failure, error: err.message });
      throw httpErrorOf(err, source);
    }
  }

  /** The console's "test dial": the same dialer and number rules, nothing journaled. */
  async test(source: DialSource, input: TestDialInput): Promise<TestDialResult> {
    const dialer: Dialer | undefined = this.deps.dialers.get(source);
    const settings = this.deps.config.settingsFor(source);
    if (!dialer || !settings) {
      return { ok: false, message: 'This phone system is not set up for dialing yet: fill in the required settings.', detail: null, dialed: null, failure: 'not-configured' };
    }
    const number = dialableNumber(input.number, this.deps.numbering, this.deps.isBlocked);
    if ('code' in number) return { ok: false, message: number.message, detail: null, dialed: null, failure: number.code };
    const dialed = numberForDialer(number.e164, dialer.numberStyle, this.deps.numbering);
    try {
      const outcome = await dialer.dial(
        { number: dialed, device: input.device, agent: { id: 'admin-test', name: 'Ringside test' }, extension: input.device },
        { settings, timeoutMs: this.deps.timeoutMs ?? DEFAULT_TIMEOUT_MS },
      );
      return { ok: true, message: outcome.detail, detail: outcome.reference, dialed, failure: null };
    } catch (err) {
      if (!(err instanceof DialError)) throw err;
      return { ok: false, message: err.message, detail: err.detail, dialed, failure: err.failure };
    }
  }

  private pickSource(agent: AgentRecord, wanted: DialSource | undefined): DialSource {
    const ready = this.deps.config.readySources();
    if (wanted) {
      if (!ready.includes(wanted)) throw new HttpError('cannot_dial', `${wanted} is not set up for dialing`, 'source');
      if (!agent.dialDevices[wanted]) throw new HttpError('no_device', `you have no phone set up for ${wanted}: ask your admin to enter your device in the console`, `dialDevices.${wanted}`);
      return wanted;
    }
    if (ready.length === 0) throw new HttpError('cannot_dial', 'no phone system is set up for dialing', 'source');
    const mine = ready.find((s) => Boolean(agent.dialDevices[s]));
    if (!mine) throw new HttpError('no_device', `you have no phone set up to dial from (${ready.join(', ')}): ask your admin to enter your device in the console`, `dialDevices.${ready[0]}`);
    return mine;
  }

  private number(raw: string): { e164: string; display: string } {
    const n = dialableNumber(raw, this.deps.numbering, this.deps.isBlocked);
    if ('code' in n) throw new HttpError(n.code, n.message, 'number');
    return n;
  }

  private async take(agentId: string): Promise<void> {
    let retryAfter: number;
    try {
      retryAfter = await this.buckets.take(bucketKey.dial(agentId), this.deps.rate ?? DIAL_RATE);
    } catch (err) {
      // A dial rings a desk phone and costs money: without the shared allowance, refuse (503).
      if (err instanceof CoordinationUnavailableError) throw new HttpError('unavailable', 'dialling is unavailable for a moment; try again');
      throw err;
    }
    if (retryAfter > 0) throw new RateLimited(retryAfter);
  }
}

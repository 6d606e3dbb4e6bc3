import type { CallEventKind } from '@ringside/shared';
import type { AgentDirectory } from '../agents/directory.js';
import type { CallEvent } from '../calls/call-event.js';
import { callbackHorizon, closeCallbacksOf } from '../calls/callbacks.js';
import { normalizeIncoming, type NumberingConfig } from '../phone/normalize.js';
import type { AgentRecord, CallRecord, DialRecord, Store } from '../store/store.js';
import type { Logger } from '../util/logger.js';

/** An answer later than this after the dial request is some other call to the same number. */
const LINK_WINDOW_MS = 15 * 60 * 1000;

export interface CallbackLinkDeps {
  store: Store;
  agents: AgentDirectory;
  numbering: NumberingConfig;
  clock: () => Date;
  log: Logger;
}

/**
 * Closes the loop of click-to-dial: when the phone system reports that an outbound call to the
 * dialed number was answered, from the device of the agent who dialed, the dial is marked
 * connected and the missed call it returns is marked called back by that agent. Kept apart from
 * the call service, which only calls `onRecorded` after each journaled event.
 */
export function createCallbackLinker(deps: CallbackLinkDeps) {
  /**
   * Does the call come from this dial's agent? Identifiers were resolved to agent ids when the
   * event came in (agents/identity.ts); the raw ones may also be the very device dialed from.
   * null when the call names nobody at all.
   */
  function fromAgent(dial: DialRecord, ev: CallEvent, call: CallRecord): boolean | null {
    if (call.answeredByAgentId === dial.agentId || call.agentIds.includes(dial.agentId)) return true;
    const named = [ev.answeredBy, call.answeredBy, ...(ev.agents ?? []), ...call.namedTargets].filter((x): x is string => Boolean(x));
    if (named.length === 0 && call.agentIds.length === 0 && !call.answeredByAgentId) return null;
    return named.includes(dial.device);
  }

  async function link(call: CallRecord, ev: CallEvent): Promise<void> {
    const e164 = normalizeIncoming(call.fromRaw, deps.numbering).e164;
    if (!e164) return;
    const now = deps.clock();
    const open = await deps.store.dials.open(call.source, e164, new Date(now.getTime() - LINK_WINDOW_MS).toISOString());
    if (open.length === 0) return;
    const candidates: Array<{ dial: DialRecord; agent: AgentRecord }> = [];
    for (const dial of open) {
      const agent = deps.agents.get(dial.agentId);
      if (!agent) continue;
      const match = fromAgent(dial, ev, call);
      if (match === true) {
        candidates.splice(0, candidates.length, { dial, agent });
        break;
      }
      // The event names nobody: only an unambiguous dial can be meant.
      if (match === null) candidates.push({ dial, agent });
    }
    if (candidates.length !== 1) return;
    const { dial, agent } = candidates[0]!;
    const at = now.toISOString();
    if (!(await deps.store.dials.connect(dial.id, call.callId, at))) return;
    // The callback the dial was for, and any other miss of this caller still waiting: they are
    // all answered by this call.
    const also = dial.callback ? [{ ...(dial.callback.source && { source: dial.callback.source }), callId: dial.callback.callId }] : [];
    const updated = await closeCallbacksOf(deps.store, e164, also, agent.name, now, 'called-back');
    if (updated === 0) return;
    deps.log.info('callbacks closed by answered dial', { source: call.source, agent: agent.id, updated });
  }

  return {
    /** The call service's hook: runs after each journaled event. */
    onRecorded(call: CallRecord, event: CallEventKind, ev: CallEvent): Promise<void> {
      if (event !== 'answered' || call.direction !== 'out') return Promise.resolve();
      return link(call, ev);
    },

    /** The newest missed call from `e164` still waiting for a callback (whoever it rang). */
    async pendingCallback(_agent: AgentRecord, e164: string): Promise<{ source: string; callId: string } | null> {
      const [hit] = await deps.store.calls.pendingCallbacks(e164, callbackHorizon(deps.clock()), 1);
      return hit ? { source: hit.source, callId: hit.callId } : null;
    },
  };
}

export type CallbackLinker = ReturnType<typeof createCallbackLinker>;

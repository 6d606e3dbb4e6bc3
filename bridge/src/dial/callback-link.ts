import type { CallEventKind } from '@ringside/shared';
import type { AgentDirectory } from '../agents/directory.js';
import { isAgentIdentifier } from '../agents/routing.js';
import type { CallEvent } from '../calls/call-event.js';
import { normalizeIncoming, type NumberingConfig } from '../phone/normalize.js';
import type { AgentRecord, CallRecord, DialRecord, Store } from '../store/store.js';
import type { Logger } from '../util/logger.js';

/** An answer later than this after the dial request is some other call to the same number. */
const LINK_WINDOW_MS = 15 * 60 * 1000;
/** Missed calls looked at to find the callback a dial without callId returns. */
const PENDING_SCAN = 100;

export interface CallbackLinkDeps {
  store: Store;
  agents: AgentDirectory;
  numbering: NumberingConfig;
  clock: () => Date;
  log: Logger;
  /** How far back the callback list looks (days). */
  horizonDays: number;
}

/**
 * Closes the loop of click-to-dial: when the phone system reports that an outbound call to the
 * dialed number was answered, from the device of the agent who dialed, the dial is marked
 * connected and the missed call it returns is marked called back by that agent. Kept apart from
 * the call service, which only calls `onRecorded` after each journaled event.
 */
export function createCallbackLinker(deps: CallbackLinkDeps) {
  /** Does the event name this dial's agent (or its device), or name nobody at all? */
  function fromAgent(dial: DialRecord, agent: AgentRecord, ev: CallEvent, call: CallRecord): boolean | null {
    const named = [ev.answeredBy, call.answeredBy, ...(ev.agents ?? []), ...call.agents].filter((x): x is string => Boolean(x));
    if (named.length === 0) return null;
    return named.some((id) => id === dial.device || isAgentIdentifier(agent, dial.source, id));
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
      const match = fromAgent(dial, agent, ev, call);
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
    if (dial.callback) {
      const updated = await deps.store.calls.markCallbacks([{ ...(dial.callback.source && { source: dial.callback.source }), callId: dial.callback.callId }], true, agent.name, at);
      deps.log.info('callback closed by answered dial', { source: call.source, agent: agent.id, updated });
    }
  }

  return {
    /** The call service's hook: runs after each journaled event. */
    onRecorded(call: CallRecord, event: CallEventKind, ev: CallEvent): Promise<void> {
      if (event !== 'answered' || call.direction !== 'out') return Promise.resolve();
      return link(call, ev);
    },

    /** The newest missed call from `e164` still waiting for this agent's callback. */
    async pendingCallback(agent: AgentRecord, e164: string): Promise<{ source: string; callId: string } | null> {
      const since = new Date(deps.clock().getTime() - deps.horizonDays * 86_400_000).toISOString();
      const missed = await deps.store.calls.list({ since, missedOnly: true, limit: PENDING_SCAN, ringing: agent });
      const hit = missed.find((c) => c.direction === 'in' && !c.answeredBy && !c.callbackDoneAt && normalizeIncoming(c.fromRaw, deps.numbering).e164 === e164);
      return hit ? { source: hit.source, callId: hit.callId } : null;
    },
  };
}

export type CallbackLinker = ReturnType<typeof createCallbackLinker>;

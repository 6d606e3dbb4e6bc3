import { REPLAY_WINDOW_MS } from '@ringside/shared';
import type { AgentDirectory } from '../agents/directory.js';
import type { Hub } from '../hub/hub.js';
import type { Store } from '../store/store.js';
import type { Logger } from '../util/logger.js';
import type { Coordination } from './coordination.js';
import { EventRelay } from './event-relay.js';

export interface ClusterMember {
  /** What CallService publishes to: this instance's sockets and, through the bus, every other's. */
  relay: EventRelay;
  /** Tell the other instances that this agent changed (AgentDirectory's `changed`). */
  agentChanged(agentId: string): void;
  /** Start listening once the relay knows where the journal stands. */
  start(): Promise<void>;
  stop(): void;
}

/** With Redis, how often the journal is checked for an event whose message never came. */
const JOURNAL_POLL_MS = 1000;

/**
 * Connects this instance to the others: call events from the bus go through the relay to the
 * hub; an agent changed elsewhere is re-read from the store and its sockets here re-checked;
 * after a bus outage everything is re-read (agents, sockets, the journal after the relay).
 */
export interface ClusterDeps {
  coordination: Coordination;
  store: Store;
  /** Read lazily: the directory is built with `agentChanged` as its hook. */
  agents: () => AgentDirectory;
  hub: Hub;
  instanceId: string;
  clock: () => Date;
  log: Logger;
}

export function joinCluster(deps: ClusterDeps): ClusterMember {
  const { coordination, hub, log } = deps;
  const relay = new EventRelay({
    coordination,
    journal: deps.store.calls,
    deliver: (e) => hub.publish(e),
    clock: deps.clock,
    windowMs: REPLAY_WINDOW_MS,
    log,
    pollMs: coordination.kind === 'redis' ? JOURNAL_POLL_MS : 0,
  });
  const failed = (what: string) => (err: unknown) => log.warn(`${what} failed`, { error: String(err) });

  return {
    relay,
    agentChanged: (agentId) => {
      coordination.publishAgent({ agentId, origin: deps.instanceId }).catch(failed('agent change announcement'));
    },
    start: () => listen(relay, deps),
    stop: () => relay.stop(),
  };
}

async function listen(relay: EventRelay, deps: ClusterDeps): Promise<void> {
  const { coordination, hub, log } = deps;
  const failed = (what: string) => (err: unknown) => log.warn(`${what} failed`, { error: String(err) });
  await relay.start();
  await coordination.subscribe({
    call: (e) => relay.receive(e),
    agent: (change) => {
      if (change.origin === deps.instanceId) return;
      void (async () => {
        await deps.agents().refresh(change.agentId);
        await hub.revalidate(change.agentId);
      })().catch(failed('agent refresh'));
    },
    resync: () => {
      void (async () => {
        await deps.agents().load();
        await hub.revalidate();
        await relay.catchUp();
      })().catch(failed('resync'));
    },
  });
}

import type { ConnectorConfig, ConnectorErrorCode, ConnectorKind } from '@ringside/shared';
import type { NumberingConfig } from '../phone/normalize.js';
import type { Logger } from '../util/logger.js';
import type { SyncLine } from './sync-port.js';

/** What a connector gets for one run. */
export interface RunContext {
  /** The secrets with `{"env": ...}` already resolved. */
  password: string | null;
  numbering: NumberingConfig;
  log: Logger;
  /** What the last successful run left (sync tokens, etags), or null on the first run. */
  previousState: unknown;
  /** Kept only when the whole run is written: a failed run starts from the old state again. */
  setNextState(state: unknown): void;
  signal: AbortSignal;
  /** A record the connector could not turn into a customer; the run goes on without it. */
  skip(where: string, field: string, message: string): void;
}

/**
 * Pulls every record of its source, every run (a full sync: the write path removes what is
 * no longer there). Incremental protocols (CardDAV sync tokens) keep their cache in the state.
 */
export interface Connector<C extends ConnectorConfig = ConnectorConfig> {
  kind: ConnectorKind;
  pull(config: C, ctx: RunContext): AsyncIterable<SyncLine>;
}

/**
 * A failure with a message for the console's "last error", in plain words, and a code the
 * console says in the administrator's language (the message follows as the detail).
 */
export class ConnectorError extends Error {
  readonly code: ConnectorErrorCode | null;
  constructor(message: string, options?: { cause?: unknown; code?: ConnectorErrorCode }) {
    super(message, options);
    this.name = 'ConnectorError';
    this.code = options?.code ?? null;
  }
}

/** Lines made by keepLine, so the runner can leave out the write path's error about them. */
export const keepMarkers = new WeakSet<object>();

/**
 * A line that tells the full sync "this customer is still there, but unreadable this time":
 * it has no name, so the write path refuses it and keeps what is stored under its number,
 * instead of deleting a customer because one of its source records went bad. The connector has
 * already reported the real reason with `skip`.
 */
export function keepLine(customerNo: string): SyncLine {
  const line: SyncLine = { customer: { customerNo } };
  keepMarkers.add(line);
  return line;
}

/** Give the popup its turn between batches of synchronous work. */
export const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Call between records: turns the event loop once `budgetMs` of work has gone by. Records cost
 * very different amounts (a person with five numbers against one without), so the budget is
 * time, not a count.
 */
export function pacer(budgetMs = 5): () => Promise<void> | undefined {
  let since = performance.now();
  return () => {
    if (performance.now() - since < budgetMs) return undefined;
    return yieldToLoop().then(() => {
      since = performance.now();
    });
  };
}

import type { SourceErrorView, SourceEventView } from '@ringside/shared';
import type { CallEvent } from '../calls/call-event.js';
import { mentions, type ErasureListener, type ErasureTraces } from '../customers/erase-customer.js';

/** What the console shows as "content": enough to see what arrived, bounded in memory. */
const MAX_CONTENT = 4096;

/**
 * The last event and the last error per source, in memory only: they hold callers' numbers,
 * which are for the administrator's eyes on the console and are neither logged nor stored.
 */
export class SourceStatus implements ErasureListener {
  private readonly events = new Map<string, SourceEventView>();
  private readonly errors = new Map<string, SourceErrorView>();

  constructor(private readonly clock: () => Date = () => new Date()) {}

  event(source: string, summary: string, content: string): void {
    this.events.set(source, { at: this.clock().toISOString(), summary, content: truncate(content) });
  }

  error(source: string, status: number | null, message: string, field: string | null = null): void {
    this.errors.set(source, { at: this.clock().toISOString(), status, message: truncate(message), field });
  }

  lastEvent(source: string): SourceEventView | null {
    return this.events.get(source) ?? null;
  }

  lastError(source: string): SourceErrorView | null {
    return this.errors.get(source) ?? null;
  }

  /** An erased customer: whatever mentions them is dropped (customers/erase.ts). */
  forget(traces: ErasureTraces): void {
    for (const [source, e] of this.events) if (mentions(`${e.summary} ${e.content}`, traces)) this.events.delete(source);
    for (const [source, e] of this.errors) if (mentions(e.message, traces)) this.errors.delete(source);
  }
}

/** "ringing in 030 1234567 -> 21, 22" for each event of a request. */
export function summarizeEvents(events: readonly CallEvent[]): string {
  if (events.length === 0) return 'no call event (acknowledged)';
  return events
    .map((e) => {
      const parts = [e.kind, e.direction === 'in' ? 'in' : 'out', e.from ?? 'withheld', '->', e.to ?? '?'];
      if (e.agents?.length) parts.push(`(${e.agents.join(', ')})`);
      if (e.answeredBy) parts.push(`answered by ${e.answeredBy}`);
      if (e.cause) parts.push(`[${e.cause}]`);
      return parts.join(' ');
    })
    .join('; ');
}

function truncate(text: string): string {
  return text.length > MAX_CONTENT ? `${text.slice(0, MAX_CONTENT)}…` : text;
}

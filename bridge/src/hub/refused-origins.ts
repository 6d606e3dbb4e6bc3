/**
 * Extension origins the allowlist turned away, for the console's "allow" button. In memory and
 * bounded: a refused browser retries every 30 s, and a restart forgets nothing that the next
 * retry would not bring back.
 */
import type { RefusedOrigin } from '@ringside/shared';

const MAX_ENTRIES = 20;

export class RefusedOrigins {
  private readonly entries = new Map<string, RefusedOrigin>();

  constructor(private readonly clock: () => Date = () => new Date()) {}

  record(origin: string): void {
    const previous = this.entries.get(origin);
    this.entries.delete(origin);
    this.entries.set(origin, { origin, lastSeen: this.clock().toISOString(), attempts: (previous?.attempts ?? 0) + 1 });
    // Map order is insertion order: the first key is the one seen longest ago.
    while (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Newest first, without the ones the allowlist now names. */
  list(allowed: readonly string[]): RefusedOrigin[] {
    return [...this.entries.values()].filter((e) => !allowed.includes(e.origin)).reverse();
  }
}

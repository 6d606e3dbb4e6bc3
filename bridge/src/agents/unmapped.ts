import type { UnmappedIdentifierView } from '@ringside/shared';

/** Enough to see what a phone system sends; an endless stream of made-up ids cannot grow memory. */
const MAX_PER_SOURCE = 50;

/**
 * Identifiers a source named that belong to no agent, per source, newest first. In memory only:
 * the next call names them again, and the admin console assigns them with one click. Such calls
 * ring every agent meanwhile, so nothing is lost while the list waits.
 */
export class UnmappedIdentifiers {
  private readonly bySource = new Map<string, Map<string, UnmappedIdentifierView>>();

  constructor(private readonly clock: () => Date = () => new Date()) {}

  seen(source: string, role: UnmappedIdentifierView['role'], identifiers: readonly string[]): void {
    if (identifiers.length === 0) return;
    let seen = this.bySource.get(source);
    if (!seen) this.bySource.set(source, (seen = new Map()));
    const at = this.clock().toISOString();
    for (const identifier of identifiers) {
      const key = `${role}\u0000${identifier}`;
      const prev = seen.get(key);
      // Re-inserted so the map's order stays "least recently seen first".
      seen.delete(key);
      seen.set(key, { identifier, role, lastSeenAt: at, count: (prev?.count ?? 0) + 1 });
      if (seen.size > MAX_PER_SOURCE) seen.delete(seen.keys().next().value!);
    }
  }

  list(source: string): UnmappedIdentifierView[] {
    return [...(this.bySource.get(source)?.values() ?? [])].reverse();
  }

  /** Once assigned, an identifier is mapped: it leaves the list in both roles. */
  forget(source: string, identifier: string): void {
    const seen = this.bySource.get(source);
    seen?.delete(`ringing\u0000${identifier}`);
    seen?.delete(`answered\u0000${identifier}`);
  }
}

import type { LookupResult, ServerMessage } from '@ringside/shared';
import type { Caller } from './customers.js';

/** Whether a lookup named the caller the mix expected: a fast wrong answer is no result. */
export function lookupVerdict(caller: Caller, lookup: LookupResult): string | null {
  const best = lookup.matches[0];
  if (caller.kind === 'unknown') return lookup.status === 'unknown' ? null : `expected unknown, got ${lookup.status}`;
  if (!best) return `expected ${caller.kind} match of ${caller.customerNo}, got ${lookup.status}`;
  // The generator can, rarely, give one number to two customers (a direct dial equal to another
  // firm's switchboard); the bridge then rightly answers "ambiguous" and lists both.
  const listed = lookup.status === 'ambiguous' && lookup.matches.some((m) => m.level === caller.kind && m.card.customerNo === caller.customerNo);
  if (!listed && (best.level !== caller.kind || best.card.customerNo !== caller.customerNo)) {
    return `expected ${caller.kind} ${caller.customerNo}, got ${best.level} ${best.card.customerNo}`;
  }
  return null;
}

/** The same check on the ringing message an agent socket received. */
export function messageVerdict(caller: Caller, m: ServerMessage): string | null {
  if (m.type !== 'call' || !m.lookup) return `no lookup in ${m.type} message`;
  return lookupVerdict(caller, m.lookup);
}

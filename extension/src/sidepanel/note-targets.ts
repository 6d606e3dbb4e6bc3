import type { AgentInfo, CallListEntry } from '@ringside/shared';
import { formatTime } from '../lib/format.js';
import { notesAreMine } from '../lib/mine.js';
import type { NoteTarget } from '../notes/note-form.js';

/** Calls this agent took (or that nobody was named for), newest first, that have a customer. */
export function noteTargets(
  calls: readonly CallListEntry[],
  me: AgentInfo | null,
  openCustomer: { customerNo: string; label: string } | null,
  locale: string,
  timeZone?: string,
): NoteTarget[] {
  const mine = calls
    .filter((c) => c.customerNo !== null)
    .filter((c) => notesAreMine(c, me))
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
    .map((c) => ({
      customerNo: c.customerNo as string,
      label: `${formatTime(c.startedAt, locale, timeZone)} ${c.callerName ?? c.from.display}`,
      callId: c.callId,
      contact: null,
    }));
  // A customer opened from the search comes first: that is who the agent is looking at.
  const open = openCustomer ? [{ customerNo: openCustomer.customerNo, label: openCustomer.label, callId: null, contact: null }] : [];
  return [...open, ...mine];
}

/**
 * Which leg of a conversation the card shows. A ring group or a forward produces several legs;
 * their events interleave ("leg A ended: forwarded" may arrive after "leg B answered"), so the
 * newest event is not always the truth. Pure, table-tested.
 */
import type { CallView } from '@ringside/shared';
import type { CallLeg } from '../lib/call-record.js';

function rank(view: CallView): number {
  if (view.state === 'answered') return 4;
  if (view.state === 'ended' && view.outcome === 'answered') return 3;
  if (view.state === 'ringing') return 2;
  return 1;
}

/**
 * Answered beats ringing beats ended; an ended leg that was answered beats one that was
 * forwarded or missed, so "Beendet · angenommen von Ben" is not replaced by "Weitergeleitet".
 * Among equals, the newest event wins.
 */
export function displayLeg(legs: Readonly<Record<string, CallLeg>>): CallLeg | null {
  let best: CallLeg | null = null;
  for (const leg of Object.values(legs)) {
    if (!best) best = leg;
    else {
      const diff = rank(leg.view) - rank(best.view);
      if (diff > 0 || (diff === 0 && leg.eventId > best.eventId)) best = leg;
    }
  }
  return best;
}

/**
 * The card window is reused from call to call: opening a window costs 100-300 ms, switching
 * the content of an open one costs a frame. The background writes which card the window
 * should show; the card page, which knows its own window id, follows. A page with typed but
 * unsaved input says it is busy, and then the next call gets a window of its own instead of
 * wiping that input.
 */
import type { CallRecord } from './call-record.js';

export interface CardWindowState {
  windowId: number;
  cardId: string;
  /** Unsaved input on the card: do not switch this window to another call. */
  busy: boolean;
}

/**
 * May the open card window switch to `cardId`? Not while it holds unsaved input, and not while
 * the call it shows is still going (two calls at once each get a card of their own).
 */
export function mayReuse(current: CardWindowState | null, shownCall: Pick<CallRecord, 'call'> | null, cardId: string): boolean {
  if (!current || current.busy) return false;
  return current.cardId === cardId || shownCall === null || shownCall.call.state === 'ended';
}

export function isCardWindowState(value: unknown): value is CardWindowState {
  const v = value as CardWindowState | null;
  return v !== null && typeof v === 'object' && typeof v.windowId === 'number' && typeof v.cardId === 'string';
}

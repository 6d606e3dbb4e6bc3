/**
 * Turns `call` messages into what the agent sees: the record in storage.session (which the card
 * and side panel watch), one card window and one notification per call, the ringing count.
 * Messages are handled strictly one after another so two events of one call never race to
 * open two windows.
 */
import type { CallMessage } from '@ringside/shared';
import browser from '../lib/browser.js';
import { callKey, cardIdOf, type CallRecord } from '../lib/call-record.js';
import { readAllCalls, readCall, writeCall } from '../lib/session.js';
import { callsToPrune, isRinging, planCall, type PlanContext } from './call-plan.js';
import { forgetCardWindow, showCard } from './card-window.js';
import { clearCallNotification, showCallNotification } from './notifier.js';

export interface CallCenterDeps {
  context(): Omit<PlanContext, 'now'>;
  onRingingChanged(count: number): void;
}

export class CallCenter {
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly deps: CallCenterDeps) {}

  handle(message: CallMessage): Promise<void> {
    return this.enqueue(() => this.process(message));
  }

  /** A closed card window: keep the record, but "focus" must reopen rather than fail. */
  forgetWindow(windowId: number): Promise<void> {
    return this.enqueue(async () => {
      await forgetCardWindow(windowId);
      // A reused window showed several calls' cards.
      for (const record of (await readAllCalls()).filter((r) => r.windowId === windowId)) await writeCall({ ...record, windowId: null });
    });
  }

  /** Notification click: bring the card to the front (or back). */
  focus(cardId: string): Promise<void> {
    return this.enqueue(async () => {
      const record = await readCall(cardId);
      if (!record) return;
      const windowId = await showCard(cardId);
      if (windowId !== record.windowId) await writeCall({ ...record, windowId, cardHandled: true });
    });
  }

  refreshRinging(): Promise<void> {
    return this.enqueue(async () => this.countRinging(await readAllCalls()));
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task).catch((err: unknown) => console.error('[ringside] call handling failed', err));
    this.queue = run;
    return run;
  }

  private async process(message: CallMessage): Promise<void> {
    const now = Date.now();
    // A new leg of a known conversation (forward, transfer) finds its card by the linked id.
    const prev = await readCall(cardIdOf(message.call));
    const plan = planCall(prev ?? undefined, message, { now, ...this.deps.context() });
    if (!plan) return;
    // Persist the decision before acting: a worker restart mid-way must not pop a second card.
    await writeCall(plan.record);
    const tasks: Promise<unknown>[] = [];
    // The notification first: it is up in a few milliseconds, before any window.
    if (plan.actions.includes('notify')) tasks.push(showCallNotification(plan.record));
    if (plan.actions.includes('openCard')) {
      tasks.push(showCard(plan.record.cardId).then((windowId) => this.rememberWindow(plan.record.cardId, windowId)));
    }
    if (plan.actions.includes('clearNotification')) tasks.push(clearCallNotification(plan.record.cardId));
    for (const result of await Promise.allSettled(tasks)) {
      if (result.status === 'rejected') console.warn('[ringside] call UI failed', result.reason);
    }
    const all = await readAllCalls();
    this.countRinging(all);
    const stale = callsToPrune(all, now);
    if (stale.length) await browser.storage.session.remove(stale.map(callKey));
  }

  private async rememberWindow(cardId: string, windowId: number | null): Promise<void> {
    const current = await readCall(cardId);
    if (current) await writeCall({ ...current, windowId } satisfies CallRecord);
  }

  private countRinging(records: CallRecord[]): void {
    const now = Date.now();
    this.deps.onRingingChanged(records.filter((r) => isRinging(r, now)).length);
  }
}

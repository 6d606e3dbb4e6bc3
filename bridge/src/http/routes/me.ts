import { Router, type Response } from 'express';
import {
  attachPhoneInputSchema,
  callbackInputSchema,
  dialInputSchema,
  newCustomerInputSchema,
  noteInputSchema,
  parseWith,
  type CallListEntry,
} from '@ringside/shared';
import type { CallService } from '../../calls/call-service.js';
import { RateLimited, type DialService } from '../../dial/dial-service.js';
import { callbackHorizon } from '../../calls/callbacks.js';
import { CARD_CONVERSATIONS, callerName, type Lookup } from '../../calls/lookup-service.js';
import { normalizeCustomer, normalizePhone } from '../../customers/normalize-customer.js';
import type { NumberingConfig } from '../../phone/normalize.js';
import type { AgentRecord, Store } from '../../store/store.js';
import { HttpError, valid } from '../errors.js';
import { customerNoParam, SEARCH_LIMIT, searchParam } from './customers.js';

const LIST_LIMIT = 500;

function me(res: Response): AgentRecord {
  return res.locals.agent!;
}

/** The agent-facing API behind the extension: search, cards, notes, calls and callbacks. */
export function meRoutes(deps: {
  store: Store;
  numbering: NumberingConfig;
  calls: CallService;
  lookup: Lookup;
  dial: DialService;
  clock: () => Date;
  /** Per-agent budget of searches (`RINGSIDE_AGENT_SEARCH_RATE`): 0 or seconds to wait; none: unlimited. */
  searchBudget?: (agentId: string) => Promise<number>;
}): Router {
  const { store } = deps;
  const r = Router();

  /**
   * Calls from these numbers that matched nobody now show the customer they turned out to be
   * (created or given the number from the unknown caller's card), by the same lookup a new call
   * gets, so an ambiguous number stays ambiguous.
   */
  async function identifyCallers(e164s: (string | null)[]): Promise<void> {
    for (const e164 of new Set(e164s)) {
      if (!e164) continue;
      const found = await deps.lookup(e164);
      const customerNo = found.matches[0]?.card.customerNo;
      if (customerNo) await store.calls.identifyCaller(e164, customerNo, callerName(found));
    }
  }

  r.get('/', (_req, res) => {
    const agent = me(res);
    const { id, name, extensions, identifiers } = agent;
    res.json({ id, name, extensions, identifiers, dial: { sources: deps.dial.sourcesFor(agent) } });
  });

  r.get('/search', async (req, res) => {
    const wait = (await deps.searchBudget?.(me(res).id)) ?? 0;
    if (wait > 0) throw new HttpError('rate_limited', `too many searches; retry after ${wait} s`, 'q', 429, wait);
    res.json({ results: await store.customers.search(searchParam(req.query.q), SEARCH_LIMIT) });
  });

  r.get('/customers/:customerNo', async (req, res) => {
    const card = await store.customers.card(customerNoParam(req.params.customerNo), { conversations: CARD_CONVERSATIONS });
    if (!card) throw new HttpError('not_found', 'no such customer', 'customerNo');
    res.json(card);
  });

  r.post('/customers/:customerNo/conversations', async (req, res) => {
    const customerNo = customerNoParam(req.params.customerNo);
    const { callId, ...note } = valid(parseWith(noteInputSchema, req.body));
    const agent = me(res);
    // A note names a call with this customer; another customer's call id would take that call
    // off the callback list and file the note under the wrong conversation.
    const call = callId ? (await store.calls.byCallId(callId)).find((c) => c.customerNo === customerNo) : undefined;
    if (callId && !call) throw new HttpError('invalid', 'callId is not a call with this customer', 'callId');
    const saved = await store.customers.addConversation(customerNo, { ...note, agent: agent.name, callId: callId ?? null });
    if (!saved) throw new HttpError('not_found', 'no such customer', 'customerNo');
    // A note about a missed call means someone dealt with it: take it off the callback list.
    // The store changes missed calls only, so a note on an answered call stays a note.
    if (call) await store.calls.markCallbacks([{ source: call.source, callId: call.callId }], true, agent.name, deps.clock().toISOString());
    res.status(201).json(saved);
  });

  r.post('/customers', async (req, res) => {
    const input = valid(parseWith(newCustomerInputSchema, req.body));
    const customerNo = input.customerNo ?? `R${deps.clock().getTime().toString(36).toUpperCase()}`;
    if (await store.customers.exists(customerNo)) {
      throw new HttpError('conflict', 'a customer with this number exists already', 'customerNo');
    }
    const customer = normalizeCustomer(input.customer, deps.numbering);
    await store.customers.put(customerNo, customer);
    await identifyCallers([...customer.phones, ...customer.contacts.flatMap((c) => c.phones)].map((p) => p.e164));
    res.status(201).json(await store.customers.card(customerNo, { conversations: CARD_CONVERSATIONS }));
  });

  r.post('/customers/:customerNo/phones', async (req, res) => {
    const customerNo = customerNoParam(req.params.customerNo);
    const { contactId, ...phone } = valid(parseWith(attachPhoneInputSchema, req.body));
    const normalized = normalizePhone(phone, deps.numbering);
    const result = await store.customers.addPhone(customerNo, normalized, contactId ?? null);
    if (!result) throw new HttpError('not_found', 'no such customer or contact', contactId ? 'contactId' : 'customerNo');
    if (result.added) await identifyCallers([normalized.e164]);
    // 201: attached now; 200: this customer or contact had the number already, nothing changed.
    res.status(result.added ? 201 : 200).json(result.card);
  });

  r.get('/calls', async (req, res) => {
    const scope = req.query.scope ?? 'today';
    if (scope !== 'today' && scope !== 'missed') throw new HttpError('invalid', 'scope: today or missed', 'scope');
    const now = deps.clock();
    const since = scope === 'today' ? new Date(now.getFullYear(), now.getMonth(), now.getDate()).toISOString() : callbackHorizon(now);
    const agent = me(res);
    const records = await store.calls.list({ since, missedOnly: scope === 'missed', limit: LIST_LIMIT, agentId: agent.id });
    const calls: CallListEntry[] = records
      .map((c) => deps.calls.listEntry(c))
      .filter((c) => scope === 'today' || c.callbackPending);
    res.json({ calls });
  });

  // The callback list is the office's, shared: whoever calls back marks it, for everyone, and
  // the list says who did. Only missed inbound calls change (the store's rule).
  r.post('/callbacks', async (req, res) => {
    const input = valid(parseWith(callbackInputSchema, req.body));
    const updated = await store.calls.markCallbacks(
      input.callIds.map((callId) => ({ callId })),
      input.done,
      me(res).name,
      deps.clock().toISOString(),
    );
    res.json({ updated });
  });

  // Click-to-dial: ring the agent's phone, then the number (shared/src/dial.ts).
  r.post('/dial', async (req, res) => {
    const input = valid(parseWith(dialInputSchema, req.body));
    try {
      res.json(await deps.dial.dial(me(res), input));
    } catch (err) {
      if (err instanceof RateLimited) res.set('Retry-After', String(err.retryAfter));
      throw err;
    }
  });

  return r;
}

import { Router, type Response } from 'express';
import {
  attachPhoneInputSchema,
  callbackInputSchema,
  newCustomerInputSchema,
  noteInputSchema,
  parseWith,
  type CallListEntry,
} from '@ringside/shared';
import type { CallService } from '../../calls/call-service.js';
import { CARD_CONVERSATIONS } from '../../calls/lookup-service.js';
import { normalizeCustomer, normalizePhone } from '../../customers/normalize-customer.js';
import type { NumberingConfig } from '../../phone/normalize.js';
import type { AgentRecord, Store } from '../../store/store.js';
import { HttpError, valid } from '../errors.js';
import type { KeyedLimiter } from '../rate-limit.js';
import { customerNoParam, SEARCH_LIMIT, searchParam } from './customers.js';

/** How far back the callback list looks; older misses are for the call journal, not a to-do list. */
const CALLBACK_HORIZON_DAYS = 14;
const LIST_LIMIT = 500;

function me(res: Response): AgentRecord {
  return res.locals.agent!;
}

/** The agent-facing API behind the extension: search, cards, notes, calls and callbacks. */
export function meRoutes(deps: {
  store: Store;
  numbering: NumberingConfig;
  calls: CallService;
  clock: () => Date;
  /** Per-agent budget of searches (`RINGSIDE_AGENT_SEARCH_RATE`); none: unlimited. */
  searchBudget?: KeyedLimiter;
}): Router {
  const { store } = deps;
  const r = Router();

  r.get('/', (_req, res) => {
    const { id, name, extensions, identifiers } = me(res);
    res.json({ id, name, extensions, identifiers });
  });

  r.get('/search', async (req, res) => {
    const wait = deps.searchBudget?.take(me(res).id) ?? 0;
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
    const saved = await store.customers.addConversation(customerNo, { ...note, agent: agent.name, callId: callId ?? null });
    if (!saved) throw new HttpError('not_found', 'no such customer', 'customerNo');
    // A note about a missed call means someone dealt with it: take it off the callback list.
    if (callId) await store.calls.markCallbacks([{ callId }], true, agent.name, deps.clock().toISOString());
    res.status(201).json(saved);
  });

  r.post('/customers', async (req, res) => {
    const input = valid(parseWith(newCustomerInputSchema, req.body));
    const customerNo = input.customerNo ?? `R${deps.clock().getTime().toString(36).toUpperCase()}`;
    if (await store.customers.exists(customerNo)) {
      throw new HttpError('conflict', 'a customer with this number exists already', 'customerNo');
    }
    await store.customers.put(customerNo, normalizeCustomer(input.customer, deps.numbering));
    res.status(201).json(await store.customers.card(customerNo, { conversations: CARD_CONVERSATIONS }));
  });

  r.post('/customers/:customerNo/phones', async (req, res) => {
    const customerNo = customerNoParam(req.params.customerNo);
    const { contactId, ...phone } = valid(parseWith(attachPhoneInputSchema, req.body));
    const card = await store.customers.addPhone(customerNo, normalizePhone(phone, deps.numbering), contactId ?? null);
    if (!card) throw new HttpError('not_found', 'no such customer or contact', contactId ? 'contactId' : 'customerNo');
    res.json(card);
  });

  r.get('/calls', async (req, res) => {
    const scope = req.query.scope ?? 'today';
    if (scope !== 'today' && scope !== 'missed') throw new HttpError('invalid', 'scope: today or missed', 'scope');
    const now = deps.clock();
    const since =
      scope === 'today'
        ? new Date(now.getFullYear(), now.getMonth(), now.getDate()).toISOString()
        : new Date(now.getTime() - CALLBACK_HORIZON_DAYS * 86_400_000).toISOString();
    const agent = me(res);
    const records = await store.calls.list({ since, missedOnly: scope === 'missed', limit: LIST_LIMIT, ringing: agent });
    const calls: CallListEntry[] = records
      .map((c) => deps.calls.listEntry(c))
      .filter((c) => scope === 'today' || c.callbackPending);
    res.json({ calls });
  });

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

  return r;
}

import { Router } from 'express';
import {
  conversationInputSchema,
  customerInputSchema,
  customerNoSchema,
  documentInputSchema,
  parseWith,
} from '@ringside/shared';
import type { Lookup } from '../../calls/lookup-service.js';
import { normalizeCustomer } from '../../customers/normalize-customer.js';
import type { NumberingConfig } from '../../phone/normalize.js';
import type { Store } from '../../store/store.js';
import { eraseCustomer, type ErasureListener } from '../../customers/erase-customer.js';
import { HttpError, valid } from '../errors.js';

export const SEARCH_LIMIT = 20;

export function customerNoParam(value: unknown): string {
  const parsed = parseWith(customerNoSchema, value);
  if (!parsed.ok) throw new HttpError('invalid', `customerNo: ${parsed.message}`, 'customerNo');
  return parsed.value;
}

export function searchParam(value: unknown): string {
  if (typeof value !== 'string') throw new HttpError('invalid', 'q: a search text is required', 'q');
  if (value.length > 200) throw new HttpError('invalid', 'q: at most 200 characters', 'q');
  return value;
}

/** The ERP/CRM sync API (admin token): customers, their documents and conversations. */
export function customerRoutes(deps: {
  store: Store;
  numbering: NumberingConfig;
  lookup: Lookup;
  /** What else drops an erased customer from memory (the console's source status). */
  erasureListeners?: readonly ErasureListener[];
}): Router {
  const { store } = deps;
  const r = Router();

  r.put('/customers/:customerNo', async (req, res) => {
    const customerNo = customerNoParam(req.params.customerNo);
    const input = valid(parseWith(customerInputSchema, req.body));
    const { created } = await store.customers.put(customerNo, normalizeCustomer(input, deps.numbering));
    res.status(created ? 201 : 200).json(await store.customers.card(customerNo, { conversations: 5 }));
  });

  r.get('/customers/:customerNo', async (req, res) => {
    const card = await store.customers.card(customerNoParam(req.params.customerNo), { conversations: 5 });
    if (!card) throw new HttpError('not_found', 'no such customer', 'customerNo');
    res.json(card);
  });

  r.delete('/customers/:customerNo', async (req, res) => {
    const deleted = await eraseCustomer(store, customerNoParam(req.params.customerNo), deps.erasureListeners ?? []);
    if (!deleted) throw new HttpError('not_found', 'no such customer', 'customerNo');
    res.status(204).end();
  });

  r.get('/customers', async (req, res) => {
    res.json({ results: await store.customers.search(searchParam(req.query.q), SEARCH_LIMIT) });
  });

  r.put('/customers/:customerNo/documents/:documentNo', async (req, res) => {
    const customerNo = customerNoParam(req.params.customerNo);
    const documentNo = parseWith(customerNoSchema, req.params.documentNo);
    if (!documentNo.ok) throw new HttpError('invalid', `documentNo: ${documentNo.message}`, 'documentNo');
    const doc = valid(parseWith(documentInputSchema, req.body));
    const result = await store.customers.putDocument(customerNo, documentNo.value, doc);
    if (!result) throw new HttpError('not_found', 'no such customer', 'customerNo');
    res.status(result.created ? 201 : 200).json({ documentNo: documentNo.value, ...doc });
  });

  r.post('/customers/:customerNo/conversations', async (req, res) => {
    const customerNo = customerNoParam(req.params.customerNo);
    const conv = valid(parseWith(conversationInputSchema, req.body));
    const saved = await store.customers.addConversation(customerNo, conv);
    if (!saved) throw new HttpError('not_found', 'no such customer', 'customerNo');
    res.status(201).json(saved);
  });

  r.get('/lookup', async (req, res) => {
    const number = req.query.number;
    if (typeof number !== 'string') throw new HttpError('invalid', 'number: a phone number is required', 'number');
    if (number.length > 100) throw new HttpError('invalid', 'number: at most 100 characters', 'number');
    res.json(await deps.lookup(number));
  });

  return r;
}

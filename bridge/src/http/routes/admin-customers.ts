import { Router } from 'express';
import { importMappingInputSchema, parseWith, type CustomerDataExport, type CustomerDialExport, type CustomerSearchResult } from '@ringside/shared';
import type { CallService } from '../../calls/call-service.js';
import { exportCustomersCsv, keysetPages } from '../../import/export.js';
import { ImportError, type ImportJobs } from '../../import/import-jobs.js';
import type { Store } from '../../store/store.js';
import { customerNumbers } from '../../customers/customer-numbers.js';
import { eraseCustomer, type ErasureListener } from '../../customers/erase-customer.js';
import { HttpError, valid } from '../errors.js';
import { customerNoParam, SEARCH_LIMIT, searchParam } from './customers.js';

export interface AdminCustomerDeps {
  store: Store;
  calls: CallService;
  imports: ImportJobs;
  clock: () => Date;
  /** What else drops an erased customer from memory (the console's source status). */
  erasureListeners?: readonly ErasureListener[];
}

/** Every conversation goes into a data export, however many there are. */
const ALL = 1_000_000;

/** Customer data in the console: search, erase, right-of-access export, CSV out, imports in. */
export function adminCustomerRoutes(deps: AdminCustomerDeps): Router {
  const { store } = deps;
  const r = Router();

  r.get('/customers', async (req, res) => {
    const q = req.query.q === undefined ? '' : searchParam(req.query.q);
    const body: CustomerSearchResult = {
      results: q.trim() ? await store.customers.search(q, SEARCH_LIMIT) : [],
      total: await store.customers.count(),
    };
    res.json(body);
  });

  r.get('/customers/:customerNo/export', async (req, res) => {
    const customerNo = customerNoParam(req.params.customerNo);
    const customer = await store.customers.card(customerNo, { conversations: ALL });
    if (!customer) throw new HttpError('not_found', 'no such customer', 'customerNo');
    const calls = (await store.calls.forCustomer(customerNo)).map((c) => deps.calls.view(c));
    const agentNames = new Map((await store.agents.list()).map((a) => [a.id, a.name]));
    const dials: CustomerDialExport[] = (await store.dials.forNumbers(customerNumbers(customer))).map((d) => ({
      requestedAt: d.requestedAt,
      source: d.source,
      numberE164: d.numberE164,
      agentName: agentNames.get(d.agentId) ?? null,
      result: d.result,
      callback: d.callback,
      connectedCallId: d.connectedCallId,
      connectedAt: d.connectedAt,
    }));
    const body: CustomerDataExport = { exportedAt: deps.clock().toISOString(), customer, calls, dials };
    res.attachment(`kunde-${customerNo}.json`).type('application/json').send(JSON.stringify(body, null, 2));
  });

  r.delete('/customers/:customerNo', async (req, res) => {
    const deleted = await eraseCustomer(store, customerNoParam(req.params.customerNo), deps.erasureListeners ?? []);
    if (!deleted) throw new HttpError('not_found', 'no such customer', 'customerNo');
    res.status(204).end();
  });

  r.get('/export/customers.csv', async (_req, res) => {
    res.attachment(`kunden-${deps.clock().toISOString().slice(0, 10)}.csv`).type('text/csv; charset=utf-8');
    const list = () => keysetPages((after, limit) => store.customers.listNumbers(after, limit));
    for await (const chunk of exportCustomersCsv(list, store)) {
      if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  });

  // The file as raw bytes (not multipart): the console sends the File object as the body.
  r.post('/imports', async (req, res) => {
    const rawName = req.headers['x-file-name'];
    let fileName = 'upload.csv';
    try {
      if (typeof rawName === 'string' && rawName) fileName = decodeURIComponent(rawName).slice(0, 200);
    } catch {
      throw new HttpError('invalid', 'X-File-Name: not URI-encoded', 'x-file-name');
    }
    res.status(201).json(await importCall(() => deps.imports.upload(req, fileName)));
  });

  r.post('/imports/:id/preview', async (req, res) => {
    const { mapping } = valid(parseWith(importMappingInputSchema, req.body ?? {}));
    res.json({ preview: await importCall(() => deps.imports.preview(String(req.params.id), mapping)) });
  });

  r.post('/imports/:id/run', async (req, res) => {
    const { mapping } = valid(parseWith(importMappingInputSchema, req.body ?? {}));
    res.status(202).json(await importCall(() => deps.imports.run(String(req.params.id), mapping)));
  });

  r.get('/imports/:id', async (req, res) => {
    res.json(await importCall(async () => deps.imports.job(String(req.params.id))));
  });

  return r;
}

async function importCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof ImportError)) throw err;
    const code = err.status === 404 ? 'not_found' : err.status === 409 ? 'conflict' : err.status === 413 ? 'payload_too_large' : 'invalid';
    throw new HttpError(code, err.message, err.field);
  }
}

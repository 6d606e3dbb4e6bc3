import { customerInputSchema } from '@ringside/shared';
import type { z } from 'zod';
import { normalizeCustomer } from '../../bridge/src/customers/normalize-customer.js';
import { callRecord } from '../../bridge/src/store/call-record.testing.js';
import type { CallRecord, NormalizedCustomer, Store } from '../../bridge/src/store/store.js';

/** What each store contract case gets: a fresh, empty, migrated store. */
export interface StoreUnderTest {
  store: () => Store;
}

const numbering = { country: 'DE', trunkPrefix: null } as const;

/** A customer as the API would store it: validated by the wire schema, numbers normalized. */
export function customer(input: z.input<typeof customerInputSchema>): NormalizedCustomer {
  return normalizeCustomer(customerInputSchema.parse(input), numbering);
}

export const welter = () =>
  customer({
    company: 'Welter Dachbau GmbH',
    phones: [{ number: '030 2312574-0', main: true, label: 'Zentrale' }],
    contacts: [
      { firstName: 'Jonas', lastName: 'Welter', email: 'jonas@welter-dach.de', phones: [{ number: '030 2312574-21', label: 'Durchwahl' }] },
      { firstName: 'Ana', lastName: 'Ibáñez', phones: [{ number: '+49 171 5550123', label: 'mobil' }] },
    ],
  });

export const mueller = () =>
  customer({
    company: 'Müller & Söhne KG',
    phones: [{ number: '089 4711-0', main: true }],
    contacts: [{ salutation: 'Frau', firstName: 'Jürgen', lastName: 'Strauß', email: 'j.strauss@mueller-soehne.de' }],
  });

/** A ringing inbound call from Welter's direct dial, unless told otherwise. */
export function call(callId: string, patch: Partial<CallRecord> = {}): CallRecord {
  return callRecord(0, {
    callId,
    state: 'ringing',
    outcome: null,
    fromRaw: '+49 30 2312574-21',
    callerE164: '+493023125742',
    startedAt: '2026-03-02T09:00:00.000Z',
    ...patch,
  });
}

export const payload = (id: number) => JSON.stringify({ id });

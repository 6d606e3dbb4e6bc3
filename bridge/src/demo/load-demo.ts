import { conversationInputSchema, customerInputSchema, documentInputSchema } from '@ringside/shared';
import { normalizeCustomer } from '../customers/normalize-customer.js';
import type { NumberingConfig } from '../phone/normalize.js';
import type { Store } from '../store/store.js';
import { demoCustomers } from './demo-data.js';

/**
 * Load the demo data through the same validation and normalization as the API. Demo customers
 * are replaced on every start so their dates ("overdue since 10 days") stay current.
 */
export async function loadDemo(store: Store, numbering: NumberingConfig, now: Date): Promise<number> {
  const customers = demoCustomers(now);
  for (const demo of customers) {
    await store.customers.delete(demo.customerNo);
    await store.customers.put(demo.customerNo, normalizeCustomer(customerInputSchema.parse(demo.customer), numbering));
    for (const { documentNo, ...doc } of demo.documents) {
      await store.customers.putDocument(demo.customerNo, documentNo, documentInputSchema.parse(doc));
    }
    for (const conv of demo.conversations) {
      await store.customers.addConversation(demo.customerNo, conversationInputSchema.parse(conv));
    }
  }
  return customers.length;
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { customerInputSchema } from '@ringside/shared';
import { normalizeCustomer } from '../customers/normalize-customer.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import type { Store } from '../store/store.js';
import { callerName, createLookup, type Lookup } from './lookup-service.js';

// Who is calling when a number is not one person's: the card offers the people to choose from
// and never silently greets the first.

const numbering = { country: 'DE' as const, trunkPrefix: null };

describe('caller lookup: choices', () => {
  let store: Store;
  let lookup: Lookup;
  const put = (customerNo: string, input: unknown) => store.customers.put(customerNo, normalizeCustomer(customerInputSchema.parse(input), numbering));

  beforeEach(async () => {
    store = openSqliteStore(':memory:');
    lookup = createLookup(store, numbering);
    await put('K-1', {
      company: 'Welter Dach GmbH',
      phones: [{ number: '030 2312574-0', main: true }],
      contacts: [
        { lastName: 'Quellmalz', firstName: 'Anke', phones: [{ number: '030 2312574-21' }, { number: '030 5555555' }] },
        { lastName: 'Welter', firstName: 'Jonas', phones: [{ number: '030 2312574-22' }, { number: '030 5555555' }] },
      ],
    });
    await put('K-2', { contacts: [{ firstName: 'Eva', lastName: 'Brandt', phones: [{ number: '089 111111' }] }, { firstName: 'Max', lastName: 'Brandt', phones: [{ number: '089 111111' }] }] });
  });
  afterEach(async () => store.close());

  it('one contact on the number: that contact, nothing to choose', async () => {
    const result = await lookup('030 2312574-21');
    expect(result.status).toBe('known');
    expect(result.matches).toHaveLength(1);
    expect(result.matches[0]).toMatchObject({ level: 'exact', contact: { lastName: 'Quellmalz' }, choices: [] });
  });

  it('several contacts of one customer share the number: known, no contact, both to choose from', async () => {
    const result = await lookup('030 5555555');
    expect(result.status).toBe('known');
    expect(result.matches).toHaveLength(1);
    expect(result.matches[0]!.contact).toBeNull();
    expect(result.matches[0]!.choices.map((c) => c.lastName)).toEqual(['Quellmalz', 'Welter']);
    expect(callerName(result)).toBe('Welter Dach GmbH');
  });

  it('a private household sharing a number is named with everyone on it', async () => {
    const result = await lookup('089 111111');
    expect(result.matches[0]!.choices.map((c) => c.firstName)).toEqual(['Eva', 'Max']);
    expect(callerName(result)).toBe('Eva Brandt / Max Brandt');
  });

  it('through the switchboard: the company with its contacts and their direct dials', async () => {
    const result = await lookup('030 2312574-99');
    expect(result.matches[0]).toMatchObject({ level: 'switchboard', contact: null });
    const choices = result.matches[0]!.choices;
    expect(choices.map((c) => c.lastName)).toEqual(['Quellmalz', 'Welter']);
    expect(choices[0]!.phones.map((p) => p.e164)).toContain('+4930231257421');
  });
});

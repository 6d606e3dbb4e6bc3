import type { SyncLineInput } from '@ringside/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/sqlite/index.js';
import type { Store } from '../store/store.js';
import { runSync, SourceLocks, SyncBusyError, type SyncInput } from './index.js';

// runSync as the connectors call it: objects they built (or text lines), on this thread.

const DE = { country: 'DE' as const, trunkPrefix: null };
const customer = (customerNo: string, company: string): SyncLineInput => ({
  customer: { customerNo, company, phones: [{ number: '089 1234567' }] },
});

let store: Store;
let locks: SourceLocks;
beforeEach(() => {
  store = openSqliteStore(':memory:');
  locks = new SourceLocks();
});
afterEach(async () => {
  await store.close();
});

const run = (source: string, full: boolean, lines: Iterable<SyncInput> | AsyncIterable<SyncInput>) =>
  runSync({ store, numbering: DE, locks }, { source, full }, lines);

describe('runSync', () => {
  it('takes objects and text lines alike, and a second identical run is unchanged', async () => {
    const lines: SyncInput[] = [customer('K1', 'Eins'), JSON.stringify(customer('K2', 'Zwei')), '', { document: { customerNo: 'K1', documentNo: 'D1', kind: 'offer' } }];
    expect(await run('carddav', true, lines)).toMatchObject({
      complete: true,
      lines: 4,
      customers: { created: 2 },
      documents: { created: 1 },
      errors: [],
    });
    expect(await run('carddav', true, lines)).toMatchObject({ customers: { unchanged: 2, created: 0 }, documents: { unchanged: 1 } });
    expect((await store.customers.findPhones('+49891234567', [])).exact).toHaveLength(2);
  });

  it('reports errors in line order although store refusals come when their batch is written', async () => {
    const r = await run('erp', false, [
      { document: { customerNo: 'K9', documentNo: 'D1', kind: 'offer' } },
      { customer: { customerNo: 'K1', company: null } } as unknown as SyncLineInput,
      'nicht json',
    ]);
    expect(r.errors.map((e) => [e.line, e.field])).toEqual([
      [1, 'document.customerNo'],
      [2, 'customer.company'],
      [3, '(line)'],
    ]);
  });

  it('a source that throws mid-way writes what came before, deletes nothing, and lets go of the source', async () => {
    await run('ldap', false, [customer('K1', 'Eins'), customer('K2', 'Zwei')]);
    async function* failing() {
      yield customer('K1', 'Eins neu');
      throw new Error('LDAP server went away');
    }
    const r = await run('ldap', true, failing());
    expect(r).toMatchObject({ complete: false, stoppedBy: 'stream', error: 'LDAP server went away', customers: { updated: 1, deleted: 0 } });
    expect(await store.customers.exists('K2')).toBe(true);
    expect(locks.isRunning('ldap')).toBe(false);
  });

  it('refuses a second run of a running source', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    async function* slow() {
      yield customer('K1', 'Eins');
      await gate;
    }
    const first = run('sql', false, slow());
    await expect(run('sql', false, [])).rejects.toBeInstanceOf(SyncBusyError);
    expect((await run('other', false, [customer('K2', 'Zwei')])).complete).toBe(true);
    release();
    expect((await first).customers.created).toBe(1);
  });
});

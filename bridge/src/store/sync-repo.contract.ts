import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store, SyncRecord } from './store.js';
import { PartialWriteError } from './partial-write.js';
import { conversationRecord, customerRecord, documentRecord, normalized, results, runSession } from './sync-records.testing.js';

/**
 * Makes the database of the store opened last refuse to insert this customer (a trigger), as a
 * full disk or a lost connection fails a write; undefined where nothing else can reach that
 * database (SQLite in memory).
 */
export type FailInsertOf = (customerNo: string) => Promise<void>;

/**
 * The bulk write path's contract, for every Store implementation: call it from a test file
 * with a factory that opens a fresh, empty store (SQLite: sqlite/sync-repo.test.ts).
 */
export function describeSyncRepoContract(name: string, open: () => Promise<Store>, failInsertOf?: () => FailInsertOf | undefined): void {
  const customer = (customerNo: string, company: string) => customerRecord(customerNo, company);
  const document = documentRecord;
  const conversation = conversationRecord;

  describe(`${name}: bulk sync write path`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    const run = (source: string | null, full: boolean, records: SyncRecord[]) => runSession(store, source, full, records);

    it('a batch that fails part-way reports what its committed transactions hold, exactly what is stored', async (ctx) => {
      const fail = failInsertOf?.();
      if (!fail) return ctx.skip();
      const no = (i: number) => `K${String(i).padStart(5, '0')}`;
      // Long enough that every store splits it into several transactions; the 4,401st fails.
      const records = Array.from({ length: 4500 }, (_, i) => customer(no(i), `Firma ${i}`));
      await fail(no(4400));
      const session = await store.sync.begin({ source: 'erp', full: true });
      const err: unknown = await session.write(records).catch((e: unknown) => e);
      await session.abort();
      expect(err).toBeInstanceOf(PartialWriteError);
      const { written, message } = err as PartialWriteError;
      expect(message).toMatch(/refused by the test/);
      expect(written.length).toBeGreaterThan(0);
      expect(written.length).toBeLessThan(4400);
      expect(written.every((o) => o.ok && o.result === 'created')).toBe(true);
      expect(await store.customers.count()).toBe(written.length);
      expect(await store.customers.card(no(written.length - 1), { conversations: 0 })).not.toBeNull();
      expect(await store.customers.card(no(written.length), { conversations: 0 })).toBeNull();
    });

    it('creates, updates and leaves unchanged by digest; the card and search see the written data', async () => {
      expect((await run('erp', false, [customer('K1', 'Welter Dachbau GmbH')])).outcomes).toEqual(['created']);
      expect((await run('erp', false, [customer('K1', 'Welter Dachbau GmbH')])).outcomes).toEqual(['unchanged']);
      expect((await run('erp', false, [customer('K1', 'Welter Bedachungen GmbH')])).outcomes).toEqual(['updated']);
      const card = await store.customers.card('K1', { conversations: 5 });
      expect(card?.company).toBe('Welter Bedachungen GmbH');
      expect(card?.phones.map((p) => p.e164)).toEqual(['+49302312574']);
      expect(card?.contacts.map((k) => [k.lastName, k.phones.map((p) => p.e164)])).toEqual([['Weiß', ['+491701234567']]]);
      expect((await store.customers.search('Bedachung', 5)).map((s) => s.customerNo)).toEqual(['K1']);
      expect((await store.customers.findPhones('+491701234567', [])).exact.map((p) => p.customerNo)).toEqual(['K1']);
    });

    it('refuses records another source owns, takes over records without owner', async () => {
      await store.customers.put('K0', normalized('Handangelegt GmbH'));
      await run('carddav', false, [customer('K2', 'Adressbuch GmbH')]);
      const { outcomes } = await run('erp', false, [customer('K2', 'ERP GmbH'), customer('K0', 'Aus dem ERP GmbH'), { kind: 'deleteCustomer', customerNo: 'K2' }]);
      expect(outcomes).toEqual(['refused customerNo', 'updated', 'refused ']);
      expect((await store.customers.card('K2', { conversations: 0 }))?.company).toBe('Adressbuch GmbH');
      // K0 now belongs to erp: carddav may no longer change it.
      expect((await run('carddav', false, [customer('K0', 'Wieder anders GmbH')])).outcomes).toEqual(['refused customerNo']);
    });

    it('a full sync removes only what its source owns and did not mention', async () => {
      await run('erp', false, [customer('K1', 'Eins'), customer('K2', 'Zwei'), document('K1', 'RE-1'), document('K1', 'RE-2'), conversation('K1', 'id:a', 'Angebot')]);
      await run('carddav', false, [customer('K3', 'Drei'), document('K1', 'RE-3')]);
      await store.customers.put('K4', normalized('Vier'));
      const { outcomes, swept } = await run('erp', true, [customer('K1', 'Eins'), document('K1', 'RE-1'), { kind: 'keep', customerNo: 'K9' }]);
      expect(outcomes).toEqual(['unchanged', 'unchanged', 'unchanged']);
      expect(swept).toEqual({ customers: 1, documents: 1, conversations: 1 });
      expect(await store.customers.exists('K2')).toBe(false);
      expect(await store.customers.exists('K3')).toBe(true);
      expect(await store.customers.exists('K4')).toBe(true);
      const card = await store.customers.card('K1', { conversations: 5 });
      expect(card?.openDocuments.map((d) => d.documentNo).sort()).toEqual(['RE-1', 'RE-3']);
      expect(card?.conversations).toEqual([]);
    });

    it('sweeps a source larger than one page: exactly the unmentioned records, in any number of steps', async () => {
      const many = Array.from({ length: 2500 }, (_, i) => `M${String(i).padStart(5, '0')}`);
      const docs = many.slice(0, 1200).map((no) => document(no, `RE-${no}`));
      await run('erp', false, [...many.map((no) => customer(no, no)), ...docs]);
      // Mention every customer whose number ends in an even digit, and the documents of every third.
      const mentioned = many.filter((no) => Number(no.at(-1)) % 2 === 0);
      const { swept } = await run('erp', true, [
        ...mentioned.map((no) => customer(no, no)),
        ...docs.filter((_, i) => i % 3 === 0),
      ]);
      const kept = new Set(mentioned);
      // Documents of removed customers go with them and are not counted again.
      const docsSwept = docs.filter((d, i) => i % 3 !== 0 && kept.has(d.customerNo)).length;
      expect(swept).toEqual({ customers: 1250, documents: docsSwept, conversations: 0 });
      expect(await store.customers.count()).toBe(1250);
      expect(await store.customers.exists('M00001')).toBe(false);
      expect(await store.customers.exists('M02498')).toBe(true);
    });

    it('a bad line that names a record keeps it through a full sync', async () => {
      await run('erp', false, [customer('K1', 'Eins'), customer('K2', 'Zwei')]);
      const { swept } = await run('erp', true, [customer('K1', 'Eins'), { kind: 'keep', customerNo: 'K2' }]);
      expect(swept.customers).toBe(0);
      expect(await store.customers.exists('K2')).toBe(true);
    });

    it('an aborted full sync deletes nothing, not even its explicit deletes', async () => {
      await run('erp', false, [customer('K1', 'Eins'), customer('K2', 'Zwei'), document('K1', 'RE-1')]);
      const session = await store.sync.begin({ source: 'erp', full: true });
      expect(await results(session, [customer('K1', 'Eins neu'), { kind: 'deleteDocument', customerNo: 'K1', documentNo: 'RE-1' }])).toEqual(['updated', 'deferred']);
      await session.abort();
      expect(await store.customers.exists('K2')).toBe(true);
      expect((await store.customers.card('K1', { conversations: 0 }))?.openDocuments.map((d) => d.documentNo)).toEqual(['RE-1']);
      expect((await store.customers.card('K1', { conversations: 0 }))?.company).toBe('Eins neu');
      await expect(session.write([customer('K3', 'Drei')])).rejects.toThrow();
    });

    it('a full sync applies its explicit deletes at the end', async () => {
      await run('erp', false, [customer('K1', 'Eins'), document('K1', 'RE-1'), document('K1', 'RE-2')]);
      const { outcomes, swept } = await run('erp', true, [customer('K1', 'Eins'), document('K1', 'RE-2'), { kind: 'deleteDocument', customerNo: 'K1', documentNo: 'RE-2' }]);
      expect(outcomes).toEqual(['unchanged', 'unchanged', 'deferred']);
      expect(swept).toEqual({ customers: 0, documents: 2, conversations: 0 });
    });

    it('documents and conversations need their customer, and are idempotent by key', async () => {
      expect((await run('erp', false, [document('K1', 'RE-1')])).outcomes).toEqual(['refused customerNo']);
      await run('erp', false, [customer('K1', 'Eins')]);
      expect((await run('erp', false, [document('K1', 'RE-1'), conversation('K1', 'id:a', 'Angebot')])).outcomes).toEqual(['created', 'created']);
      expect((await run('erp', false, [document('K1', 'RE-1'), conversation('K1', 'id:a', 'Angebot')])).outcomes).toEqual(['unchanged', 'unchanged']);
      expect((await run('erp', false, [document('K1', 'RE-1', 'paid'), conversation('K1', 'id:a', 'Auftrag')])).outcomes).toEqual(['updated', 'updated']);
      const card = await store.customers.card('K1', { conversations: 5 });
      expect(card?.openDocuments).toEqual([]);
      expect(card?.conversations.map((c) => c.subject)).toEqual(['Auftrag']);
    });

    it('a change through the single-record API makes the next sync write again', async () => {
      await run('erp', false, [customer('K1', 'Eins'), document('K1', 'RE-1')]);
      await store.customers.put('K1', normalized('Von Hand'));
      await store.customers.putDocument('K1', 'RE-1', { kind: 'invoice', title: 'x', status: 'paid', amount: null, currency: 'EUR', date: null, due: null, url: null });
      expect((await run('erp', false, [customer('K1', 'Eins'), document('K1', 'RE-1')])).outcomes).toEqual(['updated', 'updated']);
      expect((await store.customers.card('K1', { conversations: 0 }))?.company).toBe('Eins');
    });

    it('deletes at once outside a full sync; deleting what is not there is unchanged', async () => {
      await run('erp', false, [customer('K1', 'Eins'), document('K1', 'RE-1')]);
      const { outcomes } = await run('erp', false, [
        { kind: 'deleteDocument', customerNo: 'K1', documentNo: 'RE-1' },
        { kind: 'deleteCustomer', customerNo: 'K1' },
        { kind: 'deleteCustomer', customerNo: 'K1' },
      ]);
      expect(outcomes).toEqual(['deleted', 'deleted', 'unchanged']);
      expect(await store.customers.exists('K1')).toBe(false);
      expect(await store.customers.search('Eins', 5)).toEqual([]);
    });
  });
}

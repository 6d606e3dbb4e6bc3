import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeCustomer } from '../customers/normalize-customer.js';
import type { NormalizedCustomer, Store, SyncRecord } from './store.js';
import { contact, customer as customerInput } from './customer-phones.contract.js';
import { conversationRecord as conversation, customerRecord as customer, documentRecord as document, results, runSession } from './sync-records.testing.js';

/**
 * What one batch must do however a store writes it (row by row, or set-based as on
 * PostgreSQL): every record decided as if the batch were written one record after another.
 * Run for every store by test/store-contract/index.ts.
 */
export function describeSyncBatchContract(name: string, open: () => Promise<Store>): void {
  describe(`${name}: a bulk sync batch behaves like its records written one after another`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    const run = (source: string | null, full: boolean, records: SyncRecord[]) => runSession(store, source, full, records);
    const card = async (customerNo: string) => store.customers.card(customerNo, { conversations: 5 });

    it('counts a key repeated in one batch as the records before it left it; the last write wins', async () => {
      const { outcomes } = await run('erp', false, [
        customer('K1', 'Eins'),
        customer('K1', 'Eins'),
        customer('K1', 'Eins neu'),
        document('K1', 'RE-1'),
        document('K1', 'RE-1'),
        document('K1', 'RE-1', 'paid'),
        conversation('K1', 'id:a', 'Angebot'),
        conversation('K1', 'id:a', 'Angebot'),
        conversation('K1', 'id:a', 'Auftrag'),
      ]);
      expect(outcomes).toEqual(['created', 'unchanged', 'updated', 'created', 'unchanged', 'updated', 'created', 'unchanged', 'updated']);
      const k1 = await card('K1');
      expect(k1?.company).toBe('Eins neu');
      // Written once: people and numbers are not doubled by the repeated customer.
      expect(k1?.phones.map((p) => p.e164)).toEqual(['+49302312574']);
      expect(k1?.contacts.map((k) => [k.lastName, k.phones.map((p) => p.e164)])).toEqual([['Weiß', ['+491701234567']]]);
      expect(k1?.openDocuments).toEqual([]);
      expect(k1?.conversations.map((c) => c.subject)).toEqual(['Auftrag']);
      // The same batch again is unchanged throughout.
      expect((await run('erp', false, [customer('K1', 'Eins neu'), document('K1', 'RE-1', 'paid'), conversation('K1', 'id:a', 'Auftrag')])).outcomes).toEqual([
        'unchanged',
        'unchanged',
        'unchanged',
      ]);
    });

    it('lets a document or conversation name a customer created earlier in the same batch, not later', async () => {
      const { outcomes } = await run('erp', false, [
        document('K5', 'RE-1'),
        customer('K5', 'Fünf'),
        document('K5', 'RE-1'),
        conversation('K5', 'id:a', 'Angebot'),
      ]);
      expect(outcomes).toEqual(['refused customerNo', 'created', 'created', 'created']);
      const k5 = await card('K5');
      expect(k5?.openDocuments.map((d) => d.documentNo)).toEqual(['RE-1']);
      expect(k5?.conversations.map((c) => c.subject)).toEqual(['Angebot']);
    });

    it('writes batches handed over before the one before them finished in the order they were handed over', async () => {
      const session = await store.sync.begin({ source: 'erp', full: false });
      // Not awaited one by one: a caller keeps two batches in flight when the store writes off the event loop.
      // The first batch is long, so the second is handed over while it is still being written.
      const filler = Array.from({ length: 400 }, (_, i) => customer(`F${i}`, `Füller ${i}`));
      const first = results(session, [...filler, customer('K7', 'Sieben'), customer('K8', 'Acht')]);
      const second = results(session, [document('K7', 'RE-1'), customer('K8', 'Acht'), customer('K8', 'Acht neu'), conversation('K8', 'id:a', 'Angebot')]);
      expect((await first).slice(-2)).toEqual(['created', 'created']);
      expect(await second).toEqual(['created', 'unchanged', 'updated', 'created']);
      await session.finish();
      expect((await card('K7'))?.openDocuments.map((d) => d.documentNo)).toEqual(['RE-1']);
      expect((await card('K8'))?.company).toBe('Acht neu');
    });

    it('writes the rest of a batch around a refused record', async () => {
      await run('carddav', false, [customer('K2', 'Adressbuch GmbH')]);
      const { outcomes } = await run('erp', false, [
        customer('K1', 'Eins'),
        customer('K2', 'ERP GmbH'),
        customer('K3', 'Drei'),
        document('K2', 'RE-2'),
        document('K1', 'RE-1'),
      ]);
      // A document belongs to whoever wrote it, not to its customer's owner.
      expect(outcomes).toEqual(['created', 'refused customerNo', 'created', 'created', 'created']);
      expect((await card('K1'))?.openDocuments.map((d) => d.documentNo)).toEqual(['RE-1']);
      expect((await card('K2'))?.company).toBe('Adressbuch GmbH');
      expect(await store.customers.exists('K3')).toBe(true);
    });

    it('deletes in the middle of a batch: what came before is gone with the record, what comes after is written', async () => {
      await run('erp', false, [customer('K1', 'Eins'), document('K1', 'RE-1'), conversation('K1', 'id:a', 'Angebot')]);
      const { outcomes } = await run('erp', false, [
        document('K1', 'RE-2'),
        { kind: 'deleteCustomer', customerNo: 'K1' },
        document('K1', 'RE-1'),
        customer('K1', 'Eins'),
        document('K1', 'RE-1'),
        { kind: 'deleteDocument', customerNo: 'K1', documentNo: 'RE-1' },
        { kind: 'deleteDocument', customerNo: 'K1', documentNo: 'RE-1' },
        document('K1', 'RE-3'),
        conversation('K1', 'id:a', 'Angebot'),
      ]);
      expect(outcomes).toEqual(['created', 'deleted', 'refused customerNo', 'created', 'created', 'deleted', 'unchanged', 'created', 'created']);
      const k1 = await card('K1');
      expect(k1?.openDocuments.map((d) => d.documentNo)).toEqual(['RE-3']);
      expect(k1?.conversations.map((c) => c.subject)).toEqual(['Angebot']);
      // A document deleted and written again in one batch is there, once.
      expect((await run('erp', false, [{ kind: 'deleteDocument', customerNo: 'K1', documentNo: 'RE-3' }, document('K1', 'RE-3', 'paid'), document('K1', 'RE-3')])).outcomes).toEqual([
        'deleted',
        'created',
        'updated',
      ]);
      expect((await card('K1'))?.openDocuments.map((d) => d.documentNo)).toEqual(['RE-3']);
    });

    it('a full sync defers repeated deletes once and keeps what it mentioned twice', async () => {
      await run('erp', false, [customer('K1', 'Eins'), customer('K2', 'Zwei'), document('K1', 'RE-1'), document('K1', 'RE-2')]);
      const { outcomes, swept } = await run('erp', true, [
        customer('K1', 'Eins'),
        customer('K1', 'Eins'),
        document('K1', 'RE-1'),
        { kind: 'deleteDocument', customerNo: 'K1', documentNo: 'RE-1' },
        { kind: 'deleteDocument', customerNo: 'K1', documentNo: 'RE-1' },
        { kind: 'keep', customerNo: 'K1', documentNo: 'RE-2' },
      ]);
      expect(outcomes).toEqual(['unchanged', 'unchanged', 'unchanged', 'deferred', 'deferred', 'unchanged']);
      expect(swept).toEqual({ customers: 1, documents: 1, conversations: 0 });
      expect((await card('K1'))?.openDocuments.map((d) => d.documentNo)).toEqual(['RE-2']);
    });

    it('writes any sequence of sessions the same as a batch and one record at a time (property)', async () => {
      // Two stores: each session's records as one batch in `whole`, one write per record in
      // `single`. Every run uses keys and sources of its own, so runs share the two stores.
      const other = await open();
      try {
        let runNo = 0;
        // Few keys, so that records meet: a key repeated, deleted and written again in one batch.
        const record = fc.oneof(
          fc.record({ k: fc.constant('customer'), c: fc.nat(1), v: fc.constantFrom('x', 'y') }),
          fc.record({ k: fc.constant('document'), c: fc.nat(1), d: fc.nat(1), v: fc.constantFrom<'open' | 'paid'>('open', 'paid') }),
          fc.record({ k: fc.constant('conversation'), c: fc.nat(1), d: fc.nat(1), v: fc.constantFrom<'open' | 'paid'>('open', 'paid') }),
          fc.record({ k: fc.constant('deleteCustomer'), c: fc.nat(1) }),
          fc.record({ k: fc.constant('deleteDocument'), c: fc.nat(1), d: fc.nat(1) }),
          fc.record({ k: fc.constant('keep'), c: fc.nat(1) }),
        );
        type Generated = { k: string; c: number; d?: number; v?: 'open' | 'paid' | 'x' | 'y' };
        const toRecord = (run: number, g: Generated): SyncRecord => {
          const no = `R${run}-${g.c}`;
          if (g.k === 'customer') return customer(no, `${no} ${g.v}`);
          if (g.k === 'document') return document(no, `RE-${g.d}`, g.v === 'paid' ? 'paid' : 'open');
          if (g.k === 'conversation') return conversation(no, `id:${g.d}`, String(g.v));
          if (g.k === 'deleteCustomer') return { kind: 'deleteCustomer', customerNo: no };
          if (g.k === 'deleteDocument') return { kind: 'deleteDocument', customerNo: no, documentNo: `RE-${g.d}` };
          return { kind: 'keep', customerNo: no };
        };
        const sessions = fc.array(
          fc.record({ source: fc.constantFrom('a', 'a', 'b', null), full: fc.boolean(), records: fc.array(record, { minLength: 1, maxLength: 12 }) }),
          { minLength: 1, maxLength: 4 },
        );
        await fc.assert(
          fc.asyncProperty(sessions, async (plan) => {
            const run = ++runNo;
            const source = (s: string | null) => (s === null ? null : `${s}${run}`);
            const view = async (st: Store) =>
              Promise.all(
                [0, 1].map(async (c) => {
                  const k = await st.customers.card(`R${run}-${c}`, { conversations: 5 });
                  return k && [k.company, k.phones.length, k.contacts.length, k.openDocuments.map((d) => d.documentNo).sort(), k.conversations.map((v) => v.subject).sort()];
                }),
              );
            for (const s of plan) {
              const records = s.records.map((g) => toRecord(run, g));
              const whole = await store.sync.begin({ source: source(s.source), full: s.full });
              const single = await other.sync.begin({ source: source(s.source), full: s.full });
              const batch = await results(whole, records);
              const oneByOne: string[] = [];
              for (const r of records) oneByOne.push(...(await results(single, [r])));
              expect(batch).toEqual(oneByOne);
              expect(await whole.finish()).toEqual(await single.finish());
              expect(await view(store)).toEqual(await view(other));
            }
          }),
          { numRuns: 150 },
        );
      } finally {
        await other.close();
      }
    });

    it('gives each customer of a batch its own contacts and numbers, and replaces them on update', async () => {
      const people = (no: number, names: string[]): NormalizedCustomer =>
        normalizeCustomer(
          customerInput({
            company: `Firma ${no}`,
            phones: [{ number: `030 100${no}00`, label: null, main: true }],
            // The second number repeats the first: one owner stores a number once.
            contacts: names.map((lastName, i) => contact(lastName, [`0170 ${no}00${i}111`, `+49 170 ${no}00${i}111`])),
          }),
          { country: 'DE', trunkPrefix: null },
        );
      const batch = (names: string[][]) => names.map((n, i) => customer(`P${i + 1}`, n.join(), people(i + 1, n)));
      const contactsOf = async (no: string) => (await card(no))?.contacts.map((k) => [k.lastName, k.phones.map((p) => p.e164)]);
      expect((await run('erp', false, batch([['Arndt', 'Bauer'], ['Conrad'], ['Dietz', 'Ebert', 'Fuchs']]))).outcomes).toEqual(['created', 'created', 'created']);
      expect(await contactsOf('P1')).toEqual([['Arndt', ['+491701000111']], ['Bauer', ['+491701001111']]]);
      expect(await contactsOf('P2')).toEqual([['Conrad', ['+491702000111']]]);
      expect(await contactsOf('P3')).toEqual([['Dietz', ['+491703000111']], ['Ebert', ['+491703001111']], ['Fuchs', ['+491703002111']]]);
      expect((await card('P2'))?.phones.map((p) => p.e164)).toEqual(['+4930100200']);
      expect((await run('erp', false, batch([['Arndt'], ['Conrad'], ['Dietz', 'Ebert']]))).outcomes).toEqual(['updated', 'unchanged', 'updated']);
      expect(await contactsOf('P1')).toEqual([['Arndt', ['+491701000111']]]);
      expect(await contactsOf('P3')).toEqual([['Dietz', ['+491703000111']], ['Ebert', ['+491703001111']]]);
      expect((await store.customers.findPhones('+491703002111', [])).exact).toEqual([]);
      expect((await store.customers.findPhones('+491701000111', [])).exact.map((p) => p.customerNo)).toEqual(['P1']);
    });
  });
}

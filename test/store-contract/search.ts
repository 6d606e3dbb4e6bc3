import { describe, expect, it } from 'vitest';
import { customer, mueller, welter, type StoreUnderTest } from './fixtures.js';

/** Every store finds the same customers for what an agent types (the order among them may differ). */
export function searchCases(t: StoreUnderTest): void {
  describe('search', () => {
    const found = async (q: string, limit = 20) => (await t.store().customers.search(q, limit)).map((r) => r.customerNo).sort();

    async function seed(): Promise<void> {
      const s = t.store();
      await s.customers.put('K-1', welter());
      await s.customers.put('K-2', mueller());
      await s.customers.put('K-3', customer({ company: 'Çelik Ünal Bau', contacts: [{ firstName: 'Zoë', lastName: 'Öztürk' }] }));
      await s.customers.put('k-4', customer({ company: '100% Rabatt_Markt', phones: [{ number: '0221 98765' }] }));
      await s.customers.put('L-5', customer({ company: 'Søren Ærø ApS', contacts: [{ lastName: 'Łukasz' }] }));
      await s.customers.put('M-6', customer({ company: 'Sterne *** [Premium] ?!' }));
    }

    it('finds any fragment of names, company, e-mail and number, case and accents folded', async () => {
      await seed();
      expect(await found('welt')).toEqual(['K-1']);
      expect(await found('WELTER DACH')).toEqual(['K-1']);
      expect(await found('ibanez')).toEqual(['K-1']);
      expect(await found('IBÁÑEZ')).toEqual(['K-1']);
      expect(await found('muller')).toEqual(['K-2']);
      expect(await found('Söhne')).toEqual(['K-2']);
      expect(await found('celik unal')).toEqual(['K-3']);
      expect(await found('ÖZTÜRK')).toEqual(['K-3']);
      expect(await found('zoe')).toEqual(['K-3']);
      expect(await found('strauß')).toEqual(['K-2']);
      expect(await found('mueller-soehne')).toEqual(['K-2']);
      expect(await found('nothing like it')).toEqual([]);
    });

    it('finds German spellings both ways: ß/ss, ä/ae, ö/oe, ü/ue', async () => {
      await seed();
      expect(await found('strauss')).toEqual(['K-2']);
      expect(await found('STRAUSS')).toEqual(['K-2']);
      expect(await found('mueller')).toEqual(['K-2']);
      expect(await found('Söhne')).toEqual(['K-2']);
      expect(await found('soehne')).toEqual(['K-2']);
      expect(await found('oeztuerk')).toEqual(['K-3']);
      expect(await found('jürgen')).toEqual(['K-2']);
      expect(await found('juergen')).toEqual(['K-2']);
    });

    it('keeps letters that are not a base letter with an accent (ø, æ, ł) as they are', async () => {
      await seed();
      expect(await found('søren')).toEqual(['L-5']);
      expect(await found('ærø')).toEqual(['L-5']);
      expect(await found('łukasz')).toEqual(['L-5']);
    });

    it('finds numbers by any run of digits, typed with or without separators', async () => {
      await seed();
      expect(await found('2312')).toEqual(['K-1']);
      expect(await found('030 / 2312')).toEqual(['K-1']);
      expect(await found('+4930231')).toEqual(['K-1']);
      expect(await found('0171 555')).toEqual(['K-1']);
      expect(await found('98765')).toEqual(['k-4']);
    });

    it('reads wildcard and quote characters literally', async () => {
      await seed();
      expect(await found('100%')).toEqual(['k-4']);
      expect(await found('t_m')).toEqual(['k-4']);
      expect(await found('%%%')).toEqual([]);
      expect(await found('___')).toEqual([]);
      expect(await found('"welter"')).toEqual([]);
      expect(await found('we\u0000lt')).toEqual(['K-1']);
      expect(await found('   ')).toEqual([]);
      // GLOB's special characters too; a fragment needs three other characters in a row.
      expect(await found('*** [prem')).toEqual(['M-6']);
      expect(await found('[Premium]')).toEqual(['M-6']);
      expect(await found('***')).toEqual([]);
      expect(await found('] ?!')).toEqual([]);
    });

    it('answers one or two characters with customer numbers starting with them, case as typed', async () => {
      await seed();
      expect(await found('K')).toEqual(['K-1', 'K-2', 'K-3']);
      expect(await found('k-')).toEqual(['k-4']);
      expect(await found('L-')).toEqual(['L-5']);
      expect(await found('_')).toEqual([]);
      expect(await found('*')).toEqual([]);
    });

    it('returns at most `limit` customers, with their names and numbers', async () => {
      await seed();
      expect(await found('K', 2)).toEqual(['K-1', 'K-2']);
      expect(await t.store().customers.search('welter', 5)).toEqual([
        {
          customerNo: 'K-1',
          company: 'Welter Dachbau GmbH',
          displayName: 'Welter Dachbau GmbH',
          contacts: ['Jonas Welter', 'Ana Ibáñez'],
          phones: ['030 2312574-0', '030 2312574-21', '+49 171 5550123'],
        },
      ]);
    });
  });
}

/**
 * The NDJSON lines the sync benches send: customer i with a switchboard number, one contact
 * person with a mobile number, German names with umlauts; document i an invoice of customer i.
 * Shared so that bench/sync.ts (the whole path) and bench/parse-cost.ts (the parse stages)
 * measure the same line.
 */
const CITY = ['030', '040', '089', '0221', '069', '0711', '0211', '0231', '0341', '0351'];
const FIRST = ['Jonas', 'Anna', 'Jürgen', 'Sören', 'Zoë', 'Özlem'];
const LAST = ['Müller', 'Schmidt', 'Weiß', 'Groß', 'Becker', 'Hoffmann'];
const fixed = (i: number) => `${CITY[i % CITY.length]} ${String(1_000_000 + ((i * 7919) % 8_999_999))}`;
/** Customer i's contact person's mobile number, as the line writes it. */
export const mobile = (i: number) => `0170 ${String(1_000_000 + ((i * 104729) % 8_999_999))}`;

export function customerLine(i: number): string {
  const no = `K${String(i).padStart(7, '0')}`;
  return JSON.stringify({
    customer: {
      customerNo: no,
      company: `${LAST[i % LAST.length]} ${i} GmbH`,
      phones: [{ number: `${fixed(i)}-0`, label: 'Zentrale', main: true }],
      contacts: [
        {
          salutation: i % 2 ? 'Herr' : 'Frau',
          firstName: FIRST[i % FIRST.length],
          lastName: LAST[(i >> 3) % LAST.length],
          email: `kontakt.${i}@example.de`,
          phones: [{ number: mobile(i), label: 'mobil' }],
        },
      ],
    },
  });
}

export function documentLine(i: number): string {
  const no = `K${String(i).padStart(7, '0')}`;
  return JSON.stringify({
    document: { customerNo: no, documentNo: `RE-${i}`, kind: 'invoice', title: 'Wartung Dachrinne', status: i % 3 ? 'open' : 'paid', amount: 1840.5, date: '2026-10-02', due: '2026-11-01' },
  });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeHarnesses, connectorHarness } from './helpers/connector-harness.js';
import { Radicale } from './helpers/radicale.js';
import { readState } from '../bridge/src/connectors/state-store.js';

/**
 * The CardDAV connector against Debian's Radicale: 200 vCards (3.0 and 4.0, German umlauts,
 * several numbers, companies with persons), then 3 changed, 2 deleted, 1 added.
 * The cards follow RFC 2426 (3.0) and RFC 6350 (4.0, KIND:org for the company card).
 */

const FIRST = ['Jürgen', 'Käthe', 'Björn', 'Özlem', 'Günther', 'Ute', 'Sören', 'Hans-Jörg', 'Marie', 'Fritz'];
const LAST = ['Müller', 'Weiß', 'Schäfer', 'Köhler', 'Groß', 'Bäcker', 'Jäger', 'Krüger', 'Nußbaum', 'Öztürk'];
const COMPANY = ['Müller & Söhne GmbH', 'Bäckerei Weiß KG', 'Köhler Dachbau GmbH', 'Grünwald Elektro', 'Straßenbau Süd AG'];

const pad = (n: number, w = 3) => String(n).padStart(w, '0');
const uuid = (n: number) => `6f1c3a2e-0000-4000-8000-${pad(n, 12)}`;
const companyName = (c: number) => `${COMPANY[c % COMPANY.length]} ${c + 1}`;

function companyCard(c: number): string {
  return ['BEGIN:VCARD', 'VERSION:4.0', 'KIND:org', `UID:urn:uuid:${uuid(1000 + c)}`, `FN:${companyName(c)}`, `ORG:${companyName(c)}`,
    `TEL;TYPE=work,voice;VALUE=uri:tel:+49-30-2345${pad(c)}-0`, 'END:VCARD', ''].join('\r\n');
}

function personCard(n: number, org: string | null, mobile = `0171 ${4000000 + n}`): string {
  const first = FIRST[n % FIRST.length]!;
  const last = LAST[Math.floor(n / FIRST.length) % LAST.length]!;
  return ['BEGIN:VCARD', 'VERSION:3.0', `UID:${uuid(n)}`, `N:${last};${first};;${n % 2 ? 'Frau' : 'Herr'};`, `FN:${first} ${last}`,
    ...(org ? [`ORG:${org}`, `TEL;TYPE=WORK,VOICE:030 2345${pad(Math.floor(n / 3) % 1000)}-${10 + (n % 3)}`] : [`TEL;TYPE=HOME:089 ${5000000 + n}`]),
    `TEL;TYPE=CELL:${mobile}`, `EMAIL;TYPE=INTERNET:${first.toLowerCase()}.${n}@example.de`, 'END:VCARD', ''].join('\r\n');
}

describe('CardDAV connector (Radicale)', () => {
  let radicale: Radicale;
  let book: string;

  beforeAll(async () => {
    // 30 companies with a company card and 3 persons each (120 cards), 80 private persons.
    const cards: Record<string, string> = {};
    for (let c = 0; c < 30; c++) {
      cards[`org-${c}.vcf`] = companyCard(c);
      for (let p = 0; p < 3; p++) cards[`p-${c * 3 + p}.vcf`] = personCard(c * 3 + p, companyName(c));
    }
    for (let n = 90; n < 170; n++) cards[`p-${n}.vcf`] = personCard(n, null);
    radicale = await Radicale.start({ kontakte: cards });
    book = `/${radicale.user}/kontakte/`;
  });
  afterAll(async () => {
    await closeHarnesses();
    await radicale?.stop();
  });

  it('pulls 200 cards into companies with persons, then exactly the 3 changed, 2 deleted and 1 added', async () => {
    const h = await connectorHarness({ id: 'office', kind: 'carddav', every: '15m', url: `${radicale.base}${book}`, username: radicale.user, password: radicale.password });
    const first = await h.run();
    expect(first.view.error).toBeNull();
    expect(first.view.ok).toBe(true);
    expect(first.view.problems).toEqual([]);
    expect(first.view.counts.customers).toEqual({ created: 110, updated: 0, deleted: 0, unchanged: 0, failed: 0 });
    const a = first.pulled!;
    expect(a.customers.size).toBe(110);
    expect(h.log.calls.find((c) => c.msg === 'carddav changes')?.fields).toMatchObject({ listedInFull: 1, fetched: 200, removed: 0 });

    const company = [...a.customers.values()].find((c) => (c as { company: string }).company === 'Müller & Söhne GmbH 1') as {
      phones: Array<{ number: string; main: boolean }>;
      contacts: Array<{ firstName: string; lastName: string; phones: unknown[] }>;
    };
    expect(company.phones).toEqual([expect.objectContaining({ number: '+49-30-2345000-0', main: true })]);
    expect(company.contacts.map((k) => `${k.firstName} ${k.lastName}`).sort()).toEqual(['Björn Müller', 'Jürgen Müller', 'Käthe Müller']);
    expect(company.contacts[0]!.phones).toHaveLength(2);

    await Promise.all([
      radicale.put(`${book}p-100.vcf`, personCard(100, null, '0171 9000100')),
      radicale.put(`${book}p-101.vcf`, personCard(101, null, '0171 9000101')),
      radicale.put(`${book}p-102.vcf`, personCard(102, null, '0171 9000102')),
      radicale.delete(`${book}p-110.vcf`),
      radicale.delete(`${book}p-111.vcf`),
      radicale.put(`${book}p-500.vcf`, personCard(500, null)),
    ]);
    h.log.calls.length = 0;
    const second = await h.run();
    expect(second.view.ok).toBe(true);
    expect(second.view.counts.customers).toEqual({ created: 1, updated: 3, deleted: 2, unchanged: 105, failed: 0 });
    expect(h.log.calls.find((c) => c.msg === 'carddav changes')?.fields).toMatchObject({ listedInFull: 0, fetched: 4, removed: 2 });
    const b = second.pulled!;
    const added = [...b.customers.keys()].filter((k) => !a.customers.has(k));
    const removed = [...a.customers.keys()].filter((k) => !b.customers.has(k));
    const changed = [...b.customers.keys()].filter((k) => a.customers.has(k) && JSON.stringify(a.customers.get(k)) !== JSON.stringify(b.customers.get(k)));
    expect(added).toEqual([`U${uuid(500)}`]);
    expect(removed.sort()).toEqual([`U${uuid(110)}`, `U${uuid(111)}`]);
    expect(changed.sort()).toEqual([`U${uuid(100)}`, `U${uuid(101)}`, `U${uuid(102)}`]);

    h.log.calls.length = 0;
    const third = await h.run();
    expect(third.view.problems).toEqual([]);
    expect(h.log.calls.find((c) => c.msg === 'carddav changes')?.fields).toMatchObject({ fetched: 0, removed: 0 });
    expect(third.pulled!.customers.size).toBe(109);
    expect(third.view.counts.customers).toEqual({ created: 0, updated: 0, deleted: 0, unchanged: 109, failed: 0 });
    // A card that went bad at the source: its customer stays, the reason is named, nothing is deleted.
    await radicale.put(`${book}p-120.vcf`, personCard(120, null).replace(/EMAIL;TYPE=INTERNET:[^\r]*/, 'EMAIL;TYPE=INTERNET:kein-at-zeichen'));
    const fourth = await h.run();
    expect(fourth.view.problems).toEqual([{ where: expect.stringContaining('p-120.vcf'), field: 'email', message: expect.stringContaining('kein-at-zeichen') }]);
    expect(fourth.view.counts.customers).toEqual({ created: 0, updated: 0, deleted: 0, unchanged: 108, failed: 1 });
    expect(await h.store.customers.exists(`U${uuid(120)}`)).toBe(true);
    await radicale.put(`${book}p-120.vcf`, personCard(120, null));

    // The card reads back with umlauts, and a direct dial finds the company by its switchboard.
    const card = await h.store.customers.card(`U${uuid(100)}`, { conversations: 0 });
    expect(card?.contacts[0]).toMatchObject({ firstName: 'Jürgen', lastName: 'Müller', phones: expect.arrayContaining([expect.objectContaining({ number: '0171 9000100' })]) });
  });

  it('never runs one connector twice at once, and a failed run changes nothing', async () => {
    const h = await connectorHarness({ id: 'twice', kind: 'carddav', every: '1h', url: `${radicale.base}${book}`, username: radicale.user, password: radicale.password });
    const a = h.runner.run('twice');
    const b = h.runner.run('twice');
    expect(b).toBe(a);
    expect((await a).counts.customers?.created).toBe(109);
    const state = await readState(h.store.settings, 'twice');
    await h.catalog.save('twice', { kind: 'carddav', every: '1h', url: `${radicale.base}${book}`, username: radicale.user, password: 'falsch' });
    const failed = await h.run();
    expect(failed.view.ok).toBe(false);
    expect(await readState(h.store.settings, 'twice')).toBe(state);
    expect(await h.store.customers.count()).toBe(109);
  });

  it('finds the address book from the principal URL', async () => {
    const h = await connectorHarness({ id: 'principal', kind: 'carddav', every: '1h', url: `${radicale.base}/${radicale.user}/`, username: radicale.user, password: radicale.password });
    const { view, pulled } = await h.run();
    expect(view.error).toBeNull();
    expect(pulled!.customers.size).toBe(109);
  });

  it('says in plain words that the password is wrong, and keeps the last good state', async () => {
    const h = await connectorHarness({ id: 'wrong', kind: 'carddav', every: '1h', url: `${radicale.base}${book}`, username: radicale.user, password: 'falsch' });
    const { view, pulled } = await h.run();
    expect(view.ok).toBe(false);
    expect(view.error).toMatch(/refused the user name or password/);
    expect(view.errorCode).toBe('auth');
    expect(pulled).toBeNull();
    expect(await readState(h.store.settings, 'wrong')).toBeNull();
  });
});

import type { CarddavConnectorConfig } from '@ringside/shared';
import { cardFields, uidKey } from '../import/vcard.js';
import { pacer, type Connector } from './connector.js';
import { changesSince, davFor, discoverBooks, fetchCards } from './carddav-dav.js';
import { CustomerGroups, companyKey, idKey } from './records.js';

/**
 * CardDAV address books (Nextcloud, iCloud, Google, Radicale, Baïkal, SOGo). Each run asks only
 * for what changed (sync token or etags) and keeps the cards in its state, so every run still
 * yields the whole address book, as a full sync needs. ORG becomes the customer, the persons
 * who work there its contacts; a person without ORG is a private customer.
 */

interface CachedCard {
  etag: string | null;
  vcard: string;
}
interface BookState {
  syncToken: string | null;
  ctag: string | null;
  cards: Record<string, CachedCard>;
}
interface CarddavState {
  url: string;
  books: Record<string, BookState>;
}

export const carddavConnector: Connector<CarddavConnectorConfig> = {
  kind: 'carddav',
  async *pull(config, ctx) {
    const dav = davFor(config.username, ctx.password);
    const previous = readState(ctx.previousState, config.url);
    const books = await discoverBooks(dav, config.url);
    const next: CarddavState = { url: config.url, books: {} };
    let fetched = 0;
    let removed = 0;
    /** Books read by a full etag listing rather than a sync-token delta. */
    let listedInFull = 0;
    for (const book of books) {
      const old = previous.books[book.url] ?? { syncToken: null, ctag: null, cards: {} };
      const etags = new Map(Object.entries(old.cards).map(([href, c]) => [href, c.etag]));
      const changes = await changesSince(dav, book, { syncToken: old.syncToken, ctag: old.ctag, etags });
      const cards = { ...old.cards };
      for (const href of changes.removed) delete cards[href];
      const wanted = new Set(changes.changed.keys());
      for await (const batch of fetchCards(dav, book.url, [...wanted])) {
        for (const card of batch) {
          cards[card.href] = { etag: card.etag ?? changes.changed.get(card.href) ?? null, vcard: card.vcard };
          wanted.delete(card.href);
          fetched++;
        }
      }
      // Listed as changed but gone by the time they were fetched: deleted in between.
      for (const href of wanted) delete cards[href];
      removed += changes.removed.length + wanted.size;
      if (changes.full) listedInFull++;
      next.books[book.url] = { syncToken: changes.syncToken, ctag: book.ctag, cards };
    }
    ctx.log.info('carddav changes', { books: books.length, listedInFull, fetched, removed });
    ctx.setNextState(next);

    const groups = new CustomerGroups(ctx.numbering, ctx.skip);
    const pace = pacer();
    for (const book of Object.values(next.books)) {
      for (const [href, card] of Object.entries(book.cards)) {
        await pace();
        const parsed = cardFields(card.vcard, ctx.numbering);
        if (!parsed.ok) {
          ctx.skip(href, 'vcard', parsed.message);
          continue;
        }
        const f = parsed.fields;
        const key = f.customerNo?.[0] ?? (f.company?.[0] ? companyKey(f.company[0]) : null) ?? (parsed.uid ? uidKey(parsed.uid) : null) ?? idKey('H', new URL(href).pathname);
        // A person's note at a company is about the person, not the company.
        if (f.company && (f.firstName || f.lastName || f.name) && f.notes) {
          f.contactNotes = f.notes;
          delete f.notes;
        }
        groups.add(key, f, href);
      }
    }
    yield* groups.lines();
  },
};

/** The state of an earlier run, if it was for the same URL (a changed URL starts afresh). */
function readState(raw: unknown, url: string): CarddavState {
  const s = raw as Partial<CarddavState> | null;
  if (s && s.url === url && s.books && typeof s.books === 'object') return s as CarddavState;
  return { url, books: {} };
}

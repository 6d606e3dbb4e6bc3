import { addressBookMultiGet, propfind, syncCollection, type DAVResponse } from 'tsdav';
import { ConnectorError } from './connector.js';

/**
 * The WebDAV side of the CardDAV connector: find the address books behind a URL, and ask each
 * what changed since the last run (RFC 6578 sync-collection, else ctag and etags). tsdav builds
 * and parses the XML; this module decides what to ask and reads the answers.
 */

export interface Dav {
  headers: Record<string, string>;
}

export interface BookInfo {
  url: string;
  ctag: string | null;
  syncToken: string | null;
}

/** Changed cards (href -> etag) and removed hrefs; `full` when the whole listing was read. */
export interface Changes {
  changed: Map<string, string | null>;
  removed: string[];
  full: boolean;
  syncToken: string | null;
}

const BOOK_PROPS = { 'd:resourcetype': {}, 'cs:getctag': {}, 'd:sync-token': {}, 'd:displayname': {} };
/** Hrefs per addressbook-multiget: bounds the size of one answer. */
const MULTIGET_BATCH = 100;

export function davFor(username: string | undefined, password: string | null): Dav {
  const headers: Record<string, string> = {};
  if (username) headers.Authorization = `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}`;
  return { headers };
}

/** The address book at `url`, or those of the principal (or home set) `url` points to. */
export async function discoverBooks(dav: Dav, url: string): Promise<BookInfo[]> {
  const [self] = await request(url, () =>
    propfind({
      url,
      props: { ...BOOK_PROPS, 'd:current-user-principal': {}, 'card:addressbook-home-set': {} },
      depth: '0',
      headers: dav.headers,
    }),
  );
  if (!self) throw new ConnectorError(`${url} gave an empty answer to PROPFIND: is it a CardDAV server?`, { code: 'server' });
  if (isBook(self)) return [bookInfo(url, self)];
  const home = hrefOf(self.props?.addressbookHomeSet);
  if (home) return listBooks(dav, new URL(home, url).href);
  const principal = hrefOf(self.props?.currentUserPrincipal);
  if (principal && new URL(principal, url).href !== url) return discoverBooks(dav, new URL(principal, url).href);
  // A plain collection (a home set given directly): its children may be address books.
  return listBooks(dav, url);
}

async function listBooks(dav: Dav, homeUrl: string): Promise<BookInfo[]> {
  const answers = await request(homeUrl, () => propfind({ url: homeUrl, props: BOOK_PROPS, depth: '1', headers: dav.headers }));
  const books = answers.filter(isBook).map((r) => bookInfo(new URL(r.href ?? '', homeUrl).href, r));
  if (books.length === 0) throw new ConnectorError(`no address book found at ${homeUrl}: give the URL of an address book or of your account (principal)`, { code: 'not_found' });
  return books;
}

/**
 * What changed in `book` since `since` (the last run's token and etags). A server that knows
 * sync-collection is asked for the changes only; one that does not, or that no longer accepts
 * the old token, is listed in full and compared by etag (skipped whole when its ctag stayed).
 */
export async function changesSince(dav: Dav, book: BookInfo, since: { syncToken: string | null; ctag: string | null; etags: Map<string, string | null> }): Promise<Changes> {
  if (since.syncToken && book.syncToken) {
    if (since.syncToken === book.syncToken) return { changed: new Map(), removed: [], full: false, syncToken: book.syncToken };
    const delta = await syncDelta(dav, book, since.syncToken);
    if (delta) return delta;
  } else if (since.ctag && book.ctag && since.ctag === book.ctag) {
    return { changed: new Map(), removed: [], full: false, syncToken: book.syncToken };
  }
  const listed = await listEtags(dav, book.url);
  const changed = new Map<string, string | null>();
  for (const [href, etag] of listed) if (!since.etags.has(href) || since.etags.get(href) !== etag || etag === null) changed.set(href, etag);
  const removed = [...since.etags.keys()].filter((href) => !listed.has(href));
  return { changed, removed, full: true, syncToken: book.syncToken };
}

/** RFC 6578 delta; null when the server refuses the token (expired): then list in full. */
async function syncDelta(dav: Dav, book: BookInfo, token: string): Promise<Changes | null> {
  const answers = await syncCollection({ url: book.url, props: { 'd:getetag': {} }, syncLevel: 1, syncToken: token, headers: dav.headers });
  const first = answers[0];
  // An error answer is not a multistatus (no props): 403/409 with valid-sync-token means the
  // server forgot the token, so the book is listed in full instead.
  const refused = answers.length === 1 && first && !first.ok && first.props === undefined ? first : null;
  if (refused?.status === 401) throw authError(book.url);
  if (refused && [403, 409, 412, 507].includes(refused.status)) return null;
  if (refused) throw new ConnectorError(`${book.url} answered the sync report with ${refused.status} ${refused.statusText}`, { code: 'server' });
  const changed = new Map<string, string | null>();
  const removed: string[] = [];
  for (const r of answers) {
    if (!r.href || sameUrl(r.href, book.url)) continue;
    const href = absolute(r.href, book.url);
    if (r.status === 404) removed.push(href);
    else if (r.ok) changed.set(href, etagOf(r));
  }
  const raw = first?.raw as { multistatus?: { syncToken?: unknown } } | undefined;
  const next = raw?.multistatus?.syncToken;
  return { changed, removed, full: false, syncToken: next !== undefined ? String(next) : book.syncToken };
}

async function listEtags(dav: Dav, url: string): Promise<Map<string, string | null>> {
  const answers = await request(url, () => propfind({ url, props: { 'd:getetag': {}, 'd:resourcetype': {} }, depth: '1', headers: dav.headers }));
  const out = new Map<string, string | null>();
  for (const r of answers) {
    if (!r.href || !r.ok || sameUrl(r.href, url) || Object.keys(r.props?.resourcetype ?? {}).includes('collection')) continue;
    out.set(absolute(r.href, url), etagOf(r));
  }
  return out;
}

/** The cards behind `hrefs`, in batches; each batch's vCard texts by href. */
export async function* fetchCards(dav: Dav, bookUrl: string, hrefs: string[]): AsyncGenerator<Array<{ href: string; etag: string | null; vcard: string }>> {
  for (let i = 0; i < hrefs.length; i += MULTIGET_BATCH) {
    const batch = hrefs.slice(i, i + MULTIGET_BATCH);
    const answers = await request(bookUrl, () =>
      addressBookMultiGet({
        url: bookUrl,
        props: { 'd:getetag': {}, 'card:address-data': {} },
        objectUrls: batch.map((h) => new URL(h).pathname),
        depth: '1',
        headers: dav.headers,
      }),
    );
    const out: Array<{ href: string; etag: string | null; vcard: string }> = [];
    for (const r of answers) {
      const data = r.props?.addressData;
      const vcard = typeof data === 'string' ? data : typeof data?._cdata === 'string' ? data._cdata : null;
      if (r.href && r.ok && vcard) out.push({ href: absolute(r.href, bookUrl), etag: etagOf(r), vcard });
    }
    yield out;
  }
}

/** Run a DAV request and turn transport and HTTP failures into plain words. */
async function request(url: string, run: () => Promise<DAVResponse[]>): Promise<DAVResponse[]> {
  let answers: DAVResponse[];
  try {
    answers = await run();
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err instanceof Error ? err.message : String(err));
    throw new ConnectorError(`could not reach ${origin(url)} (${cause})`, { cause: err });
  }
  const failed = answers.length === 1 && !answers[0]!.ok && answers[0]!.status >= 400 ? answers[0]! : null;
  if (failed?.status === 401) throw authError(url);
  if (failed?.status === 403) throw new ConnectorError(`${url}: the user may not read this address book (403)`, { code: 'forbidden' });
  if (failed?.status === 404) throw new ConnectorError(`${url} does not exist (404): check the address book URL`, { code: 'not_found' });
  if (failed) throw new ConnectorError(`${url} answered ${failed.status} ${failed.statusText}`, { code: 'server' });
  return answers;
}

const authError = (url: string) => new ConnectorError(`${origin(url)} refused the user name or password (401)`, { code: 'auth' });
const origin = (url: string) => new URL(url).origin;

function isBook(r: DAVResponse): boolean {
  return r.ok && Object.keys(r.props?.resourcetype ?? {}).includes('addressbook');
}

function bookInfo(url: string, r: DAVResponse): BookInfo {
  const text = (v: unknown) => (v === undefined || v === null || v === '' || typeof v === 'object' ? null : String(v));
  return { url: url.endsWith('/') ? url : `${url}/`, ctag: text(r.props?.getctag), syncToken: text(r.props?.syncToken) };
}

function hrefOf(prop: unknown): string | null {
  const href = (prop as { href?: unknown } | undefined)?.href;
  if (typeof href === 'string' && href) return href;
  if (Array.isArray(href) && typeof href[0] === 'string') return href[0];
  return null;
}

function etagOf(r: DAVResponse): string | null {
  const etag = r.props?.getetag;
  return etag === undefined || etag === null || etag === '' ? null : String(etag);
}

const absolute = (href: string, base: string) => new URL(href, base).href;
const sameUrl = (href: string, url: string) => absolute(href, url).replace(/\/$/, '') === url.replace(/\/$/, '');

import type {
  CallbackResolution,
  CallView,
  Contact,
  Conversation,
  ConversationInput,
  CustomerCard,
  CustomerInput,
  CustomerSummary,
  DocumentInput,
  NumberKind,
  PhoneInput,
} from '@ringside/shared';
import type { PhoneRow } from '../phone/match.js';

/**
 * The storage contract. Every method is one atomic unit of work, so a failure never leaves a
 * half-written customer or call behind. Methods are async although the embedded SQLite
 * implementation is synchronous: a PostgreSQL implementation must fit the same interface.
 */
export interface Store {
  customers: CustomerRepo;
  agents: AgentRepo;
  calls: CallRepo;
  settings: SettingsRepo;
  sessions: SessionRepo;
  dials: DialRepo;
  /** The bulk write path of `/api/sync`, the connectors and the CSV/vCard import. */
  sync: SyncRepo;
  /** Identifiers phone systems named that belong to no agent, for the console's "assign". */
  unmapped: UnmappedRepo;
  /** Extension origins the allowlist refused, for the console's "allow". */
  refusedOrigins: RefusedOriginRepo;
  /** Who may run what right now, seen by every process and bridge sharing this database. */
  leases: LeaseRepo;
  /** Resolves when the database answers a trivial query; rejects (StoreUnavailableError) otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The database cannot be reached right now (server down, connection lost, pool exhausted past
 * its timeout, file locked). Nothing was written; the caller may retry. HTTP answers 503, so a
 * phone system retries its webhook instead of taking a 2xx for an event that was not journaled.
 */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/**
 * A phone number after normalization, as the store indexes it. Each store builds its own search
 * text from `number` and `e164` (computing search digits here cost a third of a bulk sync's time
 * and no store read them).
 */
export interface NormalizedPhone extends PhoneInput {
  e164: string | null;
}

export interface NormalizedContact extends Omit<CustomerInput['contacts'][number], 'phones'> {
  phones: NormalizedPhone[];
}

export interface NormalizedCustomer extends Omit<CustomerInput, 'phones' | 'contacts'> {
  phones: NormalizedPhone[];
  contacts: NormalizedContact[];
}

export interface CardOptions {
  /** How many recent conversations to include (newest first). */
  conversations: number;
}

export interface CustomerRepo {
  /**
   * Create or replace a customer with its contacts and phones; documents and conversations stay.
   * A number given twice to the same owner (customer or contact) is stored once.
   */
  put(customerNo: string, customer: NormalizedCustomer): Promise<{ created: boolean }>;
  /** Remove the customer, its contacts, phones, documents, conversations and calls. */
  delete(customerNo: string): Promise<boolean>;
  exists(customerNo: string): Promise<boolean>;
  card(customerNo: string, options: CardOptions): Promise<CustomerCard | null>;
  /** Several cards at once (the candidates of one lookup). */
  cards(customerNos: string[], options: CardOptions): Promise<Map<string, CustomerCard>>;
  /** false when the customer does not exist. */
  putDocument(customerNo: string, documentNo: string, doc: DocumentInput): Promise<{ created: boolean } | null>;
  addConversation(customerNo: string, conv: ConversationInput & { callId?: string | null }): Promise<Conversation | null>;
  /**
   * Attach one more number to a customer or one of its contacts; null when either is unknown.
   * Idempotent: a number the same owner already has (same E.164, or the same text when it is no
   * number) is not stored again, and `added` is false.
   */
  addPhone(customerNo: string, phone: NormalizedPhone, contactId: number | null): Promise<{ card: CustomerCard; added: boolean } | null>;
  search(q: string, limit: number): Promise<CustomerSummary[]>;
  /** Index lookups only: rows stored under exactly `e164`, and main-number rows under `prefixes`. */
  findPhones(e164: string, prefixes: string[]): Promise<{ exact: PhoneRow[]; main: PhoneRow[] }>;
  count(): Promise<number>;
  /** Customer numbers in key order after `after` (null: from the start), to page through all. */
  listNumbers(after: string | null, limit: number): Promise<string[]>;
}

export interface AgentRecord {
  id: string;
  name: string;
  email: string | null;
  /** Identifiers that ring this agent whatever the source (PBX extension numbers). */
  extensions: string[];
  /** Identifiers of one source only: `{ sipgate: ['w0'], fritzbox: ['1'] }`. */
  identifiers: Record<string, string[]>;
  /** Per source, the device click-to-dial rings first: `{ fritzbox: 'FON1: Büro', sipgate: 'e0' }`. */
  dialDevices: Record<string, string>;
  createdAt: string;
}

export type NewAgent = Omit<AgentRecord, 'createdAt' | 'dialDevices'> & { tokenHash: string; dialDevices?: Record<string, string> };

export interface AgentRepo {
  create(agent: NewAgent): Promise<AgentRecord>;
  list(): Promise<AgentRecord[]>;
  get(id: string): Promise<AgentRecord | null>;
  byTokenHash(tokenHash: string): Promise<AgentRecord | null>;
  /** Change what is given; identifier lists replace the stored ones. Null when unknown. */
  update(id: string, patch: AgentUpdate): Promise<AgentRecord | null>;
  /** Re-pairing: the old token stops working with this write. */
  setTokenHash(id: string, tokenHash: string): Promise<boolean>;
  delete(id: string): Promise<boolean>;
}

export type AgentUpdate = Partial<Pick<AgentRecord, 'name' | 'email' | 'extensions' | 'identifiers' | 'dialDevices'>>;

/** A call as the journal keeps it. */
export interface CallRecord extends Omit<CallView, 'from' | 'answeredByName'> {
  fromRaw: string | null;
  /** What the source named as ringing, untranslated (kept for diagnosis; routing uses agentIds). */
  namedTargets: string[];
  /** The remote party as understood when the call came in: only a `number` can be called back. */
  callerKind: NumberKind | null;
  callerE164: string | null;
  callbackDoneAt: string | null;
  callbackDoneBy: string | null;
  callbackResolution: CallbackResolution | null;
}

/** One pushed event, kept for replay to reconnecting agents. */
export interface JournalEvent {
  eventId: number;
  /** The phone system the call came from: targets are in its identifiers. */
  source: string;
  /**
   * Agent ids the event is addressed to (agents/routing.ts pushTargets); null means every agent,
   * [] nobody (a blocked caller: journaled, never pushed or replayed).
   */
  targets: string[] | null;
  /** The server message without its eventId, as JSON text. */
  payload: string;
  createdAt: string;
}

/** A journal entry about to be appended; the payload is built once its eventId is known. */
export interface JournalAppend {
  targets: string[] | null;
  payload: (eventId: number) => string;
  at: string;
}

/** What applying one event decided: the call's new state and the event to journal. */
export interface CallChange {
  call: CallRecord;
  event: JournalAppend;
}

export interface CallRepo {
  get(source: string, callId: string): Promise<CallRecord | null>;
  /**
   * Save the call's new state and append the event to the journal in one transaction; the
   * returned eventId is what agents see, so nothing is pushed that is not stored.
   * Event ids grow in commit order: a reader that has seen id N never later finds a new
   * event below N (replay by `lastEventId` misses nothing).
   */
  record(call: CallRecord, event: JournalAppend): Promise<number>;
  /**
   * Apply one event to one call: `decide` receives the call as stored (null: not yet known)
   * and returns its new state and journal event, or null to leave it unchanged. The call is
   * locked from the read to the commit, also against other bridges sharing the database, so
   * events of one call are applied one after another, each seeing the previous one's result.
   * Resolves to the new eventId, or null when nothing changed.
   */
  apply(source: string, callId: string, decide: (prev: CallRecord | null) => Promise<CallChange | null>): Promise<number | null>;
  eventsAfter(eventId: number, notBefore: string): Promise<JournalEvent[]>;
  lastEventId(): Promise<number>;
  /**
   * Newest first. With `agentId`, only calls that concern that agent (agents/routing.ts
   * concernsAgent: rang them or everyone, or they took it), decided in the query so the limit
   * counts the agent's own calls, not the whole office's. `missedOnly`: inbound calls nobody
   * answered (on any leg) from a caller one can call back.
   */
  list(filter: { since?: string; missedOnly?: boolean; limit: number; agentId?: string }): Promise<CallRecord[]>;
  /** Calls with this call id from any source (a note names a call by its id only). */
  byCallId(callId: string): Promise<CallRecord[]>;
  /**
   * This caller's missed calls since `since` that wait for a callback (the `missedOnly` rule,
   * not yet done), oldest first, at most `limit`.
   */
  pendingCallbacks(callerE164: string, since: string, limit: number): Promise<CallRecord[]>;
  /**
   * Take missed calls off the callback list. Only inbound missed calls change; `source` absent
   * means any source. `resolution` says why, `by` who (agent name).
   */
  markCallbacks(
    ids: { source?: string; callId: string }[],
    done: boolean,
    by: string,
    at: string,
    resolution?: CallbackResolution,
  ): Promise<number>;
  /**
   * The caller turned out to be this customer (created or given this number after the call):
   * calls from `callerE164` that matched nobody now show them.
   */
  identifyCaller(callerE164: string, customerNo: string, callerName: string | null): Promise<number>;
  /** Calls still ringing or answered that started before `before` (lost end events). */
  stale(before: string): Promise<CallRecord[]>;
  purgeEvents(before: string): Promise<number>;
  /** Retention: delete calls (and their journal events) that started before `before`. */
  purgeCalls(before: string): Promise<number>;
  /** Every journaled call with one customer, newest first (right of access). */
  forCustomer(customerNo: string): Promise<CallRecord[]>;
}

/** Admin console sessions; only a hash of the cookie value is stored. */
export interface AdminSession {
  idHash: string;
  csrf: string;
  createdAt: string;
  expiresAt: string;
}

export interface SessionRepo {
  create(session: AdminSession): Promise<void>;
  /** The session if it exists and has not expired at `now`. */
  get(idHash: string, now: string): Promise<AdminSession | null>;
  delete(idHash: string): Promise<void>;
  purgeExpired(now: string): Promise<number>;
}

/** A call the bridge asked a phone system to place (click-to-dial), and what became of it. */
export interface DialRecord {
  id: number;
  agentId: string;
  source: string;
  device: string;
  numberE164: string;
  /** The missed call this dial returns, when the agent dialed from it (or its number matched one). */
  callback: { source: string | null; callId: string } | null;
  requestedAt: string;
  /** `ringing`, `answered` or `failed:<why>` as the phone system reported it. */
  result: string;
  /** The outbound call whose answer showed the callee picked up. */
  connectedCallId: string | null;
  connectedAt: string | null;
}

export type NewDial = Omit<DialRecord, 'id' | 'connectedCallId' | 'connectedAt'>;

export interface DialRepo {
  record(dial: NewDial): Promise<number>;
  setResult(id: number, result: string): Promise<void>;
  /** Dials to `numberE164` at `source` since `since`, not yet connected and not failed, newest first (at most 20). */
  open(source: string, numberE164: string, since: string): Promise<DialRecord[]>;
  /** Mark the dial connected; false when it already was (a repeated answer event). */
  connect(id: number, callId: string, at: string): Promise<boolean>;
  /** Retention: dials hold numbers too. */
  purge(before: string): Promise<number>;
  /** Erasure of a customer (Art. 17 GDPR): every dial to these numbers goes. */
  forgetNumbers(e164s: string[]): Promise<number>;
  /** Right of access (Art. 15 GDPR): every dial to these numbers, newest first. */
  forNumbers(e164s: string[]): Promise<DialRecord[]>;
}

/**
 * One identifier a source named that belongs to no agent, as a role (ringing target or taker).
 * Written batched, never on the ringing path (agents/unmapped.ts); bounded per source.
 */
export interface UnmappedSighting {
  source: string;
  role: 'ringing' | 'answered';
  identifier: string;
  /** Times seen since the last write (added to the stored count). */
  count: number;
  lastSeenAt: string;
  /**
   * The other names the same event gave the same target (Fritz!Box: the MSN and the line). Once
   * one of them is assigned, this one is no longer worth listing.
   */
  alsoNamed: string[];
}

/** As listed: `count` is the total. */
export type UnmappedRecord = UnmappedSighting;

export interface UnmappedRepo {
  /** Add sightings (an upsert each); then each source touched keeps only its `maxPerSource` newest. */
  note(sightings: UnmappedSighting[], maxPerSource: number): Promise<void>;
  /** Every listed identifier, newest first, ties by identifier. */
  list(): Promise<UnmappedRecord[]>;
  /** Assigned: these identifiers of `source` leave the list, in both roles. */
  forget(source: string, identifiers: string[]): Promise<void>;
}

/** A browser extension the allowlist refused (the shared RefusedOrigin view). */
export interface RefusedOriginRecord {
  origin: string;
  lastSeen: string;
  /** Refusals since the last write (added to the stored count); the total when listed. */
  attempts: number;
}

export interface RefusedOriginRepo {
  /** Add refusals (an upsert each); then only the `max` newest stay. */
  note(refusals: RefusedOriginRecord[], max: number): Promise<void>;
  /** Newest first, ties by origin. */
  list(): Promise<RefusedOriginRecord[]>;
  /** Allowed now: these leave the list. */
  forget(origins: string[]): Promise<void>;
}

export interface SettingsRepo {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  /** Nothing happens when there is no such key. */
  delete(key: string): Promise<void>;
}

/**
 * One record of a bulk write, validated and normalized by the caller. `hash` is a digest of the
 * record's input (and of whatever else changes how it is stored, such as the numbering plan): a
 * record whose stored hash is the same is "unchanged" and not written again.
 */
export type SyncRecord =
  | {
      kind: 'customer';
      customerNo: string;
      hash: string;
      customer: NormalizedCustomer;
    }
  | { kind: 'document'; customerNo: string; documentNo: string; hash: string; document: DocumentInput }
  | {
      kind: 'conversation';
      customerNo: string;
      /** The source's id of the conversation, or a digest of its content when it has none. */
      key: string;
      hash: string;
      conversation: ConversationInput;
    }
  | { kind: 'deleteCustomer'; customerNo: string }
  | { kind: 'deleteDocument'; customerNo: string; documentNo: string }
  /**
   * A line that named a record but failed validation: the full sync must not remove what is
   * stored under that key because the source sent it badly this time. Writes nothing.
   */
  | { kind: 'keep'; customerNo: string; documentNo?: string };

export type SyncRecordKind = SyncRecord['kind'];

/**
 * A record as JSON text, encoded by the thread that built it (the sync's parser thread). The
 * event loop only hands it on to the store, which may write on a thread of its own, so it never
 * copies the record field by field twice. Stores decode it with `decodeSyncRecord`.
 */
export interface EncodedSyncRecord {
  kind: SyncRecordKind;
  encoded: string;
}

export type SyncRecordIn = SyncRecord | EncodedSyncRecord;

/**
 * What became of one record. `deferred`: a delete inside a full sync, applied by `finish()`
 * together with the sweep, so a stream that breaks off deletes nothing.
 */
export type SyncOutcome =
  | { ok: true; result: 'created' | 'updated' | 'unchanged' | 'deleted' | 'deferred' }
  /** `field` inside the line's payload (`customerNo`, `documentNo`), '' for a delete line's own value. */
  | { ok: false; field: string; message: string };

export interface SyncSessionOptions {
  /**
   * The owner of what this session writes. A record owned by another source is refused (line
   * error naming `customerNo`); a record without owner (written by the single-record API, the
   * console or an import) is taken over. null: write without owning (the CSV/vCard import),
   * like `customers.put`.
   */
  source: string | null;
  /** Full sync: `finish()` removes what `source` owns and this session did not mention. */
  full: boolean;
}

/** Records `finish()` removed, per kind (a removed customer's documents are not counted again). */
export interface SyncSweep {
  customers: number;
  documents: number;
  conversations: number;
}

export interface SyncSession {
  /**
   * true: `write` runs on the event loop for its whole duration (SQLite without its write
   * thread), so callers size batches to the event-loop budget. false: the work happens on
   * another thread or server and awaiting it leaves the event loop free.
   */
  readonly blocksEventLoop: boolean;
  /**
   * Write a batch, one outcome per record, in order. A refused record does not stop the batch.
   * Each transaction is short (a store splits a large batch), so no write holds the database
   * for long; a batch that fails part-way keeps the transactions it committed and throws a
   * PartialWriteError (partial-write.ts) with the outcomes of the records in them.
   */
  write(records: readonly SyncRecordIn[]): Promise<SyncOutcome[]>;
  /**
   * The stream arrived intact: apply deferred deletes and, for a full sync, remove what the
   * source owns and was not mentioned. Ends the session.
   */
  finish(): Promise<SyncSweep>;
  /** The stream broke off: end the session, deleting nothing. What `write` committed stays. */
  abort(): Promise<void>;
}

export interface SyncRepo {
  begin(options: SyncSessionOptions): Promise<SyncSession>;
}

/**
 * A lease: one holder at a time may do the work `name` stands for (a sync of one source), across
 * processes and bridges sharing the database. It ends when released or `ttlMs` after it was last
 * taken or renewed, so a holder that crashed blocks the work only until then. Time is the
 * database's (PostgreSQL's clock; SQLite's file lives on one machine), not each bridge's.
 */
export interface LeaseRepo {
  /**
   * Take the lease for `ttlMs` if nobody holds it, its holder let it expire, or `holder` holds
   * it already (then it is extended). false: someone else holds it; nothing changed.
   */
  acquire(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Extend `holder`'s lease by `ttlMs` from now; false when `holder` no longer holds it. */
  renew(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Give the lease up; a lease someone else holds stays. */
  release(name: string, holder: string): Promise<void>;
  /** Who holds the lease now (null: nobody, or it expired). */
  holder(name: string): Promise<string | null>;
}

export type { Contact };

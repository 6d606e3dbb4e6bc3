/**
 * Numbered, append-only schema migrations. Never edit a shipped migration: add the next one.
 * `PRAGMA user_version` records how far a database file has come.
 */
export const migrations: readonly string[] = [
  // 1: customers, contacts, phones, documents, conversations, agents, call journal, settings
  `
  -- An explicit INTEGER PRIMARY KEY keeps rowids stable across VACUUM: the search index
  -- below is keyed by it.
  CREATE TABLE customers (
    id             INTEGER PRIMARY KEY,
    customer_no    TEXT NOT NULL UNIQUE,
    company        TEXT,
    notes          TEXT,
    customer_since TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
  );
  CREATE TABLE contacts (
    id          INTEGER PRIMARY KEY,
    customer_no TEXT NOT NULL REFERENCES customers(customer_no) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    salutation  TEXT, first_name TEXT, last_name TEXT, role TEXT, email TEXT, birthday TEXT, notes TEXT
  );
  CREATE INDEX contacts_customer ON contacts(customer_no);
  CREATE TABLE phones (
    id          INTEGER PRIMARY KEY,
    customer_no TEXT NOT NULL REFERENCES customers(customer_no) ON DELETE CASCADE,
    contact_id  INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    number      TEXT NOT NULL,
    e164        TEXT,
    label       TEXT,
    main        INTEGER NOT NULL DEFAULT 0
  );
  -- The caller lookup is two index probes on this: exact e164, and main numbers by prefix list.
  CREATE INDEX phones_e164 ON phones(e164, main) WHERE e164 IS NOT NULL;
  CREATE INDEX phones_customer ON phones(customer_no);
  CREATE INDEX phones_contact ON phones(contact_id) WHERE contact_id IS NOT NULL;
  -- Substring search over names, company, customer number, e-mail and phone digits.
  -- The trigram tokenizer answers LIKE/MATCH on any 3+ character fragment from the index.
  CREATE VIRTUAL TABLE customer_search USING fts5(
    customer_no UNINDEXED, body, tokenize = 'trigram remove_diacritics 1'
  );
  CREATE TABLE documents (
    customer_no TEXT NOT NULL REFERENCES customers(customer_no) ON DELETE CASCADE,
    document_no TEXT NOT NULL,
    kind TEXT NOT NULL, title TEXT, status TEXT NOT NULL, amount REAL, currency TEXT NOT NULL,
    date TEXT, due TEXT, url TEXT, updated_at TEXT NOT NULL,
    PRIMARY KEY (customer_no, document_no)
  );
  CREATE TABLE conversations (
    id          INTEGER PRIMARY KEY,
    customer_no TEXT NOT NULL REFERENCES customers(customer_no) ON DELETE CASCADE,
    at TEXT NOT NULL, channel TEXT NOT NULL, agent TEXT, contact TEXT, subject TEXT,
    summary TEXT, result TEXT, follow_up TEXT, call_id TEXT
  );
  CREATE INDEX conversations_customer_at ON conversations(customer_no, at DESC);
  CREATE TABLE agents (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    email      TEXT,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
  );
  CREATE TABLE agent_extensions (
    agent_id   TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    identifier TEXT NOT NULL,
    PRIMARY KEY (agent_id, identifier)
  );
  CREATE TABLE calls (
    id               INTEGER PRIMARY KEY,
    source           TEXT NOT NULL,
    call_id          TEXT NOT NULL,
    linked_id        TEXT,
    direction        TEXT NOT NULL,
    state            TEXT NOT NULL,
    outcome          TEXT,
    from_raw         TEXT,
    to_raw           TEXT,
    agents           TEXT NOT NULL,
    answered_by      TEXT,
    cause            TEXT,
    started_at       TEXT NOT NULL,
    answered_at      TEXT,
    ended_at         TEXT,
    customer_no      TEXT,
    caller_name      TEXT,
    callback_done_at TEXT,
    callback_done_by TEXT,
    UNIQUE (source, call_id)
  );
  CREATE INDEX calls_started ON calls(started_at);
  CREATE INDEX calls_customer ON calls(customer_no) WHERE customer_no IS NOT NULL;
  CREATE INDEX calls_open ON calls(started_at) WHERE state <> 'ended';
  -- AUTOINCREMENT: event ids must never be reused, even after the newest rows are purged,
  -- because clients resume from the last id they saw.
  CREATE TABLE call_events (
    event_id   INTEGER PRIMARY KEY AUTOINCREMENT,
    call_row   INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
    targets    TEXT,
    payload    TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX call_events_created ON call_events(created_at);
  CREATE INDEX call_events_call ON call_events(call_row);
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
  // 2: each phone system names who rings its own way (sipgate user ids, Fritz!Box extension
  // indexes, Placetel peers): agent identifiers get a source, '*' meaning any source. Journal
  // events remember their source so a catch-up routes them like the live push did.
  `
  CREATE TABLE agent_identifiers (
    agent_id   TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    source     TEXT NOT NULL,
    identifier TEXT NOT NULL,
    PRIMARY KEY (agent_id, source, identifier)
  );
  INSERT INTO agent_identifiers (agent_id, source, identifier) SELECT agent_id, '*', identifier FROM agent_extensions;
  DROP TABLE agent_extensions;
  ALTER TABLE call_events ADD COLUMN source TEXT NOT NULL DEFAULT '';
  CREATE INDEX calls_linked ON calls(source, linked_id) WHERE linked_id IS NOT NULL;
  `,
  // 3: admin console sessions, so a restart or a second instance does not sign everyone out.
  `
  CREATE TABLE admin_sessions (
    id_hash    TEXT PRIMARY KEY,
    csrf       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE INDEX admin_sessions_expiry ON admin_sessions(expires_at);
  `,
  // 4: who a call concerns in Ringside agent ids, resolved when the event came in (so the lists'
  // filter and the live push are one rule); the caller as understood then (only a number can be
  // called back; pending callbacks are found by it); why a callback came off the list. Existing
  // calls and replayable journal events are translated with the identifiers stored today.
  `
  ALTER TABLE calls ADD COLUMN agent_ids TEXT NOT NULL DEFAULT '[]';
  ALTER TABLE calls ADD COLUMN answered_by_agent_id TEXT;
  ALTER TABLE calls ADD COLUMN caller_kind TEXT;
  ALTER TABLE calls ADD COLUMN caller_e164 TEXT;
  ALTER TABLE calls ADD COLUMN callback_resolution TEXT;
  UPDATE calls SET agent_ids = COALESCE((
    SELECT json_group_array(DISTINCT ai.agent_id) FROM json_each(calls.agents) t
    JOIN agent_identifiers ai ON ai.identifier = t.value AND ai.source IN ('*', calls.source)), '[]')
  WHERE json_array_length(agents) > 0;
  UPDATE calls SET answered_by_agent_id = (
    SELECT MIN(ai.agent_id) FROM agent_identifiers ai
    WHERE ai.identifier = calls.answered_by AND ai.source IN ('*', calls.source)
    HAVING COUNT(DISTINCT ai.agent_id) = 1)
  WHERE answered_by IS NOT NULL;
  UPDATE calls SET callback_resolution = 'called-back' WHERE callback_done_at IS NOT NULL;
  UPDATE call_events SET targets = (
    SELECT CASE WHEN COUNT(*) = 0 THEN NULL ELSE json_group_array(DISTINCT ai.agent_id) END
    FROM json_each(call_events.targets) t
    JOIN agent_identifiers ai ON ai.identifier = t.value AND ai.source IN ('*', call_events.source))
  WHERE targets IS NOT NULL;
  CREATE INDEX calls_caller ON calls(caller_e164, started_at) WHERE caller_e164 IS NOT NULL;
  CREATE INDEX calls_call_id ON calls(call_id);
  `,
  // 5: one number once per owner (customer or contact): attaching it again, or an ERP sending it
  // twice, stored a second row. Duplicates already stored are merged into the first one, which
  // keeps a label and the main flag either of them had. Only the duplicate groups are written.
  `
  CREATE TEMP TABLE phone_duplicates AS
    SELECT customer_no, IFNULL(contact_id, 0) AS owner, COALESCE(e164, number) AS number_key,
           MIN(id) AS keep_id, MAX(main) AS main
    FROM phones GROUP BY customer_no, IFNULL(contact_id, 0), COALESCE(e164, number) HAVING COUNT(*) > 1;
  UPDATE phones SET
    main = (SELECT d.main FROM phone_duplicates d WHERE d.keep_id = phones.id),
    label = COALESCE(label, (SELECT p.label FROM phones p JOIN phone_duplicates d ON d.keep_id = phones.id
      WHERE p.customer_no = d.customer_no AND IFNULL(p.contact_id, 0) = d.owner
        AND COALESCE(p.e164, p.number) = d.number_key AND p.label IS NOT NULL
      ORDER BY p.id LIMIT 1))
  WHERE id IN (SELECT keep_id FROM phone_duplicates);
  -- From the few duplicate groups to their rows through the customer index, not the other way.
  DELETE FROM phones WHERE id IN (SELECT p.id FROM phone_duplicates d JOIN phones p ON p.customer_no = d.customer_no
    WHERE IFNULL(p.contact_id, 0) = d.owner AND COALESCE(p.e164, p.number) = d.number_key AND p.id <> d.keep_id);
  DROP TABLE phone_duplicates;
  CREATE UNIQUE INDEX phones_owner_number ON phones(customer_no, IFNULL(contact_id, 0), COALESCE(e164, number));
  -- It leads with customer_no, so it serves every per-customer query: one index less to write.
  DROP INDEX phones_customer;
  `,
  // 6: bulk sync. Each customer, document and conversation may have an owning source (the ERP
  // script, a connector) and the digest of what that source last sent, so a repeated sync is a
  // read, not a write, and a full sync removes only what its own source wrote. Conversations get
  // the source's key so that sending one again does not add it twice.
  `
  ALTER TABLE customers ADD COLUMN source TEXT;
  ALTER TABLE customers ADD COLUMN sync_hash TEXT;
  CREATE INDEX customers_source ON customers(source, customer_no) WHERE source IS NOT NULL;
  ALTER TABLE documents ADD COLUMN source TEXT;
  ALTER TABLE documents ADD COLUMN sync_hash TEXT;
  CREATE INDEX documents_source ON documents(source, customer_no, document_no) WHERE source IS NOT NULL;
  ALTER TABLE conversations ADD COLUMN source TEXT;
  ALTER TABLE conversations ADD COLUMN sync_key TEXT;
  ALTER TABLE conversations ADD COLUMN sync_hash TEXT;
  CREATE UNIQUE INDEX conversations_sync_key ON conversations(customer_no, sync_key) WHERE sync_key IS NOT NULL;
  CREATE INDEX conversations_source ON conversations(source, id) WHERE source IS NOT NULL;
  `,
  // 7: click-to-dial: the device each agent dials from per source, and the journal of dials the
  // bridge started, so the answer of the outbound call can close the callback it returns.
  `
  ALTER TABLE agents ADD COLUMN dial_devices TEXT NOT NULL DEFAULT '{}';
  CREATE TABLE dials (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    agent_id          TEXT NOT NULL,
    source            TEXT NOT NULL,
    device            TEXT NOT NULL,
    number_e164       TEXT NOT NULL,
    callback_source   TEXT,
    callback_call_id  TEXT,
    requested_at      TEXT NOT NULL,
    result            TEXT NOT NULL,
    connected_call_id TEXT,
    connected_at      TEXT
  );
  CREATE INDEX dials_open ON dials(source, number_e164, requested_at) WHERE connected_at IS NULL;
  CREATE INDEX dials_requested ON dials(requested_at);
  `,
  // 8: search folds German spellings both ways (ß/ss, ä/ae, ö/oe, ü/ue): every indexed text
  // gets its expanded form added (search-fold.ts, registered as ringside_search_body by
  // openDatabase). One pass over the index; about a minute per million customers.
  `
  UPDATE customer_search SET body = ringside_search_body(body);
  INSERT INTO customer_search (customer_search) VALUES ('optimize');
  -- Erasure: a deleted row's terms are removed from the index itself, not only marked deleted
  -- until the next merge (FTS5 secure-delete, SQLite 3.42+).
  INSERT INTO customer_search (customer_search, rank) VALUES ('secure-delete', 1);
  `,
  // 9: phone systems are no longer all on by default (sources/source-config.ts). An existing
  // installation keeps every source it has journaled calls from switched on, so an upgrade
  // does not cut off a phone system that works today. A fresh database has no calls: nothing.
  `
  INSERT INTO settings (key, value)
  SELECT 'source:' || source, '{"enabled":true,"secrets":{}}' FROM (SELECT DISTINCT source FROM calls)
  WHERE true
  ON CONFLICT (key) DO NOTHING;
  `,
  // 10: FTS5 secure-delete only for an erasure (customers.ts toggles it around that one delete).
  // Always on, it rewrote the token lists of every updated customer's old search text in place:
  // a single customer PUT went from 0.2 to 2.6 ms (p50) and every sync/import batch paid for it.
  `
  INSERT INTO customer_search (customer_search, rank) VALUES ('secure-delete', 0);
  `,
  // 11 is not SQL: the journal tables move into a file of their own (journal-file.ts,
  // FILE_STEPS in database.ts). SQL steps added below are numbered from 12.
  // 12: the console's lists of unassigned phone-system identifiers and refused browser origins,
  // kept in the database instead of one instance's memory: they survive a restart and every
  // instance shows the same. Small and bounded by the writers (50 per source, 20 origins).
  `
  CREATE TABLE unmapped_identifiers (
    source       TEXT NOT NULL,
    role         TEXT NOT NULL,
    identifier   TEXT NOT NULL,
    count        INTEGER NOT NULL,
    last_seen_at TEXT NOT NULL,
    also_named   TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (source, role, identifier)
  );
  CREATE TABLE refused_origins (
    origin       TEXT PRIMARY KEY,
    attempts     INTEGER NOT NULL,
    last_seen_at TEXT NOT NULL
  );
  `,
  // 13: leases (leases.ts): one sync of a source at a time across every process that opens this
  // file (the bridge and `npm run sync`). Transient: not copied to PostgreSQL.
  `
  CREATE TABLE leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  // 14: the search index without token positions (detail=none): a bulk write adds about half as
  // much to it, so a million new customers sync some 8 s faster, and the file is 400 MB smaller.
  // Substring search is then a GLOB (search-query.ts), which the index answers from the pattern's
  // trigrams; GLOB compares exactly, so the text is stored folded (case, diacritics: search-fold.ts,
  // registered as ringside_search_fold by openDatabase) and the tokenizer keeps case. No sizes
  // per row (columnsize=0): nothing ranks with bm25. Segments are merged eight at a time instead
  // of four (automerge): a million new customers cost the index 8.5 instead of 10.6 s of CPU, and
  // a search reads a few more segments (measured at 1,000,000 rows: 12 typical queries 17 -> 22
  // ms in all). One pass over the index.
  `
  CREATE VIRTUAL TABLE customer_search_folded USING fts5(
    customer_no UNINDEXED, body, tokenize = 'trigram case_sensitive 1', detail = none, columnsize = 0
  );
  INSERT INTO customer_search_folded (rowid, customer_no, body)
    SELECT rowid, customer_no, ringside_search_fold(body) FROM customer_search;
  DROP TABLE customer_search;
  ALTER TABLE customer_search_folded RENAME TO customer_search;
  INSERT INTO customer_search (customer_search, rank) VALUES ('automerge', 8);
  INSERT INTO customer_search (customer_search) VALUES ('optimize');
  `,
];

import type { CustomerInput, SqlConnectorConfig } from '@ringside/shared';
import { FIELDS, guessField, type Field } from '../import/csv-mapping.js';
import { mergeCustomerInput } from '../import/importer.js';
import { buildRow, parseDate, type FieldValues } from '../import/rows.js';
import { ConnectorError, keepLine, pacer, type Connector, type RunContext } from './connector.js';
import { openSqlSession, type SqlSession } from './sql-session.js';
import type { SyncLine } from './sync-port.js';

/**
 * An ERP's database (PostgreSQL, MySQL, MariaDB), read with the partner's own queries: a
 * `customers` query whose columns are named like the CSV import fields (one row per contact),
 * and optional `documents` and `conversations` queries with the API's field names.
 */

/** Lines as the write path takes them; it checks kinds, statuses and dates and names what is wrong. */
type DocumentLine = Extract<SyncLine, { document: unknown }>['document'];
type ConversationLine = Extract<SyncLine, { conversation: unknown }>['conversation'];

const DOCUMENT_FIELDS = ['customerNo', 'documentNo', 'kind', 'title', 'status', 'amount', 'currency', 'date', 'due', 'url'] as const;
const CONVERSATION_FIELDS = ['customerNo', 'at', 'channel', 'agent', 'contact', 'subject', 'summary', 'result', 'followUp'] as const;

export const sqlConnector: Connector<SqlConnectorConfig> = {
  kind: 'sql',
  async *pull(config, ctx) {
    const session = await openSqlSession(config.url, ctx.password);
    try {
      yield* customers(session, config.customers, ctx);
      if (config.documents) yield* records(session, 'documents', config.documents, DOCUMENT_FIELDS, documentLine);
      if (config.conversations) yield* records(session, 'conversations', config.conversations, CONVERSATION_FIELDS, conversationLine);
    } finally {
      await session.close();
    }
  },
};

/** Rows ordered by customer number; consecutive rows of one customer are its contacts. */
async function* customers(session: SqlSession, query: string, ctx: RunContext): AsyncGenerator<SyncLine> {
  const columns = await stage('customers', () => session.columns(query));
  const fieldOf = columns.map((c) => FIELDS.find((f) => f.toLowerCase() === c.toLowerCase()) ?? guessField(c));
  const keyColumn = columns[fieldOf.indexOf('customerNo')];
  if (!keyColumn) throw new ConnectorError(`the customers query has no customerNo column (it has ${columns.join(', ')})`, { code: 'no_key' });
  let current = null as { customerNo: string; input: CustomerInput } | null;
  /** A customer number whose rows were all unreadable so far: kept unless a good row follows. */
  let unreadable: string | null = null;
  let n = 0;
  const pace = pacer();
  for await (const batch of stageRows('customers', session.rows(query, [keyColumn, ...columns.filter((c) => c !== keyColumn)]))) {
    for (const row of batch) {
      n++;
      await pace();
      const fields: FieldValues = {};
      columns.forEach((column, i) => {
        const field = fieldOf[i];
        const value = text(row[column]);
        if (field && field !== 'ignore' && value) (fields[field as Field] ??= []).push(value);
      });
      const built = buildRow(n, fields, ctx.numbering);
      if (!built.ok) {
        ctx.skip(`customers row ${n}`, built.field, built.message);
        const key = fields.customerNo?.[0];
        if (key && key !== current?.customerNo && key !== unreadable) {
          if (unreadable) yield keepLine(unreadable);
          unreadable = key;
        }
        continue;
      }
      if (unreadable && unreadable !== built.customerNo) yield keepLine(unreadable);
      if (unreadable) unreadable = null;
      if (current && current.customerNo === built.customerNo) {
        const problem = mergeCustomerInput(current.input, built.input);
        if (problem) ctx.skip(`customers row ${n}`, 'customer', problem);
        continue;
      }
      if (current) yield { customer: { customerNo: current.customerNo, ...current.input } };
      current = { customerNo: built.customerNo, input: built.input };
    }
  }
  if (current) yield { customer: { customerNo: current.customerNo, ...current.input } };
  if (unreadable) yield keepLine(unreadable);
}

async function* records<F extends string>(
  session: SqlSession,
  name: string,
  query: string,
  known: readonly F[],
  toLine: (values: Partial<Record<F, unknown>>) => SyncLine,
): AsyncGenerator<SyncLine> {
  const columns = await stage(name, () => session.columns(query));
  const fieldOf = columns.map((c) => known.find((f) => f.toLowerCase() === c.toLowerCase()));
  if (!fieldOf.includes('customerNo' as F)) throw new ConnectorError(`the ${name} query has no customerNo column (it has ${columns.join(', ')})`, { code: 'no_key' });
  for await (const batch of stageRows(name, session.rows(query, []))) {
    for (const row of batch) {
      const values: Partial<Record<F, unknown>> = {};
      columns.forEach((column, i) => {
        const field = fieldOf[i];
        if (field && row[column] !== null && row[column] !== undefined) values[field] = row[column];
      });
      yield toLine(values);
    }
  }
}

function documentLine(v: Partial<Record<(typeof DOCUMENT_FIELDS)[number], unknown>>): SyncLine {
  const amount = typeof v.amount === 'string' && v.amount.trim() !== '' ? Number(v.amount) : v.amount;
  return {
    document: {
      ...strings(v, ['customerNo', 'documentNo', 'kind', 'title', 'status', 'currency', 'url']),
      ...(amount !== undefined && { amount: amount as number }),
      ...(v.date !== undefined && { date: dateText(v.date) }),
      ...(v.due !== undefined && { due: dateText(v.due) }),
    } as DocumentLine,
  };
}

function conversationLine(v: Partial<Record<(typeof CONVERSATION_FIELDS)[number], unknown>>): SyncLine {
  return {
    conversation: {
      ...strings(v, ['customerNo', 'channel', 'agent', 'contact', 'subject', 'summary', 'result']),
      ...(v.at !== undefined && { at: v.at instanceof Date ? v.at.toISOString() : String(v.at) }),
      ...(v.followUp !== undefined && { followUp: dateText(v.followUp) }),
    } as ConversationLine,
  };
}

function strings<F extends string>(v: Partial<Record<F, unknown>>, keys: F[]): Partial<Record<F, string>> {
  const out: Partial<Record<F, string>> = {};
  for (const k of keys) {
    const t = text(v[k]);
    if (t) out[k] = t;
  }
  return out;
}

/** A cell as text: dates as `YYYY-MM-DD` in the bridge's zone (where a DATETIME was read). */
function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return localDate(value);
  if (Buffer.isBuffer(value)) return '';
  return String(value).trim();
}

/** `2026-10-02`, `02.10.2026`, a Date: the API's date form; anything else as it is, for the write path to refuse. */
function dateText(value: unknown): string {
  if (value instanceof Date) return localDate(value);
  const raw = String(value).trim();
  return parseDate(raw) ?? raw;
}

function localDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

async function stage<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw queryError(name, err);
  }
}

async function* stageRows<T>(name: string, rows: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* rows;
  } catch (err) {
    throw queryError(name, err);
  }
}

function queryError(name: string, err: unknown): Error {
  if (err instanceof ConnectorError) return err;
  return new ConnectorError(`the ${name} query failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err, code: 'query' });
}

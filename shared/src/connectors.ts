import { z } from 'zod';
import { IMPORT_FIELDS } from './admin-constants.js';
import type { SyncCounts } from './sync.js';

/**
 * Connectors pull customer data from where it lives (CardDAV address books, LDAP directories,
 * an ERP's SQL database) on a schedule. The same schema checks the operations file named by
 * `RINGSIDE_CONNECTORS` (`{"connectors": [...]}`) and what the console sends; errors name the
 * field (`connectors.1.url`).
 *
 * Secrets (`password`) are a string or `{"env": "VAR"}`: the file can keep them out of itself.
 * The console stores what is typed in like the phone systems' secrets and never shows it back.
 */

export const CONNECTOR_KINDS = ['carddav', 'ldap', 'sql'] as const;
export type ConnectorKind = (typeof CONNECTOR_KINDS)[number];

/** `30s` is for tests and demos; a real source is asked every few minutes at most. */
const EVERY = /^([1-9]\d{0,4})(s|m|h|d)$/;
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const MAX_EVERY_MS = 30 * UNIT_MS.d;

/** `"15m"` -> 900000; null when the text is not an interval. */
export function everyMs(every: string): number | null {
  const m = EVERY.exec(every.trim());
  if (!m) return null;
  const ms = Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  return ms >= 30_000 && ms <= MAX_EVERY_MS ? ms : null;
}

export const secretInputSchema = z.union([
  z.string().min(1, 'must not be empty').max(10_000),
  z.object({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'the name of an environment variable') }).strict(),
]);
export type SecretInput = z.infer<typeof secretInputSchema>;

const common = {
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lower-case letters, digits, "-" and "_", at most 40, such as "nextcloud"'),
  every: z.string().trim().refine((v) => everyMs(v) !== null, 'an interval such as "15m", "2h" or "1d" (30s to 30d)'),
  enabled: z.boolean().optional().default(true),
};

const httpUrl = z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' }).max(2000);

export const carddavConnectorSchema = z
  .object({
    ...common,
    kind: z.literal('carddav'),
    /** An address book, or a principal / the server root: its address books are discovered. */
    url: httpUrl,
    username: z.string().max(300).optional(),
    password: secretInputSchema.optional(),
  })
  .strict();

/**
 * Which directory attribute holds which card field: the CSV import's fields, plus `id`, the
 * attribute that tells apart people without a company (entryUUID, objectGUID).
 */
export const LDAP_FIELDS = [...IMPORT_FIELDS, 'id'] as const;
export type LdapField = (typeof LDAP_FIELDS)[number];

export const ldapConnectorSchema = z
  .object({
    ...common,
    kind: z.literal('ldap'),
    url: z.string().trim().regex(/^ldaps?:\/\/[^\s/]+\/?$/i, 'ldap://host[:port] or ldaps://host[:port]'),
    /** Upgrade an ldap:// connection with StartTLS before binding. */
    startTls: z.boolean().optional().default(false),
    /** PEM file of the CA that signed the directory's certificate (an internal AD CA). */
    caFile: z.string().trim().min(1).max(1000).optional(),
    bindDn: z.string().max(1000).optional(),
    password: secretInputSchema.optional(),
    base: z.string().trim().min(1, 'the base DN to search under, such as ou=people,dc=example,dc=org').max(1000),
    filter: z.string().trim().min(3).max(4000).regex(/^\(.*\)$/s, 'an LDAP filter in parentheses').optional(),
    /** The defaults: `inetOrgPerson` (OpenLDAP and most directories) or `activeDirectory`. */
    schema: z.enum(['inetOrgPerson', 'activeDirectory']).optional().default('inetOrgPerson'),
    /** Overrides on top of the schema's defaults, e.g. `{"customerNo": "employeeNumber"}`. */
    attributes: z.partialRecord(z.enum(LDAP_FIELDS), z.string().trim().regex(/^[A-Za-z][A-Za-z0-9-]*$/, 'an attribute name')).optional(),
    pageSize: z.number().int().min(10).max(5000).optional().default(500),
  })
  .strict();

const query = z.string().trim().min(8, 'a SELECT statement').max(20_000);

export const sqlConnectorSchema = z
  .object({
    ...common,
    kind: z.literal('sql'),
    url: z.string().trim().regex(/^(postgres|postgresql|mysql|mariadb):\/\/\S+$/, 'postgres://user@host/db or mysql://user@host/db'),
    password: secretInputSchema.optional(),
    /** Columns named like the CSV import fields; several rows per customer for several contacts. */
    customers: query,
    /** Columns: customerNo, documentNo, kind, title, status, amount, currency, date, due, url. */
    documents: query.optional(),
    /** Columns: customerNo, at, channel, agent, contact, subject, summary, result, followUp. */
    conversations: query.optional(),
  })
  .strict();

export const connectorSchema = z.discriminatedUnion('kind', [carddavConnectorSchema, ldapConnectorSchema, sqlConnectorSchema]);
export type ConnectorInput = z.input<typeof connectorSchema>;
export type ConnectorConfig = z.output<typeof connectorSchema>;
export type CarddavConnectorConfig = z.output<typeof carddavConnectorSchema>;
export type LdapConnectorConfig = z.output<typeof ldapConnectorSchema>;
export type SqlConnectorConfig = z.output<typeof sqlConnectorSchema>;

export const connectorsFileSchema = z
  .object({ connectors: z.array(connectorSchema).max(100) })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.connectors.forEach((c, i) => {
      if (seen.has(c.id)) ctx.addIssue({ code: 'custom', path: ['connectors', i, 'id'], message: `"${c.id}" is used twice` });
      seen.add(c.id);
    });
  });


/** What kind of failure a run ended with; the console words each in German and English. */
export const CONNECTOR_ERROR_CODES = ['auth', 'unreachable', 'tls', 'not_found', 'forbidden', 'query', 'read_only', 'no_key', 'server'] as const;
export type ConnectorErrorCode = (typeof CONNECTOR_ERROR_CODES)[number];

export interface ConnectorProblem {
  /** "line 12" of the stream, or the source's own name for the record (a vCard href, a DN). */
  where: string;
  field: string;
  message: string;
}

export interface ConnectorRunView {
  startedAt: string;
  durationMs: number;
  ok: boolean;
  /** Per kind of record (customers, documents, conversations), as the write path counted them. */
  counts: Partial<Record<'customers' | 'documents' | 'conversations', SyncCounts>>;
  /** In plain words ("the server refused the user name or password"); null when it went well. */
  error: string | null;
  /** The kind of failure, when known, for the console to say in its language; `error` is the detail. */
  errorCode: ConnectorErrorCode | null;
  /** The first records that were skipped: refused by the write path, or unreadable at the source. */
  problems: ConnectorProblem[];
}

export interface ConnectorView {
  id: string;
  kind: ConnectorKind;
  every: string;
  enabled: boolean;
  /** Everything but the secrets, as configured. */
  settings: Record<string, unknown>;
  /** Per secret: whether one is set, and whether it comes from an environment variable. */
  secrets: Record<string, { set: boolean; env: string | null }>;
  /** From the `RINGSIDE_CONNECTORS` file: shown, not editable in the console. */
  fromFile: boolean;
  running: boolean;
  /** Another bridge on the same database, or `npm run sync`, is running it now. */
  runningElsewhere: boolean;
  lastRun: ConnectorRunView | null;
  nextRunAt: string | null;
}

export interface ConnectorsView {
  connectors: ConnectorView[];
  /** The file named by RINGSIDE_CONNECTORS, if any. */
  file: string | null;
}

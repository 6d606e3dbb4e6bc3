import { z } from 'zod';
import { IMPORT_FIELDS, type ImportField } from './admin-constants.js';
import type { CallView } from './call.js';
import { emailSchema, type CustomerCard, type CustomerSummary } from './customer.js';
import type { LookupResult } from './lookup.js';
import { dialDevicesSchema } from './dial.js';

/**
 * The admin console's API under `/admin/api/`. It is authenticated by a session cookie
 * (`ringside_admin`: HttpOnly, SameSite=Strict, Path=/admin) that `POST /admin/api/session`
 * sets in exchange for the admin token. Every request other than GET/HEAD must also carry
 * `X-Ringside-CSRF: <csrf>` from the session answer, and a request whose Origin is not the
 * bridge's own is refused (403), so another site can neither read nor change anything.
 *
 * The ERP/CRM sync API under `/api/` stays on `Authorization: Bearer <admin token>`.
 *
 * Session
 *   POST   /admin/api/session            SignInInput -> SessionInfo (401 field "token")
 *   GET    /admin/api/session            -> SessionInfo | 401
 *   DELETE /admin/api/session            -> 204
 * Phone systems
 *   GET    /admin/api/sources            -> { sources: SourceView[] }
 *   PATCH  /admin/api/sources/{id}       SourcePatch -> SourceView
 *   POST   /admin/api/sources/{id}/test-call  TestCallInput -> TestCallResult
 *   POST   /admin/api/sources/{id}/unmapped/assign  AssignIdentifierInput -> AgentView
 *          (adds the identifier to that agent's identifiers for this source; 404 field "agentId")
 * Agents
 *   GET    /admin/api/agents             -> { agents: AgentView[] }
 *   POST   /admin/api/agents             AgentInput -> 201 AgentWithToken
 *   PATCH  /admin/api/agents/{id}        AgentPatch -> AgentView
 *   POST   /admin/api/agents/{id}/token  -> AgentWithToken (the old token stops working at once)
 *   DELETE /admin/api/agents/{id}        -> 204
 * Settings
 *   GET    /admin/api/settings           -> SettingsView
 *   PATCH  /admin/api/settings           SettingsPatch -> SettingsView
 * Customer data
 *   GET    /admin/api/customers?q=       -> { results: CustomerSummary[], total: number }
 *   GET    /admin/api/customers/{no}/export  -> CustomerDataExport (JSON download, right of access: card, calls, dials)
 *   DELETE /admin/api/customers/{no}     -> 204 (customer, contacts, documents, notes, calls)
 *   GET    /admin/api/export/customers.csv   -> text/csv download of all customers
 *   POST   /admin/api/imports            raw file body, header X-File-Name (URI-encoded) -> 201 ImportInspection
 *   POST   /admin/api/imports/{id}/preview   ImportMappingInput -> { preview: ImportPreviewRow[] }
 *   POST   /admin/api/imports/{id}/run   ImportMappingInput -> 202 ImportJob
 *   GET    /admin/api/imports/{id}       -> ImportJob
 * Data sources (connectors; types and the config schema in connectors.ts)
 *   GET    /admin/api/connectors         -> ConnectorsView (passwords never sent, only whether one is set)
 *   POST   /admin/api/connectors         ConnectorInput -> 201 ConnectorView (400 names the field, 409 id taken)
 *   PUT    /admin/api/connectors/{id}    ConnectorInput without password keeps the stored one -> ConnectorView
 *                                         (409 for a connector from the RINGSIDE_CONNECTORS file)
 *   DELETE /admin/api/connectors/{id}    -> 204 (the records it synced stay)
 *   POST   /admin/api/connectors/{id}/run  -> 202 ConnectorView; the run's result appears in GET's lastRun
 */

// Values the console page needs at run time live in a module without zod (see there).
export { ADMIN_SESSION_COOKIE, CSRF_HEADER, IMPORT_FIELDS, type ImportField } from './admin-constants.js';

export const signInInputSchema = z.object({ token: z.string().trim().min(1, 'the admin token is required').max(500) });
export type SignInInput = z.infer<typeof signInInputSchema>;

export interface SessionInfo {
  csrf: string;
  expiresAt: string;
}

// ---------------------------------------------------------------------------------------------
// Phone systems

export type SourceKind = 'webhook' | 'stream' | 'crm';

export interface SourceUrl {
  /** What the URL is for, as a key the console translates: "webhook", "lookup", "journal", "template". */
  purpose: string;
  url: string;
}

export interface SourceSecretView {
  /** Key in SourcePatch.secrets: "placetelSecret", "twilioAuthToken", "sipgatePublicKey", ... */
  name: string;
  /** Whether a value is stored; values are never sent back. */
  set: boolean;
  /** Set by an environment variable: shown, not editable here. */
  lockedByEnv: boolean;
  /** "text" for short secrets, "pem" for a public key. */
  format: 'text' | 'pem';
}

export interface SourceEventView {
  at: string;
  /** "ringing in +49 30 1234567 -> 21"; the console shows it to the administrator only. */
  summary: string;
  /** The request as received (first 4 KB), or the stream line. */
  content: string;
}

export interface SourceErrorView {
  at: string;
  status: number | null;
  message: string;
  field: string | null;
}

export interface SourceView {
  /** generic, zammad, sipgate, placetel, twilio, 3cx, fritzbox, asterisk */
  id: string;
  name: string;
  kind: SourceKind;
  enabled: boolean;
  /**
   * The exact URLs to paste into the phone system, token included: only URLs the bridge accepts
   * now. Empty for streams, and empty when the source needs a token of its own (`tokenNeeded`).
   */
  urls: SourceUrl[];
  /**
   * Strict mode (a per-source token or the generic signing secret set) refuses the shared token
   * here and this source has no token of its own: the variable to set (e.g.
   * `RINGSIDE_WEBHOOK_TOKEN_ZAMMAD`). Null when its URLs work as shown.
   */
  tokenNeeded: string | null;
  secrets: SourceSecretView[];
  lastEvent: SourceEventView | null;
  lastError: SourceErrorView | null;
  /** Streams (Fritz!Box, AMI): where the bridge connects and whether it is connected now. */
  connection: { target: string | null; connected: boolean } | null;
  /** Whether "send test call" is offered. */
  testable: boolean;
  /**
   * Identifiers this source named (ringing targets, who answered) that belong to no agent,
   * newest first. Such calls ring every agent until one is assigned.
   */
  unmapped: UnmappedIdentifierView[];
}

export interface UnmappedIdentifierView {
  /** As the phone system sent it: `w0`, `Emma Taylor`, `7771234e0`, `21`. */
  identifier: string;
  /** Where it was seen: as a ringing target, or as the one who answered. */
  role: 'ringing' | 'answered';
  lastSeenAt: string;
  count: number;
}

/** One-click "assign to agent": the identifier joins that agent's identifiers for this source. */
export const assignIdentifierInputSchema = z.object({
  identifier: z.string().trim().min(1).max(100),
  agentId: z.string().trim().min(1).max(100),
});
export type AssignIdentifierInput = z.infer<typeof assignIdentifierInputSchema>;

export const sourcePatchSchema = z.object({
  enabled: z.boolean().optional(),
  /** A value stores the secret; null removes it (signature checking then stops for it). */
  secrets: z.record(z.string().min(1).max(60), z.string().trim().min(1).max(10_000).nullable()).optional(),
});
export type SourcePatch = z.infer<typeof sourcePatchSchema>;

export const testCallInputSchema = z.object({
  /** The caller's number as the phone system would send it; defaults to a demo number. */
  from: z.string().trim().min(1).max(64).optional(),
  /** The number or extension that rings. */
  to: z.string().trim().min(1).max(64).optional(),
});
export type TestCallInput = z.infer<typeof testCallInputSchema>;

export interface TestCallResult {
  /** The request that was run through the adapter, as the phone system would send it. */
  request: { method: string; path: string; contentType: string; body: string };
  /** What the adapter answered. */
  response: { status: number; contentType: string; body: string };
  /** The call as an agent's card would show it; nothing is journaled or pushed. */
  call: CallView | null;
  lookup: LookupResult | null;
  /** Why the adapter refused the simulated request, if it did. */
  error: string | null;
}

// ---------------------------------------------------------------------------------------------
// Agents

const identifierList = z.array(z.string().trim().min(1).max(100)).max(50);

export const agentInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  // '' clears the address; absent leaves it as it is.
  email: z.union([emailSchema, z.literal('')]).nullish().transform((v) => (v === undefined ? undefined : v || null)),
  /** Extension numbers that ring this agent whatever system reports the call. */
  extensions: identifierList.optional(),
  /** Per source: `{ "sipgate": ["w0"], "fritzbox": ["1"], "placetel": ["7771234e0"] }`. */
  identifiers: z.record(z.string().regex(/^[a-z0-9-]{1,30}$/), identifierList).optional(),
  /** Click-to-dial: per source the device that rings first (`{ "fritzbox": "FON1: Büro" }`); '' removes one. */
  dialDevices: dialDevicesSchema.optional(),
});
export type AgentInput = z.infer<typeof agentInputSchema>;
export const agentPatchSchema = agentInputSchema.partial();
export type AgentPatch = z.infer<typeof agentPatchSchema>;

export interface AgentView {
  id: string;
  name: string;
  email: string | null;
  extensions: string[];
  identifiers: Record<string, string[]>;
  dialDevices: Record<string, string>;
  createdAt: string;
  /** Open sockets right now (0 = not connected). */
  connections: number;
}

export interface AgentWithToken extends AgentView {
  /** Shown once; only its hash is stored. */
  token: string;
  pairing: PairingInfo;
}

export interface PairingInfo {
  /** `#bridge=<url>&token=<token>`: appended to the extension's options page URL. */
  fragment: string;
  /** Full links for the configured extension origins (`chrome-extension://<id>/options.html#…`). */
  links: string[];
}

// ---------------------------------------------------------------------------------------------
// Settings

export interface AdminSettings {
  /** ISO country the numbers without country code belong to ("DE"). */
  country: string;
  /** Digit(s) the PBX puts before external numbers ("0"), or null. */
  trunkPrefix: string | null;
  /** Where phone systems and browsers reach the bridge; the URLs on the sources page use it. */
  publicUrl: string;
  /** Calls older than this are deleted by the daily purge. */
  retentionDays: number;
  /** Numbers that get the phone system's "reject" answer where it has one. */
  blocklist: string[];
  /** chrome-extension://<id> and moz-extension://<uuid>: allowed sockets, and pairing links. */
  extensionOrigins: string[];
}

/** A browser extension that tried to connect and is not on the allowlist. */
export interface RefusedOrigin {
  origin: string;
  lastSeen: string;
  attempts: number;
}

export interface SettingsView {
  settings: AdminSettings;
  /** Keys set by environment variables; the console shows them read-only. */
  lockedByEnv: Array<keyof AdminSettings>;
  /**
   * Extension origins refused since the bridge started, newest first, without those allowed
   * since. The console offers "allow", which adds the origin to `extensionOrigins`.
   */
  refusedOrigins: RefusedOrigin[];
}

export const settingsPatchSchema = z
  .object({
    country: z.string().trim().regex(/^[A-Za-z]{2}$/, 'a two-letter country code such as DE'),
    trunkPrefix: z.string().trim().regex(/^\d{1,4}$/, '1 to 4 digits, such as 0').nullable(),
    publicUrl: z.url({ protocol: /^https?$/ }).max(500),
    retentionDays: z.number().int().min(1).max(3650),
    blocklist: z.array(z.string().trim().min(1).max(64)).max(10_000),
    extensionOrigins: z.array(z.string().trim().regex(/^(chrome|moz)-extension:\/\/[A-Za-z0-9-]+$/, 'an origin such as chrome-extension://<id>')).max(50),
  })
  .partial();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

// ---------------------------------------------------------------------------------------------
// Customer data

export interface CustomerDataExport {
  exportedAt: string;
  customer: CustomerCard;
  /** Every journaled call with this customer, newest first. */
  calls: CallView[];
  /** Every click-to-dial request to the customer's numbers still in the journal, newest first. */
  dials: CustomerDialExport[];
}

/** One click-to-dial request as the dial journal keeps it. */
export interface CustomerDialExport {
  requestedAt: string;
  /** Phone system asked to dial (`asterisk`, `fritzbox`, ...). */
  source: string;
  numberE164: string;
  /** Who dialed; null when that agent no longer exists. */
  agentName: string | null;
  /** `ringing`, `answered` or `failed:<why>` as the phone system reported it. */
  result: string;
  /** The missed call this dial returned, if any. */
  callback: { source: string | null; callId: string } | null;
  /** The outbound call whose answer showed the customer picked up. */
  connectedCallId: string | null;
  connectedAt: string | null;
}

export interface CustomerSearchResult {
  results: CustomerSummary[];
  total: number;
}


export type ImportTarget = ImportField | 'ignore';

export const importMappingInputSchema = z.object({
  /** `{ [column header]: field | "ignore" }`; vCard files need none. */
  mapping: z.record(z.string().max(200), z.enum([...IMPORT_FIELDS, 'ignore'])).optional(),
});
export type ImportMappingInput = z.infer<typeof importMappingInputSchema>;

export interface ImportPreviewPhone {
  number: string;
  label: string | null;
  main: boolean;
  e164: string | null;
  /** As the card will show it, or "nicht erkannt" when it cannot be matched. */
  display: string;
}

export type ImportPreviewRow =
  | { ok: true; line: number; customerNo: string; company: string | null; contacts: string[]; phones: ImportPreviewPhone[] }
  | { ok: false; line: number; field: string; column?: string; message: string };

export interface ImportInspection {
  id: string;
  fileName: string;
  kind: 'csv' | 'vcard';
  encoding: string;
  /** CSV only. */
  delimiter: string | null;
  headers: string[];
  /** The guess; the user corrects it and sends it back with preview and run. */
  mapping: Record<string, ImportTarget>;
  preview: ImportPreviewRow[];
  bytes: number;
}

export interface ImportRowError {
  line: number;
  field: string;
  column?: string;
  message: string;
}

export interface ImportJob {
  id: string;
  state: 'running' | 'done' | 'failed';
  rows: number;
  imported: number;
  updated: number;
  failed: number;
  /** The first 1,000 row errors, in file order. */
  errors: ImportRowError[];
  /** Set when the whole import failed (unreadable file), not for row errors. */
  error: string | null;
  durationMs: number;
}

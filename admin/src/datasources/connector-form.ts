/**
 * The data-source form as plain values, and back into what the bridge takes. The bridge checks
 * everything again and names the field; the console only catches what it can say better.
 */
import type { ConnectorKind, ConnectorView } from '@ringside/shared';

export const KINDS: readonly ConnectorKind[] = ['carddav', 'ldap', 'sql'];

/** Which inputs each kind shows (besides id, kind, every, enabled). */
export const KIND_FIELDS: Record<ConnectorKind, readonly FormField[]> = {
  carddav: ['url', 'username', 'password'],
  ldap: ['url', 'startTls', 'caFile', 'bindDn', 'password', 'base', 'filter', 'schema', 'pageSize', 'attributes'],
  sql: ['url', 'password', 'customers', 'documents', 'conversations'],
};

export type FormField =
  | 'url'
  | 'username'
  | 'password'
  | 'startTls'
  | 'caFile'
  | 'bindDn'
  | 'base'
  | 'filter'
  | 'schema'
  | 'pageSize'
  | 'attributes'
  | 'customers'
  | 'documents'
  | 'conversations';

export interface ConnectorFormValues {
  kind: ConnectorKind;
  id: string;
  every: string;
  enabled: boolean;
  url: string;
  username: string;
  /** Empty: keep the stored password (on edit) or none. */
  password: string;
  startTls: boolean;
  /** Path of the CA's PEM file on the bridge's machine. */
  caFile: string;
  bindDn: string;
  base: string;
  filter: string;
  schema: 'inetOrgPerson' | 'activeDirectory';
  pageSize: string;
  /** One `field=attribute` per line. */
  attributes: string;
  customers: string;
  documents: string;
  conversations: string;
}

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

export function formValuesOf(view: ConnectorView | null, kind: ConnectorKind = 'carddav'): ConnectorFormValues {
  const s = view?.settings ?? {};
  const attributes = (s['attributes'] ?? {}) as Record<string, string>;
  return {
    kind: view?.kind ?? kind,
    id: view?.id ?? '',
    every: view?.every ?? '15m',
    enabled: view?.enabled ?? true,
    url: str(s['url']),
    username: str(s['username']),
    password: '',
    startTls: s['startTls'] === true,
    caFile: str(s['caFile']),
    bindDn: str(s['bindDn']),
    base: str(s['base']),
    filter: str(s['filter']),
    schema: s['schema'] === 'activeDirectory' ? 'activeDirectory' : 'inetOrgPerson',
    pageSize: str(s['pageSize'] ?? 500),
    attributes: Object.entries(attributes).map(([field, attr]) => `${field}=${attr}`).join('\n'),
    customers: str(s['customers']),
    documents: str(s['documents']),
    conversations: str(s['conversations']),
  };
}

export type FormResult = { ok: true; input: Record<string, unknown> } | { ok: false; field: string; message: 'ds_attributes_invalid' | 'ds_page_size_invalid' };

/** The request body for create (POST) or replace (PUT): only the chosen kind's fields. */
export function connectorInput(v: ConnectorFormValues): FormResult {
  const input: Record<string, unknown> = { id: v.id.trim(), kind: v.kind, every: v.every.trim(), enabled: v.enabled };
  const text = (name: FormField, value: string) => {
    if (value.trim() !== '') input[name] = value.trim();
  };
  for (const field of KIND_FIELDS[v.kind]) {
    switch (field) {
      case 'startTls':
        input['startTls'] = v.startTls;
        break;
      case 'schema':
        input['schema'] = v.schema;
        break;
      case 'password':
        // Typed as it is: a password may start or end with a space.
        if (v.password !== '') input['password'] = v.password;
        break;
      case 'pageSize': {
        if (v.pageSize.trim() === '') break;
        const n = Number(v.pageSize);
        if (!Number.isInteger(n)) return { ok: false, field: 'pageSize', message: 'ds_page_size_invalid' };
        input['pageSize'] = n;
        break;
      }
      case 'attributes': {
        const map: Record<string, string> = {};
        for (const line of v.attributes.split('\n').map((l) => l.trim()).filter(Boolean)) {
          const m = /^([A-Za-z]+)\s*[=:]\s*([A-Za-z][A-Za-z0-9-]*)$/.exec(line);
          if (!m) return { ok: false, field: 'attributes', message: 'ds_attributes_invalid' };
          map[m[1]!] = m[2]!;
        }
        if (Object.keys(map).length > 0) input['attributes'] = map;
        break;
      }
      default:
        text(field, v[field]);
    }
  }
  return { ok: true, input };
}

import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { Client, InvalidCredentialsError, NoSuchObjectError, type Entry } from 'ldapts';
import type { LdapConnectorConfig, LdapField } from '@ringside/shared';
import type { Field } from '../import/csv-mapping.js';
import type { FieldValues } from '../import/rows.js';
import { ConnectorError, pacer, type Connector } from './connector.js';
import { CustomerGroups, companyKey, idKey } from './records.js';

/**
 * LDAP directories: OpenLDAP and others with inetOrgPerson, and Active Directory. The search is
 * paged (RFC 2696), so a directory of any size comes in pages of `pageSize` entries. People are
 * grouped by company into customers, as on the CardDAV side.
 */

type AttributeMap = Partial<Record<LdapField, string>>;

export const LDAP_DEFAULTS: Record<LdapConnectorConfig['schema'], { filter: string; attributes: AttributeMap }> = {
  inetOrgPerson: {
    filter: '(objectClass=inetOrgPerson)',
    attributes: {
      company: 'o',
      firstName: 'givenName',
      lastName: 'sn',
      name: 'cn',
      role: 'title',
      phone: 'telephoneNumber',
      mobile: 'mobile',
      phoneHome: 'homePhone',
      email: 'mail',
      notes: 'description',
      id: 'entryUUID',
    },
  },
  activeDirectory: {
    // People and mail contacts; disabled accounts still have numbers worth recognizing.
    filter: '(&(objectCategory=person)(|(objectClass=user)(objectClass=contact)))',
    attributes: {
      company: 'company',
      firstName: 'givenName',
      lastName: 'sn',
      name: 'displayName',
      role: 'title',
      phone: 'telephoneNumber',
      mobile: 'mobile',
      phoneHome: 'homePhone',
      otherPhones: 'otherTelephone',
      email: 'mail',
      notes: 'info',
      id: 'objectGUID',
    },
  },
};

export const ldapConnector: Connector<LdapConnectorConfig> = {
  kind: 'ldap',
  async *pull(config, ctx) {
    const defaults = LDAP_DEFAULTS[config.schema];
    const map: AttributeMap = { ...defaults.attributes, ...config.attributes };
    const host = new URL(config.url).hostname.replace(/^\[|\]$/g, '');
    // SNI takes host names only; an address is still checked against the certificate's IP entries.
    const tlsOptions = { ...(isIP(host) === 0 && { servername: host }), ...(config.caFile && { ca: readCa(config.caFile) }) };
    // ldapts takes TLS options in the constructor for ldaps:// only: given there, they break a
    // later StartTLS on ldap:// (the handshake is reset). It also adds to the object it is given.
    const ldaps = config.url.toLowerCase().startsWith('ldaps:');
    const client = new Client({ url: config.url, timeout: 60_000, connectTimeout: 10_000, strictDN: false, ...(ldaps && { tlsOptions: { ...tlsOptions } }) });
    const groups = new CustomerGroups(ctx.numbering, ctx.skip);
    try {
      try {
        if (config.startTls && !ldaps) await client.startTLS({ ...tlsOptions });
        if (config.bindDn) await client.bind(config.bindDn, ctx.password ?? '');
      } catch (err) {
        if (err instanceof InvalidCredentialsError) throw new ConnectorError('the directory refused the bind DN or password (invalid credentials)', { cause: err, code: 'auth' });
        throw err;
      }
      const pages = client.searchPaginated(config.base, {
        scope: 'sub',
        filter: config.filter ?? defaults.filter,
        attributes: [...new Set(Object.values(map))],
        explicitBufferAttributes: map.id === 'objectGUID' ? ['objectGUID'] : [],
        paged: { pageSize: config.pageSize },
      });
      let entries = 0;
      const pace = pacer();
      try {
        for await (const page of pages) {
          for (const entry of page.searchEntries) {
            addEntry(groups, entry, map);
            entries++;
            await pace();
          }
          if (ctx.signal.aborted) throw new Error('aborted');
        }
      } catch (err) {
        if (err instanceof NoSuchObjectError) throw new ConnectorError(`the base DN "${config.base}" does not exist in the directory`, { cause: err, code: 'not_found' });
        throw err;
      }
      ctx.log.info('ldap entries', { entries, customers: groups.size });
    } finally {
      await client.unbind().catch(() => {});
    }
    yield* groups.lines();
  },
};

function readCa(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new ConnectorError(`caFile ${path} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`, { code: 'tls' });
  }
}

/** Fields from `map` that are card fields (everything but the entry's id). */
const CARD_FIELDS = (map: AttributeMap) => Object.entries(map).filter(([field]) => field !== 'id') as Array<[Field, string]>;

function addEntry(groups: CustomerGroups, entry: Entry, map: AttributeMap): void {
  const fields: FieldValues = {};
  for (const [field, attribute] of CARD_FIELDS(map)) {
    const values = valuesOf(entry, attribute);
    if (values.length > 0) fields[field] = field === 'email' ? values.slice(0, 1) : values;
  }
  // cn repeats givenName + sn; it only stands in when they are missing.
  if (fields.firstName || fields.lastName) delete fields.name;
  const company = fields.company?.[0];
  const id = map.id ? valuesOf(entry, map.id)[0] : undefined;
  const key = fields.customerNo?.[0] ?? (company ? companyKey(company) : idKey('L', id ?? entry.dn));
  delete fields.customerNo;
  // A person's description is about the person when they belong to a company.
  if (company && fields.notes && (fields.firstName || fields.lastName || fields.name)) {
    fields.contactNotes = fields.notes;
    delete fields.notes;
  }
  groups.add(key, fields, entry.dn);
}

/** Attribute names are case-insensitive in LDAP; ldapts keys them as the server sent them. */
function valuesOf(entry: Entry, attribute: string): string[] {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase());
  if (!key) return [];
  const raw = entry[key];
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.map((v) => (Buffer.isBuffer(v) ? v.toString('hex') : String(v).trim())).filter(Boolean);
}

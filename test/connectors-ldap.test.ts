import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeHarnesses, connectorHarness } from './helpers/connector-harness.js';
import { LDAP_READER, LDAP_SUFFIX, Slapd, ldifLine } from './helpers/slapd.js';

/**
 * The LDAP connector against Debian's slapd: an inetOrgPerson tree of 5,000 people (4,000 in
 * 800 companies, 1,000 private), read by a user who gets at most 1,000 entries unpaged.
 */

const FIRST = ['Jürgen', 'Käthe', 'Björn', 'Özlem', 'Günther'];
const pad = (n: number, w = 4) => String(n).padStart(w, '0');
const companyName = (c: number) => `Müller Haustechnik ${c}`;

function person(i: number): string {
  const c = i < 4000 ? Math.floor(i / 5) : null;
  const first = FIRST[i % FIRST.length]!;
  const last = `Weiß-${pad(i)}`;
  return [
    `dn: uid=p${i},ou=people,${LDAP_SUFFIX}`,
    'objectClass: inetOrgPerson',
    `uid: p${i}`,
    ldifLine('cn', `${first} ${last}`),
    ldifLine('sn', last),
    ldifLine('givenName', first),
    ...(c !== null ? [ldifLine('o', companyName(c)), `telephoneNumber: +49 40 55${pad(c)}-${10 + (i % 5)}`, ldifLine('title', 'Geschäftsführer')] : []),
    `mobile: 0151 ${20000000 + i}`,
    `mail: p${i}@example.de`,
    '',
  ].join('\n');
}

describe('LDAP connector (slapd)', () => {
  let slapd: Slapd;
  beforeAll(async () => {
    const people = Array.from({ length: 5000 }, (_, i) => person(i)).join('\n');
    slapd = await Slapd.start(`dn: ou=people,${LDAP_SUFFIX}\nobjectClass: organizationalUnit\nou: people\n\n${people}`);
  });
  afterAll(async () => {
    await closeHarnesses();
    await slapd?.stop();
  });

  const config = (extra: Record<string, unknown> = {}) => ({
    id: 'verzeichnis',
    kind: 'ldap' as const,
    every: '1h',
    url: slapd.url,
    bindDn: LDAP_READER.dn,
    password: LDAP_READER.password,
    base: `ou=people,${LDAP_SUFFIX}`,
    pageSize: 500,
    ...extra,
  });

  it('the server gives this user at most 1,000 entries unpaged', () => {
    const plain = spawnSync('ldapsearch', ['-x', '-H', slapd.url, '-D', LDAP_READER.dn, '-w', LDAP_READER.password, '-b', `ou=people,${LDAP_SUFFIX}`, '(objectClass=inetOrgPerson)', 'uid'], { encoding: 'utf8' });
    expect(plain.status).toBe(4); // sizeLimitExceeded
  });

  it('reads all 5,000 people in pages and groups them into 800 companies and 1,000 private customers', async () => {
    const h = await connectorHarness(config());
    const { view, pulled } = await h.run();
    expect(view.error).toBeNull();
    expect(view.problems).toEqual([]);
    expect(view.counts.customers).toEqual({ created: 1800, updated: 0, deleted: 0, unchanged: 0, failed: 0 });
    expect(h.log.calls.find((c) => c.msg === 'ldap entries')?.fields).toMatchObject({ entries: 5000, customers: 1800 });
    const customers = [...pulled!.customers.values()] as Array<{ company: string | null; contacts: Array<{ firstName: string; lastName: string; role: string | null; phones: Array<{ number: string }> }> }>;
    expect(customers).toHaveLength(1800);
    expect(customers.reduce((n, c) => n + c.contacts.length, 0)).toBe(5000);
    const firm = customers.find((c) => c.company === companyName(7))!;
    expect(firm.contacts.map((k) => k.firstName)).toEqual(expect.arrayContaining(['Jürgen', 'Käthe', 'Björn', 'Özlem', 'Günther']));
    expect(firm.contacts.find((k) => k.lastName === 'Weiß-0035')).toMatchObject({ role: 'Geschäftsführer', phones: [{ number: '+49 40 550007-10' }, { number: '0151 20000035' }] });
  });

  it('names the wrong password and the wrong base in plain words', async () => {
    const wrongPassword = await (await connectorHarness(config({ password: 'falsch-falsch' }))).run();
    expect(wrongPassword.view.error).toMatch(/refused the bind DN or password/);
    expect(wrongPassword.pulled).toBeNull();
    const wrongBase = await (await connectorHarness(config({ base: `ou=nobody,${LDAP_SUFFIX}` }))).run();
    expect(wrongBase.view.error).toMatch(/base DN "ou=nobody,dc=example,dc=org" does not exist/);
  });

  it('encrypts with StartTLS or ldaps://, trusting the directory\'s CA from caFile and refusing it without', async () => {
    const trusted = await (await connectorHarness(config({ id: 'tls', startTls: true, caFile: slapd.caFile }))).run();
    expect(trusted.view.error).toBeNull();
    expect(trusted.view.counts.customers?.created).toBe(1800);
    const untrusted = await (await connectorHarness(config({ id: 'tls-untrusted', startTls: true }))).run();
    expect(untrusted.view.ok).toBe(false);
    expect(untrusted.view.error).toMatch(/TLS certificate is self-signed and not trusted/);
    expect(untrusted.view.errorCode).toBe('tls');
    const ldaps = await (await connectorHarness(config({ id: 'ldaps', url: slapd.ldapsUrl, caFile: slapd.caFile }))).run();
    expect(ldaps.view.error).toBeNull();
    expect(ldaps.view.counts.customers?.created).toBe(1800);
  });

  it('says so when nothing listens', async () => {
    const h = await connectorHarness(config({ url: 'ldap://127.0.0.1:9' }));
    const { view } = await h.run();
    expect(view.ok).toBe(false);
    expect(view.error).toMatch(/connection refused/);
    expect(view.errorCode).toBe('unreachable');
  });
});

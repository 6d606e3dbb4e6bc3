import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './bridge-process.js';
import { ChildServer, requireBinary } from './child-server.js';

export const LDAP_SUFFIX = 'dc=example,dc=org';
export const LDAP_READER = { dn: `cn=reader,${LDAP_SUFFIX}`, password: 'Lese-Recht-42' };

/** One attribute line of LDIF; values that are not plain ASCII go base64 (RFC 2849). */
export function ldifLine(name: string, value: string): string {
  return /^[\x20-\x7e]*$/.test(value) && !/^[ :<]/.test(value) ? `${name}: ${value}` : `${name}:: ${Buffer.from(value, 'utf8').toString('base64')}`;
}

/**
 * Debian's OpenLDAP slapd with an mdb database, loaded with `slapadd` before it starts (5,000
 * entries in a second instead of one add per entry). A read-only user whose searches are
 * limited to 1,000 entries unless they are paged, as directories are set up in practice.
 */
export class Slapd {
  private constructor(
    private readonly dir: string,
    readonly port: number,
    private readonly server: ChildServer,
    /** The self-signed certificate slapd offers for StartTLS and ldaps://, to trust as CA. */
    readonly caFile: string,
    readonly ldapsPort: number,
  ) {}

  get url(): string {
    return `ldap://127.0.0.1:${this.port}`;
  }

  get ldapsUrl(): string {
    return `ldaps://127.0.0.1:${this.ldapsPort}`;
  }

  static async start(entriesLdif: string): Promise<Slapd> {
    const slapd = requireBinary('/usr/sbin/slapd', 'slapd');
    const slapadd = requireBinary('/usr/sbin/slapadd', 'slapd');
    const dir = mkdtempSync(join(tmpdir(), 'ringside-slapd-'));
    mkdirSync(join(dir, 'db'));
    const port = await freePort();
    const conf = join(dir, 'slapd.conf');
    // A throwaway certificate for 127.0.0.1, so StartTLS can be tried, trusted and distrusted.
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    const made = spawnSync(requireBinary('openssl', 'openssl'), [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', key, '-out', cert,
    ], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
    writeFileSync(
      conf,
      [
        `TLSCertificateFile ${cert}`,
        `TLSCertificateKeyFile ${key}`,
        'include /etc/ldap/schema/core.schema',
        'include /etc/ldap/schema/cosine.schema',
        'include /etc/ldap/schema/inetorgperson.schema',
        'modulepath /usr/lib/ldap',
        'moduleload back_mdb',
        `pidfile ${join(dir, 'slapd.pid')}`,
        'database mdb',
        'maxsize 268435456',
        `suffix "${LDAP_SUFFIX}"`,
        `rootdn "cn=admin,${LDAP_SUFFIX}"`,
        'rootpw admin-secret',
        `directory ${join(dir, 'db')}`,
        // Without paging a search stops at 1,000 entries; paged, it may read them all.
        'limits users size.soft=1000 size.hard=1000 size.prtotal=unlimited',
        'access to attrs=userPassword by anonymous auth by * none',
        'access to * by users read by * none',
        '',
      ].join('\n'),
    );
    const base = [
      `dn: ${LDAP_SUFFIX}`,
      'objectClass: dcObject',
      'objectClass: organization',
      'dc: example',
      'o: Example',
      '',
      `dn: ${LDAP_READER.dn}`,
      'objectClass: person',
      'cn: reader',
      'sn: reader',
      `userPassword: ${LDAP_READER.password}`,
      '',
    ].join('\n');
    writeFileSync(join(dir, 'data.ldif'), `${base}\n${entriesLdif}`);
    const added = spawnSync(slapadd, ['-q', '-f', conf, '-l', join(dir, 'data.ldif')], { encoding: 'utf8' });
    if (added.status !== 0) throw new Error(`slapadd failed: ${added.stderr}`);
    const ldapsPort = await freePort();
    const server = ChildServer.start('slapd', slapd, ['-d', '0', '-f', conf, '-h', `ldap://127.0.0.1:${port}/ ldaps://127.0.0.1:${ldapsPort}/`]);
    await server.waitForPort(port);
    await server.waitForPort(ldapsPort);
    return new Slapd(dir, port, server, cert, ldapsPort);
  }

  async stop(): Promise<void> {
    await this.server.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

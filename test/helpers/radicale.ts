import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './bridge-process.js';
import { ChildServer, requireBinary } from './child-server.js';

/** Debian's Radicale (CardDAV with sync-token and getctag), one user with a password. */
export class Radicale {
  readonly user = 'anna';
  readonly password = 'Geheim-4711';
  private constructor(
    private readonly dir: string,
    readonly port: number,
    private readonly server: ChildServer,
  ) {}

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /**
   * Start with address books already on disk (`{ kontakte: { 'p-1.vcf': 'BEGIN:VCARD...' } }`),
   * in Radicale's own storage layout: a PUT costs Radicale ~60 ms, seeding 200 files a few.
   */
  static async start(seed: Record<string, Record<string, string>> = {}): Promise<Radicale> {
    const bin = requireBinary('radicale', 'radicale');
    const dir = mkdtempSync(join(tmpdir(), 'ringside-radicale-'));
    const port = await freePort();
    writeFileSync(join(dir, 'users'), 'anna:Geheim-4711\n');
    writeFileSync(
      join(dir, 'config'),
      [
        '[server]',
        `hosts = 127.0.0.1:${port}`,
        '[auth]',
        'type = htpasswd',
        `htpasswd_filename = ${join(dir, 'users')}`,
        'htpasswd_encryption = plain',
        '[rights]',
        'type = owner_only',
        '[storage]',
        `filesystem_folder = ${join(dir, 'collections')}`,
        '[logging]',
        'level = warning',
      ].join('\n'),
    );
    for (const [book, cards] of Object.entries(seed)) {
      const folder = join(dir, 'collections', 'collection-root', 'anna', book);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, '.Radicale.props'), JSON.stringify({ tag: 'VADDRESSBOOK', 'D:displayname': book }));
      for (const [name, vcard] of Object.entries(cards)) writeFileSync(join(folder, name), vcard);
    }
    const server = ChildServer.start('radicale', bin, ['--config', join(dir, 'config')]);
    await server.waitForPort(port);
    return new Radicale(dir, port, server);
  }

  private async req(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Response> {
    const auth = `Basic ${Buffer.from(`${this.user}:${this.password}`).toString('base64')}`;
    const res = await fetch(`${this.base}${path}`, { method, body, headers: { authorization: auth, ...headers } });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res;
  }

  /** An address book at /anna/<name>/ (extended MKCOL, RFC 5689). */
  async createAddressBook(name: string): Promise<string> {
    const path = `/${this.user}/${name}/`;
    await this.req(
      'MKCOL',
      path,
      `<?xml version="1.0" encoding="utf-8"?>
<D:mkcol xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><D:set><D:prop>
<D:resourcetype><D:collection/><C:addressbook/></D:resourcetype><D:displayname>${name}</D:displayname>
</D:prop></D:set></D:mkcol>`,
      { 'content-type': 'application/xml; charset=utf-8' },
    );
    return path;
  }

  async put(path: string, vcard: string): Promise<void> {
    await this.req('PUT', path, vcard, { 'content-type': 'text/vcard; charset=utf-8' });
  }

  async delete(path: string): Promise<void> {
    await this.req('DELETE', path);
  }

  /** A server that hangs: connections are accepted, no request is answered until `resume()`. */
  pause(): void {
    this.server.pause();
  }

  resume(): void {
    this.server.resume();
  }

  async stop(): Promise<void> {
    await this.server.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

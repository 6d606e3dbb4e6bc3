import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memorySettings } from '../testing/memory-settings.js';
import { ConnectorCatalog, loadConnectorsFile, redactUrl, urlPassword } from './catalog.js';

const dir = mkdtempSync(join(tmpdir(), 'ringside-catalog-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(content: unknown): string {
  const path = join(dir, `c-${Math.random()}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const carddav = { id: 'nextcloud', kind: 'carddav', every: '15m', url: 'https://cloud.example.de/remote.php/dav/', username: 'anna' };

describe('RINGSIDE_CONNECTORS file', () => {
  it('resolves {"env": ...} secrets and keeps which variable it was', () => {
    const [entry] = loadConnectorsFile(file({ connectors: [{ ...carddav, password: { env: 'DAV_PW' } }] }), { DAV_PW: 's3cret' });
    expect(entry).toMatchObject({ password: 's3cret', passwordEnv: 'DAV_PW', fromFile: true, config: { id: 'nextcloud', enabled: true } });
  });

  it.each([
    ['a missing variable', { connectors: [{ ...carddav, password: { env: 'NOPE' } }] }, /connectors\.0\.password: environment variable NOPE is not set$/],
    ['a bad interval', { connectors: [{ ...carddav, every: 'often' }] }, /connectors\.0\.every: an interval such as "15m"/],
    ['an interval under 30 s', { connectors: [{ ...carddav, every: '5s' }] }, /connectors\.0\.every:/],
    ['an unknown kind', { connectors: [{ ...carddav, kind: 'exchange' }] }, /connectors\.0\.kind:/],
    ['a misspelt field', { connectors: [{ ...carddav, usernme: 'x' }] }, /connectors\.0: .*usernme/],
    ['an LDAP URL without ldap://', { connectors: [{ id: 'ad', kind: 'ldap', every: '1h', url: 'dc.example.local', base: 'dc=example' }] }, /connectors\.0\.url: ldap:\/\/host/],
    ['a SQL URL of another database', { connectors: [{ id: 'erp', kind: 'sql', every: '1h', url: 'mssql://erp/db', customers: 'SELECT 1 AS customerNo' }] }, /connectors\.0\.url: postgres:\/\//],
    ['the same id twice', { connectors: [carddav, carddav] }, /connectors\.1\.id: "nextcloud" is used twice/],
    ['no list', { connectors: {} }, /connectors: /],
  ])('names the field of %s', (_name, content, message) => {
    expect(() => loadConnectorsFile(file(content), {})).toThrow(message);
  });

  it('says when the file is missing or not JSON', () => {
    expect(() => loadConnectorsFile(join(dir, 'nope.json'), {})).toThrow(/RINGSIDE_CONNECTORS: .*nope\.json: file not found/);
    expect(() => loadConnectorsFile(file('{"connectors": ['), {})).toThrow(/RINGSIDE_CONNECTORS: .*JSON/);
  });
});

describe('passwords in URLs', () => {
  it('finds and hides them, and leaves URLs without one alone', () => {
    expect(urlPassword('postgres://erp:Geheim%21@db.local/erp')).toBe('Geheim%21');
    expect(redactUrl('postgres://erp:Geheim%21@db.local/erp')).toBe('postgres://erp:***@db.local/erp');
    expect(urlPassword('mysql://erp@db.local/erp')).toBeNull();
    expect(redactUrl('https://cloud.example.de/remote.php/dav/')).toBe('https://cloud.example.de/remote.php/dav/');
  });

  it('refuses one typed into the console', async () => {
    const catalog = await ConnectorCatalog.load(memorySettings(), null);
    await expect(catalog.save(null, { id: 'erp', kind: 'sql', every: '1h', url: 'postgres://erp:pw@db/erp', customers: 'SELECT 1 AS customerNo' })).rejects.toMatchObject({ field: 'url' });
  });
});

describe('connectors from the console', () => {
  it('keeps the stored password when an edit leaves it out, and refuses changing what the file set', async () => {
    const settings = memorySettings();
    const fromFile = loadConnectorsFile(file({ connectors: [{ ...carddav, id: 'office', password: 'x' }] }), {});
    const catalog = await ConnectorCatalog.load(settings, { path: 'connectors.json', entries: fromFile });
    await catalog.save(null, { ...carddav, password: 'first-password' });
    const edited = await catalog.save('nextcloud', { ...carddav, every: '1h' });
    expect(edited.password).toBe('first-password');
    expect(edited.config.every).toBe('1h');
    await expect(catalog.save('office', carddav)).rejects.toMatchObject({ field: 'id', status: 409 });
    await expect(catalog.save(null, { ...carddav, id: 'office' })).rejects.toMatchObject({ field: 'id', status: 409 });
    await expect(catalog.save(null, { ...carddav, id: 'env', password: { env: 'X' } })).rejects.toMatchObject({ field: 'password' });
    await expect(catalog.save(null, { ...carddav, id: 'bad', url: 'ftp://x' })).rejects.toMatchObject({ field: 'url' });
    // A refused change wrote nothing; a reload sees what was saved.
    const again = await ConnectorCatalog.load(settings, null);
    expect(again.list().map((e) => [e.config.id, e.config.every, e.password])).toEqual([['nextcloud', '1h', 'first-password']]);
    expect(await again.remove('nextcloud')).toBe(true);
    expect(again.list()).toEqual([]);
  });
});

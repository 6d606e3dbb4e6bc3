import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { describeStore } from './store/open-store.js';

describe('configuration from the environment', () => {
  it('has defaults that start on a fresh machine', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ host: '127.0.0.1', port: 7070, dbFile: './data/ringside.sqlite', country: 'DE', trunkPrefix: null, adminToken: null, demo: false });
    expect(c.publicUrl).toBe('http://127.0.0.1:7070');
    expect(c.callTimeoutMs).toBe(120 * 60_000);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('reads phone-system settings, per-source tokens included', () => {
    const c = loadConfig({
      RINGSIDE_COUNTRY: 'at',
      RINGSIDE_TRUNK_PREFIX: '0',
      RINGSIDE_WEBHOOK_TOKEN_SIPGATE: 'sipgate-token-0123456789',
      RINGSIDE_FRITZBOX: 'fritz.box:1012',
      RINGSIDE_AMI: 'ami://ringside:geheim@pbx.local:5038',
      RINGSIDE_AMI_PHONE_CONTEXTS: 'from-internal, phones',
      RINGSIDE_EXTENSION_ORIGINS: 'chrome-extension://abc, moz-extension://def/',
    });
    expect(c).toMatchObject({ country: 'AT', trunkPrefix: '0', extensionOrigins: ['chrome-extension://abc', 'moz-extension://def'] });
    expect(c.pbx).toMatchObject({ sourceTokens: { sipgate: 'sipgate-token-0123456789' }, fritzbox: 'fritz.box:1012', ami: 'ami://ringside:geheim@pbx.local:5038', amiPhoneContexts: ['from-internal', 'phones'] });
    expect(loadConfig({}).pbx.amiPhoneContexts).toEqual(['from-internal']);
  });

  it('selects PostgreSQL only with RINGSIDE_DATABASE_URL, and never logs its password', () => {
    expect(loadConfig({}).database).toBeNull();
    const c = loadConfig({ RINGSIDE_DATABASE_URL: 'postgres://ringside:geheim@db:5432/ringside', RINGSIDE_DATABASE_POOL: '20' });
    expect(c.database).toEqual({ url: 'postgres://ringside:geheim@db:5432/ringside', poolSize: 20 });
    expect(describeStore(c)).toBe('postgres://ringside:***@db:5432/ringside');
    expect(describeStore(loadConfig({ RINGSIDE_DB: '/var/lib/ringside/db.sqlite' }))).toBe('/var/lib/ringside/db.sqlite');
  });

  it.each([
    ['RINGSIDE_DATABASE_URL', 'mysql://db/ringside'],
    ['RINGSIDE_DATABASE_URL', 'db:5432'],
  ])('names %s when it is %s', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^${name}: `));
  });

  it('shares state through Redis only with RINGSIDE_REDIS_URL, which needs PostgreSQL', () => {
    const pg = { RINGSIDE_DATABASE_URL: 'postgres://db/ringside' };
    expect(loadConfig(pg).redis).toBeNull();
    expect(loadConfig({ ...pg, RINGSIDE_REDIS_URL: 'redis://:pw@cache:6379/2' }).redis).toEqual({ url: 'redis://:pw@cache:6379/2', prefix: 'ringside:' });
    expect(loadConfig({ ...pg, RINGSIDE_REDIS_URL: 'rediss://cache', RINGSIDE_REDIS_PREFIX: 'office-7:' }).redis?.prefix).toBe('office-7:');
    expect(() => loadConfig({ RINGSIDE_REDIS_URL: 'redis://cache' })).toThrow(/^RINGSIDE_REDIS_URL needs RINGSIDE_DATABASE_URL/);
    expect(() => loadConfig({ ...pg, RINGSIDE_REDIS_URL: 'http://cache' })).toThrow(/^RINGSIDE_REDIS_URL: /);
    expect(() => loadConfig({ ...pg, RINGSIDE_REDIS_URL: 'cache:6379' })).toThrow(/^RINGSIDE_REDIS_URL: /);
    expect(() => loadConfig({ ...pg, RINGSIDE_REDIS_URL: 'redis://cache', RINGSIDE_REDIS_PREFIX: 'a b' })).toThrow(/^RINGSIDE_REDIS_PREFIX: /);
  });

  it('checks the pool size', () => {
    expect(() => loadConfig({ RINGSIDE_DATABASE_URL: 'postgresql://db/ringside', RINGSIDE_DATABASE_POOL: '1' })).toThrow(/^RINGSIDE_DATABASE_POOL: /);
  });

  it.each([
    ['RINGSIDE_PORT', '70000'],
    ['RINGSIDE_PORT', 'abc'],
    ['RINGSIDE_COUNTRY', 'XX'],
    ['RINGSIDE_TRUNK_PREFIX', '0a'],
    ['RINGSIDE_ADMIN_TOKEN', 'short'],
    ['RINGSIDE_LOG_LEVEL', 'loud'],
    ['RINGSIDE_PUBLIC_URL', 'not a url'],
    ['RINGSIDE_AMI', 'http://pbx:5038'],
    ['RINGSIDE_AMI_PHONE_CONTEXTS', 'from-internal,ph ones'],
    ['RINGSIDE_FRITZBOX', 'fritz box'],
    ['RINGSIDE_PBX_BASIC_AUTH', 'nocolon'],
    ['RINGSIDE_EXTENSION_ORIGINS', 'example.com'],
    ['RINGSIDE_SIPGATE_PUBLIC_KEY', '/no/such/file.pem'],
  ])('%s=%s is refused with a message naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});

import { httpAdapters } from './pbx/index.js';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { SECURED_SOURCES, securityConfig } from './config-security.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('security configuration', () => {
  it('defaults: 500/s with a burst of 1,000 for every source, no lists, no proxy, no signing, no TLS', () => {
    const c = loadConfig({}).security;
    for (const source of SECURED_SOURCES) expect(c.rateLimits[source]).toEqual({ perSecond: 500, burst: 1000 });
    expect(c).toMatchObject({ allowIps: {}, trustProxy: null, genericSigningSecret: null, tls: null });
    expect(loadConfig({}).publicUrl).toBe('http://127.0.0.1:7070');
  });

  it('covers every phone-system route: the HTTP adapters and 3CX', () => {
    expect([...SECURED_SOURCES].sort()).toEqual([...httpAdapters.map((a) => a.id), '3cx'].sort());
  });

  it('reads rate limits for all sources and per source; 0 is off', () => {
    const c = securityConfig({ RINGSIDE_RATE_LIMIT: '100', RINGSIDE_RATE_LIMIT_SIPGATE: '50', RINGSIDE_RATE_LIMIT_3CX: '0' });
    expect(c.rateLimits.generic).toEqual({ perSecond: 100, burst: 200 });
    expect(c.rateLimits.sipgate).toEqual({ perSecond: 50, burst: 100 });
    expect(c.rateLimits['3cx']).toEqual({ perSecond: 0, burst: 0 });
  });

  it('reads allowlists, the trusted proxy and the signing secret', () => {
    const c = securityConfig({
      RINGSIDE_ALLOW_IPS_SIPGATE: '203.0.113.0/24, 2001:db8::/32,198.51.100.7',
      RINGSIDE_ALLOW_IPS_ZAMMAD: '',
      RINGSIDE_TRUST_PROXY: 'loopback, 10.0.0.0/8',
      RINGSIDE_GENERIC_SIGNING_SECRET: SECRET,
    });
    expect(c.allowIps).toEqual({ sipgate: ['203.0.113.0/24', '2001:db8::/32', '198.51.100.7'] });
    expect(c.trustProxy).toEqual(['loopback', '10.0.0.0/8']);
    expect(c.genericSigningSecret).toBe(SECRET);
    expect(securityConfig({ RINGSIDE_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(securityConfig({ RINGSIDE_TRUST_PROXY: '0' }).trustProxy).toBeNull();
  });

  it.each([
    ['RINGSIDE_RATE_LIMIT', '-1'],
    ['RINGSIDE_RATE_LIMIT', 'fast'],
    ['RINGSIDE_RATE_LIMIT', '2000000'],
    ['RINGSIDE_RATE_LIMIT_SIPGATE', '5/s'],
    ['RINGSIDE_RATE_LIMIT_SIPGTE', '5'],
    ['RINGSIDE_ALLOW_IPS_SIPGATE', '203.0.113.0/33'],
    ['RINGSIDE_ALLOW_IPS_SIPGATE', '203.0.113.0/24,sipgate.de'],
    ['RINGSIDE_ALLOW_IPS_TWILIO', '2001:db8::/200'],
    ['RINGSIDE_ALLOW_IPS_FOO', '10.0.0.1'],
    ['RINGSIDE_TRUST_PROXY', 'true'],
    ['RINGSIDE_TRUST_PROXY', '99'],
    ['RINGSIDE_TRUST_PROXY', 'proxy.local'],
    ['RINGSIDE_GENERIC_SIGNING_SECRET', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
    ['RINGSIDE_GENERIC_SIGNING_SECRET', 'whsec_c2hvcnQ='],
    ['RINGSIDE_GENERIC_SIGNING_SECRET', 'whsec_not base64 at all, sorry!!'],
    ['RINGSIDE_TLS_CERT', '/no/such/cert.pem'],
    ['RINGSIDE_TLS_KEY', '/no/such/key.pem'],
  ])('%s=%s is refused with a message naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  it('TLS needs both files; a missing one is named', () => {
    expect(() => loadConfig({ RINGSIDE_TLS_CERT: '/no/such/cert.pem', RINGSIDE_TLS_KEY: '/no/such/key.pem' })).toThrow('RINGSIDE_TLS_CERT: no such file');
    expect(() => loadConfig({ RINGSIDE_TLS_CERT: '/no/such/cert.pem' })).toThrow(/RINGSIDE_TLS_KEY: set it together/);
    expect(() => loadConfig({ RINGSIDE_TLS_KEY: '/no/such/key.pem' })).toThrow(/RINGSIDE_TLS_CERT: set it together/);
  });
});

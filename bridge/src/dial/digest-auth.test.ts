import { describe, expect, it } from 'vitest';
import { digestAuthorization, parseDigestChallenge } from './digest-auth.js';

// RFC 7616 §3.9.1, "Example with SHA-256 and MD5": the published challenge, request and responses.
const RFC_HEADER =
  'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, ' +
  'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS", ' +
  'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=MD5, ' +
  'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"';
const RFC_REQUEST = { method: 'GET', uri: '/dir/index.html', username: 'Mufasa', password: 'Circle of Life', cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ', nonceCount: 1 };

describe('digest auth (RFC 7616)', () => {
  it('prefers SHA-256 and answers the RFC example with its published response', () => {
    const challenge = parseDigestChallenge(RFC_HEADER)!;
    expect(challenge.algorithm).toBe('SHA-256');
    const header = digestAuthorization(challenge, RFC_REQUEST);
    expect(header).toContain('response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"');
    expect(header).toContain('nc=00000001');
    expect(header).toContain('opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"');
  });

  it('answers the MD5 variant of the RFC example', () => {
    const md5 = parseDigestChallenge(RFC_HEADER.split(', Digest ')[1]!.replace(/^/, 'Digest '))!;
    expect(md5.algorithm).toBe('MD5');
    expect(digestAuthorization(md5, RFC_REQUEST)).toContain('response="8ca523f5e9506fed4657c9700eebdbec"');
  });

  it('skips challenges it cannot answer and Basic ones', () => {
    expect(parseDigestChallenge('Basic realm="x"')).toBeNull();
    expect(parseDigestChallenge('Digest realm="x", nonce="n", algorithm=SHA-512-256')).toBeNull();
    expect(parseDigestChallenge('Digest realm="x", nonce="n", qop="auth-int"')).toBeNull();
    expect(parseDigestChallenge(null)).toBeNull();
    expect(parseDigestChallenge('Basic realm="a", Digest realm="F!Box SOAP-Auth", nonce="ABC", algorithm=MD5, qop="auth"')?.realm).toBe('F!Box SOAP-Auth');
  });

  it('escapes quotes in the user name', () => {
    const header = digestAuthorization({ realm: 'r', nonce: 'n', algorithm: 'MD5' }, { method: 'POST', uri: '/', username: 'a"b', password: 'p', cnonce: 'c' });
    expect(header).toContain('username="a\\"b"');
    expect(header).not.toContain('qop=');
  });
});

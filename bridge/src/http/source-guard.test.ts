import type { NextFunction, Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { securityConfig } from '../config-security.js';
import { MemoryCoordination } from '../cluster/memory.js';
import { createFailedAttempts } from './failed-attempts.js';
import { createSourceGuard } from './source-guard.js';

/** Just enough of express's req/res to run the middleware without a server. */
function fakeRes(): { res: Response; out: Out } {
  const out: Out = { headers: {}, passed: false };
  const res = {
    status(code: number) {
      out.status = code;
      return this;
    },
    set(name: string, value: string) {
      out.headers[name] = value;
      return this;
    },
    json(body: unknown) {
      out.body = body;
      return this;
    },
  } as unknown as Response;
  return { res, out };
}

/** The check may ask the shared state (a promise): its answer is in after the next turn. */
async function run(handler: ReturnType<ReturnType<typeof createSourceGuard>['check']>, address: string, ip = address) {
  const { res, out } = fakeRes();
  const req = { ip, socket: { remoteAddress: address } } as unknown as Request;
  handler(req, res, (() => (out.passed = true)) as NextFunction);
  await new Promise((resolve) => setImmediate(resolve));
  return out;
}

type Out = { status?: number; headers: Record<string, string>; body?: unknown; passed: boolean };

describe('source guard', () => {
  it('refuses an address off the list with 403 before anything is counted', async () => {
    const counted: [string, number][] = [];
    const guard = createSourceGuard(securityConfig({ RINGSIDE_ALLOW_IPS_SIPGATE: '10.0.0.0/8', RINGSIDE_RATE_LIMIT_SIPGATE: '1' }), {
      metrics: { webhook: (s, status) => counted.push([s, status]) },
      now: () => 0,
    });
    const check = guard.check('sipgate');
    for (let i = 0; i < 5; i++) {
      expect(await run(check, '127.0.0.1')).toMatchObject({
        status: 403,
        passed: false,
        body: { error: 'forbidden', message: 'address not allowed for source sipgate', field: 'source' },
      });
    }
    expect((await run(check, '::ffff:10.1.2.3')).passed).toBe(true);
    expect(counted).toEqual(Array.from({ length: 5 }, () => ['sipgate', 403]));
  });

  it('spends the source budget only when asked to (after the token passed), with 429 and Retry-After', async () => {
    const counted: [string, number][] = [];
    const guard = createSourceGuard(securityConfig({ RINGSIDE_RATE_LIMIT_SIPGATE: '1' }), { metrics: { webhook: (s, status) => counted.push([s, status]) }, now: () => 0 });
    // Passing the check costs nothing: a hundred requests that then fail the token leave the budget.
    for (let i = 0; i < 100; i++) expect((await run(guard.check('sipgate'), `10.0.${i}.1`)).passed).toBe(true);
    const res = fakeRes();
    expect(await guard.spend('sipgate', res.res)).toBe(true);
    expect(await guard.spend('sipgate', res.res)).toBe(true);
    expect(await guard.spend('sipgate', res.res)).toBe(false);
    expect(res.out).toMatchObject({ status: 429, headers: { 'Retry-After': '1' }, body: { error: 'rate_limited', field: 'source' } });
    expect(counted).toEqual([['sipgate', 429]]);
  });

  it('limits failed attempts per address in a budget of their own', async () => {
    const failures = createFailedAttempts({ shared: new MemoryCoordination(() => 0), limit: { perSecond: 1, burst: 3 }, now: () => 0 });
    const guard = createSourceGuard(securityConfig({ RINGSIDE_RATE_LIMIT_SIPGATE: '1' }), { now: () => 0, failures });
    const check = guard.check('sipgate');
    const stranger = { socket: { remoteAddress: '198.51.100.9' } } as unknown as Request;
    for (let i = 0; i < 3; i++) {
      expect((await run(check, '198.51.100.9')).passed).toBe(true);
      await guard.failed(stranger, 'sipgate');
    }
    expect(await run(check, '198.51.100.9')).toMatchObject({ status: 429, headers: { 'Retry-After': '1' }, passed: false, body: { error: 'too_many_failed_attempts' } });
    // Another address, and the source's own budget, are untouched.
    expect((await run(check, '203.0.113.5')).passed).toBe(true);
    expect(await guard.spend('sipgate', fakeRes().res)).toBe(true);
  });

  it('uses req.ip only when a proxy is trusted', async () => {
    const plain = createSourceGuard(securityConfig({ RINGSIDE_ALLOW_IPS_GENERIC: '10.0.0.0/8' }));
    expect((await run(plain.check('generic'), '127.0.0.1', '10.1.2.3')).status).toBe(403);
    expect(plain.trustProxy).toBeUndefined();
    const proxied = createSourceGuard(securityConfig({ RINGSIDE_ALLOW_IPS_GENERIC: '10.0.0.0/8', RINGSIDE_TRUST_PROXY: '1' }));
    expect((await run(proxied.check('generic'), '127.0.0.1', '10.1.2.3')).passed).toBe(true);
    expect(proxied.trustProxy).toBe(1);
  });
});

import type { NextFunction, Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { securityConfig } from '../config-security.js';
import { createSourceGuard } from './source-guard.js';

/** Just enough of express's req/res to run the middleware without a server. */
async function run(handler: ReturnType<ReturnType<typeof createSourceGuard>['check']>, address: string, ip = address) {
  const out: { status?: number; headers: Record<string, string>; body?: unknown; passed: boolean } = { headers: {}, passed: false };
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
  const req = { ip, socket: { remoteAddress: address } } as unknown as Request;
  await handler(req, res, (() => (out.passed = true)) as NextFunction);
  return out;
}

describe('source guard', () => {
  it('refuses an address off the list with 403 before the rate limit counts it', async () => {
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
    // The refused requests used none of the budget (burst 2 at 1/s).
    expect((await run(check, '::ffff:10.1.2.3')).passed).toBe(true);
    expect((await run(check, '10.1.2.3')).passed).toBe(true);
    const limited = await run(check, '10.1.2.3');
    expect(limited).toMatchObject({ status: 429, headers: { 'Retry-After': '1' }, body: { error: 'rate_limited', field: 'source' } });
    expect(counted).toContainEqual(['sipgate', 403]);
    expect(counted).toContainEqual(['sipgate', 429]);
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

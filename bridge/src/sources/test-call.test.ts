import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentDirectory } from '../agents/directory.js';
import { CallService } from '../calls/call-service.js';
import { createLookup } from '../calls/lookup-service.js';
import { normalizeCustomer } from '../customers/normalize-customer.js';
import { httpAdapter } from '../pbx/index.js';
import { normalizeIncoming } from '../phone/normalize.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import type { Store } from '../store/store.js';
import { customerWithContact } from '../store/customer.testing.js';
import { silentLogger } from '../util/logger.js';
import { isTestable, runTestCall } from './test-call.js';

// "Send test call" in the console: each system's own ringing request through its real adapter and
// the real lookup, without journaling or pushing anything.

const DE = { country: 'DE' as const, trunkPrefix: null };
const TESTABLE = ['generic', 'zammad', 'sipgate', 'placetel', 'twilio'] as const;
const PUBLIC_URL = 'https://ringside.example.de';

let store: Store;
let published: unknown[];
let calls: CallService;

beforeEach(async () => {
  store = openSqliteStore(':memory:');
  published = [];
  const agents = new AgentDirectory(store.agents);
  await agents.load();
  calls = new CallService({
    store,
    lookup: createLookup(store, DE),
    agents,
    numbering: DE,
    publisher: { publish: (e) => void published.push(e) },
    clock: () => new Date('2026-05-04T09:30:00Z'),
    log: silentLogger,
  });
  await store.customers.put('10023', customerWithContact('Welter Dachbau GmbH', { lastName: 'Welter', number: '030 2312574-21' }));
  await store.customers.put(
    'K-77',
    normalizeCustomer(
      { company: 'Brauhaus Köln', notes: null, customerSince: null, phones: [{ number: '0221 4711', label: null, main: false }], contacts: [] },
      DE,
    ),
  );
});
afterEach(async () => store.close());

const deps = () => ({ calls, publicUrl: PUBLIC_URL, numbering: DE });

describe('isTestable', () => {
  it('offers a test call for the webhook systems only', () => {
    for (const id of TESTABLE) expect(isTestable(id)).toBe(true);
    for (const id of ['3cx', 'fritzbox', 'asterisk', 'unknown', 'toString', '__proto__']) expect(isTestable(id)).toBe(false);
  });

  it('refuses to run for a source without a sample', async () => {
    await expect(runTestCall('fritzbox', {}, deps())).rejects.toThrow(/fritzbox/);
    await expect(runTestCall('toString', {}, deps())).rejects.toThrow();
  });
});

describe.each(TESTABLE)('test call through the %s adapter', (source) => {
  it.each([
    ['+49 30 2312574-21', '+4930231257421'],
    ['0221 4711', '+492214711'],
    ['0049 89 1234567', '+49891234567'],
  ])('turns %s into a ringing inbound call from %s', async (from, e164) => {
    const result = await runTestCall(source, { from, to: '+49 30 2312574' }, deps());
    expect(result.error).toBeNull();
    expect(result.response.status).toBeLessThan(300);

    // The request shown in the console is one the real adapter accepts, as the phone system sends it.
    const parsed = httpAdapter(source)!.parse(
      {
        method: result.request.method,
        headers: { 'content-type': result.request.contentType },
        query: {},
        rawBody: Buffer.from(result.request.body),
        url: `${PUBLIC_URL}${result.request.path}`,
      },
      {},
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const ringing = parsed.events.find((e) => e.kind === 'ringing');
    expect(ringing).toMatchObject({ kind: 'ringing', direction: 'in', source });
    expect(normalizeIncoming(ringing!.from, DE).e164).toBe(e164);

    expect(result.call).toMatchObject({ source, direction: 'in', state: 'ringing' });
    expect(result.call!.from.e164).toBe(e164);
    expect(result.lookup!.number.e164).toBe(e164);
  });
});

describe('runTestCall', () => {
  it.each(TESTABLE)('shows the card of the customer a %s caller belongs to', async (source) => {
    const result = await runTestCall(source, { from: '+49 30 2312574-21' }, deps());
    expect(result.lookup?.status).toBe('known');
    expect(result.lookup?.matches[0]?.card.customerNo).toBe('10023');
    expect(result.lookup?.matches[0]?.contact?.firstName).toBe('Jonas');
    expect(result.call).toMatchObject({ customerNo: '10023', callerName: 'Herr Jonas Welter (Welter Dachbau GmbH)' });
  });

  it('finds a customer by a national number too', async () => {
    const result = await runTestCall('placetel', { from: '0221 4711' }, deps());
    expect(result.lookup?.status).toBe('known');
    expect(result.call?.customerNo).toBe('K-77');
  });

  it('uses the demo caller when no number is given', async () => {
    const result = await runTestCall('generic', {}, deps());
    expect(result.error).toBeNull();
    expect(result.call?.from.e164).toBe('+4930231257421');
  });

  it.each(TESTABLE)('reports an unknown %s caller as unknown', async (source) => {
    const result = await runTestCall(source, { from: '+49 89 99998123' }, deps());
    expect(result.error).toBeNull();
    expect(result.lookup?.status).toBe('unknown');
    expect(result.lookup?.matches).toEqual([]);
    expect(result.call?.customerNo).toBeNull();
  });

  it.each([
    ['generic', 'invalid'],
    ['placetel', 'invalid'],
    ['twilio', 'invalid'],
    // These two send bare digits: text without any is an empty number, i.e. withheld.
    ['zammad', 'withheld'],
    ['sipgate', 'withheld'],
  ])('shows a %s test call from text that is no number as %s, matching nobody', async (source, status) => {
    const result = await runTestCall(source, { from: 'kein Anschluss' }, deps());
    expect(result.error).toBeNull();
    expect(result.lookup?.status).toBe(status);
    expect(result.call?.customerNo).toBeNull();
    expect(published).toEqual([]);
  });

  it('neither journals nor pushes anything', async () => {
    for (const source of TESTABLE) await runTestCall(source, { from: '+49 30 2312574-21' }, deps());
    expect(published).toEqual([]);
    expect(await store.calls.list({ limit: 100 })).toEqual([]);
    expect(await store.calls.lastEventId()).toBe(0);
  });

  it('hides the webhook token from the path it shows', async () => {
    for (const source of TESTABLE) {
      const { request } = await runTestCall(source, {}, deps());
      expect(request.method).toBe('POST');
      expect(request.path === '/pbx/generic' || request.path.endsWith('/…')).toBe(true);
    }
  });
});

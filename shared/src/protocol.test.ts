import { describe, expect, it } from 'vitest';
import { decodeJson, parseClientMessage, parseServerMessage } from './protocol.js';
import { parseWith } from './validate.js';
import { customerInputSchema, documentInputSchema } from './customer.js';
import { genericWebhookSchema } from './call.js';

describe('client message validator', () => {
  it.each([
    [{ type: 'hello', token: 'abc' }],
    [{ type: 'hello', token: 'abc', lastEventId: 0 }],
    [{ type: 'hello', token: 'abc', lastEventId: 42, client: 'chromium/1.0' }],
    [{ type: 'ping' }],
    [{ type: 'search', q: 'welt', requestId: 'r1' }],
    [{ type: 'card', customerNo: '10023' }],
  ])('accepts %j', (msg) => {
    expect(parseClientMessage(msg).ok).toBe(true);
  });

  it.each([
    [{ type: 'hello' }, 'token'],
    [{ type: 'hello', token: '' }, 'token'],
    [{ type: 'hello', token: 'a', lastEventId: -1 }, 'lastEventId'],
    [{ type: 'hello', token: 'a', lastEventId: 1.5 }, 'lastEventId'],
    [{ type: 'search' }, 'q'],
    [{ type: 'search', q: 'x'.repeat(201) }, 'q'],
    [{ type: 'card', customerNo: '' }, 'customerNo'],
    [{ type: 'nope' }, 'type'],
    [null, '(body)'],
    ['hello', '(body)'],
  ])('rejects %j naming %s', (msg, field) => {
    const parsed = parseClientMessage(msg);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.field).toBe(field);
  });
});

describe('server message envelope', () => {
  it('accepts known types and requires eventId on calls', () => {
    expect(parseServerMessage({ type: 'pong', serverTime: 'x' }).ok).toBe(true);
    expect(parseServerMessage({ type: 'call', eventId: 3, event: 'ringing', call: {} }).ok).toBe(true);
    expect(parseServerMessage({ type: 'call', event: 'ringing' }).ok).toBe(false);
    expect(parseServerMessage({ type: 'surprise' }).ok).toBe(false);
  });
});

describe('decodeJson', () => {
  it('turns broken JSON into a value, not an exception', () => {
    expect(decodeJson('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(decodeJson('{"a":')).toMatchObject({ ok: false, field: '(body)' });
  });
});

describe('input schemas name the offending field', () => {
  // Schemas are looked up by name: vitest would try to print a schema object in the test title.
  const schemas = { customer: customerInputSchema, document: documentInputSchema, webhook: genericWebhookSchema };
  it.each([
    ['customer', { company: 'X', phones: [{ number: '' }] }, 'phones.0.number'],
    ['customer', { contacts: [{ lastName: 'Welter', birthday: '14.03.1975' }] }, 'contacts.0.birthday'],
    ['customer', { contacts: [{ lastName: 'Welter', email: 'not-mail' }] }, 'contacts.0.email'],
    ['customer', { notes: 'no company, no contact' }, 'company'],
    ['document', { kind: 'quote' }, 'kind'],
    ['document', { kind: 'invoice', currency: 'euro' }, 'currency'],
    ['document', { kind: 'invoice', url: 'javascript:alert(1)' }, 'url'],
    ['webhook', { event: 'ringing' }, 'callId'],
    ['webhook', { event: 'ring', callId: 'c' }, 'event'],
    ['webhook', { event: 'ringing', callId: 'c', direction: 'sideways' }, 'direction'],
    ['webhook', { event: 'ringing', callId: 'c', at: 'yesterday' }, 'at'],
    ['webhook', { event: 'ringing', callId: 'c', agents: [''] }, 'agents.0'],
  ] as const)('%s %j: names %s', (name, input, field) => {
    const parsed = parseWith(schemas[name], input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.field).toBe(field);
  });

  it('accepts e-mail addresses with umlauts', () => {
    expect(parseWith(customerInputSchema, { contacts: [{ lastName: 'Weiß', email: 'jürgen.weiß@müller-söhne.de' }] }).ok).toBe(true);
  });

  it('accepts a private customer: no company, one contact', () => {
    expect(parseWith(customerInputSchema, { contacts: [{ salutation: 'Frau', lastName: 'Quellmalz' }] }).ok).toBe(true);
  });
});

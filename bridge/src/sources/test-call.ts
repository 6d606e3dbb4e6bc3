import type { TestCallInput, TestCallResult } from '@ringside/shared';
import type { CallService } from '../calls/call-service.js';
import { httpAdapter } from '../pbx/index.js';
import type { PbxHttpRequest } from '../pbx/types.js';
import { normalizeStored, type NumberingConfig } from '../phone/normalize.js';
// A caller from the demo data, so a test call on a demo install (npm run demo) shows a known customer.
import { DEMO_CALLER as DEFAULT_TEST_CALLER } from '../demo/demo-data.js';

const DEFAULT_TARGET = '+49 30 2312574';

interface Sample {
  path: string;
  contentType: string;
  body: string;
}

const form = (fields: Record<string, string | string[]>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) p.append(k, one);
  return p.toString();
};

/** The ringing request each phone system sends for a new inbound call, in its own format. */
const SAMPLES: Record<string, (from: string, to: string, callId: string, digits: (n: string) => string) => Sample> = {
  generic: (from, to, callId) => ({
    path: '/pbx/generic',
    contentType: 'application/json',
    body: JSON.stringify({ event: 'ringing', callId, from, to, direction: 'in' }),
  }),
  zammad: (from, to, callId, digits) => ({
    path: '/api/v1/cti/…',
    contentType: 'application/x-www-form-urlencoded',
    body: form({ event: 'newCall', from: digits(from), to: digits(to), direction: 'in', callId }),
  }),
  sipgate: (from, to, callId, digits) => ({
    path: '/pbx/sipgate/…',
    contentType: 'application/x-www-form-urlencoded',
    body: form({ event: 'newCall', from: digits(from), to: digits(to), direction: 'in', callId, 'user[]': 'Test' }),
  }),
  placetel: (from, to, callId) => ({
    path: '/pbx/placetel/…',
    contentType: 'application/x-www-form-urlencoded',
    body: form({ event: 'IncomingCall', from, to, call_id: callId, direction: 'in' }),
  }),
  twilio: (from, to, callId) => ({
    path: '/pbx/twilio/…',
    contentType: 'application/x-www-form-urlencoded',
    body: form({ CallSid: `CA${callId.replace(/[^a-f0-9]/g, '').padEnd(32, '0').slice(0, 32)}`, CallStatus: 'ringing', Direction: 'inbound', From: from, To: to }),
  }),
};

export function isTestable(source: string): boolean {
  return Object.hasOwn(SAMPLES, source);
}

/**
 * Run a simulated ringing request through the source's own adapter, then through the caller
 * lookup, and show the card an agent would get. Signatures are not checked (the console
 * cannot sign as sipgate does) and nothing is journaled or pushed to agents.
 */
export async function runTestCall(
  source: string,
  input: TestCallInput,
  deps: { calls: CallService; publicUrl: string; numbering: NumberingConfig },
): Promise<TestCallResult> {
  const { calls, publicUrl } = deps;
  // sipgate and Zammad send numbers as bare digits with country code (4930…).
  const digits = (n: string) => normalizeStored(n, deps.numbering).e164?.slice(1) ?? n.replace(/\D/g, '');
  const sample = SAMPLES[source];
  const adapter = httpAdapter(source);
  if (!sample || !adapter) throw new Error(`no test call for ${source}`);
  const callId = `test-${Date.now().toString(16)}`;
  const req = sample(input.from ?? DEFAULT_TEST_CALLER, input.to ?? DEFAULT_TARGET, callId, digits);
  const request: PbxHttpRequest = {
    method: 'POST',
    headers: { 'content-type': req.contentType },
    query: {},
    rawBody: Buffer.from(req.body),
    url: `${publicUrl}${req.path}`,
  };
  const shown = { method: 'POST', path: req.path, contentType: req.contentType, body: req.body };
  const parsed = adapter.parse(request, {});
  if (!parsed.ok) {
    return { request: shown, response: { status: parsed.status, contentType: 'application/json', body: JSON.stringify({ message: parsed.error }) }, call: null, lookup: null, error: parsed.error };
  }
  const ringing = parsed.events.find((e) => e.kind === 'ringing');
  const answer = adapter.respond({ reject: false, publicUrl, path: req.path, events: parsed.events });
  const response = { status: answer.status, contentType: answer.contentType, body: answer.body };
  if (!ringing) return { request: shown, response, call: null, lookup: null, error: 'the adapter produced no ringing event' };
  const { call, lookup } = await calls.preview(ringing);
  return { request: shown, response, call, lookup, error: null };
}


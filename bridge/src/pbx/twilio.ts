import { createHmac } from 'node:crypto';
import type { CallDirection, CallEventKind } from '@ringside/shared';
import { decodeForm, FORM, formFields, mediaType, type FormMap } from './form.js';
import type { CallEvent } from '../calls/call-event.js';
import type { PbxHttpAdapter, PbxHttpRequest, PbxParseResult, PbxSecrets } from './types.js';
import { answeredBy, bodyText, callEvent, checkBasicAuth, fail, header, isInboundRinging, ok, rawNumber, safeEqual, xmlResponse } from './util.js';

/**
 * Twilio Voice: the number's voice webhook (CallStatus=ringing) and status callbacks, both
 * form-encoded (https://www.twilio.com/docs/voice/api/call-resource#statuscallback).
 */
const ID = 'twilio';

const STATUSES = new Map<string, { kind: CallEventKind; cause: string | null }>([
  ['queued', { kind: 'ringing', cause: null }],
  ['ringing', { kind: 'ringing', cause: null }],
  ['in-progress', { kind: 'answered', cause: null }],
  // Twilio only reports `completed` for calls that were answered.
  ['completed', { kind: 'ended', cause: 'normalClearing' }],
  ['busy', { kind: 'ended', cause: 'busy' }],
  ['no-answer', { kind: 'ended', cause: 'noAnswer' }],
  ['canceled', { kind: 'ended', cause: 'cancel' }],
  ['failed', { kind: 'ended', cause: 'congestion' }],
]);

const DIRECTIONS = new Map<string, CallDirection>([
  ['inbound', 'in'],
  ['outbound-api', 'out'],
  ['outbound-dial', 'out'],
]);

/**
 * Twilio replaces a withheld caller id by the keypad spelling of a word
 * (https://help.twilio.com/articles/223179988). Left as is, the normalizer would read
 * +266696687 as a number in Lesotho; the word is what it recognizes as withheld.
 */
const WITHHELD = new Map<string, string>([
  ['+266696687', 'anonymous'],
  ['+7378742833', 'restricted'],
  ['+2562533', 'blocked'],
  ['+8656696', 'unknown'],
  ['+86282452253', 'unavailable'],
]);

/** URL + every POST parameter sorted by name as name+value, HMAC-SHA1 with the auth token, base64. */
function signature(authToken: string, url: string, params: FormMap): string {
  let data = url;
  for (const key of [...params.keys()].sort()) {
    for (const value of [...(params.get(key) ?? [])].sort()) data += key + value;
  }
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/**
 * The URL as Twilio signed it may or may not carry the default port, depending on how it was
 * configured and what a proxy rewrote; Twilio's own libraries accept both forms.
 */
function urlVariants(url: string): string[] {
  const m = /^(https?):\/\/([^/?#:]+)(?::(\d+))?(.*)$/is.exec(url);
  if (!m) return [url];
  const [, scheme = '', host = '', port, rest = ''] = m;
  const defaultPort = scheme.toLowerCase() === 'https' ? '443' : '80';
  if (port === undefined) return [url, `${scheme}://${host}:${defaultPort}${rest}`];
  return port === defaultPort ? [url, `${scheme}://${host}${rest}`] : [url];
}

function checkSignature(req: PbxHttpRequest, authToken: string, params: FormMap): PbxParseResult | null {
  const given = header(req, 'x-twilio-signature')?.trim() ?? '';
  const valid = urlVariants(req.url ?? '').some((url) => safeEqual(given, signature(authToken, url, params)));
  return valid ? null : fail(401, 'X-Twilio-Signature missing or invalid', 'x-twilio-signature');
}

/** Status callbacks carry `Timestamp` as RFC 2822 (`Tue, 05 May 2020 19:58:18 +0000`). */
function isoTimestamp(value: string | undefined): string | null {
  if (!value || !/^[A-Za-z]{3}, \d{1,2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/.test(value)) return null;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) return null;
  // Offsets can push year 9999 into 10000, which ISO 8601 without extension cannot write.
  const iso = new Date(ms).toISOString();
  return /^\d{4}-/.test(iso) ? iso : null;
}

function parse(req: PbxHttpRequest, secrets: PbxSecrets): PbxParseResult {
  const auth = checkBasicAuth(req, secrets.basicAuth);
  if (auth) return auth;
  const type = mediaType(req.headers);
  if (type !== null && type !== FORM) return fail(415, `Twilio sends ${FORM}, got ${type}`, 'content-type');
  const params = decodeForm(bodyText(req));
  if (secrets.twilioAuthToken) {
    const rejected = checkSignature(req, secrets.twilioAuthToken, params);
    if (rejected) return rejected;
  }
  const fields = formFields(params);

  const status = fields.text('CallStatus');
  if (!status) return fail(400, 'missing CallStatus', 'event');
  const mapped = STATUSES.get(status.toLowerCase());
  if (!mapped) return fail(400, `unknown CallStatus "${status}"`, 'event');
  const callId = fields.text('CallSid');
  if (!callId) return fail(400, 'missing CallSid', 'callId');
  const directionName = fields.text('Direction');
  const direction = directionName ? DIRECTIONS.get(directionName.toLowerCase()) : undefined;
  if (!direction) return fail(400, 'Direction must be inbound, outbound-api or outbound-dial', 'direction');

  const rawFrom = rawNumber(fields.number('From'));
  const from = rawFrom === null ? null : (WITHHELD.get(rawFrom) ?? rawFrom);
  const to = rawNumber(fields.number('To'));
  const at = isoTimestamp(fields.text('Timestamp'));
  const parentId = fields.text('ParentCallSid') ?? null;
  if (parentId && directionName?.toLowerCase() === 'outbound-dial') return ok(dialLegEvents(mapped, parentId, from, to, at));

  const who = mapped.kind === 'answered' ? answeredBy(to) : null;
  return ok([callEvent(ID, { kind: mapped.kind, callId, direction, from, to, answeredBy: who, cause: mapped.cause, at, linkedId: parentId })]);
}

/**
 * A <Dial> child leg is not a call of its own: it is the caller's call ringing at one agent
 * (`To` is their `client:anna`, SIP address or phone), so it is reported on the caller's leg.
 * Otherwise every agent would get a new outbound call "to client:anna". The caller's own leg
 * never says who took it (Twilio answered it to run the TwiML), so the dial leg does.
 */
function dialLegEvents(
  mapped: { kind: CallEventKind; cause: string | null },
  parentId: string,
  from: string | null,
  to: string | null,
  at: string | null,
): CallEvent[] {
  const onCaller = { callId: parentId, direction: 'in' as const, from, at };
  switch (mapped.kind) {
    case 'ringing':
      return [callEvent(ID, { ...onCaller, kind: 'ringing', agents: to ? [to] : null })];
    case 'answered':
      return [callEvent(ID, { ...onCaller, kind: 'answered', answeredBy: answeredBy(to) })];
    case 'ended':
      // The leg rang out, was busy or was taken and hung up: the caller's call is over with it
      // (missed unless the leg was answered before).
      return [callEvent(ID, { ...onCaller, kind: 'ended', cause: mapped.cause })];
  }
}

export const twilioAdapter: PbxHttpAdapter = {
  id: ID,
  name: 'Twilio',
  parse,
  respond(decision) {
    // TwiML; Reject on the voice webhook refuses the call before it is answered or billed.
    const body = decision.reject && isInboundRinging(decision.events) ? '<Response><Reject reason="busy"/></Response>' : '<Response/>';
    return xmlResponse(body, 'text/xml');
  },
};

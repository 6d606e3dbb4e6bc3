import { createHmac } from 'node:crypto';
import type { CallEventKind } from '@ringside/shared';
import { decodeForm, FORM, formFields, mediaType } from './form.js';
import type { PbxHttpAdapter, PbxHttpRequest, PbxParseResult, PbxSecrets } from './types.js';
import {
  answeredBy,
  answeredOnHangup,
  bodyBytes,
  bodyText,
  callEvent,
  checkBasicAuth,
  fail,
  header,
  isInboundRinging,
  ok,
  parseDirection,
  rawNumber,
  safeEqual,
  xmlResponse,
} from './util.js';

/**
 * Placetel Notify API (https://github.com/Placetel/call-control-notify-api): form-encoded
 * IncomingCall / OutgoingCall / CallAccepted / HungUp with call_id, optionally signed.
 */
const ID = 'placetel';

const EVENTS = new Map<string, { kind: CallEventKind; outbound: boolean }>([
  ['incomingcall', { kind: 'ringing', outbound: false }],
  ['outgoingcall', { kind: 'ringing', outbound: true }],
  ['callaccepted', { kind: 'answered', outbound: false }],
  ['hungup', { kind: 'ended', outbound: false }],
]);

/**
 * HungUp `type` in the common vocabulary. Placetel's `missed` ("nobody picked up") is the
 * caller giving up, like sipgate's `cancel`; voicemail and blocked calls were not taken by a
 * person either. Each of these makes an inbound call a missed one downstream.
 */
const HANGUP_CAUSES = new Map<string, string>([
  ['accepted', 'normalClearing'],
  ['missed', 'cancel'],
  ['canceled', 'cancel'],
  ['voicemail', 'noAnswer'],
  ['blocked', 'noAnswer'],
  ['busy', 'busy'],
  ['unavailable', 'notFound'],
  ['congestion', 'congestion'],
]);

/** Hex HMAC-SHA256 of the exact body with the shared secret, in X-PLACETEL-SIGNATURE. */
function checkRequest(req: PbxHttpRequest, secrets: PbxSecrets): PbxParseResult | null {
  const auth = checkBasicAuth(req, secrets.basicAuth);
  if (auth) return auth;
  const type = mediaType(req.headers);
  if (type !== null && type !== FORM) return fail(415, `Placetel sends ${FORM}, got ${type}`, 'content-type');
  if (secrets.placetelSecret) {
    const given = (header(req, 'x-placetel-signature') ?? '').trim().toLowerCase();
    const expected = createHmac('sha256', secrets.placetelSecret).update(bodyBytes(req)).digest('hex');
    if (!safeEqual(given, expected)) return fail(401, 'X-PLACETEL-SIGNATURE missing or invalid', 'x-placetel-signature');
  }
  return null;
}

function parse(req: PbxHttpRequest, secrets: PbxSecrets): PbxParseResult {
  const rejected = checkRequest(req, secrets);
  if (rejected) return rejected;
  const fields = formFields(decodeForm(bodyText(req)));

  const eventName = fields.text('event');
  if (!eventName) return fail(400, 'missing event', 'event');
  const event = EVENTS.get(eventName.toLowerCase());
  if (!event) return fail(400, `unknown event "${eventName}"; expected IncomingCall, OutgoingCall, CallAccepted or HungUp`, 'event');

  const callId = fields.text('call_id', 'callId');
  if (!callId) return fail(400, 'missing call_id', 'callId');

  // The first version of the API had no direction field and only notified inbound calls.
  const direction = parseDirection(fields.text('direction') ?? (event.outbound ? 'out' : 'in'));
  if (!direction) return fail(400, 'direction must be "in" or "out"', 'direction');

  const from = rawNumber(fields.number('from'));
  const to = rawNumber(fields.number('to'));
  // `peer` is the SIP device that took the call; on OutgoingCall the caller is our SIP user.
  const peer = fields.text('peer');
  const agents = peer ? [peer] : event.outbound && from ? [from] : null;
  const base = { kind: event.kind, callId, direction, from, to, agents } as const;

  if (event.kind === 'answered') return ok([callEvent(ID, { ...base, answeredBy: answeredBy(peer, to) })]);
  if (event.kind === 'ended') {
    const type = fields.text('type')?.toLowerCase();
    const cause = type === undefined ? null : (HANGUP_CAUSES.get(type) ?? type);
    // `accepted` says the call was taken even when the CallAccepted push got lost.
    const who = type === 'accepted' ? answeredBy(peer, to) : answeredOnHangup(cause, peer);
    return ok([callEvent(ID, { ...base, cause, answeredBy: who })]);
  }
  return ok([callEvent(ID, base)]);
}

export const placetelAdapter: PbxHttpAdapter = {
  id: ID,
  name: 'Placetel',
  parse,
  respond(decision) {
    // Placetel reads an XML answer only for numbers routed to "External API" (call control);
    // there a blocked caller gets its documented Reject. Notify pushes need nothing but a 200.
    if (decision.reject && isInboundRinging(decision.events)) {
      return xmlResponse('<Response><Reject reason="busy"/></Response>');
    }
    return { status: 200, contentType: 'text/plain', body: '' };
  },
};

import { verify } from 'node:crypto';
import type { CallEventKind } from '@ringside/shared';
import { decodeForm, FORM, formFields, mediaType, type Fields } from './form.js';
import type { PbxHttpAdapter, PbxHttpRequest, PbxParseResult, PbxSecrets } from './types.js';
import {
  answeredBy,
  answeredOnHangup,
  bodyBytes,
  bodyText,
  callEvent,
  canonicalCause,
  checkBasicAuth,
  fail,
  header,
  isVoicemail,
  joinUrl,
  ok,
  parseDirection,
  rawNumber,
  xmlAttr,
  xmlResponse,
} from './util.js';

/**
 * sipgate.io push API (https://developer.sipgate.io/push-api/api-reference/): form-encoded
 * newCall / answer / hangup / dtmf. sipgate only sends answer and hangup for a call when our
 * answer to its newCall subscribes to them, which respond() always does.
 */
const ID = 'sipgate';

const KINDS = new Map<string, CallEventKind>([
  ['newcall', 'ringing'],
  ['answer', 'answered'],
  ['hangup', 'ended'],
]);


/** RSA-SHA256 (PKCS#1 v1.5) over the exact bytes received, base64 in x-sipgate-signature. */
function signatureValid(body: Buffer, signature: string, publicKey: string): boolean {
  try {
    return verify('sha256', body, publicKey, Buffer.from(signature, 'base64'));
  } catch {
    // A malformed configured key is a configuration error, but parse() must stay total.
    return false;
  }
}

function checkRequest(req: PbxHttpRequest, secrets: PbxSecrets): PbxParseResult | null {
  const auth = checkBasicAuth(req, secrets.basicAuth);
  if (auth) return auth;
  const type = mediaType(req.headers);
  if (type !== null && type !== FORM) return fail(415, `sipgate sends ${FORM}, got ${type}`, 'content-type');
  if (secrets.sipgatePublicKey) {
    const signature = header(req, 'x-sipgate-signature');
    if (!signature || !signatureValid(bodyBytes(req), signature, secrets.sipgatePublicKey)) {
      return fail(401, 'x-sipgate-signature missing or invalid', 'x-sipgate-signature');
    }
  }
  return null;
}

/**
 * Whose phones ring: the sipgate user ids (w0, w1). `user[]` and `userId[]` run in parallel, so
 * the voicemail's entry is dropped from both. A call that only the voicemail takes rings no
 * agent: it pops up for nobody (`mailboxOnly`), but is journaled for everyone.
 */
function ringing(fields: Fields): { agents: string[] | null; mailboxOnly?: boolean } {
  const users = fields.list('user');
  const ids = fields.list('userId');
  const paired = users.length === ids.length;
  const agents = ids.filter((id, i) => !isVoicemail(id) && !(paired && isVoicemail(users[i] ?? '')));
  if (agents.length > 0) return { agents };
  return [...users, ...ids].some(isVoicemail) ? { agents: null, mailboxOnly: true } : { agents: null };
}

function parse(req: PbxHttpRequest, secrets: PbxSecrets): PbxParseResult {
  const rejected = checkRequest(req, secrets);
  if (rejected) return rejected;
  const fields = formFields(decodeForm(bodyText(req)));

  const eventName = fields.text('event');
  if (!eventName) return fail(400, 'missing event', 'event');
  // DTMF digits only matter to IVRs; the call itself does not change.
  if (eventName.toLowerCase() === 'dtmf') return ok([]);
  const kind = KINDS.get(eventName.toLowerCase());
  if (!kind) return fail(400, `unknown event "${eventName}"; expected newCall, answer, hangup or dtmf`, 'event');

  const callId = fields.text('callId');
  if (!callId) return fail(400, 'missing callId', 'callId');
  const direction = parseDirection(fields.text('direction'));
  if (!direction) return fail(400, 'direction must be "in" or "out"', 'direction');

  const base = {
    callId,
    direction,
    from: rawNumber(fields.number('from')),
    to: rawNumber(fields.number('to')),
    // Transfers and forwards start a new callId; origCallId names the first leg. The official
    // Node library calls the same field originalCallId, so both are read.
    linkedId: fields.text('origCallId', 'originalCallId') ?? null,
  };

  if (kind === 'ringing') return ok([callEvent(ID, { ...base, kind, ...ringing(fields) })]);

  if (kind === 'answered') {
    const [user, userId] = [fields.list('user')[0], fields.list('userId')[0]];
    // The voicemail picking up means no person will: close the popup now and let the call count
    // as missed. The hangup that follows is a duplicate end and is ignored downstream.
    if ([user, userId].some((u) => u !== undefined && isVoicemail(u))) {
      return ok([callEvent(ID, { ...base, kind: 'ended', cause: 'noAnswer' })]);
    }
    const who = answeredBy(userId, fields.text('answeringNumber'), user, base.to);
    return ok([callEvent(ID, { ...base, kind, answeredBy: who })]);
  }

  const cause = canonicalCause(fields.text('cause'));
  const who = answeredOnHangup(cause, fields.text('answeringNumber'));
  return ok([callEvent(ID, { ...base, kind, cause, answeredBy: who })]);
}

export const sipgateAdapter: PbxHttpAdapter = {
  id: ID,
  name: 'sipgate.io',
  parse,
  respond(decision) {
    const ringing = decision.events.find((e) => e.kind === 'ringing');
    // Answers to answer/hangup pushes are discarded by sipgate; an empty Response is enough.
    if (!ringing) return xmlResponse('<Response/>');
    const url = xmlAttr(joinUrl(decision.publicUrl, decision.path));
    const open = `<Response onAnswer="${url}" onHangup="${url}"`;
    // Still subscribed to the hangup when rejecting, so the blocked call gets closed.
    if (decision.reject && ringing.direction === 'in') return xmlResponse(`${open}><Reject reason="busy"/></Response>`);
    return xmlResponse(`${open}/>`);
  },
};

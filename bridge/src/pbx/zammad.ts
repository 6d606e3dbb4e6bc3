import type { CallEventKind } from '@ringside/shared';
import { decodeForm, decodeMultipart, FORM, formFields, isJsonType, jsonFields, mediaType, MULTIPART, type Fields } from './form.js';
import type { PbxHttpAdapter, PbxHttpRequest, PbxParseResult } from './types.js';
import {
  answeredBy,
  answeredOnHangup,
  bodyText,
  callEvent,
  canonicalCause,
  fail,
  header,
  isInboundRinging,
  jsonResponse,
  nonEmptyList,
  ok,
  parseDirection,
  parseJsonObject,
  rawNumber,
} from './util.js';

/**
 * Zammad's generic CTI push API (https://docs.zammad.org/en/latest/api/generic-cti/), spoken by
 * many PBXs and bridges: being compatible means a PBX set up for Zammad only changes the host.
 * The token in the path is checked by the route; there is nothing to verify here.
 */
const ID = 'zammad';

const KINDS = new Map<string, CallEventKind>([
  ['newcall', 'ringing'],
  ['answer', 'answered'],
  ['hangup', 'ended'],
]);

/** JSON is what Zammad recommends; forms are common; its docs' curl examples send multipart. */
function readFields(req: PbxHttpRequest): Fields | Extract<PbxParseResult, { ok: false }> {
  const type = mediaType(req.headers);
  const text = bodyText(req);
  if (isJsonType(type) || (type === null && text.trimStart().startsWith('{'))) {
    const obj = parseJsonObject(text);
    return obj ? jsonFields(obj) : fail(400, 'body is not a JSON object', 'body');
  }
  if (type === FORM || type === null) return formFields(decodeForm(text));
  if (type === MULTIPART) {
    const parts = decodeMultipart(text, header(req, 'content-type') ?? '');
    return parts ? formFields(parts) : fail(400, 'multipart body without boundary', 'content-type');
  }
  return fail(415, `unsupported content type ${type}; send JSON or a form`, 'content-type');
}

function parse(req: PbxHttpRequest): PbxParseResult {
  const fields = readFields(req);
  if ('ok' in fields) return fields;

  const eventName = fields.text('event');
  if (!eventName) return fail(400, 'missing event (newCall, answer or hangup)', 'event');
  const kind = KINDS.get(eventName.toLowerCase());
  if (!kind) return fail(400, `unknown event "${eventName}"; expected newCall, answer or hangup`, 'event');

  // Zammad documents callId; several PBX scripts written against older docs send call_id.
  const callId = fields.text('callId', 'call_id');
  if (!callId) return fail(400, 'missing callId', 'callId');

  // Zammad answers 422 here, and PBX scripts written against it expect exactly that.
  const direction = parseDirection(fields.text('direction'));
  if (!direction) return fail(422, 'direction must be "in" or "out"', 'direction');

  // `user` holds Zammad user names: the called people inbound, the caller outbound.
  const users = fields.list('user');
  const to = rawNumber(fields.number('to'));
  const cause = kind === 'ended' ? canonicalCause(fields.text('cause')) : null;
  const answering = fields.text('answeringNumber');
  const who =
    kind === 'answered'
      ? answeredBy(answering, users.length === 1 ? users[0] : undefined, to)
      : kind === 'ended'
        ? answeredOnHangup(cause, answering)
        : null;

  return ok([
    callEvent(ID, {
      kind,
      callId,
      direction,
      from: rawNumber(fields.number('from')),
      to,
      agents: nonEmptyList(users),
      answeredBy: who,
      cause,
    }),
  ]);
}

export const zammadAdapter: PbxHttpAdapter = {
  id: ID,
  name: 'Zammad-compatible generic CTI',
  parse,
  respond(decision) {
    // Zammad's block list answer; the PBX still sends the hangup that closes the call.
    if (decision.reject && isInboundRinging(decision.events)) {
      return jsonResponse(200, { action: 'reject', reason: 'busy' });
    }
    return jsonResponse(200, {});
  },
};

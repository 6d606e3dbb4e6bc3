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
  isVoicemail,
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

  // `user` holds Zammad user names: the called people inbound, the caller outbound. Zammad
  // itself joins several into one text ("user 1, user 2"); the identity resolver splits those.
  const users = fields.list('user');
  const people = users.filter((u) => !isVoicemail(u));
  const base = { callId, direction, from: rawNumber(fields.number('from')), to: rawNumber(fields.number('to')) };

  if (kind === 'ringing') {
    // Only the voicemail is called: a popup for nobody, a missed call for the office.
    if (users.length > 0 && people.length === 0) return ok([callEvent(ID, { ...base, kind, mailboxOnly: true })]);
    return ok([callEvent(ID, { ...base, kind, agents: nonEmptyList(people) })]);
  }

  const answering = fields.text('answeringNumber');
  const name = people.length === 1 ? people[0] : undefined;
  if (kind === 'answered') {
    // Zammad counts a hangup after the voicemail answered as missed (Cti::Log: to_comment
    // 'voicemail' -> done false): the call is over for the agents now, and goes on the list.
    if (users.some(isVoicemail)) return ok([callEvent(ID, { ...base, kind: 'ended', cause: 'noAnswer' })]);
    // `user` names the person (shown on the card); `answeringNumber` is their phone, login or
    // id (Zammad looks it up in that order): both are tried when resolving who took it.
    return ok([
      callEvent(ID, {
        ...base,
        kind,
        agents: nonEmptyList(people),
        answeredBy: answeredBy(name, answering, base.to),
        answeredByAlso: name && answering ? [answering] : undefined,
      }),
    ]);
  }

  const cause = canonicalCause(fields.text('cause'));
  // Some systems name who took it only on the hangup; the same two names as on the answer.
  const taker = answeredOnHangup(cause, answering);
  return ok([
    callEvent(ID, {
      ...base,
      kind,
      cause,
      agents: nonEmptyList(people),
      answeredBy: taker && name ? name : taker,
      answeredByAlso: taker && name ? [taker] : undefined,
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

import { genericWebhookSchema, parseWith } from '@ringside/shared';
import { isJsonType, mediaType } from './form.js';
import type { PbxHttpAdapter, PbxHttpRequest, PbxParseResult } from './types.js';
import { bodyText, callEvent, fail, jsonResponse, ok, parseJsonObject } from './util.js';

/**
 * The bridge's own documented webhook (`POST /pbx/generic/{token}`), validated by the shared
 * schema so the README, the Kamailio snippet and this adapter cannot disagree about it.
 */
const ID = 'generic';

/** Blank numbers carry nothing to normalize; everything else goes on as sent. */
function optionalText(value: string | null | undefined): string | null {
  const text = value?.trim();
  return text ? text : null;
}

function parse(req: PbxHttpRequest): PbxParseResult {
  const type = mediaType(req.headers);
  if (type !== null && !isJsonType(type)) return fail(415, `send application/json, got ${type}`, 'content-type');
  const body = parseJsonObject(bodyText(req));
  if (!body) return fail(400, 'body is not a JSON object', 'body');
  const parsed = parseWith(genericWebhookSchema, body);
  if (!parsed.ok) return fail(400, `${parsed.field}: ${parsed.message}`, parsed.field);

  const v = parsed.value;
  return ok([
    callEvent(ID, {
      kind: v.event,
      callId: v.callId,
      direction: v.direction,
      from: optionalText(v.from),
      to: optionalText(v.to),
      agents: v.agents ?? null,
      answeredBy: v.answeredBy ?? null,
      cause: optionalText(v.cause),
      at: v.at ?? null,
      linkedId: v.linkedId ?? null,
    }),
  ]);
}

export const genericAdapter: PbxHttpAdapter = {
  id: ID,
  name: 'Generic webhook',
  parse,
  respond(decision) {
    return jsonResponse(202, { callId: decision.events[0]?.callId ?? null });
  },
};

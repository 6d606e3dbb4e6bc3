import { httpRequest, httpUrlProblem } from './http-request.js';
import { failureOf, jsonOf } from './rest-answer.js';
import type { Dialer } from './types.js';

/**
 * sipgate REST API (api.sipgate.com/v2/doc, "sessions" → POST /sessions/calls): `caller` is the
 * device that rings first (e.g. `e0`), `callee` the number; answered with `{"sessionId": …}`.
 * Authenticated with a personal access token (token id and token as HTTP Basic credentials) that
 * has the scope `sessions:calls:write`.
 */
export const sipgateDialer: Dialer = {
  id: 'sipgate',
  numberStyle: 'e164',
  deviceHint: 'sipgate device id, e.g. e0 (desk phone) or p0',
  fields: [
    { name: 'apiUrl', secret: false, required: true, default: 'https://api.sipgate.com/v2', check: httpUrlProblem },
    { name: 'tokenId', secret: false, required: true, check: (v) => (/^token-[A-Za-z0-9]+$/.test(v) ? null : 'a token id such as token-ABC123') },
    { name: 'token', secret: true, required: true },
  ],
  async dial(request, { settings, timeoutMs }) {
    const basic = Buffer.from(`${settings.tokenId}:${settings.token}`).toString('base64');
    const res = await httpRequest(
      `${settings.apiUrl!.replace(/\/+$/, '')}/sessions/calls`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Basic ${basic}` },
        body: JSON.stringify({ deviceId: request.device, caller: request.device, callee: request.number }),
      },
      timeoutMs,
    );
    if (res.status !== 200 && res.status !== 201) throw failureOf(res, 'sipgate');
    const sessionId = jsonOf(res)?.sessionId;
    return {
      state: 'ringing',
      detail: `sipgate started the call (session ${typeof sessionId === 'string' ? sessionId : 'without id'}): ${request.device} rings, then ${request.number}`,
      reference: typeof sessionId === 'string' ? sessionId : null,
    };
  },
};

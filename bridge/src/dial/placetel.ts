import { httpRequest, httpUrlProblem } from './http-request.js';
import { failureOf, jsonOf } from './rest-answer.js';
import type { Dialer } from './types.js';

/**
 * Placetel API v2 (api.placetel.de/v2/docs, "Calls" → POST /calls "Initiate a call"): Placetel
 * rings the SIP user `sipuid` (e.g. `777123456e1@fpbx.de`) and, once answered, dials `target`.
 * The API token (Placetel web portal, Integrationen → Web API) goes in as a bearer token.
 */
export const placetelDialer: Dialer = {
  id: 'placetel',
  numberStyle: 'e164',
  deviceHint: 'Placetel SIP user id, e.g. 777123456e1@fpbx.de',
  fields: [
    { name: 'apiUrl', secret: false, required: true, default: 'https://api.placetel.de/v2', check: httpUrlProblem },
    { name: 'token', secret: true, required: true },
  ],
  async dial(request, { settings, timeoutMs }) {
    const res = await httpRequest(
      `${settings.apiUrl!.replace(/\/+$/, '')}/calls`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${settings.token}` },
        body: JSON.stringify({ sipuid: request.device, target: request.number }),
      },
      timeoutMs,
    );
    if (res.status < 200 || res.status > 299) throw failureOf(res, 'Placetel');
    const id = jsonOf(res)?.id;
    return {
      state: 'ringing',
      detail: `Placetel started the call${id !== undefined ? ` (id ${String(id)})` : ''}: ${request.device} rings, then ${request.number}`,
      reference: id !== undefined ? String(id) : null,
    };
  },
};

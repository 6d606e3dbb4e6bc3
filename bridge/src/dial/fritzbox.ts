import { digestAuthorization, parseDigestChallenge, type DigestChallenge } from './digest-auth.js';
import { escapeXml } from './escape.js';
import { answerText, httpRequest, httpUrlProblem, type PlainResponse } from './http-request.js';
import { DialError, type DialContext, type Dialer } from './types.js';

/**
 * Fritz!Box: TR-064 service `X_VoIP` (AVM, "TR-064 Support – X_VoIP"), SOAP over HTTP with
 * digest authentication. `X_AVM-DE_DialSetConfig` picks the phone that rings first (the
 * agent's port, by the name the box shows, e.g. "FON1: Büro"), then `X_AVM-DE_DialNumber`
 * starts the call. The box's "Wählhilfe" (dialing help) must be switched on, and the user needs
 * the right "Telefonie" (a 606 fault says it has not).
 */
const SERVICE = 'urn:dslforum-org:service:X_VoIP:1';
const CONTROL_PATH = '/upnp/control/x_voip';

/** TR-064 UPnP error codes (AVM's TR-064 first steps, "error codes"). */
const FAULTS: Record<string, { failure: 'auth' | 'refused'; text: string }> = {
  '401': { failure: 'refused', text: 'the box does not know this action (TR-064 too old?)' },
  '402': { failure: 'refused', text: 'the box refused the arguments (unknown phone port or number)' },
  '501': { failure: 'refused', text: 'the box could not dial: is the dialing help (Wählhilfe) on and the phone free?' },
  '606': { failure: 'auth', text: 'the user lacks the right to control telephony' },
  '820': { failure: 'refused', text: 'internal error of the box' },
};

export function soapEnvelope(action: string, args: Record<string, string>): string {
  const inner = Object.entries(args)
    .map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`)
    .join('');
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">' +
    `<s:Body><u:${action} xmlns:u="${SERVICE}">${inner}</u:${action}></s:Body></s:Envelope>`
  );
}

/** `errorCode` and `errorDescription` of a SOAP fault (UPnPError), if the body is one. */
export function soapFault(body: string): { code: string; description: string } | null {
  const code = /<errorCode>\s*(\d+)\s*<\/errorCode>/.exec(body)?.[1];
  if (!code) return null;
  return { code, description: /<errorDescription>([^<]*)<\/errorDescription>/.exec(body)?.[1]?.trim() ?? '' };
}

class Tr064Session {
  private challenge: DigestChallenge | null = null;
  private nonceCount = 0;

  constructor(
    private readonly base: URL,
    private readonly username: string,
    private readonly password: string,
    private readonly timeoutMs: number,
  ) {}

  async call(action: string, args: Record<string, string>): Promise<PlainResponse> {
    let res = await this.send(action, args);
    if (res.status === 401) {
      // First contact, or the nonce went stale: take the new challenge and try once more.
      this.challenge = parseDigestChallenge(res.headers.get('www-authenticate'));
      this.nonceCount = 0;
      if (!this.challenge) throw new DialError('auth', 'the box asks for a login this bridge cannot answer (no digest challenge)', answerText(res));
      res = await this.send(action, args);
      if (res.status === 401) throw new DialError('auth', 'the box refused the user name or password', answerText(res));
    }
    const fault = soapFault(res.body);
    if (fault) {
      const known = FAULTS[fault.code];
      throw new DialError(known?.failure ?? 'refused', `${action}: ${known?.text ?? 'the box refused'} (UPnP error ${fault.code} ${fault.description})`, answerText(res));
    }
    if (res.status !== 200) throw new DialError('refused', `${action}: the box answered HTTP ${res.status}`, answerText(res));
    return res;
  }

  private send(action: string, args: Record<string, string>): Promise<PlainResponse> {
    const url = new URL(CONTROL_PATH, this.base);
    const headers: Record<string, string> = {
      'content-type': 'text/xml; charset="utf-8"',
      soapaction: `"${SERVICE}#${action}"`,
    };
    if (this.challenge) {
      headers.authorization = digestAuthorization(this.challenge, {
        method: 'POST',
        uri: url.pathname,
        username: this.username,
        password: this.password,
        nonceCount: ++this.nonceCount,
      });
    }
    return httpRequest(url.href, { method: 'POST', headers, body: soapEnvelope(action, args) }, this.timeoutMs);
  }
}

export const fritzboxDialer: Dialer = {
  id: 'fritzbox',
  numberStyle: 'dialed',
  deviceHint: 'phone port as the box names it, e.g. "FON1: Büro" or "DECT: Mobilteil 1"',
  fields: [
    { name: 'url', secret: false, required: true, default: 'http://fritz.box:49000', check: httpUrlProblem },
    { name: 'username', secret: false, required: true },
    { name: 'password', secret: true, required: true },
  ],
  async dial(request, context: DialContext) {
    const { settings, timeoutMs } = context;
    const session = new Tr064Session(new URL(settings.url!), settings.username!, settings.password!, timeoutMs);
    await session.call('X_AVM-DE_DialSetConfig', { 'NewX_AVM-DE_PhoneName': request.device });
    await session.call('X_AVM-DE_DialNumber', { 'NewX_AVM-DE_PhoneNumber': request.number });
    return { state: 'ringing', detail: `the box rings "${request.device}" and then dials ${request.number}`, reference: null };
  },
};

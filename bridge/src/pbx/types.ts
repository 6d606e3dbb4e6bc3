import type { CallEvent } from '../calls/call-event.js';

/**
 * What an HTTP phone-system adapter sees of a request. The route layer fills it in; the adapter
 * never touches express or the network, so it can be tested from recorded fixture files.
 */
export interface PbxHttpRequest {
  method: string;
  /** Header names lower-cased. */
  headers: Record<string, string | undefined>;
  query: Record<string, string | string[] | undefined>;
  /** Exact bytes received: signatures (sipgate RSA, Placetel HMAC) are computed over these. */
  rawBody: Buffer;
  /** The full public URL the system called (Twilio signs it), from RINGSIDE_PUBLIC_URL + path. */
  url: string;
}

/** Per-source secrets an adapter may verify against; absent means "not configured, skip". */
export interface PbxSecrets {
  /** sipgate: PEM public key for x-sipgate-signature. */
  sipgatePublicKey?: string;
  /** Placetel: shared secret for X-PLACETEL-SIGNATURE (hex HMAC-SHA256 of the raw body). */
  placetelSecret?: string;
  /** Twilio: auth token for X-Twilio-Signature (base64 HMAC-SHA1). */
  twilioAuthToken?: string;
  /** Optional HTTP Basic credentials some systems put in the URL (`user:pass`). */
  basicAuth?: string;
  /** Generic webhook: Standard Webhooks signing secret (`whsec_<base64>`). */
  genericSigningSecret?: string;
}

/** Parse outcome as a value: adapters never throw on bad input. */
export type PbxParseResult =
  | { ok: true; events: CallEvent[] }
  | { ok: false; status: 400 | 401 | 403 | 415 | 422; error: string; field?: string };

/** What the bridge decided about the request, for the adapter to render in its system's format. */
export interface PbxDecision {
  /** The caller is on the block list: answer with the system's "reject" where it has one. */
  reject: boolean;
  /** Base URL the system can reach the bridge at (for sipgate's onAnswer/onHangup). */
  publicUrl: string;
  /** Path of this request below publicUrl, including the token, for callback URLs. */
  path: string;
  events: CallEvent[];
}

export interface PbxHttpResponse {
  status: number;
  contentType: string;
  body: string;
}

export interface PbxHttpAdapter {
  /** Route segment and source id: POST /pbx/{id}/{token}. */
  id: string;
  /** Human name for the admin console and logs. */
  name: string;
  parse(req: PbxHttpRequest, secrets: PbxSecrets): PbxParseResult;
  respond(decision: PbxDecision): PbxHttpResponse;
}

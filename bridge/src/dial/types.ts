/**
 * Click-to-dial: the bridge asks the office's phone system to ring the agent's own phone and,
 * once picked up, dial the number. One dialer per phone system, each in its own file, behind the
 * registry (registry.ts). Dialers never see express, the store or the agent model: they get the
 * number already in the form their system expects, the device to ring, and their settings.
 */

/** One setting of a dialer, as the console shows it and `RINGSIDE_DIAL_<SOURCE>_<NAME>` sets it. */
export interface DialField {
  /** Key in the stored settings and in the console's patch (`password`, `apiUrl`). */
  name: string;
  /** Secrets are stored, never shown back (like the signature secrets of the sources). */
  secret: boolean;
  required: boolean;
  /** Used when nothing is set. */
  default?: string;
  /** What a value must look like; null when fine, else the reason. */
  check?: (value: string) => string | null;
  /** Multi-line in the console (the generic body, headers). */
  multiline?: boolean;
}

export type DialSettings = Readonly<Record<string, string>>;

export interface DialRequest {
  /** The number as the phone system expects it (dial-number.ts): `00302312574` or `+49302312574`. */
  number: string;
  /** The agent's device at this source: a Fritz!Box port name, a sipgate device id, a SIP user, a channel. */
  device: string;
  agent: { id: string; name: string };
  /** Extension numbers of the agent (the generic template's `{extension}` uses the first). */
  extension: string | null;
}

/** The phone system took the request; `detail` is its answer in plain words for the console. */
export interface DialOutcome {
  /** `ringing`: the agent's phone rings now; `answered`: the phone system says the agent picked up. */
  state: 'ringing' | 'answered';
  detail: string;
  /** The phone system's own id of the call or session, where it gives one. */
  reference: string | null;
}

export type DialFailure =
  /** The phone system refused our credentials. */
  | 'auth'
  /** The agent's device is busy or refused the call. */
  | 'busy'
  /** No answer from the phone system within the time limit. */
  | 'timeout'
  /** Could not connect at all (DNS, refused, TLS). */
  | 'unreachable'
  /** Answered, but refused the request (bad device, number, dialing help off, no credit). */
  | 'refused'
  /** This source is not set up for dialing. */
  | 'not-configured';

export class DialError extends Error {
  constructor(
    readonly failure: DialFailure,
    message: string,
    /** What the phone system answered, shortened, for the console's test dial. */
    readonly detail: string | null = null,
  ) {
    super(message);
  }
}

export interface DialContext {
  settings: DialSettings;
  /** Abandon the request after this long. */
  timeoutMs: number;
}

export interface Dialer {
  /** The source id it dials for (`fritzbox`, `sipgate`, ...). */
  id: string;
  /** How the phone system wants the number: E.164 for cloud APIs, digits as dialed at a desk phone for PBXs. */
  numberStyle: 'e164' | 'dialed';
  /** What the agent's device id means at this system, for the console's hint. */
  deviceHint: string;
  fields: readonly DialField[];
  dial(request: DialRequest, context: DialContext): Promise<DialOutcome>;
}

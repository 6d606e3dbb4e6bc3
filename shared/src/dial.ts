import { z } from 'zod';

/**
 * Click-to-dial. The agent API (bearer: the agent's pairing token):
 *
 * POST /api/me/dial  DialInput -> 200 DialResult
 *   The bridge asks the phone system to ring the agent's own phone and then dial `number`.
 *   Errors (`{ error, message, field }`):
 *   400 invalid / number_invalid (field number)    422 number_internal, number_blocked (field number)
 *   422 no_device (field dialDevices.<source>)      422 cannot_dial (field source)
 *   429 rate_limited (Retry-After)                  409 device_busy (field device)
 *   502 dial_auth_failed (field credentials), dial_failed, phone_system_unreachable
 *   504 dial_timeout
 *
 * The admin console (session), per source:
 * GET   /admin/api/dial                      -> { sources: DialSourceView[] }
 * PATCH /admin/api/dial/{source}             DialConfigPatch -> DialSourceView
 * POST  /admin/api/dial/{source}/test        TestDialInput -> TestDialResult
 */

import { DIAL_SOURCES, type DialSource } from './admin-constants.js';

export { DIAL_SOURCES, type DialSource };

export const dialInputSchema = z.object({
  /** Any notation: `030 2312574`, `+49 30 2312574`, what a web page shows. */
  number: z.string().trim().min(1, 'the number is required').max(64),
  /** The missed call this dial returns: answered, it is marked called back by this agent. */
  callId: z.string().trim().min(1).max(200).optional(),
  /** The phone system of that call (call ids are unique per source). */
  callSource: z.string().trim().min(1).max(30).optional(),
  /** Dial through this phone system; default: the first one the agent has a device at. */
  source: z.enum(DIAL_SOURCES).optional(),
});
export type DialInput = z.infer<typeof dialInputSchema>;

export interface DialResult {
  source: DialSource;
  /** `ringing`: the agent's phone rings now. `answered`: the phone system says the agent picked up. */
  state: 'ringing' | 'answered';
  /** The number as the card shows it. */
  display: string;
  /** The number as the phone system got it (`0302312574`, `+49302312574`). */
  dialed: string;
  /** The phone system's answer in plain words. */
  detail: string;
}

/** Per-source device ids on the agent (`{ fritzbox: "FON1: Büro" }`). */
export const dialDevicesSchema = z.partialRecord(
  z.enum(DIAL_SOURCES),
  z
    .string()
    .trim()
    .max(120)
    // A device id goes into SOAP, JSON and the line-based AMI: no control characters.
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'no line breaks or control characters'),
);

export interface DialFieldView {
  name: string;
  secret: boolean;
  required: boolean;
  multiline: boolean;
  /** Non-secret values only; secrets are never sent back. */
  value: string | null;
  default: string | null;
  set: boolean;
  lockedByEnv: boolean;
  /** `RINGSIDE_DIAL_FRITZBOX_PASSWORD` */
  envVar: string;
}

export interface DialSourceView {
  source: DialSource;
  /** Every required setting is there (and, for Asterisk, RINGSIDE_AMI is set). */
  ready: boolean;
  /** What an agent's device id means at this system. */
  deviceHint: string;
  numberStyle: 'e164' | 'dialed';
  fields: DialFieldView[];
}

export const dialConfigPatchSchema = z.object({
  /** A value sets the field; null removes it (back to the default). */
  values: z.record(z.string().min(1).max(40), z.string().max(10_000).nullable()),
});
export type DialConfigPatch = z.infer<typeof dialConfigPatchSchema>;

export const testDialInputSchema = z.object({
  number: z.string().trim().min(1, 'the number is required').max(64),
  /** The device to ring first (a port, device id, SIP user, endpoint). */
  device: z.string().trim().min(1, 'the device is required').max(120).regex(/^[^\u0000-\u001f\u007f]*$/),
});
export type TestDialInput = z.infer<typeof testDialInputSchema>;

export interface TestDialResult {
  ok: boolean;
  /** The phone system's answer, or why it failed, in plain words. */
  message: string;
  /** What the phone system literally answered, shortened. */
  detail: string | null;
  dialed: string | null;
  /** On failure: auth, busy, timeout, unreachable, refused, not-configured. */
  failure: string | null;
}

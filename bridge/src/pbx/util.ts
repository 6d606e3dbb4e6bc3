import { createHash, timingSafeEqual } from 'node:crypto';
import type { CallDirection } from '@ringside/shared';
import type { CallEvent } from '../calls/call-event.js';
import type { PbxHttpRequest, PbxHttpResponse, PbxParseResult } from './types.js';

/** Helpers shared by the HTTP adapters: result values, event building, auth and answers. */

type Failure = Extract<PbxParseResult, { ok: false }>;

export function fail(status: Failure['status'], error: string, field?: string): Failure {
  return field === undefined ? { ok: false, status, error } : { ok: false, status, error, field };
}

export function ok(events: CallEvent[]): PbxParseResult {
  return { ok: true, events };
}

/** The body as text; invalid UTF-8 becomes U+FFFD instead of an exception. */
export function bodyText(req: PbxHttpRequest): string {
  return Buffer.isBuffer(req.rawBody) ? req.rawBody.toString('utf8') : '';
}

export function bodyBytes(req: PbxHttpRequest): Buffer {
  return Buffer.isBuffer(req.rawBody) ? req.rawBody : Buffer.alloc(0);
}

export function header(req: PbxHttpRequest, name: string): string | undefined {
  const value = req.headers?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** A JSON object body, or null for anything else (arrays, scalars, broken JSON). */
export function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

type EventCore = Pick<CallEvent, 'kind' | 'callId' | 'direction'> & Partial<Omit<CallEvent, 'source'>>;

export function callEvent(source: string, e: EventCore): CallEvent {
  return {
    kind: e.kind,
    source,
    callId: e.callId,
    from: e.from ?? null,
    to: e.to ?? null,
    direction: e.direction,
    agents: e.agents ?? null,
    answeredBy: e.answeredBy ?? null,
    cause: e.cause ?? null,
    at: e.at ?? null,
    linkedId: e.linkedId ?? null,
    ...(e.answeredByAlso && e.answeredByAlso.length > 0 && { answeredByAlso: e.answeredByAlso }),
    ...(e.mailboxOnly && { mailboxOnly: true }),
  };
}

/**
 * sipgate and Zammad name the voicemail like a user (`user[]=voicemail`, `user=voicemail` on
 * answer). It is never a person: it rings nobody, and its picking up is no answer.
 */
export const isVoicemail = (value: string): boolean => value.trim().toLowerCase() === 'voicemail';

/** `in` / `out` in any letter case; anything else is not a direction. */
export function parseDirection(value: string | undefined): CallDirection | undefined {
  const v = value?.toLowerCase();
  return v === 'in' || v === 'out' ? v : undefined;
}

/** Raw number text: missing stays null, so does an empty field (nothing to normalize). */
export function rawNumber(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

export function nonEmptyList(values: string[]): string[] | null {
  return values.length > 0 ? values : null;
}

/** The hangup causes of sipgate.io and Zammad, which every adapter maps into. */
const CAUSES = ['normalClearing', 'busy', 'cancel', 'noAnswer', 'congestion', 'notFound', 'forwarded'] as const;
const CAUSE_BY_LOWER = new Map<string, string>(CAUSES.map((c) => [c.toLowerCase(), c]));
/** Causes after which nobody can have taken the call. */
const UNANSWERED_CAUSES = new Set<string>(CAUSES.filter((c) => c !== 'normalClearing'));

/** A cause in its canonical spelling when it is one of ours; anything else as sent. */
export function canonicalCause(raw: string | undefined): string | null {
  if (!raw) return null;
  return CAUSE_BY_LOWER.get(raw.toLowerCase()) ?? raw;
}

/**
 * Who answered, as named on a hangup. The call service takes an answeredBy on `ended` as proof
 * the call was taken (for when the answer event got lost), so it must stay null for hangups
 * that say the call was never answered, whatever else the system filled in.
 */
export function answeredOnHangup(cause: string | null, who: string | null | undefined): string | null {
  if (!who || (cause !== null && UNANSWERED_CAUSES.has(cause))) return null;
  return who;
}

/**
 * Who answered, for an answered event. The call service counts a call as answered only if it
 * names someone, so when a system leaves the agent out we fall back to the number that was
 * picked up rather than turning a taken call into a missed one.
 */
export function answeredBy(...candidates: (string | null | undefined)[]): string {
  for (const c of candidates) if (c) return c;
  return 'unknown';
}

/** Constant-time string comparison; hashing first hides the length of the expected value. */
export function safeEqual(actual: string, expected: string): boolean {
  const a = createHash('sha256').update(actual, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/**
 * HTTP Basic credentials (sipgate and Placetel put `user:pass@` in the configured URL).
 * Returns a failure when configured and not matched, null when fine or not configured.
 */
export function checkBasicAuth(req: PbxHttpRequest, expected: string | undefined): Failure | null {
  if (!expected) return null;
  const match = /^basic\s+(\S+)\s*$/i.exec(header(req, 'authorization') ?? '');
  const given = match?.[1] ? Buffer.from(match[1], 'base64').toString('utf8') : '';
  return safeEqual(given, expected) ? null : fail(401, 'basic credentials missing or wrong', 'authorization');
}

export function isInboundRinging(events: readonly CallEvent[]): boolean {
  return events.some((e) => e.kind === 'ringing' && e.direction === 'in');
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

export function xmlResponse(body: string, contentType = 'application/xml'): PbxHttpResponse {
  return { status: 200, contentType, body: `${XML_DECLARATION}${body}` };
}

export function jsonResponse(status: number, value: unknown): PbxHttpResponse {
  return { status, contentType: 'application/json', body: JSON.stringify(value) };
}

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function xmlAttr(value: string): string {
  return value.replace(/[&<>"']/g, (c) => XML_ENTITIES[c] ?? c);
}

/** publicUrl + path without doubled or missing slashes. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

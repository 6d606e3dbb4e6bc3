import { createHash } from 'node:crypto';
import { z } from 'zod';
import { parseWith, type ConversationInput, type Parsed } from '@ringside/shared';
import type { CallEvent } from '../../calls/call-event.js';

/**
 * The ReportCall scenario of our 3CX CRM template (template.ts) posts one request per finished
 * call, form-encoded, with the field names below. 3CX gives no call id to journaling, and it
 * retries failed posts, so the call id is derived from what identifies a call anyway.
 */
export const SOURCE = '3cx';

export const CALL_TYPES = ['Inbound', 'Missed', 'Outbound', 'Notanswered'] as const;
export type ThreeCxCallType = (typeof CALL_TYPES)[number];

export interface ThreeCxJournal {
  callType: ThreeCxCallType;
  /** The outside party as 3CX sent it; null when withheld. */
  number: string | null;
  /** Extension of the 3CX user; may be absent on calls nobody took. */
  agent: string | null;
  agentName: string | null;
  durationSeconds: number;
  /** ISO 8601 UTC. */
  startedAt: string;
  endedAt: string;
  entityId: string | null;
}

/** Beyond a week a "duration" is a broken template, not a phone call. */
const MAX_DURATION_S = 7 * 86_400;

const CANONICAL_TYPES = new Map(CALL_TYPES.map((t) => [t.toLowerCase(), t]));
const FIELDS = [
  'CallType', 'Number', 'Agent', 'AgentFirstName', 'Duration',
  'CallStartTimeLocal', 'CallStartTimeUTC', 'CallEndTimeLocal', 'CallEndTimeUTC', 'EntityId',
] as const;
const FIELD_BY_LOWER = new Map<string, string>(FIELDS.map((f) => [f.toLowerCase(), f]));

/** Template authors write `callType` or `calltype` as often as 3CX's own spelling. */
function canonicalKeys(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    const name = FIELD_BY_LOWER.get(key.toLowerCase());
    if (name && !(name in out)) out[name] = value;
  }
  return out;
}

/** JSON senders put numbers where forms put text; a repeated form key arrives as an array. */
function scalar(value: unknown): unknown {
  if (Array.isArray(value) && value.length === 1) return scalar(value[0]);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return value;
}

const text = (max: number) =>
  z.preprocess(
    scalar,
    z
      .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a single text value') })
      .trim()
      .max(max, `at most ${max} characters`),
  );
const optionalText = (max: number) => text(max).optional().transform((v) => (v ? v : null));

const time = (zone: 'utc' | 'local') =>
  optionalText(40).transform((value, ctx) => {
    if (value === null) return null;
    const parsed = parseTime(value, zone);
    if (parsed === undefined) {
      ctx.addIssue({ code: 'custom', message: `not a date and time: "${value}" (use yyyy-MM-dd HH:mm:ss)` });
      return z.NEVER;
    }
    return parsed;
  });

const journalSchema = z.preprocess(
  canonicalKeys,
  z
    .object({
      CallType: z.preprocess((v) => {
        const s = scalar(v);
        return typeof s === 'string' ? (CANONICAL_TYPES.get(s.trim().toLowerCase()) ?? s) : s;
      }, z.enum(CALL_TYPES, { error: (i) => `${i.input === undefined ? 'is required' : 'must be'}: Inbound, Missed, Outbound or Notanswered` })),
      // Present but empty means a withheld number; absent means a broken template.
      Number: text(100),
      Agent: optionalText(100),
      AgentFirstName: optionalText(100),
      Duration: optionalText(20).transform((value, ctx) => {
        const seconds = value === null ? 0 : parseDuration(value);
        if (seconds === undefined) {
          ctx.addIssue({ code: 'custom', message: `not a duration: "${value}" (use hh:mm:ss or seconds)` });
          return z.NEVER;
        }
        return seconds;
      }),
      CallStartTimeLocal: time('local'),
      CallStartTimeUTC: time('utc'),
      CallEndTimeLocal: time('local'),
      CallEndTimeUTC: time('utc'),
      EntityId: optionalText(200),
    }, { error: 'the body must be a form or a JSON object' })
    .transform((v, ctx): ThreeCxJournal => {
      // UTC is unambiguous; local time is only as good as the bridge's idea of the PBX's zone.
      const start = v.CallStartTimeUTC ?? v.CallStartTimeLocal;
      if (!start) {
        ctx.addIssue({ code: 'custom', path: ['CallStartTimeLocal'], message: 'CallStartTimeLocal or CallStartTimeUTC is required' });
        return z.NEVER;
      }
      const answered = v.CallType === 'Inbound' || v.CallType === 'Outbound';
      if (answered && !v.Agent) {
        ctx.addIssue({ code: 'custom', path: ['Agent'], message: `is required for ${v.CallType} calls (who talked)` });
        return z.NEVER;
      }
      const end = v.CallEndTimeUTC ?? v.CallEndTimeLocal;
      const byDuration = new Date(Date.parse(start) + v.Duration * 1000).toISOString();
      return {
        callType: v.CallType,
        number: v.Number === '' ? null : v.Number,
        agent: v.Agent,
        agentName: v.AgentFirstName,
        durationSeconds: v.Duration,
        startedAt: start,
        endedAt: end && end >= start ? end : byDuration,
        entityId: v.EntityId,
      };
    }),
);

export function parseJournal(body: unknown): Parsed<ThreeCxJournal> {
  return parseWith(journalSchema, body);
}

/** `42`, `00:02:05`, `2:05`, or .NET TimeSpan text `1.02:03:04.567`; undefined when none of these. */
export function parseDuration(value: string): number | undefined {
  const v = value.trim();
  let seconds: number | undefined;
  if (/^\d{1,7}$/.test(v)) seconds = Number(v);
  const hms = /^(?:(\d{1,2})\.)?(\d{1,3}):([0-5]\d):([0-5]\d)(?:\.\d+)?$/.exec(v);
  if (hms) seconds = Number(hms[1] ?? 0) * 86_400 + Number(hms[2]) * 3600 + Number(hms[3]) * 60 + Number(hms[4]);
  const ms = /^(\d{1,4}):([0-5]\d)$/.exec(v);
  if (ms) seconds = Number(ms[1]) * 60 + Number(ms[2]);
  return seconds !== undefined && seconds <= MAX_DURATION_S ? seconds : undefined;
}

const ISO_LIKE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const GERMAN = /^(\d{1,2})\.(\d{1,2})\.(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?$/;
// .NET's default en-US rendering, with the narrow no-break space newer runtimes put before AM.
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?$/i;

/**
 * A 3CX date-time as an ISO UTC instant. Text without an offset is read in `zone`; for local
 * time that is the bridge's own zone, which is the PBX's when both run at the business. .NET
 * renders an unset DateTime as the year 1, which means "no time" here (null).
 */
export function parseTime(value: string, zone: 'utc' | 'local'): string | null | undefined {
  const v = value.trim();
  let parts: [number, number, number, number, number, number] | undefined;
  let offset: string | undefined;
  let m: RegExpExecArray | null;
  if ((m = ISO_LIKE.exec(v))) {
    parts = [+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0)];
    offset = m[7];
  } else if ((m = GERMAN.exec(v))) {
    parts = [+m[3]!, +m[2]!, +m[1]!, +m[4]!, +m[5]!, +(m[6] ?? 0)];
  } else if ((m = US.exec(v))) {
    let hour = +m[4]!;
    const half = m[7]?.toUpperCase();
    if (half && (hour < 1 || hour > 12)) return undefined;
    if (half === 'PM' && hour < 12) hour += 12;
    if (half === 'AM' && hour === 12) hour = 0;
    parts = [+m[3]!, +m[1]!, +m[2]!, hour, +m[5]!, +(m[6] ?? 0)];
  }
  if (!parts) return undefined;
  const [y, mo, d, h, mi, s] = parts;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  // Date.UTC rolls 31.02. over into March; a calendar that does that is not a date.
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCDate() !== d) return undefined;
  if (y < 2000) return null;
  let ms: number;
  if (offset !== undefined) {
    const off = offset.toUpperCase() === 'Z' ? 0 : offsetMinutes(offset);
    ms = Date.UTC(y, mo - 1, d, h, mi, s) - off * 60_000;
  } else {
    ms = zone === 'utc' ? Date.UTC(y, mo - 1, d, h, mi, s) : new Date(y, mo - 1, d, h, mi, s).getTime();
  }
  return new Date(ms).toISOString();
}

function offsetMinutes(offset: string): number {
  const digits = offset.replace(':', '');
  const sign = digits.startsWith('-') ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
}

/** Same number, same start second: a retried post of the same call, never a new call. */
export function journalCallId(j: Pick<ThreeCxJournal, 'number' | 'startedAt'>): string {
  const start = j.startedAt.slice(0, 19);
  return `3cx-${createHash('sha256').update(`${j.number ?? ''}|${start}`).digest('hex').slice(0, 24)}`;
}

const isInbound = (t: ThreeCxCallType) => t === 'Inbound' || t === 'Missed';
const wasAnswered = (t: ThreeCxCallType) => t === 'Inbound' || t === 'Outbound';

/**
 * The finished call as ONE `ended` event carrying its real times, so lists and the callback
 * queue show it as it happened, and no agent gets a ringing card for a call that is already
 * over. A Missed call ends without answer (outcome missed: callback list); Notanswered is
 * outbound without answer (not reached).
 */
export function journalEvents(j: ThreeCxJournal): CallEvent[] {
  const inbound = isInbound(j.callType);
  const answered = wasAnswered(j.callType);
  const end = Date.parse(j.endedAt);
  // Duration is talk time: the answer came that long before the end, never before the start.
  const answeredAt = new Date(Math.max(Date.parse(j.startedAt), end - j.durationSeconds * 1000)).toISOString();
  return [
    {
      kind: 'ended',
      source: SOURCE,
      callId: journalCallId(j),
      direction: inbound ? 'in' : 'out',
      from: inbound ? j.number : j.agent,
      to: inbound ? null : j.number,
      agents: j.agent ? [j.agent] : null,
      answeredBy: answered ? j.agent : null,
      cause: answered ? 'normalClearing' : 'noAnswer',
      at: j.endedAt,
      linkedId: null,
      startedAt: j.startedAt,
      ...(answered && { answeredAt }),
    },
  ];
}

const SUBJECTS: Record<ThreeCxCallType, string> = {
  Inbound: 'Anruf (3CX): angenommen',
  Missed: 'Anruf (3CX): verpasst',
  Outbound: 'Anruf (3CX): ausgehend',
  Notanswered: 'Anruf (3CX): nicht erreicht',
};

/** "2:05 min", "1:02:05 h": how a German call list writes a duration. */
export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s} h` : `${m}:${s} min`;
}

/** The conversation entry on the customer's card; `contact` is the person, when known. */
export function journalConversation(j: ThreeCxJournal, contact: string | null = null): ConversationInput & { callId: string } {
  const who = j.agentName && j.agent ? `${j.agentName} (Nebenstelle ${j.agent})` : j.agentName ?? (j.agent ? `Nebenstelle ${j.agent}` : null);
  const duration = `Dauer ${formatDuration(j.durationSeconds)}`;
  const summary: Record<ThreeCxCallType, string> = {
    Inbound: `Eingehender Anruf, angenommen${who ? ` von ${who}` : ''}, ${duration}.`,
    Missed: `Eingehender Anruf, nicht angenommen${who ? `, klingelte bei ${who}` : ''}.`,
    Outbound: `Ausgehender Anruf${who ? ` von ${who}` : ''}, ${duration}.`,
    Notanswered: `Ausgehender Anruf${who ? ` von ${who}` : ''}, nicht erreicht.`,
  };
  return {
    at: j.startedAt,
    channel: 'call',
    agent: j.agentName ?? j.agent,
    contact,
    subject: SUBJECTS[j.callType],
    summary: summary[j.callType],
    result: null,
    followUp: null,
    callId: journalCallId(j),
  };
}

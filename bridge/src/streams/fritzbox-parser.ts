import type { CallEvent } from '../calls/call-event.js';

/**
 * AVM Fritz!Box call monitor (TCP 1012, enabled by dialing #96*5*): one `;`-separated line per
 * event, in the box's local time. See shared/reference/pbx-wire-formats.md.
 *
 * Pure: parsing and correlation do no I/O; the correlator gets its clock from the caller.
 */

/** Wall-clock time as the box printed it (its own local time, no zone). */
export interface BoxTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export type FritzLine =
  | { type: 'RING'; time: BoxTime; connId: string; caller: string | null; own: string; line: string }
  | { type: 'CALL'; time: BoxTime; connId: string; extension: string; own: string; dialed: string; line: string }
  | { type: 'CONNECT'; time: BoxTime; connId: string; extension: string; remote: string | null }
  | { type: 'DISCONNECT'; time: BoxTime; connId: string; duration: number };

const DATE = /^(\d{2})\.(\d{2})\.(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const DIGITS = /^\d{1,9}$/;
/** Fields after the type each line must have; firmware versions append more, which we ignore. */
const MIN_FIELDS = { RING: 4, CALL: 5, CONNECT: 3, DISCONNECT: 2 } as const;

function parseBoxTime(text: string): BoxTime | null {
  const m = DATE.exec(text);
  if (!m) return null;
  const [day, month, yy, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  return { year: 2000 + yy, month, day, hour, minute, second };
}

export function parseFritzLine(input: string): FritzLine | { error: string } {
  const text = input.trim();
  if (text === '') return { error: 'empty line' };
  const fields = text.split(';');
  // The box ends every line with `;`, which leaves one empty field at the end.
  if (fields.length > 1 && fields[fields.length - 1] === '') fields.pop();
  const [date = '', type = '', ...rest] = fields;
  const time = parseBoxTime(date);
  if (!time) return { error: `bad date ${JSON.stringify(date.slice(0, 40))}` };
  if (!(type in MIN_FIELDS)) return { error: `unknown event type ${JSON.stringify(type.slice(0, 40))}` };
  const kind = type as keyof typeof MIN_FIELDS;
  if (rest.length < MIN_FIELDS[kind]) return { error: `${kind} needs ${MIN_FIELDS[kind]} fields, got ${rest.length}` };
  const f = rest.map((s) => s.trim());
  const connId = f[0] as string;
  if (!DIGITS.test(connId)) return { error: `bad connection id ${JSON.stringify(connId.slice(0, 40))}` };
  const orNull = (s: string | undefined) => (s ? s : null);
  switch (kind) {
    case 'RING':
      return { type: kind, time, connId, caller: orNull(f[1]), own: f[2] ?? '', line: f[3] ?? '' };
    case 'CALL':
      if (!DIGITS.test(f[1] ?? '')) return { error: 'CALL: bad extension' };
      return { type: kind, time, connId, extension: f[1] as string, own: f[2] ?? '', dialed: f[3] ?? '', line: f[4] ?? '' };
    case 'CONNECT':
      if (!DIGITS.test(f[1] ?? '')) return { error: 'CONNECT: bad extension' };
      return { type: kind, time, connId, extension: f[1] as string, remote: orNull(f[2]) };
    case 'DISCONNECT':
      if (!DIGITS.test(f[1] ?? '')) return { error: 'DISCONNECT: bad duration' };
      return { type: kind, time, connId, duration: Number(f[1]) };
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2025-08-25T20:15:30`: the box's wall clock, used in call ids so they do not depend on zones. */
export function boxTimeKey(t: BoxTime): string {
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}`;
}

/** Offset of `timeZone` from UTC at the instant `utcMs`, in ms. */
function zoneOffsetMs(utcMs: number, format: Intl.DateTimeFormat): number {
  const parts: Record<string, number> = {};
  for (const p of format.formatToParts(new Date(utcMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day ?? 1, (parts.hour ?? 0) % 24, parts.minute ?? 0, parts.second ?? 0);
  return wall - Math.floor(utcMs / 1000) * 1000;
}

function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
    hour: 'numeric', minute: 'numeric', second: 'numeric',
  });
}

/**
 * The box prints local time without a zone. With `timeZone` (IANA, e.g. `Europe/Berlin`, the
 * zone configured on the box) we convert exactly; without it we assume the bridge runs in the
 * same zone as the box, which is the usual LAN setup. In the repeated hour when DST ends the
 * earlier instant is taken: the line does not say which one it was.
 */
export function boxTimeToIso(t: BoxTime, format?: Intl.DateTimeFormat): string {
  if (!format) return new Date(t.year, t.month - 1, t.day, t.hour, t.minute, t.second).toISOString();
  const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  const before = wall - zoneOffsetMs(wall - 12 * 3600_000, format);
  const after = wall - zoneOffsetMs(wall + 12 * 3600_000, format);
  // Take the earliest candidate whose local rendering really is the printed wall time.
  const ok = [before, after].filter((ms) => ms + zoneOffsetMs(ms, format) === wall).sort((a, b) => a - b);
  return new Date(ok[0] ?? before).toISOString();
}

const MAX_OPEN = 256;

/** The MSN and the line a RING came in on; null when the line names neither. */
function ringIdentifiers(line: Extract<FritzLine, { type: 'RING' }>): string[] | null {
  const ids = [...new Set([line.own, line.line].map((s) => s.trim()).filter((s) => s !== ''))];
  return ids.length > 0 ? ids : null;
}

interface OpenCall {
  callId: string;
  direction: 'in' | 'out';
  from: string | null;
  to: string | null;
  agents: string[] | null;
  answeredBy: string | null;
  seenAtMs: number;
}

export interface FritzResult {
  events: CallEvent[];
  /** Something did not add up (unknown connection id, ...): worth a log line, not a crash. */
  error?: string;
  /**
   * How far the box's clock is behind the bridge's (negative: ahead), from this line's time.
   * Information only: events carry the bridge's receive time.
   */
  boxClockSkewMs: number;
}

export interface FritzCorrelatorOptions {
  /** IANA zone of the box; absent: the bridge's own local zone (see boxTimeToIso). */
  timeZone?: string;
  /** Epoch ms when a line is received: the events' time, and to forget calls whose DISCONNECT never came. */
  clock?: () => number;
  /** Forget an open connection after this long (default 12 h). */
  maxAgeMs?: number;
}

/**
 * Turns call-monitor lines into CallEvents. The box reuses connection ids (0, 1, 2...), so a
 * call is identified by connId plus the time of its RING/CALL line; that id is stable, so a
 * line seen twice maps to the same call.
 *
 * Events carry the time the bridge received the line, not the box's: the call monitor is live,
 * and a box whose clock is minutes behind (no NTP, wrong zone) must neither make the extension
 * drop the popup as an old replay nor get its calls closed as stale. The box's time stays in the
 * call id and is reported as clock skew.
 *
 * Who rings: RING names the called number (MSN) and the line (`SIP0`, `ISDN`, `POTS`), not the
 * handsets, so those are the call's identifiers: an agent given an office's MSN as a
 * `fritzbox` identifier gets that number's calls. CALL names the extension index that dialled,
 * CONNECT the one that picked up.
 */
export class FritzCorrelator {
  private readonly open = new Map<string, OpenCall>();
  private readonly format: Intl.DateTimeFormat | undefined;
  private readonly clock: () => number;
  private readonly maxAgeMs: number;

  constructor(options: FritzCorrelatorOptions = {}) {
    // Throws RangeError on an unknown zone: a configuration error, reported at start-up.
    this.format = options.timeZone ? zoneFormat(options.timeZone) : undefined;
    this.clock = options.clock ?? Date.now;
    this.maxAgeMs = options.maxAgeMs ?? 12 * 3600_000;
  }

  handle(line: FritzLine): FritzResult {
    const now = this.clock();
    return { ...this.correlate(line, now), boxClockSkewMs: now - Date.parse(boxTimeToIso(line.time, this.format)) };
  }

  private correlate(line: FritzLine, now: number): Omit<FritzResult, 'boxClockSkewMs'> {
    for (const [id, call] of this.open) if (now - call.seenAtMs > this.maxAgeMs) this.open.delete(id);
    const at = new Date(now).toISOString();
    const open = this.open.get(line.connId);
    switch (line.type) {
      case 'RING':
      case 'CALL': {
        const events: CallEvent[] = [];
        // A new call on a connId that is still open: its DISCONNECT was lost, close it.
        if (open) events.push(this.event(open, 'ended', at, null));
        const call: OpenCall = line.type === 'RING'
          ? { callId: `${line.connId}@${boxTimeKey(line.time)}`, direction: 'in', from: line.caller, to: line.own || null, agents: ringIdentifiers(line), answeredBy: null, seenAtMs: now }
          : { callId: `${line.connId}@${boxTimeKey(line.time)}`, direction: 'out', from: line.own || null, to: line.dialed || null, agents: [line.extension], answeredBy: null, seenAtMs: now };
        this.remember(line.connId, call);
        events.push(this.event(call, 'ringing', at, null));
        return open ? { events, error: `connection ${line.connId} reused before its DISCONNECT` } : { events };
      }
      case 'CONNECT': {
        if (open) {
          open.answeredBy = line.extension;
          open.seenAtMs = now;
          return { events: [this.event(open, 'answered', at, null)] };
        }
        // The RING was lost (bridge restarted, socket dropped): still report who took the call,
        // under an id of its own, so the DISCONNECT that follows can close it.
        const call: OpenCall = { callId: `${line.connId}@${boxTimeKey(line.time)}`, direction: 'in', from: line.remote, to: null, agents: null, answeredBy: line.extension, seenAtMs: now };
        this.remember(line.connId, call);
        return { events: [this.event(call, 'answered', at, null)], error: `CONNECT for unknown connection ${line.connId}` };
      }
      case 'DISCONNECT': {
        if (!open) return { events: [], error: `DISCONNECT for unknown connection ${line.connId}` };
        this.open.delete(line.connId);
        // The box does not say why; unanswered means nobody picked up (missed for inbound).
        return { events: [this.event(open, 'ended', at, open.answeredBy ? 'normalClearing' : 'noAnswer')] };
      }
    }
  }

  private remember(connId: string, call: OpenCall): void {
    this.open.delete(connId);
    this.open.set(connId, call);
    // The box has a handful of lines; a flood of ids means garbage, which must not grow memory.
    const oldest = this.open.keys().next().value;
    if (this.open.size > MAX_OPEN && oldest !== undefined) this.open.delete(oldest);
  }

  private event(call: OpenCall, kind: CallEvent['kind'], at: string, cause: string | null): CallEvent {
    return {
      kind, source: 'fritzbox', callId: call.callId, from: call.from, to: call.to, direction: call.direction,
      agents: call.agents, answeredBy: kind === 'ringing' ? null : call.answeredBy, cause, at, linkedId: null,
    };
  }
}

import type { CallEvent } from '../calls/call-event.js';
import type { AmiMessage } from './ami-decoder.js';

/**
 * Asterisk Manager Interface (TCP 5038) messages, as ami-decoder.ts frames them, to CallEvents.
 * Correlation is by Linkedid, the Uniqueid of the oldest channel of a call, which stays the same
 * across ring groups and queues.
 * Event reference: https://docs.asterisk.org/Asterisk_20_Documentation/API_Documentation/AMI_Events/
 *
 * Pure: no I/O. The state object is owned by the caller and mutated in place.
 */

interface AmiCall {
  from: string | null;
  to: string | null;
  agents: Set<string>;
  answeredBy: string | null;
  /** A ringing event went out: only then is an end worth reporting. */
  announced: boolean;
  ended: boolean;
  /** Name of the call's first channel (`PJSIP/21-00000030`), when seen. */
  firstChannel: string | null;
  /**
   * The first channel is one of the office's phones: it started in a phone context, or Asterisk
   * originated it (click-to-dial rings the agent's phone first). Its dial to an outside line is
   * an outbound call.
   */
  phoneSide: boolean;
  /** Asterisk originated the first channel (AMI `Originate`); its caller id is whatever the action set. */
  originated: boolean;
  direction: 'in' | 'out';
}

/** What must be remembered between messages, per Linkedid; oldest calls are forgotten past `max`. */
export interface AmiState {
  readonly calls: Map<string, AmiCall>;
  readonly max: number;
  /** Dialplan contexts the office's phones are in (FreePBX: `from-internal`). */
  readonly phoneContexts: ReadonlySet<string>;
}

export const DEFAULT_PHONE_CONTEXTS = ['from-internal'];

export function createAmiState(max = 2000, phoneContexts: readonly string[] = DEFAULT_PHONE_CONTEXTS): AmiState {
  return { calls: new Map(), max, phoneContexts: new Set(phoneContexts) };
}

/**
 * Q.850 cause codes (Hangup `Cause`) in the common vocabulary. Unlisted codes give null:
 * the call service still knows whether the call was answered.
 */
const CAUSES: Record<string, string> = {
  '0': 'normalClearing', '16': 'normalClearing', '31': 'normalClearing',
  '17': 'busy', '21': 'noAnswer', '18': 'noAnswer', '19': 'noAnswer', '20': 'noAnswer',
  '1': 'notFound', '3': 'notFound', '22': 'notFound', '28': 'notFound',
  '34': 'congestion', '38': 'congestion', '41': 'congestion', '42': 'congestion', '44': 'congestion',
  '23': 'forwarded',
};

export function mapHangupCause(cause: string | undefined, answered: boolean): string | null {
  const mapped = CAUSES[(cause ?? '').trim()] ?? null;
  // Unanswered and cleared normally: the caller hung up while it rang, i.e. gave up.
  if (!answered && mapped === 'normalClearing') return 'cancel';
  return mapped;
}

/** `PJSIP/21-0000000a` -> `21`, `Local/21@from-queue-00000001;1` -> `21`, `SIP/21` -> `21`. */
export function deviceOf(channel: string | undefined): string | null {
  if (!channel) return null;
  const slash = channel.indexOf('/');
  let name = slash === -1 ? channel : channel.slice(slash + 1);
  const at = name.indexOf('@');
  if (at !== -1) name = name.slice(0, at);
  // The channel instance suffix: `-0000000a` (hex counter), or `/n` on Local queue interfaces.
  name = name.replace(/-[0-9a-f]{6,}(;\d)?$/i, '').replace(/\/.*$/, '');
  return name === '' ? null : name;
}

function present(value: string | undefined): string | null {
  const v = value?.trim();
  return v && v !== '<unknown>' ? v : null;
}

/**
 * Who is being rung. `Local/21@ctx` names the dialed extension itself (ring groups and queues
 * dial through these, and their caller id may be the queue's number), so it wins. For a device
 * channel its own caller id is the extension on most setups, also when the endpoint is named
 * (`PJSIP/anna-desk`); then DestExten, then the device name.
 */
function dialedAgent(msg: AmiMessage): string | null {
  const device = deviceOf(msg.DestChannel);
  if (device && msg.DestChannel?.startsWith('Local/')) return device;
  const destNum = present(msg.DestCallerIDNum);
  // A fresh outgoing channel sometimes carries the caller's number, which names no agent.
  if (destNum && destNum !== present(msg.CallerIDNum)) return destNum;
  const exten = present(msg.DestExten);
  if (exten && exten !== 's') return exten;
  return device;
}

/** An outside number as a phone system dials it: digits, maybe a leading +. Not `s`, `*97`, `h`. */
const OUTSIDE_NUMBER = /^\+?\d{3,}$/;

/** `0301234567@telekom` (PJSIP), `telekom/0301234567` (SIP, IAX2, DAHDI group) -> `0301234567`. */
function dialStringNumber(dialString: string | undefined): string | null {
  const text = present(dialString);
  if (!text) return null;
  const at = text.indexOf('@');
  const target = at === -1 ? text : text.slice(0, at);
  return target.slice(target.lastIndexOf('/') + 1).replace(/^(sip|tel):/i, '');
}

/**
 * A dial to an outside line: the destination is a channel of its own (a Local channel only runs
 * more dialplan) in a context that is not a phone context, i.e. a trunk (FreePBX puts trunks in
 * `from-pstn` or `from-trunk`). A phone dialing a colleague stays an internal call.
 */
function dialsOutside(msg: AmiMessage, state: AmiState): boolean {
  const dest = present(msg.DestChannel);
  const context = present(msg.DestContext);
  return dest !== null && !dest.startsWith('Local/') && context !== null && !state.phoneContexts.has(context);
}

/**
 * The number an outbound call goes to: what the phone dialed (its first channel's Exten), the
 * Exten it is at when it dials (an Originate'd channel gets the action's Exten only then), the
 * one the trunk channel inherits, else the dial string. FreePBX dials from a subroutine, where
 * Exten is `s`, so each may be missing.
 */
function remoteNumber(call: AmiCall, msg: AmiMessage): string | null {
  for (const candidate of [call.to, present(msg.Exten), present(msg.DestExten), dialStringNumber(msg.DialString)]) {
    if (candidate && OUTSIDE_NUMBER.test(candidate)) return candidate;
  }
  return null;
}

/**
 * The agent who places an outbound call: the phone's own caller id when it dialed (its
 * extension; FreePBX swaps in the office's outbound caller id only later), the device of an
 * Originate'd channel (whose caller id is what the action set, Ringside's being the callee).
 */
function callerAgent(call: AmiCall, remote: string): string | null {
  const device = deviceOf(call.firstChannel ?? undefined);
  if (call.originated || !call.from || call.from === remote) return device;
  return call.from;
}

/**
 * AMI `Originate` (and other users of Asterisk's dialing API) rings its channel without a calling
 * channel: that DialBegin carries only the Dest fields, the channel being the first of its call
 * (DestUniqueid = DestLinkedid; main/dial.c publishes it with no caller). Remembered, so the
 * call it then places counts as the agent's.
 */
function noteOriginated(msg: AmiMessage, state: AmiState): void {
  const linkedId = present(msg.DestLinkedid);
  if (msg.Event !== 'DialBegin' || msg.Channel !== undefined || !linkedId || msg.DestUniqueid !== linkedId) return;
  const call = track(state, linkedId, { Uniqueid: linkedId, Channel: msg.DestChannel ?? '', CallerIDNum: msg.DestCallerIDNum ?? '', Exten: msg.DestExten ?? '' });
  if (call.announced) return;
  call.originated = true;
  call.phoneSide = true;
  call.firstChannel ??= present(msg.DestChannel);
}

function atOf(msg: AmiMessage): string | null {
  // Present when manager.conf has timestampevents=yes: epoch seconds with decimals.
  const ts = Number(msg.Timestamp);
  return msg.Timestamp && Number.isFinite(ts) && ts > 0 ? new Date(ts * 1000).toISOString() : null;
}

function track(state: AmiState, linkedId: string, msg: AmiMessage): AmiCall {
  let call = state.calls.get(linkedId);
  if (!call) {
    const exten = present(msg.Exten);
    const first = msg.Uniqueid === linkedId;
    call = {
      from: present(msg.CallerIDNum), to: exten && exten !== 's' ? exten : null, agents: new Set(), answeredBy: null, announced: false, ended: false,
      firstChannel: first ? present(msg.Channel) : null,
      phoneSide: first && state.phoneContexts.has(msg.Context ?? ''),
      originated: false,
      direction: 'in',
    };
    state.calls.set(linkedId, call);
    const oldest = state.calls.keys().next().value;
    if (state.calls.size > state.max && oldest !== undefined) state.calls.delete(oldest);
  }
  return call;
}

function callEvent(kind: CallEvent['kind'], linkedId: string, call: AmiCall, msg: AmiMessage, extra: Partial<CallEvent>): CallEvent {
  return {
    kind, source: 'asterisk', callId: linkedId, from: call.from, to: call.to, direction: call.direction,
    agents: call.agents.size > 0 ? [...call.agents] : null, answeredBy: call.answeredBy, cause: null, at: atOf(msg), linkedId, ...extra,
  };
}

/**
 * One AMI message -> zero or more CallEvents. Only the few events that mark ringing, answer and
 * hangup count. Repeats are suppressed using `state`: a ring group rings through Local channels,
 * so DialBegin and DialEnd come twice per device, and AgentConnect and DialEnd both report a
 * queue answer. Each ringing event lists every device rung so far for the call, so a consumer
 * may either merge or replace agent lists.
 *
 * Direction: AMI does not say which side is the outside line. A call whose first channel is one
 * of the office's phones (in a phone context, or originated) and that dials an outside line
 * (dialsOutside) is outbound: ringing when the trunk is dialed, answered when the callee picks
 * up (DialEnd ANSWER on the phone's leg), the agent named by that phone. Everything else is
 * inbound, a phone calling a colleague included.
 */
export function amiToCallEvents(msg: AmiMessage, state: AmiState): CallEvent[] {
  const linkedId = present(msg.Linkedid);
  if (!linkedId) {
    noteOriginated(msg, state);
    return [];
  }
  switch (msg.Event) {
    case 'Newchannel': {
      // Only the first channel of a call: its Exten is the number that was called (the DID).
      if (msg.Uniqueid === linkedId) track(state, linkedId, msg);
      return [];
    }
    case 'DialBegin':
    case 'QueueCallerJoin': {
      const call = track(state, linkedId, msg);
      // An outbound call's further dials (a second trunk after the first failed) ring nobody here.
      if (call.ended || call.answeredBy || call.direction === 'out') return [];
      if (msg.Event === 'QueueCallerJoin') {
        call.announced = true;
        return [callEvent('ringing', linkedId, call, msg, { agents: null })];
      }
      if (!call.announced && call.phoneSide && msg.Uniqueid === linkedId && dialsOutside(msg, state)) {
        const remote = remoteNumber(call, msg);
        const agent = remote && callerAgent(call, remote);
        if (remote && agent) {
          Object.assign(call, { direction: 'out', from: agent, to: remote, announced: true });
          call.agents.add(agent);
          return [callEvent('ringing', linkedId, call, msg, {})];
        }
      }
      const agent = dialedAgent(msg);
      if (!agent || call.agents.has(agent)) return [];
      call.agents.add(agent);
      call.announced = true;
      return [callEvent('ringing', linkedId, call, msg, {})];
    }
    case 'DialEnd':
    case 'AgentConnect': {
      const call = state.calls.get(linkedId);
      if (!call || call.ended || call.answeredBy) return [];
      if (msg.Event === 'DialEnd' && msg.DialStatus !== 'ANSWER') return [];
      let by: string | null;
      if (call.direction === 'out') {
        // The callee picked up: the answer on the phone's own leg; the agent is the caller.
        by = msg.Event === 'DialEnd' && msg.Uniqueid === linkedId ? call.from : null;
      } else {
        by = msg.Event === 'AgentConnect' ? deviceOf(msg.Interface) ?? present(msg.MemberName) : dialedAgent(msg);
      }
      if (!by) return [];
      call.answeredBy = by;
      return [callEvent('answered', linkedId, call, msg, {})];
    }
    case 'QueueCallerAbandon': {
      const call = state.calls.get(linkedId);
      if (!call || call.ended) return [];
      call.ended = true;
      return [callEvent('ended', linkedId, call, msg, { cause: 'cancel' })];
    }
    case 'Hangup': {
      // Other channels of the call (ringing phones, Local halves) hang up all the time;
      // the call is over when its first channel goes.
      if (msg.Uniqueid !== linkedId) return [];
      const call = state.calls.get(linkedId);
      if (!call || call.ended) return [];
      call.ended = true;
      // A call that never rang anyone (IVR only, internal feature codes) was never shown.
      if (!call.announced) return [];
      return [callEvent('ended', linkedId, call, msg, { cause: mapHangupCause(msg.Cause, call.answeredBy !== null) })];
    }
    default:
      return [];
  }
}

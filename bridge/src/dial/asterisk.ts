import { AmiNotConnected, AmiTimeout, type AmiActionSender } from '../streams/ami-actions.js';
import type { AmiMessage } from '../streams/ami-decoder.js';
import { DialError, type DialOutcome, type Dialer } from './types.js';

/**
 * Asterisk / FreePBX: AMI `Originate` (docs.asterisk.org, AMI Actions/Originate) on the manager
 * connection of RINGSIDE_AMI. Asterisk first calls `Channel` (the agent's phone), and when it is
 * answered continues in `Context` at `Exten` = the number, as if the agent had dialed it.
 * `Async: true` makes the `Response` come at once ("Originate successfully queued"); the outcome
 * follows as an `OriginateResponse` event with the same ActionID, whose `Reason` is the last
 * control frame of the agent's channel: 4 answered, 5 busy, 3 rang without answer, 8 congestion,
 * 1 hung up, 0 no such channel.
 */
const REASONS: Record<string, { failure: 'busy' | 'refused'; text: string }> = {
  '0': { failure: 'refused', text: 'the channel does not exist or is not registered' },
  '1': { failure: 'refused', text: 'the phone hung up' },
  '3': { failure: 'refused', text: 'the phone rang but nobody answered' },
  '5': { failure: 'busy', text: 'the phone is busy' },
  '8': { failure: 'busy', text: 'the line is congested' },
};

/** How long to wait after "queued" for an early failure (busy, unknown channel) before saying "ringing". */
const EARLY_RESULT_MS = 2500;
/** How long Asterisk rings the agent's phone before giving up. */
const RING_MS = 30_000;

export function originateOutcome(event: AmiMessage): DialOutcome | DialError {
  if (event.Response?.toLowerCase() === 'success') {
    return { state: 'answered', detail: `Asterisk: ${event.Channel ?? 'the phone'} answered, now dialing ${event.Exten ?? ''}`.trim(), reference: event.Uniqueid ?? null };
  }
  const known = REASONS[event.Reason ?? ''];
  return new DialError(known?.failure ?? 'refused', `Asterisk: ${known?.text ?? `originate failed (reason ${event.Reason ?? 'unknown'})`}`, `OriginateResponse: Failure, Reason: ${event.Reason ?? '?'}, Channel: ${event.Channel ?? '?'}`);
}

export function asteriskDialer(actions: () => AmiActionSender | null, options: { earlyResultMs?: number } = {}): Dialer {
  return {
    id: 'asterisk',
    numberStyle: 'dialed',
    deviceHint: 'the agent\'s endpoint, e.g. 21 (becomes PJSIP/21 with the channel template)',
    fields: [
      { name: 'context', secret: false, required: true, default: 'from-internal', check: (v) => (/^[A-Za-z0-9_-]{1,80}$/.test(v) ? null : 'letters, digits, - and _') },
      { name: 'channel', secret: false, required: true, default: 'PJSIP/{device}', check: (v) => (/^[A-Za-z0-9_/@.{}-]{1,120}$/.test(v) && v.includes('{device}') ? null : 'a channel template containing {device}, e.g. PJSIP/{device}') },
    ],
    async dial(request, { settings, timeoutMs }) {
      const sender = actions();
      if (!sender) throw new DialError('not-configured', 'no Asterisk manager connection (set RINGSIDE_AMI)');
      const channel = settings.channel!.replace('{device}', request.device);
      let result;
      try {
        result = await sender.send(
          'Originate',
          {
            Channel: channel,
            Context: settings.context!,
            Exten: request.number,
            Priority: '1',
            // What the agent's phone shows while it rings: who is about to be called.
            CallerID: `"Ringside" <${request.number}>`,
            Timeout: String(RING_MS),
            Async: 'true',
          },
          timeoutMs,
        );
      } catch (err) {
        if (err instanceof AmiNotConnected) throw new DialError('unreachable', err.message);
        if (err instanceof AmiTimeout) throw new DialError('timeout', `Asterisk: ${err.message}`);
        throw new DialError('refused', `Asterisk: ${(err as Error).message}`);
      }
      const { response } = result;
      if (response.Response?.toLowerCase() !== 'success') {
        const message = response.Message ?? 'refused';
        // The manager user lacks `originate` write permission.
        const failure = /permission denied/i.test(message) ? 'auth' : 'refused';
        throw new DialError(failure, `Asterisk: ${message}`, `Response: ${response.Response ?? '?'}, Message: ${message}`);
      }
      const early = await Promise.race([
        result.completion,
        new Promise<'pending'>((r) => setTimeout(() => r('pending'), options.earlyResultMs ?? EARLY_RESULT_MS).unref()),
      ]);
      if (early === 'pending' || early === null) {
        return { state: 'ringing', detail: `Asterisk queued the call: ${channel} rings, then ${request.number} in ${settings.context}`, reference: null };
      }
      const outcome = originateOutcome(early);
      if (outcome instanceof DialError) throw outcome;
      return outcome;
    },
  };
}

import type { CallService } from '../calls/call-service.js';
import type { PbxConfig } from '../config.js';
import type { Logger } from '../util/logger.js';
import type { AmiActionSender } from './ami-actions.js';
import { startAmiClient } from './ami-client.js';
import { startFritzboxClient } from './fritzbox-client.js';
import { parseHostPort, type StreamClient, type StreamLog } from './line-client.js';

/**
 * Connect out to the configured event streams. Each client reconnects on its own; a failed
 * event is logged and never stops the stream.
 */
export interface NamedStream {
  source: 'fritzbox' | 'asterisk';
  /** Where it connects, without credentials (for the admin console). */
  target: string;
  client: StreamClient;
  /** AMI only: actions on the same manager session (Originate for click-to-dial). */
  actions?: AmiActionSender;
}

type StreamEvent = Parameters<CallService['ingest']>[0];

export function startStreams(pbx: PbxConfig, calls: Pick<CallService, 'ingest'>, log: Logger, onSeen?: (event: StreamEvent) => void): NamedStream[] {
  const streamLog: StreamLog = {
    info: (msg, fields) => log.info(msg, flatten(fields)),
    warn: (msg, fields) => log.warn(msg, flatten(fields)),
  };
  const onEvent = (source: string) => (event: StreamEvent) => {
    onSeen?.(event);
    calls.ingest(event).catch((err: unknown) => log.error('stream event not stored', { source, error: String(err) }));
  };
  const clients: NamedStream[] = [];
  if (pbx.fritzbox) {
    const target = parseHostPort(pbx.fritzbox, 1012);
    if ('error' in target) throw new Error(`RINGSIDE_FRITZBOX: ${target.error}`);
    const client = startFritzboxClient({
      host: target.host,
      port: target.port,
      log: streamLog,
      onEvent: onEvent('fritzbox'),
      ...(pbx.fritzboxTimeZone && { timeZone: pbx.fritzboxTimeZone }),
    });
    clients.push({ source: 'fritzbox', target: `${target.host}:${target.port}`, client });
  }
  if (pbx.ami) {
    const client = startAmiClient({ url: pbx.ami, phoneContexts: pbx.amiPhoneContexts, log: streamLog, onEvent: onEvent('asterisk') });
    clients.push({ source: 'asterisk', target: pbx.ami.replace(/^ami:\/\/[^@]*@/, ''), client, actions: client.actions });
  }
  return clients;
}

/** Stream clients log plain values; the bridge's logger takes only scalars. */
function flatten(fields: Record<string, unknown> | undefined): Record<string, string | number | boolean | null> | undefined {
  if (!fields) return undefined;
  const out: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(fields)) {
    out[k] = v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : String(v);
  }
  return out;
}

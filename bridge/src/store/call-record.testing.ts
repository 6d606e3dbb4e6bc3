import type { CallRecord } from './store.js';

/** A journaled call for store tests: an inbound missed call from a Berlin number unless told. */
export function callRecord(i: number, extra: Partial<CallRecord> = {}): CallRecord {
  return {
    callId: `c${i}`,
    linkedId: null,
    source: 'generic',
    direction: 'in',
    state: 'ended',
    outcome: 'missed',
    fromRaw: '+49 30 1234567',
    to: null,
    namedTargets: [],
    agentIds: [],
    answeredBy: null,
    answeredByAgentId: null,
    cause: null,
    startedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    answeredAt: null,
    endedAt: null,
    customerNo: null,
    callerName: null,
    callerKind: 'number',
    callerE164: '+49301234567',
    callbackDoneAt: null,
    callbackDoneBy: null,
    callbackResolution: null,
    ...extra,
  };
}

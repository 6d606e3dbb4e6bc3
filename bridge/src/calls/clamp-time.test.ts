import { describe, expect, it } from 'vitest';
import type { CallEvent } from './call-event.js';
import { clampEventTime, FUTURE_TOLERANCE_MS } from './call-service.js';

const NOW = new Date('2026-12-04T10:00:00.000Z');
const ev = (at: string | null): CallEvent => ({
  kind: 'ringing',
  source: 'generic',
  callId: 'c-1',
  from: '+49 30 1',
  to: null,
  direction: 'in',
  agents: null,
  answeredBy: null,
  cause: null,
  at,
  linkedId: null,
});

describe('event times from phone systems', () => {
  it('are believed in the past and a little ahead, and clamped to now beyond that', () => {
    expect(clampEventTime(ev('2026-12-04T09:59:00.000Z'), NOW).at).toBe('2026-12-04T09:59:00.000Z');
    const ahead = new Date(NOW.getTime() + FUTURE_TOLERANCE_MS).toISOString();
    expect(clampEventTime(ev(ahead), NOW).at).toBe(ahead);
    expect(clampEventTime(ev(new Date(NOW.getTime() + FUTURE_TOLERANCE_MS + 1).toISOString()), NOW).at).toBe(NOW.toISOString());
    expect(clampEventTime(ev('2999-01-01T00:00:00.000Z'), NOW).at).toBe(NOW.toISOString());
    expect(clampEventTime(ev(null), NOW).at).toBeNull();
  });
});

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics for one bridge instance, in its own registry (no globals, so tests can
 * build several apps in one process).
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly callEvents = new Counter({
    name: 'ringside_call_events_total',
    help: 'Call events applied, by phone system, event and outcome',
    labelNames: ['source', 'event', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly blocked = new Counter({
    name: 'ringside_calls_blocked_total',
    help: 'Calls from blocked callers: journaled as blocked, never pushed',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });
  private readonly ignored = new Counter({
    name: 'ringside_call_events_ignored_total',
    help: 'Repeated or late call events absorbed without a push',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });
  private readonly webhooks = new Counter({
    name: 'ringside_webhook_requests_total',
    help: 'Phone-system webhook requests by source and HTTP status',
    labelNames: ['source', 'status'] as const,
    registers: [this.registry],
  });
  /** From the request arriving to the event being journaled and handed to the sockets. */
  readonly webhookLatency = new Histogram({
    name: 'ringside_webhook_to_push_seconds',
    help: 'Time from a webhook arriving to its call event being pushed to agent sockets',
    labelNames: ['source'] as const,
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });

  constructor(sockets: () => number) {
    new Gauge({
      name: 'ringside_agent_sockets',
      help: 'Open, authenticated agent WebSocket connections',
      registers: [this.registry],
      collect() {
        this.set(sockets());
      },
    });
    collectDefaultMetrics({ register: this.registry, prefix: 'ringside_' });
  }

  callEvent(source: string, event: string, outcome: string | null): void {
    this.callEvents.inc({ source, event, outcome: outcome ?? 'none' });
  }

  callBlocked(source: string): void {
    this.blocked.inc({ source });
  }

  callIgnored(source: string): void {
    this.ignored.inc({ source });
  }

  webhook(source: string, status: number): void {
    this.webhooks.inc({ source, status: String(status) });
  }
}

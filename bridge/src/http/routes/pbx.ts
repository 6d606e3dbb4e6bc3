import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import type { CallService } from '../../calls/call-service.js';
import { httpAdapter } from '../../pbx/index.js';
import { acceptStandardWebhook } from '../../pbx/standard-webhooks.js';
import { CoordinationUnavailableError, type Coordination } from '../../cluster/coordination.js';
import { MemoryCoordination } from '../../cluster/memory.js';
import type { PbxHttpAdapter, PbxHttpRequest, PbxSecrets } from '../../pbx/types.js';
import type { Metrics } from '../../metrics.js';
import type { Logger } from '../../util/logger.js';
import { bearerToken } from '../auth.js';
import type { TokenDecision } from '../../sources/token-policy.js';
import { HttpError } from '../errors.js';
import { openGuard, type SourceGuard } from '../source-guard.js';

export interface PbxRouteDeps {
  calls: CallService;
  /** The token check for a source (sources/token-policy.ts), with why the shared token is refused. */
  tokenFor: (source: string) => TokenDecision;
  /** Per source, read on each request: the admin console may change them at run time. */
  secretsFor: (source: string) => PbxSecrets;
  publicUrl: string;
  log: Logger;
  /** Numbers whose calls get the phone system's "reject" answer where it has one. */
  isBlocked: (rawNumber: string | null) => boolean;
  metrics: Pick<Metrics, 'webhook' | 'webhookLatency'>;
  /** Allowlist and failed-attempt budget before the token; the source's budget after it (source-guard.ts). */
  guard?: Pick<SourceGuard, 'check' | 'failed' | 'spend'>;
  /** Milliseconds since the epoch, for signature timestamps; Date.now by default. */
  now?: () => number;
  /** Where Standard Webhooks ids are remembered: this process by default, Redis with several instances. */
  replay?: Pick<Coordination, 'claim' | 'release'>;
}

/** Phone systems send small requests; anything bigger is not a call event. */
const BODY_LIMIT = '64kb';

/**
 * Phone-system webhooks. The adapters are pure; this layer authenticates, hands them the raw
 * request, applies their events and renders their answer.
 */
export function pbxRoutes(deps: PbxRouteDeps): Router {
  const r = Router();
  const raw = express.raw({ type: () => true, limit: BODY_LIMIT });
  const guard = deps.guard ?? openGuard;
  const now = deps.now ?? Date.now;
  // Standard Webhooks ids of accepted generic deliveries, kept for the replay window.
  const replay = deps.replay ?? new MemoryCoordination();
  /** Forgetting an id must not turn a failed delivery into a second error. */
  const release = (id: string) => replay.release(id).catch((err: unknown) => deps.log.warn('webhook id not released', { error: String(err) }));
  // Only real phone systems get a guard (and a bucket); an unknown one is a 404 below.
  const guardParam: RequestHandler = (req, res, next) => {
    const adapter = httpAdapter(String(req.params.source));
    if (!adapter) return next();
    guard.check(adapter.id)(req, res, next);
  };

  // Our own format: the token travels in the Authorization header.
  r.post('/pbx/generic', guard.check('generic'), raw, async (req, res) => {
    const token = bearerToken(req);
    if (!token || !deps.tokenFor('generic').check(token)) {
      await guard.failed(req, 'generic');
      throw new HttpError('unauthorized', 'webhook token missing or wrong');
    }
    await handle(adapterOrThrow('generic'), req, res, '/pbx/generic');
  });

  // Zammad's generic CTI path, so a PBX set up for Zammad only needs a new host name.
  r.post('/api/v1/cti/:token', guard.check('zammad'), raw, async (req, res) => {
    await checkPathToken(req, 'zammad');
    await handle(adapterOrThrow('zammad'), req, res, `/api/v1/cti/${String(req.params.token)}`);
  });

  // Vendors that can only call a URL put the token in the path, as they document it.
  r.post('/pbx/:source/:token', guardParam, raw, async (req, res) => {
    const adapter = httpAdapter(String(req.params.source));
    // The generic format is accepted here too, for senders that can put a token in a URL
    // but cannot set an Authorization header.
    if (!adapter) throw new HttpError('not_found', 'unknown phone system', 'source');
    await checkPathToken(req, adapter.id);
    await handle(adapter, req, res, `/pbx/${adapter.id}/${String(req.params.token)}`);
  });

  async function checkPathToken(req: Request, source: string): Promise<void> {
    const decision = deps.tokenFor(source);
    if (!decision.check(String(req.params.token))) {
      await guard.failed(req, source);
      throw new HttpError('unauthorized', decision.refusal ?? 'webhook token wrong', 'token');
    }
  }

  async function handle(adapter: PbxHttpAdapter, req: Request, res: Response, path: string): Promise<void> {
    const request: PbxHttpRequest = {
      method: req.method,
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v])),
      query: req.query as PbxHttpRequest['query'],
      rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      url: `${deps.publicUrl}${req.originalUrl}`,
    };
    // Read per request: the secrets object may be changed while the bridge runs.
    const signingSecret = adapter.id === 'generic' ? deps.secretsFor('generic').genericSigningSecret : undefined;
    let signedId: string | null = null;
    if (signingSecret) {
      let verified;
      try {
        verified = await acceptStandardWebhook({ secret: signingSecret, headers: request.headers, rawBody: request.rawBody, now: now() }, replay);
      } catch (err) {
        // Without the shared replay cache a replay could pass: refuse, the sender retries.
        if (!(err instanceof CoordinationUnavailableError)) throw err;
        throw new HttpError('unavailable', 'replay protection unavailable, retry later');
      }
      if (!verified.ok) {
        await guard.failed(req, adapter.id);
        deps.metrics.webhook(adapter.id, 401);
        deps.log.info('webhook rejected', { source: adapter.id, status: 401, field: verified.header });
        res.status(401).json({ error: 'unauthorized', message: verified.message, field: verified.header });
        return;
      }
      signedId = verified.id;
    }
    try {
      await apply(adapter, request, req, res, path);
    } catch (err) {
      // Not applied: a sender's retry of this delivery (same webhook-id) must not count as a replay.
      if (signedId !== null) await release(signedId);
      throw err;
    }
    if (signedId !== null && res.statusCode >= 300) await release(signedId);
  }

  async function apply(adapter: PbxHttpAdapter, request: PbxHttpRequest, req: Request, res: Response, path: string): Promise<void> {
    const timer = deps.metrics.webhookLatency.startTimer({ source: adapter.id });
    // Parsing verifies the vendor's signature (sipgate, Placetel, Twilio) and reads a body of at
    // most 64 KB: cheap enough to run before the source's budget is touched.
    const parsed = adapter.parse(request, deps.secretsFor(adapter.id));
    if (!parsed.ok && parsed.status === 401) await guard.failed(req, adapter.id);
    // Only an authenticated request spends the source's budget (a 429 is sent otherwise).
    else if (!(await guard.spend(adapter.id, res))) return;
    if (!parsed.ok) {
      deps.metrics.webhook(adapter.id, parsed.status);
      deps.log.info('webhook rejected', { source: adapter.id, status: parsed.status, field: parsed.field });
      const code = parsed.status === 401 ? 'unauthorized' : parsed.status === 415 ? 'unsupported_media_type' : 'invalid';
      res.status(parsed.status).json({ error: code, message: parsed.error, ...(parsed.field && { field: parsed.field }) });
      return;
    }
    res.locals.callEvents = parsed.events;
    for (const event of parsed.events) await deps.calls.ingest(event);
    timer();
    const reject = parsed.events.some((e) => e.kind === 'ringing' && e.direction === 'in' && deps.isBlocked(e.from));
    const answer = adapter.respond({ reject, publicUrl: deps.publicUrl, path, events: parsed.events });
    deps.metrics.webhook(adapter.id, answer.status);
    res.status(answer.status).type(answer.contentType).send(answer.body);
  }

  function adapterOrThrow(id: string): PbxHttpAdapter {
    const adapter = httpAdapter(id);
    if (!adapter) throw new HttpError('not_found', `phone system ${id} is not available`);
    return adapter;
  }

  return r;
}

import express, { type Express } from 'express';
import type { AgentDirectory } from './agents/directory.js';
import type { CallService } from './calls/call-service.js';
import type { Lookup } from './calls/lookup-service.js';
import { requireAgent, requireBearer, type SecretCheck } from './http/auth.js';
import { errorHandler, notFound } from './http/errors.js';
import { agentRoutes } from './http/routes/agents.js';
import { customerRoutes } from './http/routes/customers.js';
import { meRoutes } from './http/routes/me.js';
import { pbxRoutes } from './http/routes/pbx.js';
import { threecxRoutes } from './http/routes/threecx.js';
import type { Hub } from './hub/hub.js';
import type { PbxSecrets } from './pbx/types.js';
import type { NumberingConfig } from './phone/normalize.js';
import type { Store } from './store/store.js';
import type { Metrics } from './metrics.js';
import type { Logger } from './util/logger.js';

export interface AppDeps {
  store: Store;
  agents: AgentDirectory;
  calls: CallService;
  lookup: Lookup;
  hub: Hub;
  numbering: NumberingConfig;
  adminToken: SecretCheck;
  webhookToken: SecretCheck;
  /** Per-source webhook token checks; falls back to webhookToken. */
  sourceTokens: Record<string, SecretCheck>;
  pbxSecrets: PbxSecrets;
  publicUrl: string;
  clock: () => Date;
  log: Logger;
  /** false until start-up has finished; /healthz answers 503 before. */
  isReady: () => boolean;
  /** Readiness beyond "alive": the database answers and every configured stream is connected. */
  readiness: () => Promise<Record<string, boolean>>;
  metrics: Metrics;
  /** Numbers whose calls get the phone system's "reject" answer. */
  isBlocked: (rawNumber: string | null) => boolean;
}

/** Wire the routes; no listening, no side effects, so tests can build it with their own deps. */
export function buildApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use((_req, res, next) => {
    res.set({ 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
    next();
  });

  app.get('/healthz', (_req, res) => {
    if (deps.isReady()) res.json({ status: 'ok' });
    else res.status(503).json({ error: 'unavailable', message: 'starting' });
  });

  app.get('/readyz', async (_req, res) => {
    const checks = deps.isReady() ? await deps.readiness() : { started: false };
    const ready = Object.values(checks).every(Boolean);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks });
  });

  app.get('/metrics', requireBearer(deps.adminToken, 'admin'), async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });

  // Phone systems first: they need the raw body for signatures, not the JSON parser. 3CX
  // before the generic vendor route, which would otherwise take /pbx/3cx/journal.
  app.use(
    threecxRoutes({
      lookup: deps.lookup,
      calls: deps.calls,
      store: deps.store,
      webhookToken: deps.sourceTokens['3cx'] ?? deps.webhookToken,
      publicUrl: deps.publicUrl,
    }),
  );
  app.use(
    pbxRoutes({
      calls: deps.calls,
      tokenFor: (source) => deps.sourceTokens[source] ?? deps.webhookToken,
      secrets: deps.pbxSecrets,
      publicUrl: deps.publicUrl,
      log: deps.log,
      isBlocked: deps.isBlocked,
      metrics: deps.metrics,
    }),
  );

  const json = express.json({ limit: '1mb' });
  app.use('/api/me', json, requireAgent(deps.store, deps.agents), meRoutes(deps));
  const admin = requireBearer(deps.adminToken, 'admin');
  app.use('/api', json, admin, customerRoutes(deps), agentRoutes(deps));

  app.use(notFound);
  app.use(errorHandler(deps.log));
  return app;
}

import express, { type Express } from 'express';
import type { AgentDirectory } from './agents/directory.js';
import type { ConnectorCatalog } from './connectors/catalog.js';
import type { ConnectorRunner } from './connectors/runner.js';
import type { CallService } from './calls/call-service.js';
import type { Lookup } from './calls/lookup-service.js';
import { requireAgent, requireBearer, type SecretCheck } from './http/auth.js';
import { errorHandler, notFound } from './http/errors.js';
import { extensionCors } from './http/extension-cors.js';
import type { SourceGuard } from './http/source-guard.js';
import type { FailedAttempts } from './http/failed-attempts.js';
import { requireAdminSession, sameOriginOnly, sessionRoutes } from './http/admin-session.js';
import { adminStatic } from './http/admin-static.js';
import { adminConnectorRoutes } from './http/routes/admin-connectors.js';
import { adminCustomerRoutes } from './http/routes/admin-customers.js';
import { adminDialRoutes } from './http/routes/admin-dial.js';
import type { DialConfig } from './dial/dial-config.js';
import type { DialService } from './dial/dial-service.js';
import { adminSettingsRoutes } from './http/routes/admin-settings.js';
import { adminSourceRoutes } from './http/routes/admin-sources.js';
import { agentRoutes } from './http/routes/agents.js';
import { customerRoutes } from './http/routes/customers.js';
import { meRoutes } from './http/routes/me.js';
import { pbxRoutes } from './http/routes/pbx.js';
import { syncRoute } from './http/routes/sync.js';
import { threecxRoutes } from './http/routes/threecx.js';
import type { Hub } from './hub/hub.js';
import type { RefusedOrigins } from './hub/refused-origins.js';
import type { NumberingConfig } from './phone/normalize.js';
import type { ImportJobs } from './import/import-jobs.js';
import type { RuntimeSettings } from './settings/runtime-settings.js';
import { sourceGate } from './sources/source-gate.js';
import { tokenFor } from './sources/token-policy.js';
import type { SourceConfig } from './sources/source-config.js';
import type { SourceStatus } from './sources/source-status.js';
import type { UnmappedIdentifiers } from './agents/unmapped.js';
import type { Store } from './store/store.js';
import type { Coordination } from './cluster/coordination.js';
import type { SourceLocks } from './sync/index.js';
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
  /** Read on every use: the console may change it while the bridge runs. */
  readonly publicUrl: string;
  clock: () => Date;
  log: Logger;
  /** false until start-up has finished; /healthz answers 503 before. */
  isReady: () => boolean;
  /** Readiness beyond "alive": the database answers and every configured stream is connected. */
  readiness: () => Promise<Record<string, boolean>>;
  metrics: Metrics;
  /** Numbers whose calls get the phone system's "reject" answer. */
  isBlocked: (rawNumber: string | null) => boolean;
  /** Per-agent budget of `GET /api/me/search` (`RINGSIDE_AGENT_SEARCH_RATE`): 0 or seconds to wait; none: unlimited. */
  agentSearchBudget?: (agentId: string) => Promise<number>;
  /** Failed attempts per client address, for agent and admin tokens (http/failed-attempts.ts); none: not counted. */
  failures?: FailedAttempts;
  /** Allowlists and rate limits in front of the phone-system routes (http/source-guard.ts). */
  sourceGuard?: SourceGuard;
  /** Where Standard Webhooks ids are remembered (cluster/coordination.ts); this process by default. */
  replay?: Pick<Coordination, 'claim' | 'release'>;
  admin: AdminConsoleDeps;
  /** Click-to-dial through the office's phone system. */
  dial: DialService;
  /** Extension origins the allowlist refused (socket and agent API), for the console. */
  refusedOrigins?: RefusedOrigins;
  /** Sources syncing right now (`/api/sync` and the connectors share it). */
  syncLocks: SourceLocks;
}

export interface AdminConsoleDeps {
  settings: RuntimeSettings;
  sourceConfig: SourceConfig;
  sourceStatus: SourceStatus;
  /** Identifiers phone systems named that belong to no agent (agents/unmapped.ts). */
  unmapped: UnmappedIdentifiers;
  imports: ImportJobs;
  /** The token in clear that opens a source's URLs; null where strict mode refuses the shared one. */
  tokenFor: (source: string) => string | null;
  streams: () => Record<string, { target: string; connected: boolean }>;
  dialConfig: DialConfig;
  /** Data sources: the configured connectors and their runs. */
  connectors: { catalog: ConnectorCatalog; runner: ConnectorRunner };
}

/** Wire the routes; no listening, no side effects, so tests can build it with their own deps. */
export function buildApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  if (deps.sourceGuard?.trustProxy !== undefined) app.set('trust proxy', deps.sourceGuard.trustProxy);
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
    const failing = Object.entries(checks).filter(([, ok]) => !ok).map(([name]) => name);
    if (failing.length === 0) res.json({ status: 'ready', checks });
    else res.status(503).json({ status: 'not ready', error: 'unavailable', message: `not ready: ${failing.join(', ')}`, failing, checks });
  });

  app.get('/metrics', requireBearer(deps.adminToken, 'admin', deps.failures), async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });

  const sourceToken = (source: string) =>
    tokenFor(source, { sourceTokens: deps.sourceTokens, shared: deps.webhookToken, secretsFor: (s) => deps.admin.sourceConfig.secretsFor(s) });
  // Phone systems first: they need the raw body for signatures, not the JSON parser. 3CX
  // before the generic vendor route, which would otherwise take /pbx/3cx/journal.
  app.use(sourceGate(deps.admin.sourceConfig, deps.admin.sourceStatus));
  app.use(
    threecxRoutes({
      lookup: deps.lookup,
      calls: deps.calls,
      store: deps.store,
      tokenDecision: () => sourceToken('3cx'),
      get publicUrl() {
        return deps.publicUrl;
      },
      guard: deps.sourceGuard,
    }),
  );
  app.use(
    pbxRoutes({
      calls: deps.calls,
      tokenFor: sourceToken,
      secretsFor: (source) => deps.admin.sourceConfig.secretsFor(source),
      get publicUrl() {
        return deps.publicUrl;
      },
      log: deps.log,
      isBlocked: deps.isBlocked,
      metrics: deps.metrics,
      guard: deps.sourceGuard,
      ...(deps.replay && { replay: deps.replay }),
    }),
  );

  const json = express.json({ limit: '1mb' });
  app.use('/api/me', extensionCors(() => deps.hub.allowedOrigins, deps.refusedOrigins), json, requireAgent(deps.store, deps.agents, deps.failures), meRoutes({ ...deps, searchBudget: deps.agentSearchBudget }));
  const admin = requireBearer(deps.adminToken, 'admin', deps.failures);
  // Before the JSON parser: the NDJSON body is read as a stream by the route itself.
  app.post('/api/sync', admin, syncRoute({ store: deps.store, numbering: deps.numbering, locks: deps.syncLocks, log: deps.log }));
  const agents = agentRoutes({
    agents: deps.agents,
    hub: deps.hub,
    pairingTarget: () => deps.admin.settings.current(),
  });
  const erasureListeners = [deps.admin.sourceStatus];
  app.use('/api', json, admin, customerRoutes({ ...deps, erasureListeners }), agents);

  // The console: its own session instead of the bearer token, and nothing from other origins.
  const publicUrl = () => deps.publicUrl;
  const session = { sessions: deps.store.sessions, adminToken: deps.adminToken, clock: deps.clock, publicUrl, ...(deps.failures && { failures: deps.failures }) };
  // Runs for every /admin/api request: the origin check, and JSON bodies parsed once. An import
  // upload is application/octet-stream, which the JSON parser leaves unread for the route.
  app.use('/admin/api', sameOriginOnly(publicUrl), json, sessionRoutes(session));
  app.use(
    '/admin/api',
    requireAdminSession(session),
    adminCustomerRoutes({ store: deps.store, calls: deps.calls, imports: deps.admin.imports, clock: deps.clock, erasureListeners }),
    agents,
    adminSourceRoutes({
      ...deps.admin,
      calls: deps.calls,
      numbering: deps.numbering,
      publicUrl,
      agents: deps.agents,
      connections: (id) => deps.hub.connected().get(id) ?? 0,
    }),
    adminSettingsRoutes(deps.admin.settings, deps.refusedOrigins),
    adminDialRoutes({ dialConfig: deps.admin.dialConfig, dial: deps.dial }),
    adminConnectorRoutes({ ...deps.admin.connectors, log: deps.log }),
  );
  app.use(adminStatic());

  app.use(notFound);
  app.use(errorHandler(deps.log));
  return app;
}

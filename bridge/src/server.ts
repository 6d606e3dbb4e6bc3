import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AgentDirectory } from './agents/directory.js';
import { buildApp } from './app.js';
import { createBlocklist } from './calls/blocklist.js';
import { CallService } from './calls/call-service.js';
import { UnmappedIdentifiers } from './agents/unmapped.js';
import { createLookup } from './calls/lookup-service.js';
import type { Config } from './config.js';
import { issueDemoAgent } from './demo/demo-agent.js';
import { loadDemo } from './demo/load-demo.js';
import { Hub } from './hub/hub.js';
import { joinCluster, type ClusterMember } from './cluster/join.js';
import { openSharedState } from './cluster/shared-state.js';
import { RefusedOrigins } from './hub/refused-origins.js';
import { Metrics } from './metrics.js';
import { resolveSecrets, type Secrets } from './secrets.js';
import { openStore } from './store/open-store.js';
import { startStreams } from './streams/start-streams.js';
import { SourceLocks, runSyncOfBytes } from './sync/index.js';
import { ConnectorCatalog } from './connectors/catalog.js';
import { ConnectorRunner } from './connectors/runner.js';
import { secretCheck } from './http/auth.js';
import { createHttpServer } from './http/listen.js';
import { createSourceGuard } from './http/source-guard.js';
import { createFailedAttempts } from './http/failed-attempts.js';
import { withLocalFallback } from './cluster/local-fallback.js';
import { bucketKey } from './cluster/coordination.js';
import { ImportJobs } from './import/import-jobs.js';
import { purgeCallsIfDue } from './calls/retention.js';
import { RuntimeSettings } from './settings/runtime-settings.js';
import { SourceConfig } from './sources/source-config.js';
import { SOURCES } from './sources/catalog.js';
import { tokenFor, type TokenPolicyInput } from './sources/token-policy.js';
import { SourceStatus, summarizeEvents } from './sources/source-status.js';
import type { PbxSecrets } from './pbx/types.js';
import { createCallbackLinker } from './dial/callback-link.js';
import { DialConfig } from './dial/dial-config.js';
import { DialService } from './dial/dial-service.js';
import { createDialers } from './dial/registry.js';
import type { AmiActionSender } from './streams/ami-actions.js';
import type { Logger } from './util/logger.js';

/** Journal events are only needed for catch-up; keep them a little longer than the replay window. */
const EVENT_RETENTION_MS = 60 * 60 * 1000;
const SWEEP_INTERVAL_MS = 60 * 1000;

export interface RunningBridge {
  server: Server;
  port: number;
  secrets: Secrets;
  /** Demo mode: a fresh token of the demo agent, to print once. */
  demoAgentToken: string | null;
  /** Stop accepting, close sockets with "restarting", finish writes, close the database. */
  close(): Promise<void>;
}

export async function startBridge(config: Config, log: Logger, clock: () => Date = () => new Date()): Promise<RunningBridge> {
  let ready = false;
  const store = await openStore(config, log);
  const shared = await openSharedState(config, log).catch(async (err: unknown) => {
    await store.close();
    throw err;
  });
  const { coordination } = shared;
  const secrets = await resolveSecrets(config, store.settings);
  const settings = await RuntimeSettings.load(store.settings, config, log);
  // Live: the console can change country and trunk prefix without a restart.
  const { numbering } = settings;
  // Built below; a change made here is announced to the other instances.
  let cluster: ClusterMember | undefined;
  const agents = new AgentDirectory(store.agents, (id) => cluster?.agentChanged(id));
  await agents.load();
  const refusedOrigins = new RefusedOrigins(store.refusedOrigins, log, clock);
  // Every budget below lives in the shared state, so N instances give nobody N budgets; while
  // Redis is away each instance counts on its own (cluster/local-fallback.ts).
  const buckets = withLocalFallback(coordination, { log, what: 'rate limit' });
  const failures = createFailedAttempts({ shared: buckets, limit: config.limits.failedAuth, log });
  const hub = new Hub({
    shared: buckets,
    failures,
    trustProxy: config.security.trustProxy,
    refusedOrigins,
    store,
    agents,
    log,
    clock,
    heartbeatMs: config.heartbeatMs,
    helloTimeoutMs: 10_000,
    limits: config.limits,
    get allowedOrigins() {
      const origins = settings.current().extensionOrigins;
      return origins.length > 0 ? origins : null;
    },
  });
  const lookup = createLookup(store, numbering);
  let blocked = createBlocklist(settings.current().blocklist, numbering);
  settings.onChange((s) => (blocked = createBlocklist(s.blocklist, numbering)));
  const metrics = new Metrics(() => [...hub.connected().values()].reduce((a, b) => a + b, 0));
  const unmapped = new UnmappedIdentifiers({
    repo: store.unmapped,
    clock,
    log,
    isMapped: (source, identifier) => agents.identity().agentsFor(source, identifier).length > 0,
  });
  // Read on every call: the console may change the block list while the bridge runs.
  const isBlocked = (raw: string | null) => blocked(raw);
  cluster = joinCluster({ coordination, store, agents: () => agents, hub, instanceId: shared.instanceId, clock, log });
  const linker = createCallbackLinker({ store, agents, numbering, clock, log });
  // Journaled events go through the relay: to this instance's sockets and every other's, in event-id order.
  const calls = new CallService({
    store,
    lookup,
    agents,
    numbering,
    publisher: cluster.relay,
    clock,
    log,
    metrics,
    unmapped,
    isBlocked,
    onRecorded: linker.onRecorded,
  });
  await cluster.start();

  let demoAgentToken: string | null = null;
  if (config.demo) {
    const count = await loadDemo(store, numbering, clock());
    demoAgentToken = await issueDemoAgent(agents);
    log.info('demo data loaded', { customers: count });
  }

  const envSecrets: PbxSecrets = {
    ...(config.pbx.sipgatePublicKey && { sipgatePublicKey: config.pbx.sipgatePublicKey }),
    ...(config.pbx.placetelSecret && { placetelSecret: config.pbx.placetelSecret }),
    ...(config.pbx.twilioAuthToken && { twilioAuthToken: config.pbx.twilioAuthToken }),
    ...(config.pbx.basicAuth && { basicAuth: config.pbx.basicAuth }),
    ...(config.security.genericSigningSecret && { genericSigningSecret: config.security.genericSigningSecret }),
  };
  const sourceConfig = await SourceConfig.load(store.settings, envSecrets, log, configuredByEnv(config));
  const sourceTokenChecks = Object.fromEntries(Object.entries(config.pbx.sourceTokens).map(([s, t]) => [s, secretCheck(t)]));
  // One token policy for the start-up warning and the console's webhook URLs.
  const tokenPolicy: TokenPolicyInput = { sourceTokens: sourceTokenChecks, shared: secrets.webhook, secretsFor: (id) => sourceConfig.secretsFor(id) };
  warnSharedTokenRefusals(tokenPolicy, sourceConfig, log);
  const sourceStatus = new SourceStatus(clock);
  const imports = new ImportJobs({ store, numbering });
  // The AMI session exists once the streams start (below); the Asterisk dialer asks for it then.
  let amiActions: AmiActionSender | null = null;
  const dialers = createDialers({ ami: () => amiActions });
  const dialConfig = await DialConfig.load(store.settings, dialers, config.dial, log, (source) => source !== 'asterisk' || Boolean(config.pbx.ami));
  const dial = new DialService({
    dialers,
    config: dialConfig,
    dials: store.dials,
    numbering,
    isBlocked,
    pendingCallback: linker.pendingCallback,
    clock,
    log,
    shared: coordination,
  });
  // A lease per source in the store: /api/sync, the connectors, `npm run sync` and every other
  // bridge on this database see one another's syncs.
  const syncLocks = new SourceLocks(store.leases, { log });
  const connectorCatalog = await ConnectorCatalog.load(store.settings, config.connectorsFile);
  const connectors = new ConnectorRunner({
    catalog: connectorCatalog,
    settings: store.settings,
    locks: syncLocks,
    // Each run is a full sync of its own source through the same write path as /api/sync, of
    // what it spooled, parsed on a worker thread as a large request body is.
    sync: (source, ndjson, locks) => runSyncOfBytes({ store, numbering, locks, log }, { source, full: true }, ndjson),
    numbering,
    log,
    clock,
  });

  const app = buildApp({
    store,
    agents,
    calls,
    lookup,
    hub,
    numbering,
    adminToken: secrets.admin,
    webhookToken: secrets.webhook,
    sourceTokens: sourceTokenChecks,
    get publicUrl() {
      return settings.current().publicUrl;
    },
    clock,
    log,
    isReady: () => ready,
    readiness: async () => ({
      database: await store.ping().then(
        () => true,
        () => false,
      ),
      ...(coordination.kind === 'redis' && { redis: await coordination.healthy() }),
      ...Object.fromEntries(streams.map((s) => [s.source, s.client.isConnected()])),
    }),
    metrics,
    isBlocked,
    sourceGuard: createSourceGuard(config.security, { metrics, log, failures, shared: coordination }),
    replay: coordination,
    failures,
    agentSearchBudget: (agentId) => buckets.take(bucketKey.agentSearches(agentId), config.limits.agentSearches),
    refusedOrigins,
    syncLocks,
    admin: {
      settings,
      sourceConfig,
      sourceStatus,
      unmapped,
      imports,
      connectors: { catalog: connectorCatalog, runner: connectors },
      // The console shows only URLs the policy accepts: the source's own token, the shared one
      // where it still opens the path, none where strict mode refuses it.
      tokenFor: (source) =>
        config.pbx.sourceTokens[source] ??
        (tokenFor(source, tokenPolicy).refusal ? null : secrets.webhookToken),
      streams: () => Object.fromEntries(streams.map((s) => [s.source, { target: s.target, connected: s.client.isConnected() }])),
      dialConfig,
    },
    dial,
  });
  const server = createHttpServer(app, config.security.tls);
  // Streams start once the journal can take their events; they reconnect on their own.
  const streams = startStreams(config.pbx, calls, log, (e) => sourceStatus.event(e.source, summarizeEvents([e]), JSON.stringify(e)));
  amiActions = streams.find((s) => s.actions)?.actions ?? null;
  hub.attach(server);

  const sweep = setInterval(() => {
    void (async () => {
      const closed = await calls.closeStale(config.callTimeoutMs);
      if (closed > 0) log.info('calls closed without end event', { count: closed });
      await store.calls.purgeEvents(new Date(clock().getTime() - EVENT_RETENTION_MS).toISOString());
      await store.sessions.purgeExpired(clock().toISOString());
      await purgeCallsIfDue(store, settings.current().retentionDays, clock(), log);
    })().catch((err: unknown) => log.error('sweep failed', { error: String(err) }));
  }, SWEEP_INTERVAL_MS);
  sweep.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  ready = true;
  await connectors.start();
  const port = (server.address() as AddressInfo).port;

  return {
    server,
    port,
    secrets,
    demoAgentToken,
    close: async () => {
      ready = false;
      clearInterval(sweep);
      await imports.close();
      await connectors.stop();
      await Promise.all(streams.map((s) => s.client.stop()));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await hub.close();
      server.closeIdleConnections();
      await closed;
      cluster?.stop();
      await Promise.all([unmapped.close(), refusedOrigins.close()]);
      await shared.close();
      await store.close();
    },
  };
}

/** Sources the environment sets up; these are on unless switched off in the console (SourceConfig). */
function configuredByEnv(config: Config): Set<string> {
  const on = new Set<string>([...config.pbx.enabledSources, ...Object.keys(config.pbx.sourceTokens), ...Object.keys(config.security.allowIps)]);
  if (config.pbx.sipgatePublicKey) on.add('sipgate');
  if (config.pbx.placetelSecret) on.add('placetel');
  if (config.pbx.twilioAuthToken) on.add('twilio');
  if (config.pbx.fritzbox) on.add('fritzbox');
  if (config.pbx.ami) on.add('asterisk');
  return on;
}

/** An upgrade that made a working source stricter says so once, at start, with the fix. */
function warnSharedTokenRefusals(policy: TokenPolicyInput, sourceConfig: SourceConfig, log: Logger): void {
  for (const s of SOURCES) {
    if (s.kind === 'stream' || !sourceConfig.isEnabled(s.id)) continue;
    const { refusal } = tokenFor(s.id, policy);
    if (refusal) log.warn('phone system needs its own token', { source: s.id, message: refusal });
  }
}

import { Router } from 'express';
import type { ConnectorView, ConnectorsView } from '@ringside/shared';
import { redactUrl, urlPassword, type ConnectorCatalog, type ConnectorEntry } from '../../connectors/catalog.js';
import type { ConnectorRunner } from '../../connectors/runner.js';
import { SettingsError } from '../../settings/runtime-settings.js';
import { SyncBusyError } from '../../sync/index.js';
import type { Logger } from '../../util/logger.js';
import { HttpError } from '../errors.js';

export interface AdminConnectorDeps {
  catalog: ConnectorCatalog;
  runner: ConnectorRunner;
  log: Logger;
}

/** Data sources in the console: configure, see the last run, sync now. Passwords never go out. */
export function adminConnectorRoutes(deps: AdminConnectorDeps): Router {
  const r = Router();
  const { catalog, runner } = deps;

  const view = (e: ConnectorEntry): ConnectorView => {
    const { id, kind, every, enabled, password: _password, ...settings } = e.config as ConnectorEntry['config'] & { password?: unknown };
    return {
      id,
      kind,
      every,
      enabled,
      // A file may carry the password in the URL (postgres://user:pw@host); it is not shown.
      settings: typeof settings.url === 'string' ? { ...settings, url: redactUrl(settings.url) } : settings,
      secrets: { password: { set: e.password !== null || urlPassword(String(settings.url ?? '')) !== null, env: e.passwordEnv } },
      fromFile: e.fromFile,
      running: runner.isRunning(id),
      runningElsewhere: runner.isRunningElsewhere(id),
      lastRun: runner.lastRun(id),
      nextRunAt: runner.nextRunAt(id),
    };
  };
  const entry = (id: unknown) => {
    const e = catalog.get(String(id));
    if (!e) throw new HttpError('not_found', `no connector "${String(id)}"`, 'id');
    return e;
  };
  const refused = (err: unknown): never => {
    if (err instanceof SettingsError) throw new HttpError(err.status === 409 ? 'conflict' : 'invalid', `${err.field}: ${err.message}`, err.field);
    throw err;
  };

  r.get('/connectors', async (_req, res) => {
    // Behind a load balancer the console may ask any bridge: each reads the shared state first.
    // With the database away, what this bridge knew is still worth showing.
    await runner.refresh().catch((err: unknown) => deps.log.warn('connector status not refreshed', { error: String(err) }));
    const body: ConnectorsView = { connectors: catalog.list().map(view), file: catalog.filePath };
    res.json(body);
  });

  r.post('/connectors', async (req, res) => {
    const saved = await catalog.save(null, req.body).catch(refused);
    runner.reschedule(saved.config.id);
    res.status(201).json(view(saved));
  });

  r.put('/connectors/:id', async (req, res) => {
    entry(req.params.id);
    const saved = await catalog.save(req.params.id, req.body).catch(refused);
    runner.reschedule(saved.config.id);
    res.json(view(saved));
  });

  r.delete('/connectors/:id', async (req, res) => {
    entry(req.params.id);
    await catalog.remove(req.params.id).catch(refused);
    runner.reschedule(req.params.id);
    res.status(204).end();
  });

  // Starts the run and answers once it holds its source; the console polls GET /connectors for
  // the result. 409 while another bridge or `npm run sync` runs the connector.
  r.post('/connectors/:id/run', async (req, res) => {
    const e = entry(req.params.id);
    let started;
    try {
      started = await runner.begin(e.config.id);
    } catch (err) {
      if (err instanceof SyncBusyError) throw new HttpError('conflict', `this connector is running in another process or bridge; its result shows here when it has finished`, 'id');
      throw err;
    }
    started.done.catch((err: unknown) => deps.log.error('connector run failed', { connector: e.config.id, error: String(err) }));
    res.status(202).json(view(e));
  });

  return r;
}

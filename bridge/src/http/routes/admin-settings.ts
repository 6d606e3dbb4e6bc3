import { Router } from 'express';
import type { SettingsView } from '@ringside/shared';
import { SettingsError, type RuntimeSettings } from '../../settings/runtime-settings.js';
import { HttpError } from '../errors.js';

/** Country, trunk prefix, public URL, retention, block list, extension origins. */
export function adminSettingsRoutes(settings: RuntimeSettings): Router {
  const r = Router();
  const view = (): SettingsView => ({ settings: settings.current(), lockedByEnv: settings.lockedByEnv() });

  r.get('/settings', (_req, res) => {
    res.json(view());
  });

  r.patch('/settings', async (req, res) => {
    try {
      await settings.update(req.body);
    } catch (err) {
      if (err instanceof SettingsError) throw new HttpError(err.status === 409 ? 'conflict' : 'invalid', err.message, err.field);
      throw err;
    }
    res.json(view());
  });

  return r;
}

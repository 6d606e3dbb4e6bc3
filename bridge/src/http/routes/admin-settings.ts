import { Router } from 'express';
import type { SettingsView } from '@ringside/shared';
import type { RefusedOrigins } from '../../hub/refused-origins.js';
import { SettingsError, type RuntimeSettings } from '../../settings/runtime-settings.js';
import { HttpError } from '../errors.js';

/** Country, trunk prefix, public URL, retention, block list, extension origins. */
export function adminSettingsRoutes(settings: RuntimeSettings, refused?: RefusedOrigins): Router {
  const r = Router();
  const view = async (): Promise<SettingsView> => {
    const current = settings.current();
    return { settings: current, lockedByEnv: settings.lockedByEnv(), refusedOrigins: (await refused?.list(current.extensionOrigins)) ?? [] };
  };

  r.get('/settings', async (_req, res) => {
    res.json(await view());
  });

  r.patch('/settings', async (req, res) => {
    try {
      await settings.update(req.body);
    } catch (err) {
      if (err instanceof SettingsError) throw new HttpError(err.status === 409 ? 'conflict' : 'invalid', err.message, err.field);
      throw err;
    }
    // "Allow" in the console: an origin on the allowlist now leaves the refused list for good.
    await refused?.forget(settings.current().extensionOrigins);
    res.json(await view());
  });

  return r;
}

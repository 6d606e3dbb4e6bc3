import { Router } from 'express';
import { DIAL_SOURCES, parseWith, testDialInputSchema, type DialSource } from '@ringside/shared';
import type { DialConfig } from '../../dial/dial-config.js';
import type { DialService } from '../../dial/dial-service.js';
import { SettingsError } from '../../settings/runtime-settings.js';
import { HttpError, valid } from '../errors.js';

/** The console's click-to-dial settings per phone system, and its "test dial". */
export function adminDialRoutes(deps: { dialConfig: DialConfig; dial: DialService }): Router {
  const r = Router();
  const sourceParam = (value: unknown): DialSource => {
    const s = String(value) as DialSource;
    if (!DIAL_SOURCES.includes(s)) throw new HttpError('not_found', `no dialer for "${String(value)}" (${DIAL_SOURCES.join(', ')})`, 'source');
    return s;
  };

  r.get('/dial', (_req, res) => {
    res.json({ sources: DIAL_SOURCES.map((s) => deps.dialConfig.view(s)) });
  });

  r.patch('/dial/:source', async (req, res) => {
    const source = sourceParam(req.params.source);
    try {
      await deps.dialConfig.update(source, req.body);
    } catch (err) {
      if (err instanceof SettingsError) throw new HttpError(err.status === 409 ? 'conflict' : 'invalid', err.message, err.field);
      throw err;
    }
    res.json(deps.dialConfig.view(source));
  });

  r.post('/dial/:source/test', async (req, res) => {
    const source = sourceParam(req.params.source);
    const input = valid(parseWith(testDialInputSchema, req.body ?? {}));
    res.json(await deps.dial.test(source, input));
  });

  return r;
}

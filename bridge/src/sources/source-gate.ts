import type { RequestHandler } from 'express';
import type { CallEvent } from '../calls/call-event.js';
import { sourceDescriptor, sourceOfPath } from './catalog.js';
import type { SourceConfig } from './source-config.js';
import { summarizeEvents, type SourceStatus } from './source-status.js';

declare module 'express-serve-static-core' {
  interface Locals {
    /** Set by the phone-system routes: what the request turned into, for the source's status. */
    callEvents?: CallEvent[];
  }
}

/**
 * In front of every phone-system route: a source switched off in the console is refused, and
 * each request's outcome becomes the source's "last event" or "last error". Token paths are
 * not recorded; the content is the body (or query) as received.
 */
export function sourceGate(config: SourceConfig, status: SourceStatus): RequestHandler {
  return (req, res, next) => {
    const source = sourceOfPath(req.path);
    if (!source) return next();
    if (!config.isEnabled(source)) {
      const message = `${sourceDescriptor(source)?.name ?? source} ${config.offReason(source)}`;
      status.error(source, 403, message, 'source');
      res.status(403).json({ error: 'forbidden', message, field: 'source' });
      return;
    }
    let errorBody: { message?: unknown; field?: unknown } | undefined;
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      if (res.statusCode >= 400 && body && typeof body === 'object') errorBody = body as typeof errorBody;
      return json(body);
    };
    res.on('finish', () => {
      if (res.statusCode >= 400) {
        const message = typeof errorBody?.message === 'string' ? errorBody.message : `HTTP ${res.statusCode}`;
        status.error(source, res.statusCode, message, typeof errorBody?.field === 'string' ? errorBody.field : null);
        return;
      }
      const events = res.locals.callEvents;
      const body: unknown = req.body;
      const content = Buffer.isBuffer(body)
        ? body.toString('utf8')
        : body && typeof body === 'object' && Object.keys(body).length > 0
          ? JSON.stringify(body)
          : new URLSearchParams(Object.entries(req.query).filter(([k, v]) => k !== 'token' && typeof v === 'string') as [string, string][]).toString();
      status.event(source, events ? summarizeEvents(events) : `${req.method} ${req.path.split('/').slice(0, 4).join('/')}`, content);
    });
    next();
  };
}

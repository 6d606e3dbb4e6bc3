import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Parsed } from '@ringside/shared';
import { StoreUnavailableError } from '../store/store.js';
import type { Logger } from '../util/logger.js';

/**
 * The one catalogue of API errors. Every error response is `{ error, message, field? }` so an
 * integrator's script can branch on `error` and show `message`.
 */
export const ErrorCode = {
  invalid: 400,
  invalid_json: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unsupported_media_type: 415,
  payload_too_large: 413,
  unprocessable: 422,
  rate_limited: 429,
  /** The client address used up its budget of wrong tokens, signatures and logins (http/failed-attempts.ts). */
  too_many_failed_attempts: 429,
  internal: 500,
  unavailable: 503,
  // Click-to-dial (shared/src/dial.ts): why the call could not be started.
  number_invalid: 400,
  number_internal: 422,
  number_blocked: 422,
  no_device: 422,
  cannot_dial: 422,
  device_busy: 409,
  dial_auth_failed: 502,
  dial_failed: 502,
  phone_system_unreachable: 502,
  dial_timeout: 504,
} as const;
export type ErrorCode = keyof typeof ErrorCode;

export class HttpError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly status: number = ErrorCode[code],
    /** Seconds, sent as `Retry-After` (429, 503). */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

/** Unwrap a validation result or throw the 400 that names the field. */
export function valid<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new HttpError('invalid', `${parsed.field}: ${parsed.message}`, parsed.field);
  return parsed.value;
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpError('not_found', `no route for ${req.method} ${req.path}`));
};

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    if (err instanceof HttpError) {
      if (err.retryAfter !== undefined) res.set('Retry-After', String(err.retryAfter));
      res.status(err.status).json({ error: err.code, message: err.message, ...(err.field && { field: err.field }) });
      return;
    }
    // body-parser errors carry a status and a type; translate them into the catalogue.
    const e = err as { status?: number; type?: string; message?: string };
    if (e.type === 'entity.parse.failed') {
      res.status(400).json({ error: 'invalid_json', message: 'request body is not valid JSON', field: '(body)' });
      return;
    }
    if (e.type === 'entity.too.large') {
      res.status(413).json({ error: 'payload_too_large', message: 'request body is too large' });
      return;
    }
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      res.status(e.status).json({ error: 'invalid', message: e.message ?? 'bad request' });
      return;
    }
    // PostgreSQL down or unreachable: nothing was written. 503 makes a phone system retry its
    // webhook, where a 2xx would have told it an event was journaled that was not.
    if (err instanceof StoreUnavailableError) {
      log.error('database unavailable', { error: err.message });
      res.status(503).set('Retry-After', '1').json({ error: 'unavailable', message: 'database unavailable; nothing was written, try again' });
      return;
    }
    // The database is locked by another process or the disk is full: say so; the transaction
    // was rolled back, so nothing half-written stays behind.
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && /^SQLITE_(BUSY|LOCKED|FULL|IOERR|READONLY)/.test(code)) {
      log.error('database unavailable', { code });
      res.status(503).json({ error: 'unavailable', message: `database unavailable (${code}); nothing was written, try again` });
      return;
    }
    log.error('request failed', { error: err instanceof Error ? err.message : String(err) });
    res.status(500).json({ error: 'internal', message: 'internal error' });
  };
}

/**
 * CORS for the agent API (`/api/me`), answered for browser extensions only, so the extension
 * needs no host permission for the bridge: its pages fetch like any cross-origin client and
 * the bridge says which origins may read the answers.
 *
 * - An allowed extension origin gets `Access-Control-Allow-Origin: <that origin>`; the token
 *   still decides what it may do.
 * - An extension the allowlist does not name gets a readable 403 `origin_not_allowed` naming
 *   its origin (before any token check), so the page can say "ask your administrator to add
 *   this browser", and the console lists it.
 * - Web pages get no CORS headers at all: their browser keeps every answer from them.
 */
import type { RequestHandler } from 'express';
import { judgeOrigin } from '../hub/origin.js';
import type { RefusedOrigins } from '../hub/refused-origins.js';

const ALLOWED_HEADERS = 'authorization, content-type, accept';
const ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE';

export function extensionCors(allowedOrigins: () => readonly string[] | null, refused?: RefusedOrigins): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    const verdict = judgeOrigin(origin, allowedOrigins());
    if (!origin || verdict === 'none' || verdict === 'webPage') return next();
    res.vary('Origin');
    res.set('Access-Control-Allow-Origin', origin);
    if (req.method === 'OPTIONS') {
      // Preflight: answered for refused extensions too, so their real request arrives and gets
      // the readable refusal below instead of an opaque network error.
      res.set({ 'Access-Control-Allow-Headers': ALLOWED_HEADERS, 'Access-Control-Allow-Methods': ALLOWED_METHODS, 'Access-Control-Max-Age': '600' });
      res.status(204).end();
      return;
    }
    if (verdict === 'refusedExtension') {
      refused?.record(origin);
      res.status(403).json({ error: 'origin_not_allowed', message: `origin not allowed: ${origin}`, origin });
      return;
    }
    next();
  };
}

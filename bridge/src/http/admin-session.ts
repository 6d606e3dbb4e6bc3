import { Router, type Request, type RequestHandler, type Response } from 'express';
import { ADMIN_SESSION_COOKIE, CSRF_HEADER, parseWith, signInInputSchema, type SessionInfo } from '@ringside/shared';
import type { SessionRepo } from '../store/store.js';
import { generateToken, hashToken, tokensEqual } from '../util/tokens.js';
import type { SecretCheck } from './auth.js';
import { HttpError, valid } from './errors.js';
import { noFailureBudget, tooManyFailures, type FailedAttempts } from './failed-attempts.js';

/** A working day; the console then asks for the token again. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const COOKIE_PATH = '/admin';

export interface AdminSessionDeps {
  sessions: SessionRepo;
  adminToken: SecretCheck;
  clock: () => Date;
  /** The bridge's public origin, accepted besides the Host the request came in on. */
  publicUrl: () => string;
  /** A wrong admin token counts against the client address's budget (http/failed-attempts.ts). */
  failures?: FailedAttempts;
}

/** The value of one cookie from the Cookie header; no dependency for one name. */
export function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

function setCookie(req: Request, res: Response, value: string, maxAgeMs: number): void {
  res.cookie(ADMIN_SESSION_COOKIE, value, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: COOKIE_PATH, maxAge: maxAgeMs });
}

/**
 * Cross-site requests are refused before anything else: the browser says where a request
 * comes from (Sec-Fetch-Site, Origin), and only the console's own pages may use its API. The
 * SameSite=Strict cookie already keeps other sites out; this holds even for old browsers
 * and for a sibling site on the same host name.
 */
export function sameOriginOnly(publicUrl: () => string): RequestHandler {
  return (req, _res, next) => {
    const site = req.headers['sec-fetch-site'];
    if (site && site !== 'same-origin' && site !== 'none') return next(new HttpError('forbidden', 'cross-site request refused', 'origin'));
    const origin = req.headers.origin;
    if (origin && origin !== `${req.protocol}://${req.get('host')}` && origin !== new URL(publicUrl()).origin) {
      return next(new HttpError('forbidden', 'request from another origin refused', 'origin'));
    }
    next();
  };
}

/** Sign in with the admin token: the token is checked once and never kept in the browser. */
export function sessionRoutes(deps: AdminSessionDeps): Router {
  const r = Router();

  r.post('/session', async (req, res) => {
    const { token } = valid(parseWith(signInInputSchema, req.body));
    const failures = deps.failures ?? noFailureBudget;
    const wait = await failures.refused(req.ip);
    if (wait > 0) throw tooManyFailures(wait);
    if (!deps.adminToken(token)) {
      await failures.failed(req.ip);
      throw new HttpError('unauthorized', 'admin token wrong', 'token');
    }
    const id = generateToken();
    const now = deps.clock();
    const info: SessionInfo = { csrf: generateToken(), expiresAt: new Date(now.getTime() + SESSION_TTL_MS).toISOString() };
    await deps.sessions.purgeExpired(now.toISOString());
    await deps.sessions.create({ idHash: hashToken(id), csrf: info.csrf, createdAt: now.toISOString(), expiresAt: info.expiresAt });
    setCookie(req, res, id, SESSION_TTL_MS);
    res.json(info);
  });

  r.get('/session', async (req, res) => {
    const session = await currentSession(deps, req);
    if (!session) throw new HttpError('unauthorized', 'not signed in');
    res.json({ csrf: session.csrf, expiresAt: session.expiresAt } satisfies SessionInfo);
  });

  r.delete('/session', async (req, res) => {
    const id = readCookie(req.headers.cookie, ADMIN_SESSION_COOKIE);
    if (id) await deps.sessions.delete(hashToken(id));
    setCookie(req, res, '', 0);
    res.status(204).end();
  });

  return r;
}

async function currentSession(deps: AdminSessionDeps, req: Request) {
  const id = readCookie(req.headers.cookie, ADMIN_SESSION_COOKIE);
  return id ? deps.sessions.get(hashToken(id), deps.clock().toISOString()) : null;
}

/** Everything else under /admin/api: a live session, and its CSRF token on every change. */
export function requireAdminSession(deps: AdminSessionDeps): RequestHandler {
  return (req, _res, next) => {
    currentSession(deps, req)
      .then((session) => {
        if (!session) return next(new HttpError('unauthorized', 'not signed in or session expired'));
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          const given = req.headers[CSRF_HEADER];
          if (typeof given !== 'string' || !tokensEqual(given, session.csrf)) {
            return next(new HttpError('forbidden', `${CSRF_HEADER} header missing or wrong`, CSRF_HEADER));
          }
        }
        next();
      })
      .catch(next);
  };
}

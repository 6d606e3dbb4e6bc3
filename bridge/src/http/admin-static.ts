import express, { Router } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where `npm run build -w admin` writes the console. */
export const ADMIN_DIST = resolve(import.meta.dirname, '../../../admin/dist');

/**
 * The console's pages may load only their own scripts and styles, talk only to this bridge,
 * and never be framed: a customer list must not be one click-jacking page away.
 */
export const ADMIN_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

/** The built console under /admin/, its index for every page path (hash routing needs only one). */
export function adminStatic(dist = ADMIN_DIST): Router {
  const r = Router();
  r.use('/admin', (_req, res, next) => {
    res.set({ 'Content-Security-Policy': ADMIN_CSP, 'X-Frame-Options': 'DENY', 'Cross-Origin-Opener-Policy': 'same-origin' });
    next();
  });
  // Relative asset URLs need the trailing slash; the route below also matches "/admin/" itself.
  r.get('/admin', (req, res, next) => (req.originalUrl === '/admin' ? res.redirect(301, '/admin/') : next()));
  r.use(
    '/admin',
    // Hashed asset names never change content; the index must always be fresh.
    express.static(dist, { index: false, setHeaders: (res, path) => res.set('Cache-Control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-store') }),
  );
  r.get(/^\/admin\/(?!api\/).*/, (_req, res) => {
    const index = join(dist, 'index.html');
    if (!existsSync(index)) {
      res.status(503).type('text/plain').send('The admin console is not built. Run: npm run build -w admin');
      return;
    }
    res.sendFile(index);
  });
  return r;
}

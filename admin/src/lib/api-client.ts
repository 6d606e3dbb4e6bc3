/**
 * The one place that talks HTTP to `/admin/api/`. The session lives in an HttpOnly cookie the
 * browser sends by itself; the CSRF token from the session answer is kept in this module's
 * memory only (never in storage, so another tab or an extension cannot read it later) and goes
 * with every request that changes something.
 */
import { CSRF_HEADER } from './contract.js';

export const API_BASE = '/admin/api';

/** An error answer `{error, message, field?}`, or a network failure (`status` 0). */
export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'AdminApiError';
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Sent as JSON unless it is a Blob (file uploads go as they are). */
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * Sign-in and the session probe expect 401 as an answer; everywhere else a 401 means the
   * session ended and the console returns to the sign-in screen.
   */
  unauthorizedIsAnswer?: boolean;
}

let csrf: string | null = null;
let onUnauthorized: () => void = () => {};

export function setCsrf(token: string | null): void {
  csrf = token;
}

export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

/** Reads `{error, message, field?}`; anything else (a proxy's HTML page) still becomes a typed error. */
export function errorFromBody(status: number, body: unknown): AdminApiError {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    const code = typeof b['error'] === 'string' ? b['error'] : `http_${status}`;
    const message = typeof b['message'] === 'string' ? b['message'] : `HTTP ${status}`;
    const field = typeof b['field'] === 'string' && b['field'] !== '' ? b['field'] : null;
    return new AdminApiError(status, code, message, field);
  }
  return new AdminApiError(status, `http_${status}`, `HTTP ${status}`);
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (method !== 'GET' && csrf) headers[CSRF_HEADER] = csrf;
  let body: BodyInit | undefined;
  if (options.body instanceof Blob) {
    body = options.body;
    headers['Content-Type'] ??= 'application/octet-stream';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }

  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, { method, headers, body, credentials: 'same-origin', cache: 'no-store' });
  } catch (err) {
    throw new AdminApiError(0, 'network', err instanceof Error ? err.message : String(err));
  }

  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    parsed = null;
  }
  if (response.ok) return parsed as T;

  const error = errorFromBody(response.status, parsed);
  if (response.status === 401 && !options.unauthorizedIsAnswer) {
    csrf = null;
    onUnauthorized();
  }
  throw error;
}

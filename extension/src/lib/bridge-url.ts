/** Everything derived from the bridge URL the agent pasted, as pure functions. */

export type BridgeUrlResult = { ok: true; url: string } | { ok: false; reason: 'empty' | 'invalid' | 'scheme' };

/**
 * Accepts what people paste: surrounding spaces, a trailing slash, a path to `/ws` or `/healthz`,
 * or no scheme at all (`bridge.firma.de:7070` means http on a LAN). Returns the origin plus any
 * base path, without a trailing slash.
 */
export function normalizeBridgeUrl(input: string): BridgeUrlResult {
  const trimmed = input.trim();
  if (trimmed === '') return { ok: false, reason: 'empty' };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (parsed.protocol === 'ws:' || parsed.protocol === 'wss:') {
    parsed = new URL(withScheme.replace(/^ws/i, 'http'));
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { ok: false, reason: 'scheme' };
  if (!parsed.hostname) return { ok: false, reason: 'invalid' };
  const path = parsed.pathname.replace(/\/+$/, '').replace(/\/(ws|healthz|api\/me)$/, '');
  return { ok: true, url: `${parsed.protocol}//${parsed.host}${path}` };
}

/** `https://bridge/x` -> `wss://bridge/x/ws`: the socket follows the page's transport security. */
export function webSocketUrl(bridgeUrl: string): string {
  return `${bridgeUrl.replace(/^http/i, 'ws')}/ws`;
}

export interface PairingLink {
  bridgeUrl: string;
  agentToken: string;
}

/**
 * `options.html#bridge=<url>&token=<token>`, as the admin console generates it. The token sits
 * in the fragment so it never reaches a server log. The whole link pasted into the token field
 * is read the same way, for browsers where the agent cannot open an extension link directly.
 */
export function parsePairingLink(hash: string): PairingLink | null {
  const text = hash.trim();
  const params = new URLSearchParams(text.includes('#') ? text.slice(text.indexOf('#') + 1) : text);
  const bridge = params.get('bridge');
  const token = params.get('token')?.trim();
  if (!bridge || !token) return null;
  const normalized = normalizeBridgeUrl(bridge);
  return normalized.ok ? { bridgeUrl: normalized.url, agentToken: token } : null;
}

/**
 * May a browser at this Origin use the bridge (agent socket, agent API)? Browsers always send
 * Origin, so a web page cannot pretend to be the extension; tools without a browser (the
 * terminal listener, scripts) send none.
 * - `allowed` configured: exactly those origins (`chrome-extension://<id>`, `moz-extension://<uuid>`).
 * - not configured: any browser-extension origin, never a web page.
 */
const EXTENSION_SCHEMES = ['chrome-extension:', 'moz-extension:', 'safari-web-extension:'];

export function isExtensionOrigin(origin: string): boolean {
  return EXTENSION_SCHEMES.some((scheme) => origin.startsWith(`${scheme}//`));
}

/**
 * - `none`: no Origin header, not a browser.
 * - `allowed`: an extension on the allowlist (or any extension when there is none).
 * - `refusedExtension`: an extension the allowlist does not name; told so, by name, so its
 *   agent can ask the administrator, who sees it in the console.
 * - `webPage`: anything else; refused without explanation.
 */
export type OriginVerdict = 'none' | 'allowed' | 'refusedExtension' | 'webPage';

export function judgeOrigin(origin: string | undefined, allowed: readonly string[] | null): OriginVerdict {
  if (origin === undefined) return 'none';
  const trimmed = origin.replace(/\/+$/, '');
  if (!isExtensionOrigin(trimmed)) return allowed?.includes(trimmed) ? 'allowed' : 'webPage';
  return !allowed || allowed.includes(trimmed) ? 'allowed' : 'refusedExtension';
}

export function originAllowed(origin: string | undefined, allowed: readonly string[] | null): boolean {
  const verdict = judgeOrigin(origin, allowed);
  return verdict === 'none' || verdict === 'allowed';
}

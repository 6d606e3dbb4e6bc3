/**
 * May a WebSocket from this Origin connect? Browsers always send Origin, so a web page cannot
 * pretend to be the extension; tools without a browser (the terminal listener) send none.
 * - `allowed` configured: exactly those origins (`chrome-extension://<id>`, `moz-extension://<uuid>`).
 * - not configured: any browser-extension origin, never a web page.
 */
const EXTENSION_SCHEMES = ['chrome-extension:', 'moz-extension:', 'safari-web-extension:'];

export function originAllowed(origin: string | undefined, allowed: readonly string[] | null): boolean {
  if (origin === undefined) return true;
  if (allowed) return allowed.includes(origin.replace(/\/+$/, ''));
  return EXTENSION_SCHEMES.some((scheme) => origin.startsWith(`${scheme}//`));
}

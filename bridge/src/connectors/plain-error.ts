import type { ConnectorErrorCode } from '@ringside/shared';
import { ConnectorError } from './connector.js';

const TLS_CODES = new Set(['CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'ERR_TLS_CERT_ALTNAME_INVALID', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']);

/** The failure's kind for the console: the connector's own, else from the network error under it. */
export function errorCode(err: unknown): ConnectorErrorCode | null {
  if (err instanceof ConnectorError && err.code) return err.code;
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && TLS_CODES.has(code)) return 'tls';
    if (typeof code === 'string' && Object.hasOwn(NETWORK, code)) return 'unreachable';
  }
  if (err instanceof AggregateError && err.errors.length > 0) return errorCode(err.errors[0]);
  return null;
}

const NETWORK: Record<string, string> = {
  ECONNREFUSED: 'nothing answers there (connection refused): is the server running and the port right?',
  ENOTFOUND: 'the host name is unknown: check the URL',
  EAI_AGAIN: 'the host name could not be looked up right now (DNS)',
  ETIMEDOUT: 'the server did not answer in time',
  ECONNRESET: 'the server closed the connection',
  EHOSTUNREACH: 'the host cannot be reached from here',
  CERT_HAS_EXPIRED: "the server's TLS certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the server's TLS certificate is self-signed and not trusted",
  SELF_SIGNED_CERT_IN_CHAIN: "the server's TLS certificate is not trusted (self-signed chain)",
  ERR_TLS_CERT_ALTNAME_INVALID: "the server's TLS certificate is for another host name",
};

/**
 * A failure as the console's "last error" says it: what went wrong in words an office
 * administrator can act on, with the technical detail after it.
 */
export function plainError(err: unknown): string {
  if (err instanceof ConnectorError) return err.message;
  const e = err as { code?: string; message?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code;
  if (code && NETWORK[code]) return `${NETWORK[code]} (${code})`;
  if (err instanceof AggregateError && err.errors.length > 0) return plainError(err.errors[0]);
  return e.message ?? String(err);
}

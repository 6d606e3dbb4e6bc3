import type { SourceKind, SourceUrl } from '@ringside/shared';
import type { PbxSecrets } from '../pbx/types.js';
import { THREECX_PATHS } from '../pbx/threecx/template.js';

export type SecretName = keyof PbxSecrets;

export interface SourceDescriptor {
  id: string;
  name: string;
  kind: SourceKind;
  /** Secrets this source's adapter verifies, in the order the console shows them. */
  secrets: ReadonlyArray<{ name: SecretName; format: 'text' | 'pem' }>;
  /** The URLs to paste into the phone system, token included. */
  urls(base: string, token: string): SourceUrl[];
}

const enc = encodeURIComponent;
const webhook = (path: (token: string) => string) => (base: string, token: string) => [{ purpose: 'webhook', url: `${base}${path(token)}` }];

/** Every source the console knows, HTTP and stream alike. */
export const SOURCES: readonly SourceDescriptor[] = [
  {
    id: 'generic',
    name: 'Ringside-Webhook (generisch)',
    kind: 'webhook',
    secrets: [{ name: 'genericSigningSecret', format: 'text' }],
    urls: webhook((t) => `/pbx/generic/${enc(t)}`),
  },
  { id: 'zammad', name: 'Zammad-CTI (Telefonanlagen mit Zammad-Anbindung)', kind: 'webhook', secrets: [], urls: webhook((t) => `/api/v1/cti/${enc(t)}`) },
  {
    id: 'sipgate',
    name: 'sipgate',
    kind: 'webhook',
    secrets: [
      { name: 'sipgatePublicKey', format: 'pem' },
      { name: 'basicAuth', format: 'text' },
    ],
    urls: webhook((t) => `/pbx/sipgate/${enc(t)}`),
  },
  {
    id: 'placetel',
    name: 'Placetel',
    kind: 'webhook',
    secrets: [
      { name: 'placetelSecret', format: 'text' },
      { name: 'basicAuth', format: 'text' },
    ],
    urls: webhook((t) => `/pbx/placetel/${enc(t)}`),
  },
  {
    id: 'twilio',
    name: 'Twilio',
    kind: 'webhook',
    secrets: [
      { name: 'twilioAuthToken', format: 'text' },
      { name: 'basicAuth', format: 'text' },
    ],
    urls: webhook((t) => `/pbx/twilio/${enc(t)}`),
  },
  {
    id: '3cx',
    name: '3CX',
    kind: 'crm',
    secrets: [],
    urls: (base, t) => [
      { purpose: 'template', url: `${base}${THREECX_PATHS.template}?token=${enc(t)}` },
      { purpose: 'lookup', url: `${base}${THREECX_PATHS.lookup}?token=${enc(t)}&number=` },
      { purpose: 'journal', url: `${base}${THREECX_PATHS.journal}?token=${enc(t)}` },
    ],
  },
  { id: 'fritzbox', name: 'Fritz!Box Anrufmonitor', kind: 'stream', secrets: [], urls: () => [] },
  { id: 'asterisk', name: 'Asterisk (AMI)', kind: 'stream', secrets: [], urls: () => [] },
];

const byId = new Map(SOURCES.map((s) => [s.id, s]));

export function sourceDescriptor(id: string): SourceDescriptor | undefined {
  return byId.get(id);
}

/** Which source an HTTP request is for, from its path; null for everything else. */
export function sourceOfPath(path: string): string | null {
  if (path.startsWith('/api/v1/cti/')) return 'zammad';
  const match = /^\/pbx\/([^/]+)/.exec(path);
  if (!match) return null;
  let id: string;
  try {
    id = decodeURIComponent(match[1]!).toLowerCase();
  } catch {
    // A malformed escape ("/pbx/%/…") is no source; the route answers it, not a 500 from here.
    return null;
  }
  return byId.has(id) ? id : null;
}

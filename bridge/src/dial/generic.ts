import { escapeFor, formatOfContentType, type BodyFormat } from './escape.js';
import { answerText, httpRequest } from './http-request.js';
import { failureOf } from './rest-answer.js';
import type { Dialer, DialRequest } from './types.js';

/**
 * Any phone system with an HTTP dial API (Starface, 3CX call control, a PBX's own script): a
 * request template. `{number}`, `{extension}`, `{agent}` and `{device}` are replaced, each value
 * escaped for where it lands: percent-encoded in the URL, JSON-escaped in a JSON body, XML-escaped
 * in an XML body, form-encoded in a form body (the body's format follows its Content-Type).
 */
const PLACEHOLDER = /\{(number|extension|agent|device)\}/g;
const METHODS = ['GET', 'POST', 'PUT', 'PATCH'];

function values(request: DialRequest): Record<string, string> {
  return { number: request.number, extension: request.extension ?? request.device, agent: request.agent.name, device: request.device };
}

export function fillTemplate(template: string, request: DialRequest, format: BodyFormat | 'url'): string {
  const v = values(request);
  return template.replace(PLACEHOLDER, (_m, key: string) => escapeFor(format, v[key] ?? ''));
}

/** `Name: value` lines; values may hold placeholders, line breaks never survive into a header. */
export function parseHeaderLines(text: string): Array<[string, string]> | { error: string } {
  const out: Array<[string, string]> = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s*:\s*(.*)$/.exec(line);
    if (!m) return { error: `line ${i + 1}: use Name: value` };
    out.push([m[1]!.toLowerCase(), m[2]!]);
  }
  return out;
}

function urlTemplateProblem(value: string): string | null {
  try {
    const u = new URL(value.replace(PLACEHOLDER, '0'));
    return u.protocol === 'http:' || u.protocol === 'https:' ? null : 'use an http:// or https:// URL';
  } catch {
    return 'not a URL (placeholders such as {number} are allowed)';
  }
}

export const genericDialer: Dialer = {
  id: 'generic',
  numberStyle: 'dialed',
  deviceHint: 'what the template\'s {device} stands for, e.g. the extension or a user id of the PBX',
  fields: [
    { name: 'method', secret: false, required: true, default: 'POST', check: (v) => (METHODS.includes(v.toUpperCase()) ? null : `one of ${METHODS.join(', ')}`) },
    { name: 'url', secret: false, required: true, check: urlTemplateProblem },
    { name: 'headers', secret: false, required: false, multiline: true, check: (v) => { const p = parseHeaderLines(v); return 'error' in p ? p.error : null; } },
    { name: 'body', secret: false, required: false, multiline: true },
    /** Kept apart from the headers so it is stored like a secret and never shown back. */
    { name: 'authorization', secret: true, required: false },
  ],
  async dial(request, { settings, timeoutMs }) {
    const parsed = parseHeaderLines(settings.headers ?? '');
    const headers: Record<string, string> = {};
    for (const [name, value] of 'error' in parsed ? [] : parsed) headers[name] = fillTemplate(value, request, 'text').replace(/[\r\n]+/g, ' ');
    if (settings.authorization) headers.authorization = settings.authorization;
    const method = (settings.method ?? 'POST').toUpperCase();
    const body = settings.body && method !== 'GET' ? fillTemplate(settings.body, request, formatOfContentType(headers['content-type'])) : null;
    const url = fillTemplate(settings.url!, request, 'url');
    const res = await httpRequest(url, { method, headers, body }, timeoutMs);
    if (res.status < 200 || res.status > 299) throw failureOf(res, 'the phone system');
    return { state: 'ringing', detail: `the phone system accepted the request (${answerText(res)})`, reference: null };
  },
};

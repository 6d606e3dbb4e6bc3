import { DialError } from './types.js';

export interface PlainResponse {
  status: number;
  headers: Headers;
  /** First 64 KB of the body: enough for any dial answer, bounded against a babbling server. */
  body: string;
}

const MAX_BODY = 64 * 1024;

/**
 * One HTTP request to a phone system with a deadline. Network failures become DialErrors that
 * say which kind they are, so the route can answer "timeout" apart from "unreachable".
 */
export async function httpRequest(url: string, init: { method: string; headers: Record<string, string>; body?: string | null }, timeoutMs: number): Promise<PlainResponse> {
  let response: Response;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    response = await fetch(url, { method: init.method, headers: init.headers, body: init.body ?? null, signal, redirect: 'manual' });
  } catch (err) {
    if (signal.aborted) throw new DialError('timeout', `no answer from ${new URL(url).host} within ${Math.round(timeoutMs / 1000)} s`);
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new DialError('unreachable', `cannot reach ${new URL(url).host}: ${cause?.code ?? cause?.message ?? String(err)}`);
  }
  let body: string;
  try {
    body = (await response.text()).slice(0, MAX_BODY);
  } catch {
    if (signal.aborted) throw new DialError('timeout', `the answer from ${new URL(url).host} did not finish within ${Math.round(timeoutMs / 1000)} s`);
    body = '';
  }
  return { status: response.status, headers: response.headers, body };
}

/** A phone system's answer shortened for the console ("HTTP 402: {"message":"no credit"}"). */
export function answerText(res: PlainResponse): string {
  const text = res.body.replace(/\s+/g, ' ').trim();
  return `HTTP ${res.status}${text ? `: ${text.slice(0, 300)}` : ''}`;
}

/** An http(s) URL setting; the reason otherwise. */
export function httpUrlProblem(value: string): string | null {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:' ? null : 'use an http:// or https:// URL';
  } catch {
    return 'not a URL';
  }
}

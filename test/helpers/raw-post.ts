import { request } from 'node:http';

/** A POST with a raw body and exact headers, as a phone system sends it; JSON answers parsed, others null. */
export async function rawPost(base: string, path: string, body: string, headers: Record<string, string>): Promise<{ status: number; retryAfter: string | null; json: any }> {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers, body });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    // XML or empty
  }
  return { status: res.status, retryAfter: res.headers.get('retry-after'), json };
}

/**
 * A POST whose body goes out in `chunks` with no Content-Length (chunked transfer encoding), as
 * a streaming client sends it; the answer parsed as JSON.
 */
export function postChunked(url: string, headers: Record<string, string>, chunks: (string | Buffer)[]): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { ...headers, 'transfer-encoding': 'chunked' } });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    for (const c of chunks) req.write(c);
    req.end();
  });
}

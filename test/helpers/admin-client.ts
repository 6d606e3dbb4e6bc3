import { ADMIN_TOKEN, type BridgeProcess } from './bridge-process.js';

export interface AdminResponse {
  status: number;
  headers: Headers;
  body: any;
}

/**
 * The admin console's API as a browser page uses it: the session cookie it was given, the CSRF
 * header on changes, and the console's own Origin.
 */
export class AdminClient {
  private cookie: string | null = null;
  csrf: string | null = null;

  constructor(private readonly bridge: BridgeProcess) {}

  static async signIn(bridge: BridgeProcess, token = ADMIN_TOKEN): Promise<AdminClient> {
    const client = new AdminClient(bridge);
    const res = await client.request('POST', '/admin/api/session', { token });
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
    return client;
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<AdminResponse> {
    const raw = body instanceof Uint8Array || typeof body === 'string';
    const res = await fetch(`${this.bridge.base}${path}`, {
      method,
      headers: {
        origin: this.bridge.base,
        ...(this.cookie && { cookie: this.cookie }),
        ...(this.csrf && method !== 'GET' && { 'x-ringside-csrf': this.csrf }),
        ...(body !== undefined && !raw && { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : raw ? (body as NonNullable<RequestInit["body"]>) : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // CSV and other downloads stay text
    }
    if (path === '/admin/api/session' && method === 'POST' && res.status === 200) this.csrf = (parsed as { csrf: string }).csrf;
    return { status: res.status, headers: res.headers, body: parsed };
  }

  get(path: string) {
    return this.request('GET', path);
  }

  /** A request that must succeed; otherwise the error body is in the exception. */
  async ok(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<any> {
    const res = await this.request(method, path, body, headers);
    if (res.status < 200 || res.status >= 300) throw new Error(`${method} ${path} -> ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** Upload, optionally remap, run and wait for the import to finish. */
  async importFile(name: string, content: string | Uint8Array, mapping?: Record<string, string>): Promise<any> {
    const inspection = await this.ok('POST', '/admin/api/imports', typeof content === 'string' ? new TextEncoder().encode(content) : content, {
      'content-type': 'application/octet-stream',
      'x-file-name': encodeURIComponent(name),
    });
    await this.ok('POST', `/admin/api/imports/${inspection.id}/run`, mapping ? { mapping } : {});
    for (;;) {
      const job = await this.ok('GET', `/admin/api/imports/${inspection.id}`);
      if (job.state !== 'running') return { inspection, job };
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

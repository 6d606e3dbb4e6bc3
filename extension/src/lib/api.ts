/**
 * The agent HTTP API under `/api/me/` (shared/src/agent-api.ts), authenticated with the pairing
 * token. Failures are values, never exceptions, so every page can say plainly what went wrong.
 */
import type {
  AgentInfo,
  AttachPhoneInput,
  CallListEntry,
  DialInput,
  DialResult,
  Conversation,
  CustomerCard,
  CustomerSummary,
  NewCustomerInput,
  NoteInput,
} from '@ringside/shared';

export type ApiError =
  | { kind: 'unreachable' }
  /** No answer within the time the caller allowed ("Test connection": 5 s). */
  | { kind: 'timeout' }
  /** The bridge's extension-origin allowlist does not name this browser. */
  | { kind: 'originRefused'; origin: string }
  | { kind: 'aborted' }
  | { kind: 'unauthorized' }
  | { kind: 'notFound' }
  | { kind: 'invalid'; field: string | null; message: string }
  /** Answered, but not like a Ringside bridge: wrong URL, a proxy's error page, another app. */
  | { kind: 'notBridge'; status: number }
  | { kind: 'server'; status: number }
  /** A refusal with the bridge's error code (click-to-dial: `no_device`, `device_busy`, …). */
  | { kind: 'refused'; status: number; code: string; message: string; field: string | null };

interface RequestExtras {
  /** Give up after this long, as a `timeout` error. */
  timeoutMs?: number;
  /** Sees the HTTP status of an answer, for the few calls where 200 and 201 mean different things. */
  onStatus?: (status: number) => void;
  /** Refusals carry the bridge's error code (`refused`), for callers that explain each one. */
  withCodes?: boolean;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

async function readJson(response: Response): Promise<unknown> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return undefined;
  try {
    return (await response.json()) as unknown;
  } catch {
    return undefined;
  }
}

/** Accepts `{field, message}` and `{error: {field, message}}`, whichever the bridge sends. */
function validationError(body: unknown): ApiError {
  const top = (body ?? {}) as Record<string, unknown>;
  const inner = (typeof top.error === 'object' && top.error !== null ? top.error : top) as Record<string, unknown>;
  const field = typeof inner.field === 'string' ? inner.field : null;
  const message = typeof inner.message === 'string' ? inner.message : typeof top.error === 'string' ? top.error : 'invalid input';
  return { kind: 'invalid', field, message };
}

export class BridgeApi {
  private readonly fetchImpl: Fetch;

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    fetchImpl?: Fetch,
  ) {
    this.fetchImpl = fetchImpl ?? ((input, init) => fetch(input, init));
  }

  private async request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal, extra: RequestExtras = {}): Promise<ApiResult<T>> {
    const { timeoutMs, onStatus, withCodes = false } = extra;
    let response: Response;
    const deadline = timeoutMs === undefined ? null : AbortSignal.timeout(timeoutMs);
    if (deadline) signal = signal ? AbortSignal.any([signal, deadline]) : deadline;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? null : JSON.stringify(body),
        signal: signal ?? null,
        cache: 'no-store',
      });
    } catch (err) {
      if (deadline?.aborted) return { ok: false, error: { kind: 'timeout' } };
      return { ok: false, error: (err as Error)?.name === 'AbortError' ? { kind: 'aborted' } : { kind: 'unreachable' } };
    }
    const json = await readJson(response);
    onStatus?.(response.status);
    const refusedOrigin = (json as { error?: unknown; origin?: unknown } | undefined)?.error === 'origin_not_allowed' ? (json as { origin?: unknown }).origin : undefined;
    if (response.status === 403 && typeof refusedOrigin === 'string') return { ok: false, error: { kind: 'originRefused', origin: refusedOrigin } };
    if (response.ok) {
      return json === undefined ? { ok: false, error: { kind: 'notBridge', status: response.status } } : { ok: true, value: json as T };
    }
    if (response.status === 401 || response.status === 403) return { ok: false, error: { kind: 'unauthorized' } };
    const coded = json as { error?: unknown; message?: unknown; field?: unknown } | undefined;
    if (withCodes && typeof coded?.error === 'string') {
      const message = typeof coded.message === 'string' ? coded.message : coded.error;
      return { ok: false, error: { kind: 'refused', status: response.status, code: coded.error, message, field: typeof coded.field === 'string' ? coded.field : null } };
    }
    // A 404 without our JSON error body is some other web server at that address.
    if (response.status === 404) return { ok: false, error: json === undefined ? { kind: 'notBridge', status: 404 } : { kind: 'notFound' } };
    if (response.status === 400 || response.status === 409 || response.status === 422) return { ok: false, error: validationError(json) };
    if (json === undefined) return { ok: false, error: { kind: 'notBridge', status: response.status } };
    return { ok: false, error: { kind: 'server', status: response.status } };
  }

  /** `timeoutMs`: give up after this long ("Test connection" must always answer). */
  async me(timeoutMs?: number): Promise<ApiResult<AgentInfo>> {
    const result = await this.request<AgentInfo>('GET', '/api/me', undefined, undefined, timeoutMs === undefined ? {} : { timeoutMs });
    if (result.ok && (typeof result.value !== 'object' || typeof result.value?.name !== 'string')) {
      return { ok: false, error: { kind: 'notBridge', status: 200 } };
    }
    return result;
  }

  search(q: string, signal?: AbortSignal): Promise<ApiResult<{ results: CustomerSummary[] }>> {
    return this.request('GET', `/api/me/search?q=${encodeURIComponent(q)}`, undefined, signal);
  }

  customer(customerNo: string, signal?: AbortSignal): Promise<ApiResult<CustomerCard>> {
    return this.request('GET', `/api/me/customers/${encodeURIComponent(customerNo)}`, undefined, signal);
  }

  createCustomer(input: NewCustomerInput): Promise<ApiResult<CustomerCard>> {
    return this.request('POST', '/api/me/customers', input);
  }

  /** `added` false: the customer or contact had the number already (200 instead of 201), nothing was stored. */
  async attachPhone(customerNo: string, input: AttachPhoneInput): Promise<ApiResult<{ card: CustomerCard; added: boolean }>> {
    let status = 0;
    const result = await this.request<CustomerCard>('POST', `/api/me/customers/${encodeURIComponent(customerNo)}/phones`, input, undefined, {
      onStatus: (s) => {
        status = s;
      },
    });
    return result.ok ? { ok: true, value: { card: result.value, added: status !== 200 } } : result;
  }

  calls(scope: 'today' | 'missed'): Promise<ApiResult<{ calls: CallListEntry[] }>> {
    return this.request('GET', `/api/me/calls?scope=${scope}`);
  }

  markCalledBack(callIds: string[], done = true): Promise<ApiResult<{ updated: number }>> {
    return this.request('POST', '/api/me/callbacks', { callIds, done });
  }

  /** Ring the agent's phone, then dial (shared/src/dial.ts); refusals keep the bridge's code. */
  dial(input: DialInput): Promise<ApiResult<DialResult>> {
    return this.request('POST', '/api/me/dial', input, undefined, { withCodes: true });
  }

  /** Where this agent can dial from; empty when the button should be a `tel:` link. */
  async dialSources(): Promise<string[]> {
    const me = await this.request<{ dial?: { sources?: unknown } }>('GET', '/api/me');
    const sources = me.ok ? me.value.dial?.sources : undefined;
    return Array.isArray(sources) ? sources.filter((s): s is string => typeof s === 'string') : [];
  }

  addNote(customerNo: string, note: NoteInput): Promise<ApiResult<Conversation>> {
    return this.request('POST', `/api/me/customers/${encodeURIComponent(customerNo)}/conversations`, note);
  }
}

/** Typed calls for every endpoint of the admin API contract (shared/src/admin-api.ts). */
import type {
  AgentInput,
  AssignIdentifierInput,
  ConnectorView,
  ConnectorsView,
  AgentPatch,
  AgentView,
  AgentWithToken,
  CustomerSearchResult,
  DialConfigPatch,
  DialSourceView,
  ImportInspection,
  ImportJob,
  ImportMappingInput,
  ImportPreviewRow,
  SessionInfo,
  SettingsPatch,
  SettingsView,
  SourcePatch,
  SourceView,
  TestCallInput,
  TestCallResult,
  TestDialInput,
  TestDialResult,
} from '@ringside/shared';
import { API_BASE, request, setCsrf } from './api-client.js';

const seg = (s: string) => encodeURIComponent(s);

export const api = {
  async signIn(token: string): Promise<SessionInfo> {
    const session = await request<SessionInfo>('/session', { method: 'POST', body: { token }, unauthorizedIsAnswer: true });
    setCsrf(session.csrf);
    return session;
  },
  /** null when nobody is signed in (401). */
  async session(): Promise<SessionInfo | null> {
    try {
      const session = await request<SessionInfo>('/session', { unauthorizedIsAnswer: true });
      setCsrf(session.csrf);
      return session;
    } catch (err) {
      if (err instanceof Error && 'status' in err && err.status === 401) return null;
      throw err;
    }
  },
  async signOut(): Promise<void> {
    try {
      await request<void>('/session', { method: 'DELETE', unauthorizedIsAnswer: true });
    } finally {
      setCsrf(null);
    }
  },

  sources: () => request<{ sources: SourceView[] }>('/sources'),
  patchSource: (id: string, patch: SourcePatch) => request<SourceView>(`/sources/${seg(id)}`, { method: 'PATCH', body: patch }),
  assignIdentifier: (id: string, input: AssignIdentifierInput) =>
    request<AgentView>(`/sources/${seg(id)}/unmapped/assign`, { method: 'POST', body: input }),
  testCall: (id: string, input: TestCallInput) =>
    request<TestCallResult>(`/sources/${seg(id)}/test-call`, { method: 'POST', body: input }),

  dialSources: () => request<{ sources: DialSourceView[] }>('/dial'),
  patchDial: (source: string, patch: DialConfigPatch) => request<DialSourceView>(`/dial/${seg(source)}`, { method: 'PATCH', body: patch }),
  testDial: (source: string, input: TestDialInput) => request<TestDialResult>(`/dial/${seg(source)}/test`, { method: 'POST', body: input }),

  agents: () => request<{ agents: AgentView[] }>('/agents'),
  createAgent: (input: AgentInput) => request<AgentWithToken>('/agents', { method: 'POST', body: input }),
  patchAgent: (id: string, patch: AgentPatch) => request<AgentView>(`/agents/${seg(id)}`, { method: 'PATCH', body: patch }),
  newAgentToken: (id: string) => request<AgentWithToken>(`/agents/${seg(id)}/token`, { method: 'POST' }),
  deleteAgent: (id: string) => request<void>(`/agents/${seg(id)}`, { method: 'DELETE' }),

  settings: () => request<SettingsView>('/settings'),
  patchSettings: (patch: SettingsPatch) => request<SettingsView>('/settings', { method: 'PATCH', body: patch }),

  connectors: () => request<ConnectorsView>('/connectors'),
  createConnector: (input: Record<string, unknown>) => request<ConnectorView>('/connectors', { method: 'POST', body: input }),
  replaceConnector: (id: string, input: Record<string, unknown>) => request<ConnectorView>(`/connectors/${seg(id)}`, { method: 'PUT', body: input }),
  deleteConnector: (id: string) => request<void>(`/connectors/${seg(id)}`, { method: 'DELETE' }),
  runConnector: (id: string) => request<ConnectorView>(`/connectors/${seg(id)}/run`, { method: 'POST' }),

  searchCustomers: (q: string) => request<CustomerSearchResult>(`/customers?q=${encodeURIComponent(q)}`),
  deleteCustomer: (customerNo: string) => request<void>(`/customers/${seg(customerNo)}`, { method: 'DELETE' }),

  uploadImport: (file: File) =>
    request<ImportInspection>('/imports', {
      method: 'POST',
      body: file,
      headers: { 'Content-Type': 'application/octet-stream', 'X-File-Name': encodeURIComponent(file.name) },
    }),
  previewImport: (id: string, input: ImportMappingInput) =>
    request<{ preview: ImportPreviewRow[] }>(`/imports/${seg(id)}/preview`, { method: 'POST', body: input }),
  runImport: (id: string, input: ImportMappingInput) => request<ImportJob>(`/imports/${seg(id)}/run`, { method: 'POST', body: input }),
  importJob: (id: string) => request<ImportJob>(`/imports/${seg(id)}`),
};

/** Plain links: the browser downloads them with the session cookie, no script involved. */
export const downloadUrls = {
  customersCsv: `${API_BASE}/export/customers.csv`,
  customerExport: (customerNo: string) => `${API_BASE}/customers/${seg(customerNo)}/export`,
};

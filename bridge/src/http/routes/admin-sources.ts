import { Router } from 'express';
import { assignIdentifierInputSchema, parseWith, testCallInputSchema, type AgentView, type SourceView } from '@ringside/shared';
import type { AgentDirectory } from '../../agents/directory.js';
import type { UnmappedIdentifiers } from '../../agents/unmapped.js';
import type { CallService } from '../../calls/call-service.js';
import type { NumberingConfig } from '../../phone/normalize.js';
import { SOURCES, sourceDescriptor, type SourceDescriptor } from '../../sources/catalog.js';
import type { SourceConfig } from '../../sources/source-config.js';
import type { SourceStatus } from '../../sources/source-status.js';
import { sourceTokenVariable } from '../../sources/token-policy.js';
import { isTestable, runTestCall } from '../../sources/test-call.js';
import { SettingsError } from '../../settings/runtime-settings.js';
import { HttpError, valid } from '../errors.js';

export interface AdminSourceDeps {
  sourceConfig: SourceConfig;
  sourceStatus: SourceStatus;
  calls: CallService;
  numbering: NumberingConfig;
  publicUrl: () => string;
  /**
   * The token in clear that opens a source's URLs (its own, or the shared webhook token); null
   * when strict mode refuses the shared token there and the source has none of its own.
   */
  tokenFor: (source: string) => string | null;
  /** Streams: configured target (without credentials) and whether connected now. */
  streams: () => Record<string, { target: string; connected: boolean }>;
  unmapped: UnmappedIdentifiers;
  agents: AgentDirectory;
  /** Open sockets of an agent, for the agent view the assignment answers with. */
  connections: (agentId: string) => number;
}

/** Phone systems in the console: what to paste where, on/off, secrets, last event, test call. */
export function adminSourceRoutes(deps: AdminSourceDeps): Router {
  const r = Router();

  const view = (s: SourceDescriptor, unmapped: Map<string, SourceView['unmapped']>): SourceView => {
    const stream = s.kind === 'stream' ? deps.streams()[s.id] : undefined;
    // A URL with a token the bridge refuses would only produce 401s: show what to set instead.
    const token = s.kind === 'stream' ? null : deps.tokenFor(s.id);
    return {
      id: s.id,
      name: s.name,
      kind: s.kind,
      enabled: deps.sourceConfig.isEnabled(s.id),
      urls: token === null ? [] : s.urls(deps.publicUrl(), token),
      tokenNeeded: s.kind !== 'stream' && token === null ? sourceTokenVariable(s.id) : null,
      secrets: deps.sourceConfig.secretState(s.id),
      lastEvent: deps.sourceStatus.lastEvent(s.id),
      lastError: deps.sourceStatus.lastError(s.id),
      connection: s.kind === 'stream' ? { target: stream?.target ?? null, connected: stream?.connected ?? false } : null,
      testable: isTestable(s.id),
      unmapped: unmapped.get(s.id) ?? [],
    };
  };
  const descriptor = (id: unknown) => {
    const d = sourceDescriptor(String(id));
    if (!d) throw new HttpError('not_found', 'unknown phone system', 'id');
    return d;
  };

  r.get('/sources', async (_req, res) => {
    const unmapped = await deps.unmapped.list();
    res.json({ sources: SOURCES.map((s) => view(s, unmapped)) });
  });

  r.patch('/sources/:id', async (req, res) => {
    const d = descriptor(req.params.id);
    try {
      await deps.sourceConfig.update(d.id, req.body);
    } catch (err) {
      if (err instanceof SettingsError) throw new HttpError(err.status === 409 ? 'conflict' : 'invalid', err.message, err.field);
      throw err;
    }
    res.json(view(d, await deps.unmapped.list()));
  });

  r.post('/sources/:id/test-call', async (req, res) => {
    const d = descriptor(req.params.id);
    if (!isTestable(d.id)) throw new HttpError('invalid', `${d.name} has no test call: it reports calls over its own connection`, 'id');
    const input = valid(parseWith(testCallInputSchema, req.body ?? {}));
    res.json(await runTestCall(d.id, input, { calls: deps.calls, publicUrl: deps.publicUrl(), numbering: deps.numbering }));
  });

  // One click in the console: the identifier this source keeps naming belongs to this agent.
  r.post('/sources/:id/unmapped/assign', async (req, res) => {
    const d = descriptor(req.params.id);
    const input = valid(parseWith(assignIdentifierInputSchema, req.body ?? {}));
    const agent = deps.agents.get(input.agentId);
    if (!agent) throw new HttpError('not_found', 'no such agent', 'agentId');
    const own = agent.identifiers[d.id] ?? [];
    const identifiers = own.includes(input.identifier) ? agent.identifiers : { ...agent.identifiers, [d.id]: [...own, input.identifier] };
    const updated = await deps.agents.update(agent.id, { identifiers });
    if (!updated) throw new HttpError('not_found', 'no such agent', 'agentId');
    await deps.unmapped.forget(d.id, input.identifier);
    const view: AgentView = { ...updated, connections: deps.connections(updated.id) };
    res.json(view);
  });

  return r;
}

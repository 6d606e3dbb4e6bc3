import { Router } from 'express';
import { randomUUID } from 'node:crypto';
import { agentInputSchema, agentPatchSchema, parseWith, type AgentView, type AgentWithToken, type PairingInfo } from '@ringside/shared';
import type { AgentDirectory } from '../../agents/directory.js';
import type { Hub } from '../../hub/hub.js';
import type { AgentRecord } from '../../store/store.js';
import { generateToken, hashToken } from '../../util/tokens.js';
import { HttpError, valid } from '../errors.js';

export interface AgentRouteDeps {
  agents: AgentDirectory;
  hub: Hub;
  /** Where the extension reaches the bridge, and the extension origins to build links for. */
  pairingTarget: () => { publicUrl: string; extensionOrigins: readonly string[] };
}

/** `#bridge=…&token=…`, which the extension's options page reads and then removes from the URL. */
export function pairingInfo(publicUrl: string, token: string, origins: readonly string[]): PairingInfo {
  const fragment = `#bridge=${encodeURIComponent(publicUrl)}&token=${encodeURIComponent(token)}`;
  return { fragment, links: origins.map((o) => `${o}/options.html${fragment}`) };
}

/** An emptied device field in the console removes the device. */
function withoutEmpty(devices: Record<string, string | undefined> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(devices ?? {}).filter((e): e is [string, string] => Boolean(e[1])));
}

/**
 * Agents, for the ERP API (admin token) and the admin console (session): pairing tokens are
 * shown once and stored only as a hash.
 */
export function agentRoutes(deps: AgentRouteDeps): Router {
  const r = Router();
  // The socket counts are one pass over all sockets: a list takes them once, not once per agent.
  const view = (a: AgentRecord, counts = deps.hub.connected()): AgentView => ({ ...a, connections: counts.get(a.id) ?? 0 });
  const withToken = (a: AgentRecord, token: string): AgentWithToken => {
    const { publicUrl, extensionOrigins } = deps.pairingTarget();
    return { ...view(a), token, pairing: pairingInfo(publicUrl, token, extensionOrigins) };
  };
  const idParam = (value: unknown) => String(value);

  r.post('/agents', async (req, res) => {
    const input = valid(parseWith(agentInputSchema, req.body));
    const token = generateToken();
    const agent = await deps.agents.create({
      id: randomUUID(),
      name: input.name,
      email: input.email ?? null,
      extensions: input.extensions ?? [],
      identifiers: input.identifiers ?? {},
      dialDevices: withoutEmpty(input.dialDevices),
      tokenHash: hashToken(token),
    });
    res.status(201).json(withToken(agent, token));
  });

  r.get('/agents', (_req, res) => {
    const counts = deps.hub.connected();
    res.json({ agents: deps.agents.list().map((a) => view(a, counts)) });
  });

  r.patch('/agents/:id', async (req, res) => {
    const patch = valid(parseWith(agentPatchSchema, req.body));
    const { dialDevices, ...rest } = patch;
    const updated = await deps.agents.update(idParam(req.params.id), { ...rest, ...(dialDevices && { dialDevices: withoutEmpty(dialDevices) }) });
    if (!updated) throw new HttpError('not_found', 'no such agent', 'id');
    res.json(view(updated));
  });

  // A lost or leaked token: the new one replaces it, and sockets opened with the old one close.
  r.post('/agents/:id/token', async (req, res) => {
    const id = idParam(req.params.id);
    const token = generateToken();
    const agent = await deps.agents.replaceToken(id, hashToken(token));
    if (!agent) throw new HttpError('not_found', 'no such agent', 'id');
    deps.hub.disconnectAgent(id);
    res.json(withToken(agent, token));
  });

  r.delete('/agents/:id', async (req, res) => {
    const id = idParam(req.params.id);
    const deleted = await deps.agents.delete(id);
    if (!deleted) throw new HttpError('not_found', 'no such agent', 'id');
    deps.hub.disconnectAgent(id);
    res.status(204).end();
  });

  return r;
}

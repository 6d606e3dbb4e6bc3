import { Router } from 'express';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { emailSchema, parseWith } from '@ringside/shared';
import type { AgentDirectory } from '../../agents/directory.js';
import type { Hub } from '../../hub/hub.js';
import { generateToken, hashToken } from '../../util/tokens.js';
import { HttpError, valid } from '../errors.js';

const identifierList = z.array(z.string().trim().min(1).max(100)).max(50);

const agentInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  /** PBX extensions that ring this agent whatever system reports the call. */
  extensions: identifierList.optional().default([]),
  /** Per phone system: `{ "sipgate": ["w0"], "fritzbox": ["1"], "placetel": ["777..."] }`. */
  identifiers: z
    .record(z.string().regex(/^[a-z0-9-]{1,30}$/, 'source ids are lower-case, such as sipgate'), identifierList)
    .optional()
    .default({}),
  email: z.union([emailSchema, z.literal('')]).nullish().transform((v) => (v ? v : null)),
});

/** Agents (admin token): pairing tokens are shown once and stored only as a hash. */
export function agentRoutes(deps: { agents: AgentDirectory; hub: Hub }): Router {
  const r = Router();

  r.post('/agents', async (req, res) => {
    const input = valid(parseWith(agentInputSchema, req.body));
    const token = generateToken();
    const agent = await deps.agents.create({ id: randomUUID(), ...input, tokenHash: hashToken(token) });
    res.status(201).json({ ...agent, token });
  });

  r.get('/agents', (_req, res) => {
    const connected = deps.hub.connected();
    res.json({ agents: deps.agents.list().map((a) => ({ ...a, connections: connected.get(a.id) ?? 0 })) });
  });

  r.delete('/agents/:id', async (req, res) => {
    const deleted = await deps.agents.delete(String(req.params.id));
    if (!deleted) throw new HttpError('not_found', 'no such agent', 'id');
    deps.hub.disconnectAgent(String(req.params.id));
    res.status(204).end();
  });

  return r;
}

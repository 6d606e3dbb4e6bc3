import type { Request, RequestHandler } from 'express';
import type { AgentDirectory } from '../agents/directory.js';
import type { AgentRecord, Store } from '../store/store.js';
import { hashToken, tokensEqual } from '../util/tokens.js';
import { HttpError } from './errors.js';

export function bearerToken(req: Request): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

/** A check of a presented secret against the configured one, in constant time. */
export type SecretCheck = (given: string) => boolean;
export const secretCheck = (expected: string): SecretCheck => (given) => tokensEqual(given, expected);

export function requireBearer(check: SecretCheck, realm: string): RequestHandler {
  return (req, _res, next) => {
    const token = bearerToken(req);
    if (!token || !check(token)) return next(new HttpError('unauthorized', `${realm} token missing or wrong`));
    next();
  };
}

declare module 'express-serve-static-core' {
  interface Locals {
    agent?: AgentRecord;
  }
}

/** Agent endpoints: the pairing token identifies the agent; revoked agents are refused at once. */
export function requireAgent(store: Store, agents: AgentDirectory): RequestHandler {
  return (req, res, next) => {
    const token = bearerToken(req);
    if (!token) return next(new HttpError('unauthorized', 'agent token missing'));
    store.agents
      .byTokenHash(hashToken(token))
      .then(async (record) => {
        // Paired on another instance a moment ago: the store knew the token, so ask it.
        const agent = record ? (agents.get(record.id) ?? (await agents.refresh(record.id))) : undefined;
        if (!agent) return next(new HttpError('unauthorized', 'agent token rejected'));
        res.locals.agent = agent;
        next();
      })
      .catch(next);
  };
}

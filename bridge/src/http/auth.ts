import type { Request, RequestHandler } from 'express';
import type { AgentDirectory } from '../agents/directory.js';
import type { AgentRecord, Store } from '../store/store.js';
import { hashToken, tokensEqual } from '../util/tokens.js';
import { HttpError } from './errors.js';
import { noFailureBudget, tooManyFailures, type FailedAttempts } from './failed-attempts.js';

export function bearerToken(req: Request): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

/** A check of a presented secret against the configured one, in constant time. */
export type SecretCheck = (given: string) => boolean;
export const secretCheck = (expected: string): SecretCheck => (given) => tokensEqual(given, expected);

/**
 * A bearer token checked against one secret. With a failure budget: an address that used it up
 * is refused (429) before its token is compared, and a wrong token is counted. `req.ip` is the
 * client address the way express reads it: the TCP peer, or behind `RINGSIDE_TRUST_PROXY` the
 * first untrusted hop.
 */
export function requireBearer(check: SecretCheck, realm: string, failures: FailedAttempts = noFailureBudget): RequestHandler {
  return async (req, _res, next) => {
    const token = bearerToken(req);
    if (!token) return next(new HttpError('unauthorized', `${realm} token missing or wrong`));
    const wait = await failures.refused(req.ip);
    if (wait > 0) return next(tooManyFailures(wait));
    if (!check(token)) {
      await failures.failed(req.ip);
      return next(new HttpError('unauthorized', `${realm} token missing or wrong`));
    }
    next();
  };
}

declare module 'express-serve-static-core' {
  interface Locals {
    agent?: AgentRecord;
  }
}

/**
 * Agent endpoints: the pairing token identifies the agent; revoked agents are refused at once.
 * A wrong token counts against the client address's failure budget (see requireBearer).
 */
export function requireAgent(store: Store, agents: AgentDirectory, failures: FailedAttempts = noFailureBudget): RequestHandler {
  return async (req, res, next) => {
    const token = bearerToken(req);
    if (!token) return next(new HttpError('unauthorized', 'agent token missing'));
    const wait = await failures.refused(req.ip);
    if (wait > 0) return next(tooManyFailures(wait));
    const record = await store.agents.byTokenHash(hashToken(token));
    // Paired on another instance a moment ago: the store knew the token, so ask it.
    const agent = record ? (agents.get(record.id) ?? (await agents.refresh(record.id))) : undefined;
    if (!agent) {
      await failures.failed(req.ip);
      return next(new HttpError('unauthorized', 'agent token rejected'));
    }
    res.locals.agent = agent;
    next();
  };
}

import express, { Router, type Request, type RequestHandler } from 'express';
import { contactDisplayName } from '@ringside/shared';
import type { CallService } from '../../calls/call-service.js';
import type { Lookup } from '../../calls/lookup-service.js';
import { journalCallId, journalConversation, journalEvents, parseJournal, type ThreeCxJournal } from '../../pbx/threecx/journal.js';
import { lookupAnswer, parseEntityId } from '../../pbx/threecx/lookup-answer.js';
import { renderThreeCxTemplate, THREECX_PATHS } from '../../pbx/threecx/template.js';
import type { Store } from '../../store/store.js';
import { bearerToken } from '../auth.js';
import type { TokenDecision } from '../../sources/token-policy.js';
import { HttpError, valid } from '../errors.js';
import { openGuard, type SourceGuard } from '../source-guard.js';

export interface ThreeCxRouteDeps {
  lookup: Lookup;
  calls: CallService;
  store: Store;
  /** The token check of the 3cx source (sources/token-policy.ts). */
  tokenDecision: () => TokenDecision;
  publicUrl: string;
  /** Allowlist and failed-attempt budget before the token; the source's budget after it (source-guard.ts). */
  guard?: Pick<SourceGuard, 'check' | 'failed' | 'spend'>;
}

/** A journal post is a dozen short fields; anything bigger is not from 3CX. */
const BODY_LIMIT = '16kb';

/**
 * The endpoints of our 3CX server-side CRM template (pbx/threecx/template.ts): 3CX asks who a
 * number is, reports each finished call, and the admin downloads the template itself. Mount
 * before pbxRoutes: its `POST /pbx/:source/:token` would otherwise claim `/pbx/3cx/journal`.
 */
export function threecxRoutes(deps: ThreeCxRouteDeps): Router {
  const r = Router();
  const form = express.urlencoded({ extended: false, limit: BODY_LIMIT, parameterLimit: 50 });
  const json = express.json({ limit: BODY_LIMIT });
  const sourceGuard = deps.guard ?? openGuard;
  const guard = sourceGuard.check('3cx');

  // Before any body parsing: an unauthenticated caller gets nothing read, nothing stored, and
  // spends none of the source's budget.
  const auth: RequestHandler = async (req, res, next) => {
    await presentedToken(req);
    if (await sourceGuard.spend('3cx', res)) next();
  };

  r.get(THREECX_PATHS.lookup, guard, auth, async (req, res) => {
    res.json(lookupAnswer(await deps.lookup(numberParam(req.query.number))));
  });

  r.post(THREECX_PATHS.journal, guard, auth, form, json, async (req, res) => {
    // Not req.is(): it answers null for an empty body, which is a 400 naming CallType, not a 415.
    const type = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
    if (type && type !== 'application/x-www-form-urlencoded' && type !== 'application/json') {
      throw new HttpError('unsupported_media_type', 'send the journal form-encoded or as JSON', 'content-type');
    }
    const journal = valid(parseJournal(req.body ?? {}));
    let duplicate = false;
    let outcome: string | null = null;
    const events = journalEvents(journal);
    res.locals.callEvents = events;
    for (const [i, event] of events.entries()) {
      const result = await deps.calls.ingest(event);
      // 3CX retries a post it thinks failed: the call is already there, the note must not be.
      // The later events still go in, in case the first attempt died halfway.
      if (i === 0 && result.eventId === null && result.call.outcome !== 'blocked') duplicate = true;
      outcome = result.call.outcome;
    }
    // A blocked caller is journaled for the record, not written onto anyone's card.
    const target = duplicate || outcome === 'blocked' ? null : await conversationTarget(journal);
    if (target) await deps.store.customers.addConversation(target.customerNo, journalConversation(journal, target.contact));
    res.json({ callId: journalCallId(journal), outcome, duplicate, customerNo: target?.customerNo ?? null });
  });

  r.get(THREECX_PATHS.template, guard, auth, async (req, res) => {
    const name = typeof req.query.name === 'string' ? req.query.name.slice(0, 60) : undefined;
    // deps hold only a check, not the token; the one presented passed it, so it is the token.
    const xml = renderThreeCxTemplate({ publicUrl: deps.publicUrl, token: await presentedToken(req), name });
    res.type('application/xml').attachment('ringside-3cx.xml').send(xml);
  });

  async function presentedToken(req: Request): Promise<string> {
    const query = req.query.token;
    const token = bearerToken(req) ?? (typeof query === 'string' ? query : null);
    const decision = deps.tokenDecision();
    if (!token || !decision.check(token)) {
      await sourceGuard.failed(req, '3cx');
      throw new HttpError('unauthorized', decision.refusal ?? 'webhook token missing or wrong (Authorization: Bearer or ?token=)', 'token');
    }
    return token;
  }

  /** The customer a journaled call belongs to: the contact 3CX showed, else an unambiguous match. */
  async function conversationTarget(j: ThreeCxJournal): Promise<{ customerNo: string; contact: string | null } | null> {
    const entity = parseEntityId(j.entityId);
    if (entity) {
      const card = await deps.store.customers.card(entity.customerNo, { conversations: 0 });
      if (card) {
        const person = entity.contactId === null ? undefined : card.contacts.find((c) => c.id === entity.contactId);
        return { customerNo: card.customerNo, contact: person ? contactDisplayName(person) || null : null };
      }
    }
    const result = await deps.lookup(j.number);
    const best = result.matches[0];
    if (result.status !== 'known' || !best) return null;
    return { customerNo: best.card.customerNo, contact: best.contact ? contactDisplayName(best.contact) || null : null };
  }

  return r;
}

function numberParam(value: unknown): string {
  if (typeof value !== 'string') throw new HttpError('invalid', 'number: a phone number is required', 'number');
  if (value.length > 100) throw new HttpError('invalid', 'number: at most 100 characters', 'number');
  // An unencoded `+` in a query string arrives as a space; numbers never start with a blank.
  return /^ \d/.test(value) ? `+${value.slice(1)}` : value;
}

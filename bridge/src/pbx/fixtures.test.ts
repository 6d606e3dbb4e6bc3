import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../calls/call-event.js';
import { httpAdapters } from './index.js';
import type { PbxDecision, PbxHttpAdapter, PbxHttpRequest, PbxSecrets } from './types.js';

/**
 * Every recorded request of every registered adapter, replayed through parse() and respond().
 * Fixture format: see any file under fixtures/<id>/; `response.decision` overrides the default
 * decision (no reject, publicUrl and path taken from request.url).
 */
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

interface Fixture {
  description: string;
  request: { method: string; url: string; headers: Record<string, string>; body: string };
  secrets?: PbxSecrets;
  expect: { events: CallEvent[] } | { error: { status: number; field?: string } };
  response?: {
    decision?: { reject?: boolean; publicUrl?: string; path?: string };
    status: number;
    contentType: string;
    body?: string;
    bodyContains?: string | string[];
  };
}

function fixtureNames(id: string): string[] {
  const dir = `${FIXTURES}${id}`;
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
}

function loadFixture(id: string, name: string): Fixture {
  return JSON.parse(readFileSync(`${FIXTURES}${id}/${name}`, 'utf8')) as Fixture;
}

/** What the route layer hands an adapter: lower-cased headers, query from the URL, raw bytes. */
function toRequest(r: Fixture['request']): PbxHttpRequest {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of new URL(r.url).searchParams) {
    const prev = query[key];
    query[key] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [prev]), value];
  }
  const headers = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { method: r.method, headers, query, rawBody: Buffer.from(r.body, 'utf8'), url: r.url };
}

function decisionFor(f: Fixture, events: CallEvent[]): PbxDecision {
  const url = new URL(f.request.url);
  const d = f.response?.decision ?? {};
  return { reject: d.reject ?? false, publicUrl: d.publicUrl ?? url.origin, path: d.path ?? `${url.pathname}${url.search}`, events };
}

const cases = httpAdapters.flatMap((adapter) => fixtureNames(adapter.id).map((name) => ({ adapter, name, fixture: loadFixture(adapter.id, name) })));

describe('pbx fixtures', () => {
  it.each(cases.map((c) => [`${c.adapter.id}/${c.name}: ${c.fixture.description}`, c] as const))('%s', (_title, { adapter, fixture }) => {
    const result = adapter.parse(toRequest(fixture.request), fixture.secrets ?? {});
    if ('events' in fixture.expect) {
      expect(result).toEqual({ ok: true, events: fixture.expect.events });
    } else {
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.status).toBe(fixture.expect.error.status);
      if (fixture.expect.error.field !== undefined) expect(result.field).toBe(fixture.expect.error.field);
      expect(result.error.length).toBeGreaterThan(0);
    }

    const want = fixture.response;
    if (!want) return;
    const response = adapter.respond(decisionFor(fixture, result.ok ? result.events : []));
    expect(response.status).toBe(want.status);
    expect(response.contentType).toBe(want.contentType);
    if (want.body !== undefined) expect(response.body).toBe(want.body);
    for (const part of [want.bodyContains ?? []].flat()) expect(response.body).toContain(part);
  });
});

/** Kinds every phone system must have a recorded request for (issue: "Done when"). */
const REQUIRED = ['ringing', 'answered', 'ended', 'missed', 'withheld'] as const;

function expectedEvents(id: string, name: string): CallEvent[] {
  const f = loadFixture(id, `${name}.json`);
  return 'events' in f.expect ? f.expect.events : [];
}

/**
 * Whether an adapter checks signatures, found by asking it rather than keeping a list: its
 * ringing request replayed with deliberately wrong signature secrets must then be refused.
 */
function verifiesSignatures(adapter: PbxHttpAdapter): boolean {
  const ringing = loadFixture(adapter.id, 'ringing.json');
  const wrong: PbxSecrets = { sipgatePublicKey: 'not a key', placetelSecret: 'probe', twilioAuthToken: 'probe' };
  const result = adapter.parse(toRequest(ringing.request), wrong);
  return !result.ok && result.status === 401;
}

describe('pbx fixture coverage', () => {
  it('has no fixture folder without a registered adapter', () => {
    const folders = readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(folders.sort()).toEqual(httpAdapters.map((a) => a.id).sort());
  });

  it.each(httpAdapters.map((a) => [a.id, a] as const))('%s has fixtures for every required kind', (id, adapter) => {
    const names = fixtureNames(id);
    for (const kind of REQUIRED) expect(names, `fixtures/${id}/${kind}.json`).toContain(`${kind}.json`);
    expect(names.some((n) => n.startsWith('trap-')), `fixtures/${id}/trap-*.json`).toBe(true);

    expect(expectedEvents(id, 'ringing').some((e) => e.kind === 'ringing')).toBe(true);
    expect(expectedEvents(id, 'answered').some((e) => e.kind === 'answered' && e.answeredBy), 'answered names who took it').toBe(true);
    expect(expectedEvents(id, 'ended').some((e) => e.kind === 'ended')).toBe(true);
    expect(
      expectedEvents(id, 'missed').some((e) => e.kind === 'ended' && !e.answeredBy && e.cause !== 'forwarded'),
      'missed ends without anyone answering',
    ).toBe(true);
    expect(
      expectedEvents(id, 'withheld').some((e) => e.from === null || !/\d/.test(e.from)),
      'withheld caller has no number',
    ).toBe(true);

    if (verifiesSignatures(adapter)) {
      expect(names, `fixtures/${id}/bad-signature.json`).toContain('bad-signature.json');
      const bad = loadFixture(id, 'bad-signature.json');
      expect('error' in bad.expect && bad.expect.error.status).toBe(401);
    }
  });
});

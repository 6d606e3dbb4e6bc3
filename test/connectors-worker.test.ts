import { readdirSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isMainThread, threadId } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError } from '../bridge/src/connectors/connector.js';
import { fetchInWorker } from '../bridge/src/connectors/fetch-in-worker.js';
import { Spool } from '../bridge/src/connectors/spool.js';
import { silentLogger } from '../bridge/src/util/logger.js';
import { freePort } from './helpers/bridge-process.js';
import { closeHarnesses, connectorHarness } from './helpers/connector-harness.js';
import { Radicale } from './helpers/radicale.js';
import { readState } from '../bridge/src/connectors/state-store.js';

/**
 * A connector run's fetch happens on a worker thread (bridge/src/connectors/fetch-in-worker.ts),
 * against Debian's Radicale with 1,000 vCards (RFC 2426 3.0 cards, as in connectors-carddav):
 * the connector's own code runs on a thread that is not the main one, a failure inside that
 * thread reaches the console's "last error" with its code and words, and a run stopped mid-fetch
 * leaves no spool behind.
 */

const CARDS = 1_000;
const uid = (n: number) => `9a7e0c1d-0000-4000-8000-${String(n).padStart(12, '0')}`;
const card = (n: number) =>
  ['BEGIN:VCARD', 'VERSION:3.0', `UID:${uid(n)}`, `N:Weiß ${n};Jürgen;;;`, `FN:Jürgen Weiß ${n}`, `TEL;TYPE=CELL:0171 ${4000000 + n}`, 'END:VCARD', ''].join('\r\n');

/** Spool directories of this test process (`ringside-spool-<pid>-…`, see spool.ts). */
const spools = () => readdirSync(tmpdir()).filter((name) => name.startsWith(`ringside-spool-${process.pid}-`));

/** Files this process still holds open under a spool directory (Linux): a thread terminated mid-write must not keep one. */
const openSpoolFiles = () =>
  readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).includes('ringside-spool-') ? [fd] : [];
    } catch {
      return []; // closed meanwhile
    }
  });

async function waitFor(what: string, done: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('connector fetch on a worker thread (Radicale)', () => {
  let radicale: Radicale;
  let url: string;

  beforeAll(async () => {
    radicale = await Radicale.start({ kontakte: Object.fromEntries(Array.from({ length: CARDS }, (_, n) => [`c-${n}.vcf`, card(n)])) });
    url = `${radicale.base}/${radicale.user}/kontakte/`;
  });
  afterAll(async () => {
    radicale?.resume();
    await closeHarnesses();
    await radicale?.stop();
  });

  it("runs the connector's pull on a worker thread, not on the event loop's", async () => {
    expect(isMainThread).toBe(true);
    const h = await connectorHarness({ id: 'threaded', kind: 'carddav', every: '1h', url, username: radicale.user, password: radicale.password });
    const { view, pulled } = await h.run();
    expect(view.error).toBeNull();
    expect(pulled!.customers.size).toBe(CARDS);
    // Logged by carddav.ts's pull itself, stamped with the thread it ran on.
    const changes = h.log.calls.find((c) => c.msg === 'carddav changes')!;
    expect(changes.fields).toMatchObject({ listedInFull: 1, fetched: CARDS });
    expect(changes.fields!['fetchThread']).toEqual(expect.any(Number));
    expect(changes.fields!['fetchThread']).not.toBe(threadId);
    const run = h.log.calls.find((c) => c.msg === 'connector run')!;
    expect(run.fields!['fetchThread']).toBe(changes.fields!['fetchThread']);
    // The state the thread sent back was kept: the next run asks for the changes only.
    expect(await readState(h.store.settings, 'threaded')).toContain('syncToken');
    h.log.calls.length = 0;
    expect((await h.run()).view.counts.customers).toMatchObject({ unchanged: CARDS });
    expect(h.log.calls.find((c) => c.msg === 'carddav changes')?.fields).toMatchObject({ listedInFull: 0, fetched: 0 });
    expect(spools()).toEqual([]);
  });

  it("brings a failure inside the thread to the console with the connector's code and words", async () => {
    const closed = await freePort();
    const h = await connectorHarness({ id: 'nowhere', kind: 'carddav', every: '1h', url: `http://127.0.0.1:${closed}/anna/kontakte/`, username: 'anna', password: 'x' });
    const refused = await h.run();
    expect(refused.view).toMatchObject({ ok: false, errorCode: 'unreachable' });
    // The code comes from the network error under the connector's own (its cause), which stays
    // in the thread: it is worked out there and crosses as text.
    expect(refused.view.error).toBe(`could not reach http://127.0.0.1:${closed} (ECONNREFUSED)`);

    const wrong = await connectorHarness({ id: 'wrong', kind: 'carddav', every: '1h', url, username: radicale.user, password: 'falsch' });
    const denied = await wrong.run();
    expect(denied.view).toMatchObject({ ok: false, errorCode: 'auth' });
    expect(denied.view.error).toMatch(/refused the user name or password/);
    expect(denied.pulled).toBeNull();
    expect(spools()).toEqual([]);
  });

  it('stops a fetch that hangs when the bridge shuts down, and leaves no spool', async () => {
    const h = await connectorHarness({ id: 'hanging', kind: 'carddav', every: '1h', url, username: radicale.user, password: radicale.password });
    radicale.pause();
    try {
      const run = h.runner.run('hanging');
      // The spool is reserved just before the thread starts to fetch; Radicale answers nothing.
      await waitFor('the run to reserve its spool', () => spools().length === 1);
      // The thread has opened the spool file and sits in its first request.
      await waitFor('the fetch thread to open the spool file', () => openSpoolFiles().length === 1);
      await h.runner.stop();
      const view = await run;
      expect(view).toMatchObject({ ok: false, errorCode: null, counts: {} });
      expect(view.error).toBe('stopped: the bridge shut down or the connector was removed; nothing of this run was written');
      expect(spools()).toEqual([]);
      expect(openSpoolFiles()).toEqual([]);
      expect(await h.store.customers.count()).toBe(0);
    } finally {
      radicale.resume();
    }
  });

  it('turns a fetch thread that runs out of memory into a connector error, not a crash of the bridge', async () => {
    const spool = await Spool.reserve();
    try {
      const config = { id: 'small', kind: 'carddav' as const, every: '1h', enabled: true, url, username: radicale.user };
      const job = { config, password: radicale.password, numbering: { country: 'DE' as const, trunkPrefix: null }, previousState: null, spoolDir: spool.dir, maxSkips: 100 };
      // A heap far too small for 1,000 cards (the bridge gives the thread 256 MB).
      const run = fetchInWorker(job, new AbortController().signal, { skip: () => undefined, log: silentLogger }, 4);
      await expect(run).rejects.toThrow(ConnectorError);
      await expect(run).rejects.toThrow("the connector's fetch ran out of memory (more than 4 MB); nothing of this run was written");
    } finally {
      await spool.remove();
    }
    expect(openSpoolFiles()).toEqual([]);
  });
});

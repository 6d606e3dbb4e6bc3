import { randomBytes } from 'node:crypto';
import type { SettingsRepo } from '../store/store.js';

/**
 * A connector's state (sync tokens, and for CardDAV every card: about 0.5 KB each, 10 MB for
 * 20,000 cards) in the settings table, in rows of at most CHUNK characters. Written as one row,
 * a 10 MB state held the event loop's database connection for 60 ms (the first write of that
 * size; 15 ms to read it back): now each row is one short write, and the event loop turns
 * between them.
 *
 * A large state goes into rows `connector-state:<id>#<generation>:<n>`, then the main row is
 * switched to `chunks:<generation>:<count>` in one write, then the previous generation's rows
 * are deleted: a run that stops half-way leaves the previous state whole. A small state stays
 * in the main row as JSON (never starting with `chunks:`), as every state was stored before.
 */
const CHUNK = 256 * 1024;
const CHUNKED = /^chunks:([0-9a-f]+):(\d+)$/;

const keyOf = (id: string) => `connector-state:${id}`;
const chunkKey = (id: string, generation: string, n: number) => `${keyOf(id)}#${generation}:${n}`;

/** The stored state as written (JSON text), or null when there is none. */
export async function readState(settings: SettingsRepo, id: string): Promise<string | null> {
  const head = await settings.get(keyOf(id));
  const chunked = head === null ? null : CHUNKED.exec(head);
  if (!chunked) return head;
  const [, generation, count] = chunked;
  const parts: string[] = [];
  for (let n = 0; n < Number(count); n++) {
    const part = await settings.get(chunkKey(id, generation!, n));
    // A row missing (removed by hand): the connector starts over, as on its first run.
    if (part === null) return null;
    parts.push(part);
  }
  return parts.join('');
}

/** Store `json` as the state the next run starts from. */
export async function writeState(settings: SettingsRepo, id: string, json: string): Promise<void> {
  const previous = CHUNKED.exec((await settings.get(keyOf(id))) ?? '');
  if (json.length <= CHUNK) {
    await settings.set(keyOf(id), json);
  } else {
    const generation = randomBytes(6).toString('hex');
    let count = 0;
    for (let at = 0; at < json.length; at += CHUNK) await settings.set(chunkKey(id, generation, count++), json.slice(at, at + CHUNK));
    await settings.set(keyOf(id), `chunks:${generation}:${count}`);
  }
  if (previous) {
    const [, generation, count] = previous;
    for (let n = 0; n < Number(count); n++) await settings.delete(chunkKey(id, generation!, n));
  }
}

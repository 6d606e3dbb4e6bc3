import { parentPort, workerData } from 'node:worker_threads';
import type { NumberingConfig } from '../phone/normalize.js';
import { LineSplitter, type Line } from './ndjson-lines.js';
import { toRecord } from './to-record.js';
import type { ParsedLine, ParserReply, ParserRequest } from './worker-parser.js';
import { lowerThreadPriority } from '../util/thread-priority.js';

/**
 * Worker thread of the bulk sync: splits the body into lines, validates and normalizes them
 * (libphonenumber is the costliest step of parsing) and hands the records back as JSON text, so
 * the event loop only passes them on to the store.
 */
const numbering = (workerData as { numbering: NumberingConfig }).numbering;
// Bulk work: the event loop gets the CPU first whenever a popup needs it.
lowerThreadPriority();
const splitter = new LineSplitter();
const port = parentPort!;

/** A valid line's record is encoded here, so the event loop hands it on to the store as text. */
function parse(line: Line): ParsedLine | null {
  if (typeof line === 'string' && line.trim() === '') return null;
  const result = toRecord(line, numbering);
  return result.ok ? { ok: true, kind: result.kind, record: { kind: result.record.kind, encoded: JSON.stringify(result.record) } } : result;
}

port.on('message', (msg: ParserRequest) => {
  const lines = 'chunk' in msg ? splitter.push(msg.chunk) : splitter.end();
  const reply: ParserReply = { results: lines.map(parse) };
  if (splitter.broken) reply.broken = splitter.broken.message;
  else if ('end' in msg) reply.done = true;
  port.postMessage(reply);
});

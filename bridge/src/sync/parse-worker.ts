import { parentPort, workerData } from 'node:worker_threads';
import type { NumberingConfig } from '../phone/normalize.js';
import { LineSplitter, type Line } from './ndjson-lines.js';
import { toRecord } from './to-record.js';
import type { ParserReply, ParserRequest } from './worker-parser.js';

/**
 * Worker thread of the bulk sync: splits the body into lines, validates and normalizes them
 * (libphonenumber is the costliest step of a sync) and hands records back, so the main thread's
 * event loop only writes them.
 */
const numbering = (workerData as { numbering: NumberingConfig }).numbering;
const splitter = new LineSplitter();
const port = parentPort!;

const parse = (lines: Line[]) => lines.map((l) => (typeof l === 'string' && l.trim() === '' ? null : toRecord(l, numbering)));

port.on('message', (msg: ParserRequest) => {
  const lines = 'chunk' in msg ? splitter.push(msg.chunk) : splitter.end();
  const reply: ParserReply = { results: parse(lines) };
  if (splitter.broken) reply.broken = splitter.broken.message;
  else if ('end' in msg) reply.done = true;
  port.postMessage(reply);
});

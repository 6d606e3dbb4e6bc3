import { MAX_LINE_BYTES } from '../sync/index.js';
import { keepLine, keepMarkers } from './connector.js';
import type { Spool } from './spool.js';
import type { SyncLine } from './sync-port.js';

/** Driver values JSON cannot write (a BIGINT column): as text, which the write path refuses by name. */
const replacer = (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value);

/**
 * Pull every line a connector yields into `spool`, before anything is written: a source that
 * fails half-way (a dropped connection, a server error on the next page) throws here, and the
 * store has not seen a single record of the run. Returns the line numbers of keep lines, whose
 * refusal by the write path is by design (the connector has reported the real reason).
 */
export async function fetchToSpool(
  lines: AsyncIterable<SyncLine>,
  spool: Spool,
  signal: AbortSignal,
  skip: (where: string, field: string, message: string) => void,
): Promise<Set<number>> {
  const keepLines = new Set<number>();
  for await (const line of lines) {
    signal.throwIfAborted();
    let keep = keepMarkers.has(line);
    let json = JSON.stringify(line, replacer);
    // A UTF-16 unit is at most 3 bytes of UTF-8: only long texts need counting.
    if (json.length * 3 > MAX_LINE_BYTES && Buffer.byteLength(json) > MAX_LINE_BYTES) {
      const kept = tooLong(line, skip);
      if (!kept) continue;
      json = JSON.stringify(kept);
      keep = true;
    }
    const n = await spool.add(json);
    if (keep) keepLines.add(n);
  }
  signal.throwIfAborted();
  return keepLines;
}

/**
 * A record larger than a sync line may be (a company with hundreds of contacts, each with many
 * numbers): reported, and what is stored under its key kept rather than swept away.
 */
function tooLong(line: SyncLine, skip: (where: string, field: string, message: string) => void): SyncLine | null {
  const message = `larger than ${MAX_LINE_BYTES / 1024 / 1024} MB as one sync line: kept as stored, not updated`;
  if ('customer' in line) {
    skip(`customer ${line.customer.customerNo}`, 'customer', message);
    return keepLine(line.customer.customerNo);
  }
  if ('document' in line) {
    skip(`document ${line.document.customerNo}/${line.document.documentNo}`, 'document', message);
    // Without a kind the write path refuses it, and keeps the stored document.
    return { document: { customerNo: line.document.customerNo, documentNo: line.document.documentNo } } as SyncLine;
  }
  skip('conversation', 'conversation', `larger than ${MAX_LINE_BYTES / 1024 / 1024} MB as one sync line: skipped`);
  return null;
}
